"""The Interview view: keyboard-driven, autosaved, resumable, sealed, independent."""

from __future__ import annotations

import sqlite3
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core import interviewing as iv
from desktop.core.bank.questions import question_data
from desktop.core.storage.models import Interview, InterviewSet, Loop, Question, SetItem
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui import interview_view as view_module
from desktop.ui.app import configure_application
from desktop.ui.interview_view import InterviewView
from desktop.ui.main_window import MainWindow
from desktop.ui.scorecard_dialogs import AmendDialog, DebriefOverrideDialog
from desktop.ui.start_interview_dialog import NEW_CANDIDATE, StartInterviewDialog
from tests.core.interview_fixtures import make_candidate, make_loop, make_set

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def me():
    """Who the user is (Preferences), reset for every test."""
    save_preferences(Preferences(interviewer_name="Rita"))
    return "Rita"


@pytest.fixture
def ids(store):
    """A three-question set, a candidate and Rita's planned interview."""
    with store.transaction() as s:
        interview_set = make_set(s)
        candidate = make_candidate(s)
        interview = iv.create_interview(s, set_id=interview_set.id, candidate_id=candidate.id, interviewer="Rita")
        return {"set": interview_set.id, "candidate": candidate.id, "interview": interview.id}


@pytest.fixture
def view(qtbot, store):
    widget = InterviewView(store)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def when_asked(act) -> QTimer:
    """Once a question box is up (a modal dialog runs its own loop), hand it to `act`."""
    timer = QTimer()
    timer.setInterval(10)

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            timer.stop()
            act(box)

    timer.timeout.connect(look)
    timer.start()
    return timer


def saved(store, interview_id: int):
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        return interview, list(interview.annotations)


