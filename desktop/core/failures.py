"""Errors in plain words: what the app tells a person when an operation fails.

The core's own exceptions already say what went wrong in words a user can act on ("no
candidate with id 4242", "FILE:LINE: question X: ..."), so their text is shown as it is.
Anything else (a bug, a driver error with SQL in it) is never shown: the person gets one
generic line and the details go to the log.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

# Core exceptions written for people, by qualified name: matching names keeps this module from
# importing ReportLab (paper) or the bank parser just to tell what kind of error it holds.
PLAIN_ERRORS = (
    "desktop.core.bank.questions.QuestionError",
    "desktop.core.building.requests.BuildError",
    "desktop.core.building.sets.SetError",
    "desktop.core.demo.DemoError",
    "desktop.core.interviewing.fields.InterviewError",
    "desktop.core.paper.common.ExportError",
    "desktop.core.paper.fonts.FontMissing",
    "desktop.core.progress.Cancelled",
    "desktop.core.storage.store.StoreError",
)
BANK_ERROR = "desktop.core.bank.files.BankError"
UNEXPECTED = "Something went wrong and the operation did not finish. The details were written to the log."


@dataclass(frozen=True)
class Explained:
    message: str  # one line for the person
    details: str = ""  # more lines worth showing (a bank's FILE:LINE problems), never a traceback
    expected: bool = True  # False: a bug or an unforeseen error, to be logged with its traceback


def _names(exc: BaseException) -> set[str]:
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in type(exc).__mro__}


def explain(exc: BaseException) -> Explained:
    names = _names(exc)
    text = str(exc).strip()
    if BANK_ERROR in names:
        problems = [str(p) for p in getattr(exc, "problems", [])] or [text]
        if len(problems) == 1:
            return Explained(problems[0])
        return Explained(f"The question files have {len(problems)} problems; fix them and try again.",
                         "\n".join(problems))
    if names & set(PLAIN_ERRORS):
        return Explained(text.splitlines()[0] if text else "The operation did not finish.")
    if isinstance(exc, OSError):
        return _explain_os_error(exc)
    if "sqlalchemy.exc.OperationalError" in names and "database is locked" in text:
        return Explained("The database is busy (is another Interview Desk using it?). Try again in a moment.")
    return Explained(UNEXPECTED, expected=False)


def _explain_os_error(exc: OSError) -> Explained:
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    elif isinstance(exc, FileNotFoundError):
        reason = "no such file or folder"
    elif isinstance(exc, IsADirectoryError):
        reason = "that is a folder, not a file"
    else:
        reason = (exc.strerror or "the file could not be read or written").lower()
    where = f"{exc.filename}: " if exc.filename else ""
    return Explained(f"{where}{reason}")


def _causes(exc: BaseException):
    """The exception, the driver error SQLAlchemy wraps, and what it was raised from."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = getattr(exc, "orig", None) or exc.__cause__
    return seen


def write_failure_reason(exc: BaseException) -> str:
    """Why a write did not reach the database, in a few plain words (never SQL or values)."""
    for cause in _causes(exc):
        text = str(cause).lower() if not isinstance(cause, OSError) else ""
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return "the disk is full"
        if "database or disk is full" in text or "disk is full" in text:
            return "the disk is full"
        if "database is locked" in text or "database is busy" in text:
            return "the database is busy (another program is writing)"
        if "read-only" in text or "readonly" in text:
            return "the database is read-only"
        if "disk i/o error" in text:  # SQLite's word for a file-size limit, a quota or a failing disk
            return "the disk could not be written (full, or failing)"
    return "the database could not be written"


def not_saved_message(exc: BaseException, kept_on_disk: bool) -> str:
    """The live interview's save label after a failed autosave: what happened, and whether the
    notes are safe. `kept_on_disk`: the keystroke journal has them (it is replayed later)."""
    reason = write_failure_reason(exc)
    if kept_on_disk:
        return (f"Not saved: {reason} — your notes are kept on disk and will be saved "
                "as soon as it is free")
    return f"Not saved: {reason} — your last notes are only in this window; keep it open, it keeps retrying"
