"""The integrity check at open reads the whole file (a second at 100,000 questions): it runs
once per change of the file, so every command on an unchanged database starts without it, and
damage written since is still found at open."""

from __future__ import annotations

import random

import pytest

from desktop.core.storage import sqlite_file
from desktop.core.storage.errors import DatabaseDamaged
from desktop.core.storage.models import Meta
from desktop.core.storage.store import Store


@pytest.fixture
def checks(monkeypatch) -> list:
    made: list = []
    real = sqlite_file.quick_check
    monkeypatch.setattr(sqlite_file, "quick_check", lambda conn, path: (made.append(path), real(conn, path)))
    return made


def test_an_unchanged_file_is_checked_once_and_a_written_one_again(db_path, checks):
    Store(str(db_path)).dispose()
    Store(str(db_path)).dispose()
    assert len(checks) == 1
    store = Store(str(db_path))
    with store.transaction() as s:
        s.merge(Meta(key="written", value="now"))
    store.dispose()
    Store(str(db_path)).dispose()
    assert len(checks) == 2


def test_damage_written_after_a_clean_check_is_found_at_open(db_path):
    Store(str(db_path)).dispose()  # checked clean
    with open(db_path, "r+b") as f:
        f.seek(4096 * 3)
        f.write(random.Random(3).randbytes(4096))
    with pytest.raises(DatabaseDamaged, match="damaged"):
        Store(str(db_path))
