"""The wrap-up's note per competency is typed, autosaved and sealed; the scorecards in the app
show the notes, and say when a scorecard was rated on the global scale (before question anchors)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from desktop.core import interviewing as iv
from desktop.core.interviewing.competencies import GLOBAL_SCALE_LABEL
from desktop.core.storage.models import Interview
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui import candidates_view as candidates_module
from desktop.ui.candidates_view import CandidatesView
from desktop.ui.interview_view import InterviewView
from tests.core.interview_fixtures import make_candidate, make_set

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def interview_id(store):
    save_preferences(Preferences(interviewer_name="Rita"))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id, interviewer="Rita")
        return interview.id


def note_box(view: InterviewView, name: str) -> QPlainTextEdit:
    (box,) = [w for w in view.competency_notes.findChildren(QPlainTextEdit) if w.accessibleName() == f"Note on {name}"]
    return box


def stored_notes(db_path) -> str:
    """Read with plain sqlite3, another connection: only what really reached the database."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT competency_notes FROM interviews").fetchone()[0]


def test_a_competency_note_typed_in_the_wrap_up_is_autosaved_and_sealed(qtbot, store, db_path, interview_id):
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    view.open_interview(interview_id)
    view.go_to(len(view.live.questions))  # the wrap-up
    assert view.competency_notes.isVisible()
    assert {w.accessibleName() for w in view.competency_notes.findChildren(QPlainTextEdit)} == {
        "Note on Ownership", "Note on Evaluation judgment"}
    box = note_box(view, "Ownership")
    box.setFocus()
    QTest.keyClicks(box, "Owned the rollback <fully>")
    qtbot.waitUntil(lambda: "Owned the rollback <fully>" in stored_notes(db_path))
    assert view.save_label.text() == "All changes saved"

    # the recommendation and summary, then Submit, through the view
    view.recommendation_buttons["yes"].click()
    view.summary.setPlainText("Solid")
    view.ask_to_seal = lambda: True  # "Submit and Seal" in the confirmation
    view.submit()
    assert view.pages.currentWidget() is view.sealed_page
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert interview.competency_notes == {"ownership": "Owned the rollback <fully>"}
        assert iv.seal_state(interview).status == "ok"
    shown = view.scorecard.toPlainText()
    assert "Notes per competency" in shown and "Ownership\nOwned the rollback <fully>" in shown


def test_resuming_shows_the_notes_as_saved(qtbot, store, interview_id):
    with store.transaction() as s:
        iv.begin_interview(s, interview_id)
        iv.update_progress(s, interview_id, competency_notes={"evaluation-judgment": "Questioned the metric"})
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.open_interview(interview_id)
    view.go_to(len(view.live.questions))
    assert note_box(view, "Evaluation judgment").toPlainText() == "Questioned the metric"
    assert note_box(view, "Ownership").toPlainText() == ""


def test_the_candidates_view_shows_each_note_under_its_rating(qtbot, store, interview_id, monkeypatch):
    with store.transaction() as s:
        iv.begin_interview(s, interview_id)
        for position in range(3):
            iv.update_annotation(s, interview_id, position, rating=3)
        iv.update_progress(s, interview_id, competency_notes={"ownership": "Owned the rollback"})
        iv.submit_interview(s, interview_id, recommendation="yes", summary="Solid")
    monkeypatch.setattr(candidates_module, "load_preferences", lambda: Preferences(interviewer_name="Rita"))
    view = CandidatesView(store)
    qtbot.addWidget(view)
    view.refresh()
    assert view.select("interview", interview_id)
    text = view.card_competencies.text()
    assert "Ownership: 3.00 from 3 rated questions\n    Owned the rollback" in text
    assert GLOBAL_SCALE_LABEL not in view.card_meta.text()


def test_a_scorecard_from_before_question_anchors_says_it_was_rated_on_the_global_scale(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "schema_0003.sql").read_text(encoding="utf-8"))
    conn.close()
    store = Store(str(path))  # upgraded on opening
    try:
        monkeypatch.setattr(candidates_module, "load_preferences", lambda: Preferences(interviewer_name="Grace"))
        view = CandidatesView(store)
        qtbot.addWidget(view)
        view.refresh()
        assert view.select("interview", 1)
        assert GLOBAL_SCALE_LABEL in view.card_meta.text()
        save_preferences(Preferences(interviewer_name="Grace"))
        sealed = InterviewView(store)
        qtbot.addWidget(sealed)
        sealed.show_scorecard(1)
        assert GLOBAL_SCALE_LABEL in sealed.scorecard.toPlainText()
    finally:
        store.dispose()
