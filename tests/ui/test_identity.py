"""Who you are: the app asks your name on the first start and never runs without one, and with
no name nobody's unfinished interview is offered or opened live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, load_preferences, save_preferences
from desktop.ui import app as desk
from desktop.ui.identity_dialog import IdentityDialog, ensure_identity
from desktop.ui.interview_view import InterviewView
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture(autouse=True)
def nobody():
    save_preferences(Preferences())  # a first start: no name yet


def answer_the_dialog(action) -> list:
    """Once the modal dialog is up (its own event loop runs the timer), act on it."""
    seen = []

    def act():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, IdentityDialog) and w.isVisible()), None)
        if dialog is not None:
            seen.append(dialog)
            action(dialog)

    QTimer.singleShot(0, act)
    return seen


def test_the_dialog_takes_a_name_and_keeps_it_in_preferences(qtbot):
    dialog = IdentityDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # no name, no way on
    qtbot.keyClicks(dialog.name, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "  Rita   Moreno ")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert load_preferences().interviewer_name == "Rita Moreno"


def test_a_first_start_asks_for_the_name_and_a_later_one_does_not(qtbot):
    def type_and_continue(dialog):
        qtbot.keyClicks(dialog.name, "Rita")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    seen = answer_the_dialog(type_and_continue)
    assert ensure_identity() == "Rita" and len(seen) == 1
    seen = answer_the_dialog(lambda dialog: dialog.reject())
    assert ensure_identity() == "Rita"
    QApplication.processEvents()  # the timer fires and finds no dialog to answer
    assert seen == []


def test_cancel_on_the_first_start_quits_before_any_window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(desk, "_warm_up_pdf_fonts", lambda: None)
    seen = answer_the_dialog(lambda dialog: dialog.reject())
    assert desk.run(str(db_path)) == 0
    assert len(seen) == 1
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    assert load_preferences().interviewer_name == ""


def test_with_no_name_nobody_elses_interview_is_offered_or_opened_live(qtbot, store):
    with store.transaction() as s:
        candidate = make_candidate(s)
        sams = iv.create_interview(s, set_id=make_set(s).id, candidate_id=candidate.id, interviewer="Sam").id
        iv.begin_interview(s, sams)
        iv.update_annotation(s, sams, 0, rating=4, notes="Sam's private draft")
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    assert view.unfinished.count() == 0 and not view.continue_button.isVisible()
    view.offer_resume()
    assert view.resume_box is None
    view.open_interview(sams)  # e.g. from the Candidates page
    assert view.live is None and "private draft" not in view.scorecard.toPlainText()
    assert "only Sam can continue it" in view.scorecard.toPlainText()
    with store.session() as s:
        assert s.get(iv.Interview, sams).annotations[0].notes == "Sam's private draft"