def saved_notes(db_path, position: int = 0) -> str:
    """Read with plain sqlite3, another connection: only what really reached the database."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT notes FROM annotations WHERE position = ?", (position,)).fetchone()[0]


def test_a_full_interview_driven_by_keyboard(view, store, ids, qtbot):
    view.open_interview(ids["interview"])
    assert view.pages.currentWidget() is view.live_page and view.position == 0
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)  # Enter goes into the notes box
    assert view.notes.hasFocus()
    QTest.keyClicks(view.notes, "Uses 10 steps; S=3")  # digits and S type in the notes box
    assert view.notes.toPlainText() == "Uses 10 steps; S=3"
    assert view.current_question().rating is None and not view.current_question().skipped
    QTest.keyClick(view.notes, Qt.Key.Key_3, ALT)  # Alt+3 rates while typing
    assert view.current_question().rating == 3
    QTest.keyClick(view.notes, Qt.Key.Key_Escape)  # leave the notes box: plain digits rate
    assert not view.notes.hasFocus()
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_4)
    assert view.current_question().rating == 4
    view.rubric_checks[1].setFocus()
    QTest.keyClick(view.rubric_checks[1], Qt.Key.Key_Space)  # tick a rubric point
    assert view.current_question().covered == [1]

    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Right, ALT)  # next
    assert view.position == 1 and not view.notes.hasFocus()
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_1, ALT)
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_PageDown, CTRL)  # next, the other way
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_0)  # skipped
    assert view.position == 2 and view.current_question().skipped
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Left, ALT)  # previous
    assert view.position == 1 and view.current_question().rating == 1
    QTest.keyClick(view.notes, Qt.Key.Key_PageDown, CTRL)
    QTest.keyClick(view.notes, Qt.Key.Key_PageDown, CTRL)  # the wrap-up page
    assert view.question_stack.currentIndex() == 1 and view.summary.hasFocus()

    QTest.keyClick(view.summary, Qt.Key.Key_Return, CTRL)  # submit without a choice: refused
    assert "recommendation" in view.submit_error.text() and view.live is not None
    view.recommendation_buttons["yes"].setFocus()
    QTest.keyClick(view.recommendation_buttons["yes"], Qt.Key.Key_Space)
    view.summary.setFocus()
    QTest.keyClicks(view.summary, "Strong on diffusion basics.")
    asking = when_asked(lambda box: next(b for b in box.buttons() if "Seal" in b.text()).click())  # noqa: F841
    with qtbot.waitSignal(view.interview_submitted) as submitted:
        QTest.keyClick(view.summary, Qt.Key.Key_Return, CTRL)  # asks first
    assert submitted.args == [ids["interview"]]
    assert view.pages.currentWidget() is view.sealed_page

    interview, annotations = saved(store, ids["interview"])
    with store.session() as s:  # the seal covers the amendments too: check it in a session
        assert interview.status == "submitted" and iv.seal_state(s.get(Interview, ids["interview"])).status == "ok"
    assert (interview.recommendation, interview.summary) == ("yes", "Strong on diffusion basics.")
    assert [(a.rating, a.skipped) for a in annotations] == [(4, False), (1, False), (None, True)]
    assert annotations[0].notes == "Uses 10 steps; S=3" and annotations[0].covered == [1]
    assert interview.digest in view.scorecard.toPlainText()


def test_ctrl_enter_asks_before_sealing_and_a_stray_enter_keeps_editing(view, store, ids, qtbot):
    view.open_interview(ids["interview"])
    view.go_to(3)
    view.recommendation_buttons["no"].click()
    QTest.keyClicks(view.summary, "Gaps in evaluation")
    asked = []

    def answer(key):
        return lambda box: (asked.append(box.text()), QTest.keyClick(box, key))

    asking = when_asked(answer(Qt.Key.Key_Return))  # Enter: the default, Keep Editing
    QTest.keyClick(view.summary, Qt.Key.Key_Return, CTRL)
    assert asked == ["Submit and seal the scorecard for Ada Lovelace?"]
    assert view.live is not None and saved(store, ids["interview"])[0].status == "in_progress"
    asking = when_asked(answer(Qt.Key.Key_Escape))
    view.activateWindow()  # back from the question box
    qtbot.waitUntil(view.isActiveWindow)
    QTest.keyClick(view.summary, Qt.Key.Key_Return, CTRL)
    assert len(asked) == 2 and view.live is not None
    asking = when_asked(lambda box: next(b for b in box.buttons() if "Seal" in b.text()).click())  # noqa: F841
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    with qtbot.waitSignal(view.interview_submitted):
        QTest.keyClick(view.summary, Qt.Key.Key_Return, CTRL)
    assert saved(store, ids["interview"])[0].status == "submitted"


def test_rating_anchors_are_on_screen(view, ids, store):
    """The first question's own anchors (the bundled questions all have them)."""
    view.open_interview(ids["interview"])
    with store.session() as s:
        anchors = question_data(s, iv.load_live_interview(s, ids["interview"]).questions[0].question_id)["anchors"]
    labels = {value: " ".join(button.text().split()) for value, button in view.rating_bar.buttons.items()}
    for value, anchor in enumerate(anchors, 1):
        assert " ".join(anchor.split()) in labels[value] and labels[value].startswith(str(value))
    assert "Skipped" in labels[0]


def test_bare_keys_rate_and_letters_start_the_notes_after_opening_and_after_next(view, ids):
    """The question, not the notes box, holds the focus: 3 rates (typing nothing), a letter
    moves into the notes and lands there."""
    view.open_interview(ids["interview"])
    for position in (0, 1):
        assert view.position == position
        focused = QApplication.focusWidget()
        assert focused is not view.notes
        QTest.keyClick(focused, Qt.Key.Key_3)
        assert view.current_question().rating == 3 and view.notes.toPlainText() == ""
        QTest.keyClick(QApplication.focusWidget(), "a")
        assert QApplication.focusWidget() is view.notes and view.notes.toPlainText() == "a"
        QTest.keyClicks(QApplication.focusWidget(), "nd 2")  # now in the notes: digits are text
        assert view.notes.toPlainText() == "and 2" and view.current_question().rating == 3
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, ALT)  # Alt+4 rates in the notes
        assert view.current_question().rating == 4 and view.notes.toPlainText() == "and 2"
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)  # Next
    assert view.position == 2
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S)
    assert view.current_question().skipped and view.notes.toPlainText() == ""


def test_notes_reach_the_database_soon_after_the_last_keystroke(view, ids, db_path, qtbot):
    view.open_interview(ids["interview"])
    QTest.keyClicks(view.notes, "talks about LoRA rank 8")
    qtbot.waitUntil(lambda: saved_notes(db_path) == "talks about LoRA rank 8", timeout=1000)


