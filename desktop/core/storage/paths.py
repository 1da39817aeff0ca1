"""Where the app keeps its data and finds the files it ships with."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[3]
_SHARED_DATA = Path(sys.prefix) / "share" / "interview-desk"


def user_data_dir() -> Path:
    """The per-user folder for the database (XDG on Linux, the platform's place elsewhere)."""
    if override := os.environ.get("INTERVIEW_DESK_HOME"):
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "interview-desk"


DB_ENV_VAR = "INTERVIEW_DESK_DB"  # the database when no --db is given


def default_database_path() -> Path:
    return user_data_dir() / "interview_desk.db"


def database_url(url: str | None = None) -> str:
    """An explicit URL (or SQLite file) wins, then $INTERVIEW_DESK_DB, then the per-user SQLite file."""
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).expanduser()}"
    if env := os.environ.get(DB_ENV_VAR):
        return database_url(env)
    return f"sqlite:///{default_database_path()}"


def note_for(kind: str, path: Path) -> Path:
    """Where the data folder keeps a note of `kind` about the file `path` (one per real file:
    links resolved), as the notes that let work be skipped while a file is unchanged."""
    return user_data_dir() / kind / hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def journals_dir(database: str) -> Path:
    """Where the live interviews of `database` (its file or URL) keep their keystroke journals
    (interviewing/journal.py): one folder per database, so interview 3 of one file is never
    replayed into interview 3 of another."""
    key = database if "://" in database else os.path.abspath(database)
    return user_data_dir() / "journals" / hashlib.sha256(key.encode()).hexdigest()[:16]


def _frozen_bundle() -> list[Path]:
    """Inside a self-contained build (PyInstaller, packaging/) the bank and resources sit in
    the folder the app was unpacked into, `sys._MEIPASS`, whatever `__file__` says."""
    if getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None):
        return [Path(sys._MEIPASS)]
    return []


def _shipped(name: str) -> Path:
    """A folder shipped with the app: in the bundle of a self-contained build, beside the
    package in a checkout, under share/ when installed."""
    for candidate in [root / name for root in (*_frozen_bundle(), _REPO_ROOT, _SHARED_DATA)]:
        if candidate.is_dir():
            return candidate
    return _REPO_ROOT / name


def bundled_bank_dir() -> Path:
    if override := os.environ.get("INTERVIEW_DESK_BANK"):
        return Path(override)
    return _shipped("question_bank")


def resources_dir() -> Path:
    return _shipped("resources")
