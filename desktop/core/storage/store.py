"""The Store owns the database engine, runs migrations and hands out sessions.

Functions elsewhere take a `Session`; the caller decides the transaction:

    with store.session() as s, s.begin():
        ...
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.core.storage import paths, sqlite_file
from desktop.core.storage.schema import SCHEMA_HEAD
from desktop.core.storage.errors import DatabaseDamaged, DatabaseEmpty, DatabaseReadOnly, StoreError
from desktop.core.storage.urls import redacted_url, url_secrets

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DB_ENV_VAR = paths.DB_ENV_VAR

__all__ = ["Store", "StoreError", "DatabaseDamaged", "DatabaseEmpty", "DatabaseReadOnly", "resolve_url",
           "redacted_url", "SCHEMA_HEAD"]


resolve_url = paths.database_url


def _sqlite_pragmas(dbapi_connection, _record, read_only: bool = False) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    if not read_only:
        # WAL survives an application crash; NORMAL keeps every committed change across one.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    # Search reads many index pages: a bigger page cache and memory-mapped reads keep them hot.
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def _one_line(exc: Exception) -> str:
    """The driver's own message, without SQLAlchemy's background link and SQL echo."""
    inner = getattr(exc, "orig", None) or exc
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


class Store:
    """One database. `read_only` is True for a file or folder that cannot (or may not) be
    written: it opens for reading, the app and the CLI say so, and a write raises
    DatabaseReadOnly."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True):
        self.url = resolve_url(url)
        self.path: Path | None = None
        self.read_only = False
        self._existed = False
        try:
            parsed = make_url(self.url)
        except Exception:
            raise StoreError(f"not a database URL: {redacted_url(self.url)}") from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict = {}
        if self.is_sqlite:
            self.path = sqlite_file.database_file(parsed)
            if self.path is None:
                # One shared connection, or every session would see a new empty database.
                kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            else:
                self._open_file()
                if self.read_only:
                    uri = sqlite_file.read_only_uri(self.path)
                    kwargs.update(creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        # JSON keeps text as written ("café", not "caf\u00e9"): a LIKE scan and readers find it.
        kwargs["json_serializer"] = partial(json.dumps, ensure_ascii=False)
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except Exception as exc:  # an unknown dialect or a driver that is not installed
            raise self._error("cannot open the database", exc) from exc
        if self.is_sqlite:
            read_only = self.read_only
            event.listen(self.engine, "connect", lambda conn, rec: _sqlite_pragmas(conn, rec, read_only))
            event.listen(self.engine, "handle_error", self._plain_sqlite_error)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if self.path is not None and self._existed:
            self._check_file()
        if upgrade:
            self.upgrade()

    @property
    def display_url(self) -> str:
        """What to show people: the file's path, or the URL with its password hidden."""
        return str(self.path) if self.path is not None else redacted_url(self.url)

    @property
    def read_only_notice(self) -> str | None:
        """The one line the CLI prints and the app shows while the database is read-only."""
        if not self.read_only:
            return None
        return f"The database {self.display_url} is read-only: you can look, but changes will not be saved."

    # -- the SQLite file ------------------------------------------------------------------------
    def _open_file(self) -> None:
        path = self.path
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        self._existed = path.exists()
        if not self._existed:  # a brand-new database
            sqlite_file.create_database_file(path)
            return
        sqlite_file.check_not_empty(path)
        self.read_only = sqlite_file.is_locked(path)
        if not self.read_only:
            sqlite_file.keep_private(path)

    def _check_file(self) -> None:
        """Damage found at start, in one sentence, rather than as a failure in the middle of work;
        once per change of the file (damage found later still reads as one line, see
        `_plain_sqlite_error`)."""
        stamp = sqlite_file.file_stamp(self.path)  # before connecting: as the file was checked
        if stamp is not None and sqlite_file.checked_clean(self.path, stamp):
            return
        try:
            with self.engine.connect() as conn:
                sqlite_file.quick_check(conn.connection.driver_connection, self.path)
            if stamp is not None:
                sqlite_file.remember_clean(self.path, stamp)
        except StoreError:
            raise
        except Exception as exc:
            if sqlite_file.is_damage(getattr(exc, "orig", exc)):
                raise sqlite_file.damaged(self.path, _one_line(exc)) from exc
            raise self._error("cannot open the database", exc) from exc

    def _plain_sqlite_error(self, context) -> None:
        """SQLite's refusals that mean something to a user, raised as their own types."""
        orig = context.original_exception
        if not isinstance(orig, sqlite3.DatabaseError):
            return
        if "readonly database" in str(orig) or "read-only" in str(orig):
            raise DatabaseReadOnly(f"the database {self.display_url} is read-only: changes cannot be saved "
                                   "(make the file and its folder writable, then open it again)") from orig
        if self.path is not None and sqlite_file.is_damage(orig):
            raise sqlite_file.damaged(self.path, str(orig)) from orig

    def _error(self, what: str, exc: BaseException) -> StoreError:
        message = f"{what} {self.display_url}: {_one_line(exc)}"
        for secret in url_secrets(self.url):  # a driver may echo the URL it was given
            message = message.replace(secret, "***")
        return StoreError(message)

    @classmethod
    def memory(cls) -> "Store":
        return cls("sqlite://")

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self, durable: bool = False) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error.

        durable=True for what must survive a power loss, not just a crash (a sealed scorecard,
        an amendment): WAL with synchronous=NORMAL leaves the last commits to the next
        checkpoint, so on SQLite a full checkpoint follows the commit and syncs it to disk.
        Other databases commit durably anyway."""
        with self.session() as s:
            with s.begin():
                yield s
            if durable and self.is_sqlite:
                s.connection().exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
                s.commit()

    # -- migrations ---------------------------------------------------------------------------
    def _alembic_config(self):
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def _is_at_head(self) -> bool:
        """Already at SCHEMA_HEAD? Read straight from alembic's table: importing Alembic and
        parsing the migration scripts costs ~150 ms of every start, and most starts need neither."""
        try:
            with self.engine.connect() as conn:
                return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
        except Exception:  # no table yet, or not readable: let Alembic decide
            return False

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to `revision`, backing up a SQLite file first.

        All the revisions run in one transaction, so an upgrade cut short (a crash, a kill, a
        power loss) leaves the database exactly as it was before it: the next start runs it
        again. On SQLite that needs an explicit BEGIN: Python's sqlite3 module runs DDL such
        as CREATE VIEW outside any transaction, each statement committed on its own."""
        if revision == "head" and self._is_at_head():
            return
        from alembic import command

        backup: Path | None = None
        try:
            current = self.current_revision()
        except StoreError:
            raise
        except Exception as exc:  # not reachable, refused, not a database
            raise self._error("cannot open the database", exc) from exc
        try:
            if current == self.head_revision() and revision == "head":
                return
            if self.read_only:
                raise DatabaseReadOnly(
                    f"the database {self.display_url} is read-only and needs an upgrade from revision {current}: "
                    "make the file and its folder writable, then open it again")
            if current is not None and self.path is not None:
                backup = self._back_up(current)
            cfg = self._alembic_config()
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
        except StoreError:
            raise
        except Exception as exc:  # surfaced as one clear line by the CLI and the app
            error = self._error("cannot upgrade the database", exc)
            if backup is not None:
                error = StoreError(f"{error}; a copy from before the upgrade is at {backup}")
            raise error from exc

    def _back_up(self, revision: str) -> Path:
        backup = sqlite_file.backup_path(self.path, revision)
        with self.engine.connect() as conn:
            sqlite_file.back_up(conn.connection.driver_connection, backup)
        return backup

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()
