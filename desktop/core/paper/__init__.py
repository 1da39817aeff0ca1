"""Printable paper: interview packets, scorecards and loop debriefs as PDF (ReportLab, no Qt).

    with store.session() as s:
        data = build_pdf(s, "scorecard", interview_id, ExportOptions(page_size="letter"))
    write_pdf(path, data)

`export_to_file` does both and is what the app runs off the GUI thread and the CLI calls.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.paper.common import ExportError, ExportOptions
from desktop.core.paper.debrief import build_debrief
from desktop.core.paper.packet import build_packet
from desktop.core.paper.scorecard import build_scorecard

KINDS = ("packet", "scorecard", "debrief")  # target: a set id, an interview id, a candidate id
_BUILDERS = {"packet": build_packet, "scorecard": build_scorecard, "debrief": build_debrief}


def build_pdf(session: Session, kind: str, target_id: int, options: ExportOptions = ExportOptions()) -> bytes:
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise ExportError(f"unknown export {kind!r}: use one of {', '.join(KINDS)}") from None
    return builder(session, target_id, options)


def suggested_file_name(session: Session, kind: str, target_id: int, options: ExportOptions = ExportOptions()) -> str:
    """A file name that says what the PDF is ("Scorecard - Candidate 12 - Priya Raman.pdf")."""
    from desktop.core.storage.models import Candidate, Interview, InterviewSet
    from desktop.core.paper.common import candidate_label

    parts: list[str] = [kind.capitalize() if kind != "packet" else "Interview packet"]
    if kind == "packet" and (item := session.get(InterviewSet, target_id)):
        parts.append(item.name)
    elif kind == "scorecard" and (interview := session.get(Interview, target_id)):
        parts += [candidate_label(interview.candidate, options), interview.interviewer]
    elif kind == "debrief" and (candidate := session.get(Candidate, target_id)):
        parts.append(candidate_label(candidate, options))
    name = " - ".join(" ".join(p.split()) for p in parts if p and p.strip())
    name = " ".join(re.sub(r'[\\/:*?"<>|#\x00-\x1f]+', " ", name).split()).strip(" .")
    return (name[:120].rstrip() or "export") + ".pdf"


def write_pdf(path: str | Path, data: bytes) -> Path:
    """Write atomically: a failed or interrupted export never leaves half a file behind."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name ending in .pdf")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".pdf", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def export_to_file(store, kind: str, target_id: int, path: str | Path, options: ExportOptions = ExportOptions()) -> Path:
    """Build in a session of its own (safe on a worker thread) and write the file."""
    with store.session() as session:
        data = build_pdf(session, kind, target_id, options)
    return write_pdf(path, data)


__all__ = ["KINDS", "ExportError", "ExportOptions", "build_pdf", "write_pdf", "suggested_file_name", "export_to_file",
           "build_packet", "build_scorecard", "build_debrief"]
