"""Whether the bundled bank needs syncing, told without hashing it or opening the database.

Every command checks the bundled bank (`sync.sync_bundled_bank`); hashing its files and reading
the fingerprint stored in the database cost a seventh of a second, for a bank that changes only
with a new version of the app. Two notes in the data folder let the check skip both:

- the folder's note: the fingerprint of the folder's files as they were hashed, kept with their
  stamp (every file's name, device, inode, size and modification time): while the stamp is the
  same, so is the fingerprint;
- the database's note: the fingerprint the database held, kept with the database file's stamp
  (`sqlite_file.file_stamp`): while the file is unchanged, it still holds that fingerprint.

No SQLAlchemy here: the command line asks before it opens the database.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from desktop.core.storage import paths, sqlite_file
from desktop.core.storage.files import write_private_file


def folder_stamp(folder: Path) -> str | None:
    """Changes whenever a file under `folder` can have (added, removed, renamed, rewritten);
    None when part of it cannot be read (then the files are hashed, as always)."""
    parts: list[str] = []

    def refused(exc: OSError) -> None:
        raise exc

    try:
        for root, dirs, files in os.walk(folder, onerror=refused):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                st = os.stat(path)  # a link to a file: its target, which is what is read
                parts.append(f"{os.path.relpath(path, folder)}\0{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _note(kind: str, path: Path) -> Path:
    return paths.note_for("bundled", path).with_suffix(f".{kind}")


def _read(note: Path) -> list[str]:
    try:
        return note.read_text(encoding="utf-8").split("\n")
    except (OSError, ValueError):
        return []


def _write(note: Path, *lines: str) -> None:
    try:
        write_private_file(note, "\n".join(lines).encode("utf-8"), durable=False)
    except OSError:
        pass  # the next command hashes (or reads the database) again


def known_fingerprint(folder: Path, stamp: str | None) -> str | None:
    """The folder's fingerprint as hashed when its files were as `stamp` says, or None."""
    lines = _read(_note("folder", folder))
    return lines[1] if stamp is not None and len(lines) == 2 and lines[0] == stamp else None


def remember_fingerprint(folder: Path, stamp: str | None, fingerprint: str) -> None:
    if stamp is not None:
        _write(_note("folder", folder), stamp, fingerprint)


def current_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the bundled bank as it is now, when its note knows it (no hashing)."""
    return known_fingerprint(folder, folder_stamp(folder))


def holds(database: Path | None, fingerprint: str) -> bool:
    """True when the database file is as it was when it was seen holding `fingerprint`."""
    stamp = sqlite_file.file_stamp(database)
    return stamp is not None and _read(_note("synced", database)) == [stamp, fingerprint]


def remember_holds(database: Path | None, stamp: str | None, fingerprint: str) -> None:
    """The database file, as `stamp` (taken before it was read), holds `fingerprint`."""
    if database is not None and stamp is not None:
        _write(_note("synced", database), stamp, fingerprint)
