"""Exports being written: hidden partial files beside their target, renamed when whole.

A kill mid-write leaves one behind, and it names a candidate, so every folder an export went
to is remembered and `clean_partial_exports` removes what is left: at start-up, and when a
candidate is erased (interviewing/erasure.py). It lives down here, below the PDFs, so the
erasure can call it.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.storage import paths
from desktop.core.storage.files import write_private_file

PARTIAL_PREFIX, PARTIAL_SUFFIX = ".export-", ".pdf"  # a PDF being written, renamed when whole
_REMEMBERED_FOLDERS = 20


def clean_partial_exports(folder: str | Path | None = None) -> list[Path]:
    """Remove the hidden partial PDFs that exports killed mid-write left in `folder` (by
    default: in every folder exports were written to). Never fails: it runs at start-up."""
    folders = [Path(folder)] if folder is not None else _remembered_folders()
    removed = []
    for place in folders:
        try:
            partials = [p for p in place.glob(f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}") if p.is_file()]
        except OSError:
            continue
        removed += [p for p in partials if remove_quietly(p)]
    return removed


def remove_quietly(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except OSError:
        return False


def _folders_file() -> Path:
    return paths.user_data_dir() / "export-folders.txt"


def _remembered_folders() -> list[Path]:
    try:
        lines = _folders_file().read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return []
    return [Path(line) for line in lines if line.strip()]


def remember_folder(folder: Path) -> None:
    folder = folder.resolve()
    known = _remembered_folders()
    if folder in known:
        return
    kept = [folder, *known][:_REMEMBERED_FOLDERS]
    try:
        write_private_file(_folders_file(), "".join(f"{p}\n" for p in kept).encode("utf-8"))
    except OSError:
        pass  # the export itself matters more than remembering where it went