def test_a_steady_typist_is_saved_while_still_typing(view, ids, db_path, qtbot):
    view.open_interview(ids["interview"])
    text = "x" * 400
    typed = []

    def type_one() -> None:
        if len(typed) < len(text):
            QTest.keyClick(view.notes, "x")
            typed.append(1)

    typer = QTimer(view)
    typer.timeout.connect(type_one)
    typer.start(20)  # never a pause long enough for the debounce alone
    qtbot.waitUntil(lambda: len(saved_notes(db_path)) >= 20, timeout=3000)
    assert len(typed) < len(text), "saved only once typing stopped"
    typer.stop()


def test_while_typing_the_next_save_is_never_more_than_half_a_second_away(view, ids, monkeypatch):
    """The view's own autosave timer on a fake clock: a key every 50 ms, never a pause. After each
    key the pending write is due at most 0.5 s after the first unsaved change (README)."""
    clock = [1000.0]
    monkeypatch.setattr(view_module, "time", SimpleNamespace(monotonic=lambda: clock[0],
                                                             perf_counter=time.perf_counter))
    view.open_interview(ids["interview"])
    view.save_now()  # start with nothing unsaved
    first = clock[0]
    for key in range(10):  # keys at 0, 50, ..., 450 ms
        clock[0] = first + key * 0.05
        QTest.keyClick(view.notes, "x")
        assert view.save_timer.isActive()
        assert clock[0] + view.save_timer.interval() / 1000 <= first + 0.5


def test_resume_offers_the_interrupted_interview_exactly_where_it_stopped(qtbot, store, ids):
    now = [1000.0]
    first = InterviewView(store, clock=lambda: now[0])
    qtbot.addWidget(first)
    first.open_interview(ids["interview"])
    first.go_to(1)
    QTest.keyClicks(first.notes, "half an answer")
    first.rate(2)
    first.rubric_checks[0].setChecked(True)
    now[0] += 125.0  # two minutes pass
    assert first.close_ok()  # the window closes (saves, lets go); a kill is covered by test_kill_resume

    second = InterviewView(store)
    qtbot.addWidget(second)
    resumed = []
    second.resume_accepted.connect(resumed.append)
    second.offer_resume()
    box = second.resume_box
    assert "question 2 of 3" in box.text() and "Ada Lovelace" in box.text()
    box.buttons()[0].click()
    assert resumed == [ids["interview"]]
    assert second.position == 1
    q = second.current_question()
    assert (second.notes.toPlainText(), q.rating, q.covered) == ("half an answer", 2, [0])
    assert second.rating_bar.buttons[2].isChecked() and second.rubric_checks[0].isChecked()
    assert second.elapsed_seconds() >= 125.0


def test_an_interview_set_aside_is_offered_to_continue_in_plain_words(view, store, ids):
    with store.transaction() as s:
        iv.begin_interview(s, ids["interview"])
        iv.update_progress(s, ids["interview"], current_position=1, elapsed_seconds=125.0, clock_paused=True)
        set_name = s.get(Interview, ids["interview"]).set.name
    view.offer_resume()
    box = view.resume_box
    assert box.text() == "Continue your interview with Ada Lovelace at question 2 of 3?"
    assert set_name in box.informativeText() and "2:05" in box.informativeText()
    assert "paused" in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["Continue Interview", "Not Now"]
    assert box.defaultButton().text() == "Continue Interview"
    assert "interrupted" not in (box.text() + box.informativeText() + box.windowTitle()).lower()


def test_nothing_is_offered_when_no_interview_was_interrupted(view, ids):
    view.offer_resume()
    assert view.resume_box is None


def test_the_window_resumes_on_start_and_flushes_on_close(qtbot, store, ids, db_path):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    with store.transaction() as s:
        iv.begin_interview(s, ids["interview"])
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.interview_view.resume_box is not None)
    window.interview_view.resume_box.buttons()[0].click()
    assert window.current_page_title() == "Interview"
    view = window.interview_view
    QTest.keyClicks(view.notes, "typed just before quitting")
    window.close()  # no wait for the debounce: closing writes it
    assert saved_notes(db_path) == "typed just before quitting"


