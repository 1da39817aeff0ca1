"""The database: created by migrations, upgraded from old revisions, private to its owner."""

from __future__ import annotations

import sqlite3
import stat

from sqlalchemy import text

from desktop.core.storage.models import Base
from desktop.core.storage.store import SCHEMA_HEAD, Store, resolve_url
from tests.core.schema_check import model_differences


def test_new_database_is_at_head_with_every_table(tmp_path):
    store = Store(str(tmp_path / "new.db"))
    assert store.current_revision() == store.head_revision()
    assert set(Base.metadata.tables) <= set(store.table_names())


def test_schema_head_names_the_newest_migration(tmp_path):
    # Starting the app skips Alembic when the database is at SCHEMA_HEAD: a new migration
    # must move it, or databases would never be upgraded to it.
    assert Store(str(tmp_path / "h.db")).head_revision() == SCHEMA_HEAD


def test_a_database_behind_the_head_is_upgraded_on_open(tmp_path):
    path = tmp_path / "behind.db"
    Store(str(path), upgrade=False).upgrade("0001")
    assert Store(str(path), upgrade=False).current_revision() == "0001"
    assert Store(str(path)).current_revision() == SCHEMA_HEAD


def test_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "private" / "desk.db"
    Store(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_in_memory_store_keeps_one_database_across_sessions():
    store = Store.memory()
    with store.transaction() as s:
        s.execute(text("INSERT INTO app_meta (key, value) VALUES ('k', 'v')"))
    with store.session() as s:
        assert s.execute(text("SELECT value FROM app_meta WHERE key='k'")).scalar() == "v"


def test_database_url_comes_from_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INTERVIEW_DESK_DB", str(tmp_path / "env.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("postgresql://team@host/desk") == "postgresql://team@host/desk"
    monkeypatch.delenv("INTERVIEW_DESK_DB")
    assert resolve_url().endswith("interview_desk.db")


def test_a_durable_transaction_reaches_the_database_file_itself(tmp_path):
    """A sealed scorecard must survive a power loss: after a durable commit the change is in
    the main file, not only in the write-ahead log waiting for a checkpoint."""
    import shutil

    from desktop.core.storage.models import Candidate

    store = Store(str(tmp_path / "desk.db"))
    with store.transaction() as s:
        s.add(Candidate(name="in the log only"))
    with store.transaction(durable=True) as s:
        s.add(Candidate(name="on disk"))
    shutil.copy(tmp_path / "desk.db", tmp_path / "file-only.db")  # without its -wal file
    names = {row[0] for row in sqlite3.connect(tmp_path / "file-only.db").execute("SELECT name FROM candidates")}
    assert "on disk" in names
    store.dispose()


def test_the_migrations_build_exactly_the_schema_the_models_describe(tmp_path):
    store = Store(str(tmp_path / "schema.db"))
    assert model_differences(store.engine) == []
    store.dispose()
