"""Shared fixtures. Tests never touch the real user folders: data, settings and the database
all live in a temporary folder for the run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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