def test_a_candidate_is_created_on_the_spot(view, store, ids, qtbot, monkeypatch):
    def fill(dialog: StartInterviewDialog):
        assert dialog.candidate.currentData() == NEW_CANDIDATE and dialog.interviewer.text() == "Rita"
        QTest.keyClicks(dialog.notes, "referred by Ada")
        dialog.accept()  # no name yet: refused with a message, the notes kept
        assert dialog.result() != dialog.DialogCode.Accepted and "name" in dialog.error.text()
        assert dialog.notes.toPlainText() == "referred by Ada"
        QTest.keyClicks(dialog.name, "Grace Hopper")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(StartInterviewDialog, "exec", fill)
    interview_id = view.start_from_set(ids["set"])
    assert view.live.candidate_name == "Grace Hopper" and view.live.id == interview_id
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert interview.status == "in_progress" and interview.candidate.notes == "referred by Ada"
        assert interview.candidate.role_id == "genai-engineer"  # the set's role by default


def test_an_existing_candidate_needs_no_name(view, store, ids, monkeypatch):
    def fill(dialog: StartInterviewDialog):
        dialog.candidate.setCurrentIndex(dialog.candidate.findData(ids["candidate"]))
        assert dialog.name.isHidden() and dialog.notes.isHidden()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(StartInterviewDialog, "exec", fill)
    interview_id = view.start_from_set(ids["set"])
    with store.session() as s:
        assert s.get(Interview, interview_id).candidate_id == ids["candidate"]


def test_a_sealed_scorecard_is_read_only_and_amendments_keep_history(view, store, ids, monkeypatch):
    with store.transaction() as s:
        iv.update_annotation(s, ids["interview"], 0, rating=2, notes="<b>not bold</b>")
        digest = iv.submit_interview(s, ids["interview"], recommendation="no", summary="Gaps")
    view.open_interview(ids["interview"])
    assert view.pages.currentWidget() is view.sealed_page and view.live is None
    assert view.scorecard.isReadOnly()
    text = view.scorecard.toPlainText()
    assert digest in text and "content matches its seal" in text and "<b>not bold</b>" in text
    assert "No amendments" in text

    def fill(dialog: AmendDialog):
        assert (dialog.rating.currentData(), dialog.notes.toPlainText()) == (2, "<b>not bold</b>")
        dialog.rating.setCurrentIndex(dialog.rating.findData(3))
        dialog.recommendation.setCurrentIndex(dialog.recommendation.findData("yes"))
        dialog.question.setCurrentIndex(2)
        dialog.rating.setCurrentIndex(dialog.rating.findData("skipped"))
        dialog.notes.setPlainText("Ran out of time")
        dialog.question.setCurrentIndex(0)  # edits are kept while moving between questions
        assert dialog.rating.currentData() == 3 and "changed" in dialog.question.itemText(2)
        assert dialog.changes() == {"recommendation": "yes", "annotations": {
            "0": {"rating": 3}, "2": {"skipped": True, "notes": "Ran out of time"}}}
        dialog.accept()
        assert dialog.result() != AmendDialog.DialogCode.Accepted and "reason" in dialog.error.text()
        QTest.keyClicks(dialog.reason, "Misheard the first answer")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", fill)
    view.amend_button.click()

    interview, annotations = saved(store, ids["interview"])
    assert interview.digest == digest and annotations[0].rating == 2  # the original is kept
    text = view.scorecard.toPlainText()
    assert "Misheard the first answer" in text and "Rita" in text
    assert "recommendation: No → Yes" in text and "question 1: rating 2 → 3" in text
    assert "question 3: skipped" in text and "question 3: notes edited" in text
    assert "Recommendation: Yes (amended)" in text
    assert "Ran out of time" in text


def test_others_ratings_stay_hidden_until_you_have_submitted(view, store, ids):
    with store.transaction() as s:
        sams = iv.create_interview(s, set_id=ids["set"], candidate_id=ids["candidate"], interviewer="Sam").id
        iv.update_annotation(s, sams, 0, rating=4, notes="Sam's private notes")
        iv.submit_interview(s, sams, recommendation="strong_yes", summary="Sam says great")
    view.open_interview(sams)
    text = view.scorecard.toPlainText()
    assert not view.scorecard_visible and "hidden" in text
    assert "Sam says great" not in text and "private notes" not in text and "Strong yes" not in text
    assert not view.amend_button.isEnabled() and not view.export_scorecard_button.isEnabled()

    with store.transaction() as s:  # Rita submits her own
        iv.submit_interview(s, ids["interview"], recommendation="no", summary="Rita's view")
    view.open_interview(sams)
    assert view.scorecard_visible and "Sam says great" in view.scorecard.toPlainText()


