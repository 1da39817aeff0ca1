"""The live interview session without Qt: navigation, rating, notes, clocks, what is pending,
when it is saved, and why Submit is refused. Time is a fake clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.core import interviewing as iv
from desktop.core.interviewing import lease
from desktop.core.interviewing import session as session_module
from desktop.core.interviewing.autosave import MAX_WAIT_SECONDS
from desktop.core.interviewing.journal import Journal, replay_journals, unsaved
from desktop.core.interviewing.lease import Claimant
from desktop.core.interviewing.session import LiveSession, open_live_session
from tests.core.interview_fixtures import make_candidate, make_set


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def interview_id(store) -> int:
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        iv.begin_interview(s, interview.id)
        return interview.id


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def open_session(store, interview_id, clock, folder=None) -> LiveSession:
    with store.session() as s:
        live = iv.load_live_interview(s, interview_id)
    journal = Journal.open(folder, interview_id) if folder is not None else None
    return LiveSession(store, live, journal=journal, clock=clock)


@pytest.fixture
def session(store, interview_id, clock, tmp_path) -> LiveSession:
    return open_session(store, interview_id, clock, tmp_path)


def recorder(session: LiveSession, name: str) -> list:
    seen: list = []
    session.events.connect(name, lambda **payload: seen.append(payload))
    return seen


def stored(store, interview_id):
    with store.session() as s:
        return iv.load_live_interview(s, interview_id)


def test_navigation_stays_within_the_questions_and_the_wrap_up(session):
    moves = recorder(session, "position")
    assert session.position == 0 and session.current_question().position == 0
    assert session.previous() is False and moves == []  # nothing before the first
    assert session.next() and session.next() and session.next()
    assert session.on_wrap_up and session.current_question() is None
    assert session.next() is False  # nothing after the wrap-up
    session.go_to(99)
    assert [m["position"] for m in moves] == [1, 2, 3]
    assert session.pending.progress["current_position"] == 3


def test_rating_skipping_ticks_and_notes_change_the_question_and_say_so(session):
    changed = recorder(session, "question")
    session.rate(3)
    session.rate(3)  # the same again: no change, no event
    session.set_covered([2, 0, 2])
    session.set_notes("uses LoRA rank 8")
    q = session.current_question()
    assert (q.rating, q.skipped, q.covered, q.notes) == (3, False, [0, 2], "uses LoRA rank 8")
    session.rate(None, skipped=True)
    assert (q.rating, q.skipped) == (None, True)
    assert [c["position"] for c in changed] == [0, 0, 0, 0]
    assert session.pending.annotations[0] == {"rating": None, "skipped": True, "covered": [0, 2],
                                              "notes": "uses LoRA rank 8"}


def test_a_change_is_saved_after_a_pause_but_never_later_than_max_wait(session, clock, store, interview_id):
    due = recorder(session, "save_due")
    session.save()  # start with nothing pending
    first = clock.now
    for key in range(10):  # a key every 50 ms, never a pause for the debounce
        clock.now = first + key * 0.05
        session.set_notes("x" * (key + 1))
        assert clock.now + due[-1]["seconds"] <= first + MAX_WAIT_SECONDS + 1e-9
    assert session.save_due_in() is not None
    assert session.save()
    assert due[-1] == {"seconds": None} and not session.pending
    assert stored(store, interview_id).questions[0].notes == "x" * 10


def test_the_clocks_run_pause_and_continue_on_the_injected_clock(session, clock, store, interview_id):
    clock.advance(30)
    assert session.elapsed_seconds() == 30 and session.question_seconds() == 30
    session.next()
    clock.advance(10)
    assert session.elapsed_seconds() == 40 and session.question_seconds() == 10
    session.set_clock_paused(True)
    clock.advance(600)  # a fire drill: the clock stands still
    assert session.clock_paused and session.elapsed_seconds() == 40
    session.set_clock_paused(False)
    clock.advance(5)
    assert session.elapsed_seconds() == 45 and session.question_seconds() == 15
    session.previous()  # back to the first: its own 30 s, running on
    clock.advance(2)
    assert session.question_seconds() == 32
    session.flush()
    saved = stored(store, interview_id)
    assert saved.elapsed_seconds == 47 and [q.seconds_spent for q in saved.questions[:2]] == [32, 15]
    assert not saved.clock_paused


def test_a_paused_clock_is_paused_when_opened_again(session, clock, store, interview_id):
    clock.advance(90)
    session.set_clock_paused(True)
    session.flush()
    clock.advance(1000)
    again = open_session(store, interview_id, clock)
    assert again.clock_paused and again.elapsed_seconds() == 90


def test_a_tick_puts_the_running_clock_into_what_is_pending(session, clock):
    session.save()
    clock.advance(1)
    session.tick()
    assert session.pending.progress["elapsed_seconds"] == 1
    assert session.pending.annotations[0]["seconds_spent"] == 1


def test_a_failed_write_keeps_the_changes_in_the_journal_and_asks_for_a_retry(session, clock, tmp_path,
                                                                            monkeypatch, interview_id):
    saved = recorder(session, "saved")

    def busy(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session_module, "save_pending", busy)
    session.set_notes("every word")
    assert session.save() is False
    assert saved[-1]["problem"].startswith("Not saved: the disk is full") and session.kept_on_disk
    assert session.pending.annotations[0]["notes"] == "every word"  # still pending
    assert session.save_due_in() == pytest.approx(session_module.RETRY_SECONDS)
    assert unsaved(session.journal.path, interview_id).annotations[0]["notes"] == "every word"
    monkeypatch.undo()
    assert session.save() and saved[-1] == {"problem": ""}
    assert not session.journal.path.exists()  # the database has it all: the journal goes


def test_submit_says_what_is_missing_and_seals_only_when_complete(session, store, interview_id):
    assert session.submit() == "Choose an overall recommendation: Strong no, No, Yes or Strong yes."
    session.set_recommendation("yes")
    assert session.submit() == "Write a summary of the evidence before submitting."
    session.set_summary("   ")
    assert session.submit() == "Write a summary of the evidence before submitting."
    with pytest.raises(iv.InterviewError):
        session.set_recommendation("maybe")
    session.set_summary("Solid on retrieval")
    session.set_notes("typed just before submitting")
    assert session.submit() == ""
    saved = stored(store, interview_id)
    assert saved.status == "submitted" and saved.questions[0].notes == "typed just before submitting"


def test_submit_never_seals_without_the_notes_the_database_refused(session, monkeypatch, store, interview_id):
    def locked(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    session.set_recommendation("no")
    session.set_summary("Gaps")
    session.set_notes("late note")
    monkeypatch.setattr(session_module, "save_pending", locked)
    assert session.submit().startswith("Not saved: the disk is full")
    assert stored(store, interview_id).status == "in_progress"


def test_wrap_up_statistics_come_from_the_questions(session, clock):
    session.rate(4)
    clock.advance(60)
    session.next()
    session.rate(2)
    clock.advance(30)
    session.next()
    session.rate(None, skipped=True)
    session.record_time()
    stats = session.stats()
    assert (stats.total, stats.rated, stats.skipped, stats.untouched, stats.mean_rating) == (3, 2, 1, 0, 3.0)
    assert stats.seconds == (60.0, 30.0, 0.0) and stats.mean_seconds == 30.0
    assert stats.summary() == "2 of 3 questions rated, 1 skipped, mean rating 3.00."
    session.previous()
    session.rate(None)  # the second one unrated again
    assert session.stats().summary() == "1 of 3 questions rated, 1 skipped, mean rating 4.00. 1 not rated yet."


# -- one live window per interview (the lease) -----------------------------------------------------
class Wall:
    """The time of day for the lease, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 11, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


