"""An autosave of the live interview never waits seconds for another program's write lock."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.interviewing import begin_interview, create_interview, live
from desktop.core.interviewing.autosave import LIVE_BUSY_TIMEOUT_MS, PendingChanges, save_pending
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture
def interview_id(store) -> int:
    with store.transaction() as s:
        interview = create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id, interviewer="Pat")
        begin_interview(s, interview.id)
        return interview.id


def test_a_held_write_lock_fails_the_live_write_fast_and_the_store_keeps_its_own_timeout(store, db_path,
                                                                                       interview_id):
    pending = PendingChanges(interview_id)
    pending.annotation(0, notes="while locked")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing
    with pytest.raises(Exception, match="locked"):
        save_pending(store, pending, busy_timeout_ms=LIVE_BUSY_TIMEOUT_MS)
    other.execute("ROLLBACK")
    other.close()
    with store.engine.connect() as conn:  # the pooled connection: back to the store's 5 s
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    save_pending(store, pending, busy_timeout_ms=LIVE_BUSY_TIMEOUT_MS)
    with store.session() as s:
        assert live.load_live_interview(s, interview_id).questions[0].notes == "while locked"
