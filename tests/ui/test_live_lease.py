"""Two windows on one interview: the second is read-only and says who has it; a stale one can
be taken over, and the first window then says plainly that it no longer saves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.core import interviewing as iv
from desktop.core.interviewing import lease
from desktop.core.interviewing.lease import Claimant
from desktop.core.storage.models import utcnow
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui.interview_view import InterviewView
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture(autouse=True)
def me():
    save_preferences(Preferences(interviewer_name="Rita"))


@pytest.fixture
def interview_id(store):
    with store.transaction() as s:
        return iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                   interviewer="Rita").id


def window(qtbot, store):
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    return view


def notes(store, interview_id) -> str:
    with store.session() as s:
        return iv.load_live_interview(s, interview_id).questions[0].notes


def test_a_second_window_is_read_only_says_who_has_it_and_can_take_over_a_stale_one(qtbot, store, interview_id):
    first = window(qtbot, store)
    first.open_interview(interview_id)
    QTest.keyClicks(first.notes, "first window")
    first.save_now()

    second = window(qtbot, store)
    second.open_interview(interview_id)
    assert second.lease_banner.isVisible()
    assert second.lease_label.text().startswith("Read-only: Rita has it open on ")
    assert second.notes.isReadOnly() and not second.rating_bar.isEnabled()
    assert not second.take_over_button.isEnabled()  # the first window is alive
    QTest.keyClick(second.question_scroll, Qt.Key.Key_3)  # a bare key rates nothing here
    assert second.current_question().rating is None
    assert not first.lease_banner.isVisible()

    with store.transaction() as s:  # the first window has been silent for 40 s
        lease.heartbeat(s, interview_id, Claimant.here("Rita", first.lease_token), utcnow() - timedelta(seconds=40))
    second._heartbeat()
    assert second.take_over_button.isEnabled() and "Take over" in second.lease_label.text()
    qtbot.mouseClick(second.take_over_button, Qt.MouseButton.LeftButton)
    assert not second.lease_banner.isVisible() and not second.notes.isReadOnly()
    second.notes.setFocus()
    QTest.keyClicks(second.notes, " and the second")
    second.save_now()
    assert notes(store, interview_id) == "first window and the second"

    QTest.keyClicks(first.notes, " typed late")  # the first window wakes up
    first.save_now()
    assert first.save_label.text().startswith("Another window took this interview over")
    assert "no longer saves to the database" in first.lease_label.text() and first.notes.isReadOnly()
    assert notes(store, interview_id) == "first window and the second"  # nothing overwritten


def test_setting_the_interview_aside_lets_another_window_have_it(qtbot, store, interview_id):
    first = window(qtbot, store)
    first.open_interview(interview_id)
    first.show_start_page()  # Set Aside
    second = window(qtbot, store)
    second.open_interview(interview_id)
    assert not second.lease_banner.isVisible() and not second.notes.isReadOnly()


def test_a_question_changed_in_another_window_is_said_plainly_not_overwritten(qtbot, store, interview_id):
    view = window(qtbot, store)
    view.open_interview(interview_id)
    with store.transaction() as s:  # another writer (a window that took over, a script) gets there first
        iv.update_annotation(s, interview_id, 0, notes="written elsewhere")
    view.notes.setFocus()
    QTest.keyClicks(view.notes, "typed here")
    view.save_now()
    assert notes(store, interview_id) == "written elsewhere"
    assert view.conflict_label.isVisible()
    assert view.conflict_label.text().startswith("Another window changed question 1 after this one loaded it")
    assert view.notes.toPlainText() == "written elsewhere"  # theirs, shown here now
    QTest.keyClicks(view.notes, "; and more")
    view.save_now()
    assert notes(store, interview_id) == "written elsewhere; and more"