FIRST = Claimant("1" * 32, "Rita", "rita-laptop", 1111)
SECOND = Claimant("2" * 32, "Rita", "rita-desktop", 2222)


def open_window(store, interview_id, me, folder, clock, wall, **kwargs) -> LiveSession:
    return open_live_session(store, interview_id, me, folder, clock=clock, wall_clock=wall, **kwargs)


def test_a_second_window_opens_the_interview_read_only_and_says_who_has_it(store, interview_id, clock,
                                                                          tmp_path):
    wall = Wall()
    first = open_window(store, interview_id, FIRST, tmp_path / "a", clock, wall)
    first.set_notes("mine")
    first.save()
    second = open_window(store, interview_id, SECOND, tmp_path / "b", clock, wall)
    assert first.holds_lease and second.read_only and not second.lease.can_take_over
    assert second.lease_message().startswith("Read-only: Rita has it open on rita-laptop since ")
    assert second.current_question().notes == "mine"  # it shows what was saved
    second.set_notes("theirs")
    second.rate(2)
    second.set_summary("x")
    assert not second.pending and second.current_question().notes == "mine"  # nothing changes
    assert second.submit().startswith("Read-only:")
    first.close()  # the first window closes: the lease is free
    second.heartbeat()
    assert second.lease.can_take_over and "let go" in second.lease_message()