@pytest.fixture
def half_loop(store):
    """A two-interview loop: Rita's scorecard is submitted, Sam's interview is planned."""
    with store.transaction() as s:
        candidate = make_candidate(s, "Linus")
        loop = make_loop(s, candidate, sets=2)
        mine = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=candidate.id, interviewer="Rita").id
        iv.create_interview(s, set_id=loop.sets[1].id, candidate_id=candidate.id, interviewer="Sam")
        iv.submit_interview(s, mine, recommendation="yes", summary="ok")
        return loop.id, candidate.id, mine


@pytest.fixture
def exports(monkeypatch):
    calls = []
    monkeypatch.setattr(view_module, "export_pdf", lambda parent, store, kind, target: calls.append((kind, target)))
    return calls


def test_the_debrief_export_respects_the_loop_gate(view, store, half_loop, exports, monkeypatch):
    loop_id, candidate_id, mine = half_loop
    asked = []
    view.open_interview(mine)
    assert "closed" in view.debrief_label.text() and "Sam (planned)" in view.debrief_label.text()

    monkeypatch.setattr(view, "ask_debrief_override", lambda loop, why: asked.append(why) or False)
    view.export_debrief()
    assert exports == [] and "1 of 2" in asked[0]  # closed: asked to override, declined

    view.export_scorecard()
    assert exports == [("scorecard", mine)]
    with store.transaction() as s:
        iv.override_debrief(s, loop_id, by="Rita", reason="offer deadline")
    view.export_debrief()
    assert exports[-1] == ("debrief", candidate_id) and len(asked) == 1


def test_outside_a_loop_the_debrief_stays_closed_until_every_interview_is_in(view, store, ids, exports,
                                                                            monkeypatch, qtbot):
    """No loop, so no override either: the debrief, with everyone's ratings, waits for Rita's own."""
    with store.transaction() as s:
        sams = iv.create_interview(s, set_id=ids["set"], candidate_id=ids["candidate"], interviewer="Sam").id
        iv.update_annotation(s, sams, 0, rating=4, notes="Sam's private notes")
        iv.submit_interview(s, sams, recommendation="strong_yes", summary="Sam says great")
    told = []
    monkeypatch.setattr(view_module.QMessageBox, "information", lambda parent, title, text: told.append(text))
    view.open_interview(sams)
    assert not view.scorecard_visible and view.export_debrief_button.isEnabled()  # gated when clicked
    qtbot.mouseClick(view.export_debrief_button, Qt.MouseButton.LeftButton)
    assert exports == [] and "have not submitted your own scorecard" in told[0]

    with store.transaction() as s:  # Rita submits her own: every interview of the candidate is in
        iv.submit_interview(s, ids["interview"], recommendation="no", summary="Rita's view")
    view.open_interview(sams)
    qtbot.mouseClick(view.export_debrief_button, Qt.MouseButton.LeftButton)
    assert exports == [("debrief", ids["candidate"])] and len(told) == 1


def test_opening_the_debrief_early_asks_who_and_why(view, store, half_loop, exports, monkeypatch):
    loop_id, candidate_id, mine = half_loop

    def answer(dialog: DebriefOverrideDialog):
        assert "1 of 2" in dialog.intro.text() and dialog.by.text() == "Rita"
        dialog.accept()  # no reason: the dialog stays open and says so
        assert dialog.result() != dialog.DialogCode.Accepted and "reason" in dialog.error.text()
        QTest.keyClicks(dialog.reason, "offer deadline")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(DebriefOverrideDialog, "exec", answer)
    view.open_interview(mine)
    view.export_debrief()
    assert exports == [("debrief", candidate_id)] and "open" in view.debrief_label.text()
    with store.session() as s:
        loop = s.get(Loop, loop_id)
        assert (loop.debrief_override_by, loop.debrief_override_reason) == ("Rita", "offer deadline")


