"""Autosave bookkeeping: what is pending, when it must be written, and that writing it works."""

from __future__ import annotations

import pytest

from desktop.core import interviewing as iv
from desktop.core.interviewing.autosave import PendingChanges, next_save_delay, save_pending
from desktop.core.storage.models import Interview
from tests.core.interview_fixtures import make_candidate, make_set


def test_a_save_waits_for_a_pause_but_never_longer_than_max_wait():
    assert next_save_delay(10.0, 10.0, debounce=0.25, max_wait=0.45) == 0.25
    assert next_save_delay(10.3, 10.0, debounce=0.25, max_wait=0.45) == pytest.approx(0.15)
    assert next_save_delay(11.0, 10.0, debounce=0.25, max_wait=0.45) == 0.0


def test_a_steady_typist_is_saved_within_half_a_second_of_the_first_change():
    """The README's promise, with the app's own timings: a key every 50 ms of (fake) time, never
    a pause for the debounce; each key restarts the save timer. The write must fall due by 0.5 s
    after the first unsaved change, while the keys are still coming."""
    first = now = 100.0
    due = now + next_save_delay(now, first)
    while now + 0.05 < due:  # the next key comes before the write: the timer restarts
        now += 0.05
        due = now + next_save_delay(now, first)
    assert due - first <= 0.5


def test_pending_changes_merge_and_survive_a_failed_write():
    pending = PendingChanges(7)
    assert not pending
    pending.annotation(0, notes="a")
    pending.annotation(0, notes="ab", rating=2)
    pending.set_progress(current_position=0)
    taken = pending.take()
    assert not pending and taken.annotations == {0: {"notes": "ab", "rating": 2}}
    pending.annotation(0, notes="abc")
    pending.merge_back(taken)
    assert pending.annotations == {0: {"notes": "abc", "rating": 2}}
    assert pending.progress == {"current_position": 0}


def test_save_pending_writes_everything_in_one_go(store):
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        interview_id = interview.id
    pending = PendingChanges(interview_id)
    pending.annotation(1, notes="uses 10 steps", covered=[1], rating=3, seconds_spent=12.0)
    pending.set_progress(current_position=1, elapsed_seconds=80.0, summary="draft", recommendation="yes")
    save_pending(store, pending)
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        a = interview.annotations[1]
        assert (a.notes, a.covered, a.rating, a.seconds_spent) == ("uses 10 steps", [1], 3, 12.0)
        assert (interview.current_position, interview.elapsed_seconds) == (1, 80.0)
        assert (interview.summary, interview.recommendation, interview.status) == ("draft", "yes", "planned")
