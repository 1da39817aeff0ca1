"""The SQLite database file itself: creating it private, telling locked from writable,
checking it for damage and copying it (with what is still in its write-ahead log) as a backup."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import quote

from desktop.core.storage import paths
from desktop.core.storage.errors import DatabaseDamaged, DatabaseEmpty, StoreError
from desktop.core.storage.files import write_private_file

if TYPE_CHECKING:  # only URLs need SQLAlchemy; the file's stamp and checks do not
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session


def database_file(url: str | URL) -> Path | None:
    """The file behind a database URL; None for an in-memory SQLite database or a server."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or "mode=memory" in str(url):
        return None
    return Path(database)


def create_database_file(path: Path) -> None:
    """A new database file readable by its owner only (it holds candidate data), with SQLite's
    header written at once: a file of 0 bytes is then never one of ours, and is reported."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")  # writes the first page
    except FileExistsError:
        pass  # another start created it a moment ago
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot create the database {path}: {getattr(exc, 'strerror', None) or exc}") from exc


def is_locked(path: Path) -> bool:
    """Read-only for us: no write permission, or a file or folder its owner made read-only
    (checked by the mode too, since an administrator's account may write anyway)."""
    folder = path.parent
    return any(not os.access(p, os.W_OK) or not p.stat().st_mode & stat.S_IWUSR for p in (path, folder))


def keep_private(path: Path) -> None:
    """Take group and others' access away from a database they could read; a file its owner
    locked is left exactly as it is."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 and mode & stat.S_IWUSR:
        try:
            os.chmod(path, mode & 0o700)
        except OSError:
            pass  # not ours to change: it still opens


def check_not_empty(path: Path) -> None:
    wal = path.with_name(path.name + "-wal")
    if path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size):
        raise DatabaseEmpty(f"the database {path} is empty (0 bytes) where data was expected; "
                            f"{_backup_hint(path)} (move the empty file away to start afresh)")


def read_only_uri(path: Path) -> str:
    """Read-only; and in a locked folder with no write-ahead log, immutable: SQLite cannot create
    the -shm file it reads a WAL database with there, and nobody can write the file there."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    folder_locked = not os.access(path.parent, os.W_OK) or not path.parent.stat().st_mode & stat.S_IWUSR
    if folder_locked and not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's quick integrity check (every page readable, every b-tree well formed)."""
    try:
        findings = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from exc
    if findings != ["ok"]:
        page = re.search(r"\b[Pp]age (\d+)", " ".join(findings))
        raise damaged(path, f"damage found at page {page[1]}" if page else "its integrity check failed")


def file_stamp(path: Path | None) -> str | None:
    """What changes whenever the file's content can have (device, inode, size, modification
    time); None while its write-ahead log holds pages, which are the database too (and for no
    file: an in-memory database or a server)."""
    if path is None:
        return None
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _checked_note(path: Path) -> Path:
    return paths.note_for("checked", path)


def checked_clean(path: Path, stamp: str) -> bool:
    """Whether `path` passed `quick_check` as it is now (`stamp`): a file nobody wrote since is
    not read through again (a second at 100,000 questions, for every command)."""
    try:
        return _checked_note(path).read_text(encoding="ascii") == stamp
    except (OSError, ValueError):
        return False


def remember_clean(path: Path, stamp: str) -> None:
    try:
        write_private_file(_checked_note(path), stamp.encode("ascii"), durable=False)
    except OSError:
        pass  # the next start checks again


def damaged(path: Path, finding: str) -> DatabaseDamaged:
    """One line: what is wrong, and where the last backup is."""
    finding = " ".join(finding.split()).rstrip(".")
    return DatabaseDamaged(f"the database {path} is damaged ({finding}); {_backup_hint(path)}")


def is_damage(exc: BaseException) -> bool:
    """SQLite's words for a file that is not (any more) a database."""
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "disk image" in text


def backup_path(path: Path, revision: str) -> Path:
    return path.with_name(f"{path.name}.bak-{revision}")


def latest_backup(path: Path) -> Path | None:
    backups = [p for p in path.parent.glob(f"{path.name}.bak-*") if not p.name.endswith(".tmp")]
    return max(backups, key=lambda p: p.stat().st_mtime, default=None)


def _backup_hint(path: Path) -> str:
    last = latest_backup(path)
    return f"the last backup is {last}" if last else f"no backup of it was found in {path.parent}"


def back_up(source: sqlite3.Connection, dest: Path) -> None:
    """Copy the database through SQLite's backup API, which reads what the write-ahead log
    holds too (a plain file copy misses every change not yet checkpointed). Written to a
    temporary name first, so a backup cut short never passes for a whole one."""
    tmp = dest.with_name(dest.name + ".tmp")
    os.close(os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
    try:
        with closing(sqlite3.connect(tmp)) as target:
            source.backup(target)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def not_mapped(session: "Session") -> Iterator[None]:
    """SQLite reads the database file with read() rather than through its memory map (the
    Store's 256 MB) meanwhile: for work that reads the whole bank once (an import comparing
    100,000 stored questions, the ranked index built from them), where every mapped page would
    count as the process's own memory until it ends."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    db = session.connection().connection.driver_connection
    mapped = db.execute("PRAGMA mmap_size").fetchone()
    if mapped is None:  # an in-memory database: no file to map
        yield
        return
    db.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        db.execute(f"PRAGMA mmap_size={int(mapped[0])}")