def test_user_text_shows_exactly_as_typed(view, store, ids):
    with store.transaction() as s:
        candidate = s.get(Interview, ids["interview"]).candidate
        candidate.name = "<b>Bobby</b> & Tables"
    view.open_interview(ids["interview"])
    assert view.candidate_label.textFormat() == Qt.TextFormat.PlainText
    assert view.candidate_label.text().startswith("<b>Bobby</b> & Tables")
    assert view.prompt_label.textFormat() == Qt.TextFormat.PlainText


def test_someone_elses_interview_in_progress_is_neither_offered_nor_opened(view, store, ids):
    with store.transaction() as s:
        sams = iv.create_interview(s, set_id=ids["set"], candidate_id=ids["candidate"], interviewer="Sam").id
        iv.begin_interview(s, sams)
        iv.update_annotation(s, sams, 0, rating=4, notes="Sam's private notes")
    view.offer_resume()
    assert view.resume_box is None  # Rita has nothing to resume
    view.open_interview(sams)
    assert view.live is None and not view.scorecard_visible
    assert "private notes" not in view.scorecard.toPlainText() and "Sam" in view.scorecard.toPlainText()
    with store.transaction() as s:
        iv.begin_interview(s, ids["interview"])
    view.offer_resume()
    assert "Ada Lovelace" in view.resume_box.text()


def test_the_start_page_lists_my_unfinished_interviews_to_continue(view, store, ids, qtbot):
    with store.transaction() as s:
        other = make_candidate(s, name="Grace Hopper")
        started = iv.create_interview(s, set_id=ids["set"], candidate_id=other.id, interviewer="Rita").id
        iv.begin_interview(s, started)
        iv.update_progress(s, started, current_position=2, elapsed_seconds=300.0)
        sams = iv.create_interview(s, set_id=ids["set"], candidate_id=other.id, interviewer="Sam").id
    view.refresh()
    listed = [view.unfinished.item(i) for i in range(view.unfinished.count())]
    # In progress first, then planned; Sam's interview is not Rita's to continue.
    assert [i.data(Qt.ItemDataRole.UserRole) for i in listed] == [started, ids["interview"]]
    assert sams not in [i.data(Qt.ItemDataRole.UserRole) for i in listed]
    assert "Grace Hopper" in listed[0].text() and "question 3 of 3" in listed[0].text() and "5:00" in listed[0].text()
    assert "not started" in listed[1].text()

    view.unfinished.setCurrentRow(0)
    qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert view.live is not None and view.live.id == started and view.position == 2
    QTest.keyClicks(view.notes, "set aside mid-answer")
    qtbot.mouseClick(view.set_aside_button, Qt.MouseButton.LeftButton)
    assert view.live is None and view.pages.currentWidget() is view.start_page
    assert saved(store, started)[1][2].notes == "set aside mid-answer"  # saved on the way out
    assert started in [view.unfinished.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.unfinished.count())]


def test_nothing_to_continue_says_so(view, store, ids):
    with store.transaction() as s:
        s.delete(s.get(Interview, ids["interview"]))
    view.refresh()
    assert view.unfinished.isHidden() and view.continue_button.isHidden()
    assert not view.nothing_unfinished.isHidden()


def test_the_whole_question_rubric_and_follow_ups_show_without_scrolling(view, store, qtbot):
    """The longest question in the bank (prompt, rubric and follow-ups together) fits the
    1100x800 view whole; the notes box keeps a usable height."""
    with store.transaction() as s:
        longest = max(s.scalars(select(Question)), key=lambda q: len(q.prompt) + sum(map(len, q.rubric))
                      + sum(map(len, q.follow_ups or [])) + 60 * len(q.rubric)).id
        one = InterviewSet(name="Longest", role_id="genai-engineer", level="mid",
                           items=[SetItem(question_id=longest, position=0)])
        s.add(one)
        s.flush()
        interview_id = iv.create_interview(s, set_id=one.id, candidate_id=make_candidate(s).id,
                                           interviewer="Rita").id
    view.open_interview(interview_id)
    qtbot.waitUntil(lambda: view.rubric_checks[-1].isVisible())  # new rows show on the next turn
    qtbot.waitUntil(lambda: view.question_scroll.verticalScrollBar().maximum() == 0)
    assert view.follow_ups_label.isVisible()
    assert view.notes.height() >= 140