def test_a_window_whose_lease_was_taken_over_stops_saving_and_keeps_its_text(store, interview_id, clock,
                                                                            tmp_path):
    wall = Wall()
    first = open_window(store, interview_id, FIRST, tmp_path / "a", clock, wall)
    second = open_window(store, interview_id, SECOND, tmp_path / "b", clock, wall)
    wall.advance(31)  # the first window went quiet (a laptop lid closed)
    second.heartbeat()
    assert second.lease.stale and "Take over" in second.lease_message()
    second = open_window(store, interview_id, SECOND, tmp_path / "b", clock, wall, take_over=True)
    assert second.holds_lease
    second.set_notes("the new window's notes")
    assert second.save()

    first.set_notes("typed in the old window")  # it wakes up and types on before it knows
    assert first.save() is False
    assert first.read_only and first.lost is not None
    message = first.lease_message()
    assert message.startswith("Another window took this interview over: Rita has it open on rita-desktop")
    assert "no longer saves to the database" in message and str(first.journal.path) in message
    assert stored(store, interview_id).questions[0].notes == "the new window's notes"  # not overwritten
    kept = unsaved(first.journal.path, interview_id)
    assert kept.annotations[0]["notes"] == "typed in the old window"
    assert first.journal.path.suffix == ".unsaved"  # never replayed over the new window's work
    assert replay_journals(store, tmp_path / "a").replayed == []


def test_the_heartbeat_notices_a_take_over(store, interview_id, clock, tmp_path):
    wall = Wall()
    first = open_window(store, interview_id, FIRST, tmp_path / "a", clock, wall)
    lease_events = recorder(first, "lease")
    wall.advance(40)
    with store.transaction() as s:
        assert lease.acquire(s, interview_id, SECOND, wall(), take_over=True).mine
    first.heartbeat()
    assert first.lost is not None and lease_events and first.read_only


# -- versions: a lost update is detected, not silent ------------------------------------------------
def test_a_save_over_another_windows_newer_change_is_refused_and_the_text_kept(store, interview_id, clock,
                                                                             tmp_path):
    a = open_session(store, interview_id, clock, tmp_path / "a")
    b = open_session(store, interview_id, clock, tmp_path / "b")  # both loaded version 0
    conflicts = recorder(b, "conflict")
    a.set_notes("A's notes")
    assert a.save()
    b.set_notes("B's notes")
    b.next()
    b.rate(3)  # another question: no conflict there
    assert b.save() is False
    assert conflicts[0]["position"] == 0
    assert conflicts[0]["message"].startswith("Another window changed question 1 after this one loaded it")
    assert stored(store, interview_id).questions[0].notes == "A's notes"  # theirs stays
    assert b.questions[0].notes == "A's notes"  # and is what B shows now
    aside = [p for p in (tmp_path / "b").iterdir() if p.suffix == ".unsaved"]
    assert len(aside) == 1 and str(aside[0]) in conflicts[0]["message"]
    assert unsaved(aside[0], interview_id).annotations[0]["notes"] == "B's notes"  # kept on disk
    assert b.save()  # the rest goes in
    assert stored(store, interview_id).questions[1].rating == 3
    b.previous()
    b.set_notes("A's notes, and B's")  # B goes on from their version: no conflict now
    assert b.save() and stored(store, interview_id).questions[0].notes == "A's notes, and B's"
    a.set_notes("A again")  # now A is the one behind
    assert a.save() is False and stored(store, interview_id).questions[0].notes == "A's notes, and B's"


def test_update_annotation_refuses_a_stale_version(store, interview_id):
    with store.transaction() as s:
        assert iv.update_annotation(s, interview_id, 0, notes="one", seen_version=0) == 1
        iv.update_annotation(s, interview_id, 0, rating=2)  # an unversioned write bumps it too
    with pytest.raises(iv.AnnotationConflictError) as caught, store.transaction() as s:
        iv.update_annotation(s, interview_id, 0, notes="stale", seen_version=1)
    assert (caught.value.position, caught.value.current) == (0, 2)
    assert stored(store, interview_id).questions[0].notes == "one"


def test_only_the_interviewer_opens_their_interview_live(store, interview_id, clock, tmp_path):
    other = Claimant("3" * 32, "Sam", "sam-laptop", 3333)
    with pytest.raises(iv.AccessDenied, match="only Rita can continue it"):
        open_window(store, interview_id, other, tmp_path / "c", clock, Wall())
    rita = open_window(store, interview_id, FIRST, tmp_path / "a", clock, Wall())
    assert rita.holds_lease  # Sam's attempt took nothing
