"""The live interview when the database cannot be written: typing goes on, the label tells the
truth, the notes are kept on disk, and quitting never passes unsaved text silently."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtTest import QTest

from desktop.core import interviewing as iv
from desktop.core.interviewing.journal import replay_journals
from desktop.core.storage import paths
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui.interview_view import InterviewView
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture(autouse=True)
def me():
    save_preferences(Preferences(interviewer_name="Rita"))


@pytest.fixture
def interview_id(store):
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        return interview.id


@pytest.fixture
def view(qtbot, store):
    widget = InterviewView(store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def lock(db_path):
    """Another program's connection: `lock.execute("BEGIN IMMEDIATE")` holds the write lock."""
    other = sqlite3.connect(db_path, isolation_level=None)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def saved_notes(db_path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT notes FROM annotations WHERE position = 0").fetchone()[0]


def test_while_another_program_holds_the_lock_typing_goes_on_and_the_notes_land_once_it_is_free(
        view, db_path, interview_id, lock, qtbot):
    view.open_interview(interview_id)  # opened before the lock: the interview is running
    lock.execute("BEGIN IMMEDIATE")
    QTest.keyClicks(view.notes, "first thought")
    view.save_now()  # the autosave tick
    label = view.save_label.text()
    assert label.startswith("Not saved: the database is busy (another program is writing)")
    assert "kept on disk" in label and "UPDATE" not in label and "first thought" not in label
    QTest.keyClicks(view.notes, ", second")  # typing goes on
    assert view.notes.toPlainText() == "first thought, second"
    assert view.save_timer.isActive()  # the timer retries
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: view.save_label.text() == "All changes saved", timeout=5000)
    assert saved_notes(db_path) == "first thought, second"
    assert not list((view.journal_folder).glob("*.journal"))  # all saved: the journal is gone


def test_notes_the_database_refused_are_in_it_after_the_next_start(view, store, db_path, interview_id, lock):
    view.open_interview(interview_id)
    lock.execute("BEGIN IMMEDIATE")
    QTest.keyClicks(view.notes, "every last character")
    view.ask_unsaved = lambda problem, kept: "keep" if kept else "stay"  # Keep for later
    assert view.close_ok()  # the window may close: the journal has the notes
    lock.execute("ROLLBACK")
    store.dispose()

    restarted = Store(str(db_path))  # the next start replays the journals
    report = replay_journals(restarted, view.journal_folder)
    assert report.replayed == [interview_id]
    assert saved_notes(db_path) == "every last character"
    restarted.dispose()


def test_quitting_with_unsaved_notes_asks_and_retry_saves_them(view, db_path, interview_id, lock):
    view.open_interview(interview_id)
    lock.execute("BEGIN IMMEDIATE")
    QTest.keyClicks(view.notes, "do not lose me")
    asked = []

    def answer(problem: str, kept: bool) -> str:
        asked.append(problem)
        if len(asked) == 1:
            return "stay"
        lock.execute("ROLLBACK")  # the other program finished
        return "retry"

    view.ask_unsaved = answer
    assert not view.close_ok()  # "Don't Quit": the window stays open
    assert asked[0].startswith("Not saved: the database is busy")
    assert view.close_ok()  # Retry, now that the lock is free
    assert len(asked) == 2 and saved_notes(db_path) == "do not lose me"


def test_quitting_with_everything_saved_asks_nothing(view, interview_id):
    view.open_interview(interview_id)
    QTest.keyClicks(view.notes, "fine")
    view.ask_unsaved = lambda *_: pytest.fail("asked although everything was saved")
    assert view.close_ok()


def _disk_full(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


def test_a_full_disk_is_said_plainly_and_notes_only_in_memory_are_never_dropped(view, interview_id,
                                                                               monkeypatch, db_path):
    from desktop.core.interviewing import session as session_module

    view.open_interview(interview_id)
    monkeypatch.setattr(view.journal, "append", _disk_full)  # the journal cannot be written either
    monkeypatch.setattr(session_module, "save_pending", _disk_full)
    QTest.keyClicks(view.notes, "nowhere on disk")
    view.save_now()
    assert view.save_label.text().startswith("Not saved: the disk is full")
    assert "only in this window" in view.save_label.text()
    offered = []
    view.ask_unsaved = lambda problem, kept: offered.append(kept) or "stay"
    assert not view.close_ok() and offered == [False]  # no "Keep for later" that would lose them
    view.show_start_page()  # Set Aside
    assert view.live is not None and view.notes.toPlainText() == "nowhere on disk"
    monkeypatch.undo()  # space again
    view.save_now()
    assert saved_notes(db_path) == "nowhere on disk"


def test_submit_never_seals_without_the_notes_the_database_refused(view, interview_id, lock):
    view.open_interview(interview_id)
    view.live.recommendation = "yes"
    view.summary.setPlainText("Solid answers")
    lock.execute("BEGIN IMMEDIATE")
    QTest.keyClicks(view.notes, "late note")
    view.submit()
    assert view.live is not None  # not submitted
    assert view.submit_error.text().startswith("Not saved: the database is busy")
