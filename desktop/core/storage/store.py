"""The Store owns the database engine, runs migrations and hands out sessions.

Functions elsewhere take a `Session`; the caller decides the transaction:

    with store.session() as s, s.begin():
        ...
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.core.storage import paths

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0006"  # the newest migration's revision; test_store keeps it in step with versions/
DB_ENV_VAR = "INTERVIEW_DESK_DB"


class StoreError(Exception):
    """The database could not be opened or upgraded."""


def resolve_url(url: str | None = None) -> str:
    """An explicit URL wins, then $INTERVIEW_DESK_DB, then the per-user SQLite file."""
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).expanduser()}"
    if env := os.environ.get(DB_ENV_VAR):
        return resolve_url(env)
    return f"sqlite:///{paths.default_database_path()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # WAL survives an application crash; NORMAL keeps every committed change across one.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Search reads many index pages: a bigger page cache and memory-mapped reads keep them hot.
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only: it holds candidate data."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror or exc}") from exc


def _one_line(exc: Exception) -> str:
    """The driver's own message, without SQLAlchemy's background link and SQL echo."""
    inner = getattr(exc, "orig", None) or exc
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


class Store:
    def __init__(self, url: str | None = None, *, upgrade: bool = True):
        self.url = resolve_url(url)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = None
        kwargs: dict = {}
        if self.is_sqlite:
            database = parsed.database or ""
            if database in ("", ":memory:") or "mode=memory" in self.url:
                # One shared connection, or every session would see a new empty database.
                kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            else:
                self.path = Path(database)
                _create_private_file(self.path)
        # JSON keeps text as written ("café", not "caf\u00e9"): a LIKE scan and readers find it.
        self.engine: Engine = create_engine(self.url, json_serializer=partial(json.dumps, ensure_ascii=False), **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            self.upgrade()

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
        """Bring the schema up to `revision`, backing up a SQLite file first."""
        if revision == "head" and self._is_at_head():
            return
        from alembic import command

        try:
            current = self.current_revision()
            if current == self.head_revision() and revision == "head":
                return
            if current is not None and self.path is not None and self.path.exists():
                shutil.copy2(self.path, self.path.with_name(f"{self.path.name}.bak-{current}"))
            cfg = self._alembic_config()
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except Exception as exc:  # surfaced as one clear line by the CLI and the app
            raise StoreError(f"cannot open the database {self.url}: {_one_line(exc)}") from exc

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()
