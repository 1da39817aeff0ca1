"""Printable paper: interview packets, scorecards and loop debriefs as PDF (ReportLab, no Qt).

    with store.session() as s:
        data = build_pdf(s, "scorecard", interview_id, ExportOptions(page_size="letter"))
    write_pdf(path, data)

`export_to_file` does both and is what the app runs off the GUI thread and the CLI calls.
The builders (and ReportLab) load with the first export, not with the app or the CLI.
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.storage.files import sync_folder
from desktop.core.storage.partial_files import (  # noqa: F401 (re-exported)
    PARTIAL_PREFIX,
    PARTIAL_SUFFIX,
    clean_partial_exports,
    remember_folder,
    remove_quietly,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.core.paper.common import ExportError, ExportOptions

KINDS = ("packet", "scorecard", "debrief")  # target: a set id, an interview id, a candidate id
# Loaded on first use: ReportLab costs ~200 ms, and the CLI and the app import this package at
# start-up (for clean_partial_exports).
_LAZY = {"ExportError": "common", "ExportOptions": "common",
         "build_packet": "packet", "build_scorecard": "scorecard", "build_debrief": "debrief"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"desktop.core.paper.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_pdf(session: Session, kind: str, target_id: int, options: ExportOptions | None = None) -> bytes:
    from desktop.core.paper.common import ExportError, ExportOptions

    if kind not in KINDS:
        raise ExportError(f"unknown export {kind!r}: use one of {', '.join(KINDS)}")
    builder = getattr(importlib.import_module(f"desktop.core.paper.{kind}"), f"build_{kind}")
    return builder(session, target_id, options or ExportOptions())


def suggested_file_name(session: Session, kind: str, target_id: int, options: ExportOptions | None = None) -> str:
    """A file name that says what the PDF is ("Scorecard - Candidate 12 - Priya Raman.pdf")."""
    from desktop.core.storage.models import Candidate, Interview, InterviewSet
    from desktop.core.paper.common import ExportOptions, candidate_label, name_filter
    from desktop.core.paper.packet import set_candidate

    options = options or ExportOptions()
    parts: list[str] = [kind.capitalize() if kind != "packet" else "Interview packet"]
    candidate = None
    if kind == "packet" and (item := session.get(InterviewSet, target_id)):
        parts.append(item.name)
        candidate = set_candidate(session, item)
    elif kind == "scorecard" and (interview := session.get(Interview, target_id)):
        parts += [candidate_label(interview.candidate, options), interview.interviewer]
        candidate = interview.candidate
    elif kind == "debrief" and (candidate := session.get(Candidate, target_id)):
        parts.append(candidate_label(candidate, options))
    hide = name_filter(candidate, options)  # a set named after the candidate, on an anonymous export
    name = " - ".join(hide(" ".join(p.split())) for p in parts if p and p.strip())
    name = " ".join(re.sub(r'[\\/:*?"<>|#\x00-\x1f]+', " ", name).split()).strip(" .")
    return (name[:120].rstrip() or "export") + ".pdf"


def write_pdf(path: str | Path, data: bytes) -> Path:
    """Write atomically: a failed or interrupted export never leaves half a file behind.

    The PDF is written to a hidden partial file beside `path` and renamed when whole. A
    failure removes the partial file; a kill cannot, so the folder is remembered and
    `clean_partial_exports()` removes what is left at the next start (it names a candidate)."""
    from desktop.core.paper.common import ExportError

    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name ending in .pdf")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remember_folder(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        tmp = None
        sync_folder(path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:  # failed or interrupted (an exception, Ctrl+C): no partial file stays
            remove_quietly(Path(tmp))
    return path


def export_to_file(store, kind: str, target_id: int, path: str | Path, options: ExportOptions | None = None) -> Path:
    """Build in a session of its own (safe on a worker thread) and write the file."""
    with store.session() as session:
        data = build_pdf(session, kind, target_id, options)
    return write_pdf(path, data)


__all__ = ["KINDS", "ExportError", "ExportOptions", "build_pdf", "write_pdf", "suggested_file_name", "export_to_file",
           "clean_partial_exports", "build_packet", "build_scorecard", "build_debrief"]
