"""Shared fixtures. Tests never touch the real user folders: data, settings and the database
all live in a temporary folder for the run."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_RUN_HOME = Path(tempfile.mkdtemp(prefix="interview-desk-tests-"))
os.environ["INTERVIEW_DESK_HOME"] = str(_RUN_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_RUN_HOME / "config")  # QSettings on Linux
os.environ.pop("INTERVIEW_DESK_DB", None)
os.environ.pop("INTERVIEW_DESK_BANK", None)

import pytest  # noqa: E402

from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
BANK_DIR = REPO_ROOT / "question_bank"


def bundled_size() -> int:
    """How many questions the bundled bank holds (it grows; tests should not hard-code it)."""
    from desktop.core.bank.files import load_bank

    return len(load_bank([BANK_DIR]).questions)


BANK_SIZE = bundled_size()


@pytest.fixture(scope="session")
def _bank_template(tmp_path_factory) -> Path:
    """The bundled bank imported once into a file; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "bank.db"
    store = Store(str(path))
    sync_bundled_bank(store, BANK_DIR)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


@pytest.fixture
def db_path(tmp_path, _bank_template) -> Path:
    """A SQLite file holding the migrated schema and the bundled bank."""
    path = tmp_path / "interview_desk.db"
    shutil.copy(_bank_template, path)
    return path


@pytest.fixture
def store(db_path) -> Store:
    """A Store over a private copy of the bundled bank."""
    s = Store(str(db_path))
    yield s
    s.dispose()


@pytest.fixture
def empty_store() -> Store:
    """A migrated in-memory database with nothing in it."""
    s = Store.memory()
    yield s
    s.dispose()


@pytest.fixture
def bank_dir() -> Path:
    return BANK_DIR


# -- PostgreSQL (the team setup) ----------------------------------------------------------------
# Set INTERVIEW_DESK_TEST_PG_URL to a database the tests may use (.ci/run starts a local server and
# sets it); the tests that need it skip otherwise. Tests never share tables that one of them
# commits to: each fixture below works in a schema of its own, made empty and dropped after, so
# the PostgreSQL tests pass in any order (a test that commits, e.g. `simulate`, takes its own
# `pg_schema_url`; one that only needs the bank takes `pg_store`, whose changes roll back).
PG_URL = os.environ.get("INTERVIEW_DESK_TEST_PG_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (INTERVIEW_DESK_TEST_PG_URL)")


@contextmanager
def pg_schema(name: str) -> Iterator[str]:
    """A URL of the test database whose connections work in the new, empty schema `name`
    (dropped again after)."""
    from sqlalchemy import create_engine

    if not PG_URL:
        pytest.skip("no PostgreSQL server (INTERVIEW_DESK_TEST_PG_URL)")
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        # unaccent in public, never in a test's schema: dropping that schema would take it along.
        conn.exec_driver_sql("SAVEPOINT unaccent")
        try:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        except Exception:  # not allowed for this role: the search goes without it (0007)
            conn.exec_driver_sql("ROLLBACK TO SAVEPOINT unaccent")
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        engine.dispose()


@pytest.fixture(scope="session")
def pg_server_store():
    """A PostgreSQL database, migrated and holding the bundled bank, for the whole run (in its
    own schema). Tests that change it take `pg_store`, which rolls their changes back."""
    with pg_schema("desk_test_shared_bank") as url:
        store = Store(url)
        sync_bundled_bank(store, BANK_DIR)
        yield store
        store.dispose()


@pytest.fixture
def pg_store(pg_server_store):
    """The PostgreSQL bank, with whatever a test changes rolled back after it: the Store's
    sessions run inside one outer transaction, their own transactions become savepoints."""
    from sqlalchemy.orm import sessionmaker

    conn = pg_server_store.engine.connect()
    outer = conn.begin()
    sessions = pg_server_store._sessions
    pg_server_store._sessions = sessionmaker(bind=conn, expire_on_commit=False,
                                             join_transaction_mode="create_savepoint")
    yield pg_server_store
    pg_server_store._sessions = sessions
    outer.rollback()
    conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request):
    """The bundled bank on each database the app runs on (PostgreSQL skipped without a server)."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


@pytest.fixture(scope="module")
def pg_schema_url(request):
    """A URL whose connections work in an empty schema of their own, made for one test module
    and dropped after it: for tests that commit, or from several connections."""
    with pg_schema("desk_test_" + request.module.__name__.rsplit(".", 1)[-1]) as url:
        yield url