def test_every_rating_anchor_stays_readable_on_a_narrow_window(view, ids, qtbot):
    view.open_interview(ids["interview"])
    view.resize(760, 700)
    bar = view.rating_bar
    qtbot.waitUntil(lambda: bar.buttons[1].width() < 140)
    for value, button in bar.buttons.items():
        head, *lines = button.text().split("\n")
        assert " ".join(lines) == bar.anchors[value]  # every word, in order
        metrics = button.fontMetrics()
        assert all(metrics.horizontalAdvance(line) <= button.width() - 8 for line in lines if " " in line)


def test_a_paused_clock_is_still_paused_when_the_interview_is_resumed(qtbot, store, ids):
    now = [1000.0]
    first = InterviewView(store, clock=lambda: now[0])
    qtbot.addWidget(first)
    first.open_interview(ids["interview"])
    now[0] += 90.0  # a minute and a half passes
    qtbot.mouseClick(first.pause_button, Qt.MouseButton.LeftButton)
    assert first.pause_button.text() == "Continue Clock"
    assert first.close_ok()  # the window closes; a kill later than half a second after the click loses nothing either

    second = InterviewView(store)
    qtbot.addWidget(second)
    second.open_interview(ids["interview"])
    assert second.pause_button.isChecked() and second.pause_button.text() == "Continue Clock"
    assert second.elapsed_seconds() == pytest.approx(90.0, abs=0.5)  # and it is not running
    qtbot.mouseClick(second.pause_button, Qt.MouseButton.LeftButton)  # continue
    second.flush()
    assert not saved(store, ids["interview"])[0].clock_paused


def test_a_long_name_in_a_narrow_window_is_shortened_whole_in_its_tooltip(view, store, ids, qtbot):
    with store.transaction() as s:
        s.get(Interview, ids["interview"]).candidate.name = "Maximiliane Oberhauser-Wijnaldum van der Berg"
    view.open_interview(ids["interview"])
    full = view.candidate_label.text()
    view.resize(700, 600)
    qtbot.waitUntil(lambda: view.candidate_label.toolTip() == full)
    assert view.candidate_label.width() <= view.width()  # shortened, not cut off nor widening the window
    assert not view.question_list.horizontalScrollBar().isVisible()
    view.resize(1600, 800)
    qtbot.waitUntil(lambda: view.candidate_label.toolTip() == "")  # all of it fits again


def test_the_model_answer_is_folded_until_opened_and_stays_as_left(qtbot, store, ids):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    with store.transaction() as s:
        first = s.get(Interview, ids["interview"]).annotations[0].question
        first.answer = "A strong answer names the trade-off and measures it."
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.show()
    view.open_interview(ids["interview"])
    toggle = view.answer_toggle
    assert toggle.isVisible() and not view.answer_label.isVisible()  # hidden by default
    assert toggle.accessibleName() == "Show the model answer"
    toggle.click()
    assert view.answer_label.isVisible() and "trade-off" in view.answer_label.text()
    assert toggle.accessibleName() == "Hide the model answer"

    again = InterviewView(store)  # the next interview opens it as it was left
    qtbot.addWidget(again)
    again.show()
    again.open_interview(ids["interview"])
    assert again.answer_label.isVisible()


def test_a_short_window_keeps_the_rubric_in_view_with_a_compact_rating_bar(qtbot, store, ids):
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.resize(785, 520)  # a 1280×800 screen at 200%
    view.show()
    qtbot.waitExposed(view)
    view.open_interview(ids["interview"])
    qtbot.waitUntil(lambda: view.rating_bar.compact)
    last = view.rubric_checks[-1]
    viewport = view.question_scroll.viewport()
    qtbot.waitUntil(lambda: last.mapTo(viewport, last.rect().bottomLeft()).y() <= viewport.height())
    assert view.rating_bar.height() < view_module.NOTES_MIN  # two lines, not the tall anchored buttons
    assert "Key 1" in view.rating_bar.buttons[1].toolTip() and view.rating_bar.buttons[1].accessibleName().startswith("Rate 1: ")
    view.resize(1100, 900)
    qtbot.waitUntil(lambda: not view.rating_bar.compact)  # a tall window: the anchors in full again
