"""The Candidates & Scorecards view as a hiring manager and as an interviewer use it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.core import demo
from desktop.core import interviewing
from desktop.core.storage.models import Amendment, Candidate, Loop
from desktop.core.storage.preferences import Preferences
from desktop.ui import candidates_view as view_module
from desktop.ui.candidates_model import CandidatesTreeModel as M
from desktop.ui.candidates_model import ScoresModel
from desktop.ui.candidates_view import CandidatesView
from desktop.ui.scorecard_dialogs import AmendDialog, DebriefOverrideDialog, NewCandidateDialog
from desktop.ui.start_interview_dialog import StartInterviewDialog


@pytest.fixture
def story(store):
    with store.transaction() as s:
        return demo.create_demo(s)


@pytest.fixture
def me(monkeypatch):
    """Who is looking: the interviewer name from Preferences."""
    who = {"name": ""}
    monkeypatch.setattr(view_module, "load_preferences", lambda: Preferences(interviewer_name=who["name"]))
    return who


@pytest.fixture
def exported(monkeypatch):
    calls = []
    monkeypatch.setattr("desktop.ui.export_actions.export_pdf",
                        lambda parent, store, kind, target: calls.append((kind, target)))
    return calls


def make_view(qtbot, store) -> CandidatesView:
    view = CandidatesView(store)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    view.refresh()
    return view


def cell(view, kind, item_id, column):
    index = view.model.index_of(kind, item_id)
    return view.model.data(index.siblingAtColumn(column), Qt.ItemDataRole.DisplayRole)


def join_loop(store, story, name) -> int:
    with store.transaction() as s:
        return interviewing.create_interview(s, set_id=story.set_ids[0], candidate_id=story.candidate_id,
                                           interviewer=name, loop_id=story.loop_id).id


def test_lists_candidates_loops_and_interviews_with_status_and_scores(qtbot, store, story, me):
    view = make_view(qtbot, store)
    assert view.model.rowCount() == 2
    assert cell(view, "candidate", story.candidate_id, M.COL_NAME).startswith("Jordan Avery")
    assert cell(view, "candidate", story.candidate_id, M.COL_STATUS) == "4 of 4 submitted"
    assert cell(view, "loop", story.loop_id, M.COL_STATUS) == "4 of 4 submitted · debrief open"
    marcus = story.interview_ids[1]
    assert cell(view, "interview", marcus, M.COL_NAME) == "Marcus Webb  ·  Fine-tuning and retrieval"
    assert cell(view, "interview", marcus, M.COL_STATUS) == "submitted"
    assert cell(view, "interview", marcus, M.COL_RECOMMENDATION) == "Strong yes"
    assert cell(view, "interview", marcus, M.COL_SCORE) == "3.40"
    assert cell(view, "interview", story.in_progress_interview_id, M.COL_STATUS) == "in progress"
    loop_index = view.model.index_of("loop", story.loop_id)
    assert view.model.rowCount(loop_index) == 4 and view.tree.isExpanded(loop_index)


def test_a_sealed_scorecard_in_detail(qtbot, store, story, me):
    view = make_view(qtbot, store)
    assert view.select("interview", story.interview_ids[1])
    assert view.details.currentIndex() == 2
    assert view.card_recommendation.text() == "Recommendation: Strong yes   ·   mean rating 3.40"
    assert view.card_summary.text().startswith("Has shipped a fine-tuned model")
    assert view.scores_model.rowCount() == 5
    rating = view.scores_model.index(1, ScoresModel.COL_RATING).data()
    assert rating == "4 · Exceptional, beyond the rubric"
    assert "Best answer of the day" in view.scores_model.index(1, ScoresModel.COL_NOTES).data()
    with store.session() as s:
        digest = s.get(interviewing.Interview, story.interview_ids[1]).digest
    assert digest in view.card_seal.text() and "seal verified" in view.card_seal.text()
    assert view.amendments_label.text() == "No amendments"
    # The debrief is open: anyone may read and print it; only Marcus may amend his own.
    assert not view.amend_button.isEnabled() and view.export_scorecard_button.isEnabled()
    me["name"] = "marcus webb"
    view = make_view(qtbot, store)
    assert view.select("interview", story.interview_ids[1])
    assert view.amend_button.isEnabled() and view.export_scorecard_button.isEnabled()


def test_filter_as_you_type(qtbot, store, story, me):
    view = make_view(qtbot, store)
    qtbot.keyClicks(view.filter_edit, "sam")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert cell(view, "candidate", story.second_candidate_id, M.COL_NAME).startswith("Sam Rivera")
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "%'\"<b>")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.details.currentIndex() == 0 and "No candidates match" in view.empty_page.text()
    view.filter_edit.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)


def test_an_interviewer_sees_hidden_until_they_submit(qtbot, store, story, me):
    me["name"] = "Grace Hopper"
    mine = join_loop(store, story, "Grace Hopper")
    view = make_view(qtbot, store)
    marcus = story.interview_ids[1]
    assert cell(view, "interview", marcus, M.COL_RECOMMENDATION) == "hidden until you submit"
    assert cell(view, "interview", marcus, M.COL_SCORE) == "—"
    assert cell(view, "loop", story.loop_id, M.COL_STATUS) == "4 of 5 submitted · debrief closed"
    view.select("interview", marcus)
    assert view.card_recommendation.text() == "Ratings and recommendation hidden until you submit"
    assert "Strong yes" not in view.card_summary.text()
    shown = {view.scores_model.index(r, c).data() for r in range(5)
             for c in (ScoresModel.COL_RATING, ScoresModel.COL_NOTES)}
    assert shown == {"hidden until you submit"}
    assert not view.amend_button.isEnabled() and not view.export_scorecard_button.isEnabled()
    assert not view.open_button.isEnabled()
    view.select("interview", mine)
    assert view.open_button.isEnabled() and view.open_button.text() == "Start Interview"

    with store.transaction() as s:
        for position in range(5):
            interviewing.update_annotation(s, mine, position, rating=3, notes="fine")
        interviewing.submit_interview(s, mine, recommendation="yes", summary="Solid.")
    view.refresh()
    assert cell(view, "interview", marcus, M.COL_RECOMMENDATION) == "Strong yes"
    view.select("interview", marcus)
    assert view.card_recommendation.text().startswith("Recommendation: Strong yes")


def test_open_or_resume_asks_the_interview_view(qtbot, store, story, me):
    me["name"] = "Priya Raman"
    view = make_view(qtbot, store)
    view.select("interview", story.in_progress_interview_id)
    assert view.open_button.text() == "Resume Interview"
    with qtbot.waitSignal(view.open_interview_requested) as signal:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert signal.args == [story.in_progress_interview_id]
    view.tree.setFocus()
    with qtbot.waitSignal(view.open_interview_requested) as signal:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert signal.args == [story.in_progress_interview_id]


def test_amend_records_a_correction_beside_the_seal(qtbot, store, story, me, monkeypatch):
    me["name"] = "Elena Sokolova"
    target = story.interview_ids[2]

    def fill(dialog: AmendDialog):
        qtbot.keyClicks(dialog.reason, "Misread my notes on question 2")
        dialog.recommendation.setCurrentIndex(dialog.recommendation.findData("yes"))
        dialog.question.setCurrentIndex(dialog.question.findData(1))
        dialog.rating.setCurrentIndex(dialog.rating.findData(3))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", fill)
    view = make_view(qtbot, store)
    view.select("interview", target)
    qtbot.mouseClick(view.amend_button, Qt.MouseButton.LeftButton)

    assert cell(view, "interview", target, M.COL_RECOMMENDATION) == "Yes"
    assert cell(view, "interview", target, M.COL_STATUS) == "submitted · amended"
    assert view.card_recommendation.text().endswith("amended")
    assert view.scores_model.index(1, ScoresModel.COL_RATING).data().endswith("(amended)")
    assert view.amendments_label.text() == "Amendment history (1)"
    assert view.amendments_model.index(0, 1).data() == "Elena Sokolova"
    assert view.amendments_model.index(0, 3).data() == "recommendation: No → Yes; question 2: rating 2 → 3"
    assert "seal verified" in view.card_seal.text()
    with store.session() as s:
        interview = s.get(interviewing.Interview, target)
        assert interview.recommendation == "no" and interviewing.verify_seal(interview)


def test_amend_without_a_reason_keeps_the_dialog_open_and_what_was_typed(qtbot, store, story, me, monkeypatch):
    me["name"] = "Priya Raman"
    ok = []

    def fill(dialog: AmendDialog):
        dialog.show()
        ok.append(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
        dialog.summary.setPlainText("A corrected summary <with> & odd 'text'")
        dialog.notes.setPlainText("Notes <kept> too")
        qtbot.mouseClick(ok[0], Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.result() == 0
        assert dialog.error.isVisible() and "reason" in dialog.error.text()  # the core's message
        assert dialog.summary.toPlainText() == "A corrected summary <with> & odd 'text'"
        assert dialog.notes.toPlainText() == "Notes <kept> too"
        with store.session() as s:
            assert s.query(Amendment).count() == 0
        qtbot.keyClicks(dialog.reason, "Typo in the summary")
        qtbot.mouseClick(ok[0], Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", fill)
    view = make_view(qtbot, store)
    view.select("interview", story.interview_ids[0])
    qtbot.mouseClick(view.amend_button, Qt.MouseButton.LeftButton)
    assert ok[0].text() == "Record Amendment"
    with store.session() as s:
        (amendment,) = s.query(Amendment).all()
        assert amendment.changes == {"summary": "A corrected summary <with> & odd 'text'",
                                     "annotations": {"0": {"notes": "Notes <kept> too"}}}
        assert amendment.author == "Priya Raman"
    assert view.amendments_label.text() == "Amendment history (1)"


def test_export_scorecard_and_debrief(qtbot, store, story, me, exported):
    view = make_view(qtbot, store)
    view.select("interview", story.interview_ids[0])
    qtbot.mouseClick(view.export_scorecard_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.export_debrief_button, Qt.MouseButton.LeftButton)
    assert exported == [("scorecard", story.interview_ids[0]), ("debrief", story.candidate_id)]


def test_a_closed_debrief_asks_who_and_why_and_records_the_override(qtbot, store, story, me, exported, monkeypatch):
    me["name"] = "Hiring Manager"
    join_loop(store, story, "Grace Hopper")
    answers = iter([None, ("Hiring Manager", "Offer deadline today")])

    def answer(dialog: DebriefOverrideDialog):
        reply = next(answers)
        if reply is None:
            dialog.reject()
        else:
            dialog.by.setText(reply[0])
            qtbot.keyClicks(dialog.reason, reply[1])
            dialog.accept()
        return dialog.result()

    monkeypatch.setattr(DebriefOverrideDialog, "exec", answer)
    view = make_view(qtbot, store)
    view.select("loop", story.loop_id)
    qtbot.mouseClick(view.export_debrief_button, Qt.MouseButton.LeftButton)  # cancelled
    assert exported == []
    qtbot.mouseClick(view.export_debrief_button, Qt.MouseButton.LeftButton)
    assert exported == [("debrief", story.candidate_id)]
    with store.session() as s:
        loop = s.get(Loop, story.loop_id)
        assert loop.debrief_override_by == "Hiring Manager"
        assert loop.debrief_override_reason == "Offer deadline today"
    assert cell(view, "loop", story.loop_id, M.COL_STATUS) == "4 of 5 submitted · debrief open"


def test_new_candidate_is_created_and_selected(qtbot, store, story, me, monkeypatch):
    def fill(dialog: NewCandidateDialog):
        dialog.accept()  # no name yet: refused, dialog stays
        assert "name" in dialog.error.text()
        dialog.name.setText("Zoë <b>O'Brien</b> & Co")  # QTest.keyClicks types ASCII only
        dialog.role.setCurrentIndex(dialog.role.findData("prompt-engineer"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewCandidateDialog, "exec", fill)
    view = make_view(qtbot, store)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        created = s.query(Candidate).filter_by(name="Zoë <b>O'Brien</b> & Co").one()
        assert created.role_id == "prompt-engineer"
    assert view.current_key() == ("candidate", created.id)
    # Typed text is shown as text, never as markup.
    shown = QTextDocument()
    shown.setHtml(view.summary_page.text())
    assert shown.toPlainText().startswith("Zoë <b>O'Brien</b> & Co\n")


CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView)


def unnamed(widget: QWidget) -> list[str]:
    return [f"{type(w).__name__} {w.text() if hasattr(w, 'text') else ''}" for w in widget.findChildren(QWidget)
            if isinstance(w, CONTROLS) and not w.accessibleName().strip()
            and not (w.parent() and isinstance(w.parent(), QComboBox)) and not w.objectName().startswith("qt_")]


def test_every_control_has_an_accessible_name(qtbot, store, story, me):
    view = make_view(qtbot, store)
    with store.session() as s:
        card = interviewing.effective_scorecard(s.get(interviewing.Interview, story.interview_ids[0]))
    dialogs = [NewCandidateDialog([("r", "Role")], lambda **f: 1, view),
               AmendDialog(card, ["A question"] * len(card["annotations"]), "me", lambda **f: None, view),
               DebriefOverrideDialog("waiting", "me", lambda **f: None, view),
               StartInterviewDialog(store, story.set_ids[0], lambda **f: 1, view)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    assert [p for w in [view, *dialogs] for p in unnamed(w)] == []


def _rows(model, parent=None):
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, M.COL_NAME, parent)
        yield index
        yield from _rows(model, index)


def test_names_of_candidates_and_sets_are_whole_in_a_small_window(qtbot, store, story, me):
    """At 1024x768 (the page is ~790 px beside the navigation) no name in the tree is cut, and
    each whole name is its tooltip's first line and its accessible text."""
    view = make_view(qtbot, store)
    view.resize(790, 700)
    qtbot.waitUntil(lambda: view.tree.viewport().width() < 790)
    indexes = list(_rows(view.model))
    assert len(indexes) == 8  # two candidates, a loop, five interviews
    for index in indexes:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        font = index.data(Qt.ItemDataRole.FontRole) or view.tree.font()
        needed = QFontMetrics(font).horizontalAdvance(text)
        assert view.tree.visualRect(index).width() > needed, text
        assert index.data(Qt.ItemDataRole.ToolTipRole).splitlines()[0] == text
        assert index.data(Qt.ItemDataRole.AccessibleTextRole) == text


def test_who_is_looking_reads_on_one_line_in_a_small_window(qtbot, store, story, me):
    me["name"] = "Priya Raman"
    view = make_view(qtbot, store)
    view.resize(790, 700)
    qtbot.waitUntil(lambda: view.width() == 790)
    label = view.viewer_label
    assert label.text() == "You are Priya Raman"
    assert label.width() > label.fontMetrics().horizontalAdvance(label.text())  # not wrapped to two lines
