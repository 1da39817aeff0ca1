"""The builder's pool is kept on disk between processes for the database file as it was read:
the next command reads it back instead of the whole bank, and builds exactly the same sets; a
change to the bank (from this process or another, committed or still in a transaction) is
never built from a pool that predates it."""

from __future__ import annotations

import json

from desktop.core.bank.questions import edit_question, retire_question
from desktop.core.building import SetRequest, build_set_in, pool_file
from desktop.core.building.pool import load_bank_pool, pool_for
from desktop.core.storage import sqlite_file
from desktop.core.storage.store import Store
from tests.core.test_build_pinned import PINNED, answers, pinned_bank  # noqa: F401 (a fixture)

REQUEST = SetRequest("genai-engineer", "mid", count=8, seed=3)


def _fresh(db_path) -> Store:
    """A store as a new process has it: no pool in memory (each Store has its own engine)."""
    return Store(str(db_path))


def test_a_new_process_reads_the_pool_file_and_builds_the_pinned_sets(pinned_bank, monkeypatch):
    store, candidate_id, db = pinned_bank
    store.dispose()
    first = _fresh(db)
    with first.session() as s:
        build_set_in(s, SetRequest("builder", "mid", count=8))  # reads the bank, writes the pool file
    first.dispose()
    assert pool_file.read(db, sqlite_file.file_stamp(db)) is not None
    monkeypatch.setattr("desktop.core.building.pool.load_bank_pool", None)  # would fail if called
    expected = json.loads(PINNED.read_text(encoding="utf-8"))
    second = _fresh(db)  # the pool from the file, each role grouped (and kept) as first built
    try:
        assert answers(second, candidate_id) == expected
    finally:
        second.dispose()
    monkeypatch.setattr("desktop.core.building.pool.RolePool.of", None)
    third = _fresh(db)  # every role's grouping from the file too
    try:
        assert answers(third, candidate_id) == expected
    finally:
        third.dispose()


def _difficulty_in_pool(store: Store, qid: str) -> str | None:
    with store.session() as s:
        q = pool_for(s).by_id.get(qid)
        return q.difficulty if q else None


def test_an_edit_or_a_retirement_from_another_process_is_built_from(db_path):
    with _fresh(db_path).session() as s:
        qid = build_set_in(s, REQUEST).ids[0]
        before = load_bank_pool(s).by_id[qid].difficulty
    other = "advanced" if before != "advanced" else "beginner"
    editor = _fresh(db_path)
    with editor.transaction() as s:
        edit_question(s, qid, {"difficulty": other})
    editor.dispose()
    reader = _fresh(db_path)
    assert _difficulty_in_pool(reader, qid) == other
    reader.dispose()
    editor = _fresh(db_path)
    with editor.transaction() as s:
        retire_question(s, qid)
    editor.dispose()
    reader = _fresh(db_path)
    assert _difficulty_in_pool(reader, qid) is None
    reader.dispose()


def test_a_change_in_this_sessions_open_transaction_is_built_from(db_path):
    warm = _fresh(db_path)
    with warm.session() as s:
        qid = build_set_in(s, REQUEST).ids[0]  # the pool file is written
    warm.dispose()
    store = _fresh(db_path)
    with store.transaction() as s:
        retire_question(s, qid)
        assert qid not in pool_for(s).by_id
        assert qid not in build_set_in(s, REQUEST).ids
    store.dispose()
