"""The Amend dialog corrects the note on each competency the interview assesses, one labelled
field each, and the correction is recorded beside the sealed scorecard."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from desktop.core import interviewing as iv
from desktop.core.storage.models import Interview
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui.interview_view import InterviewView
from desktop.ui.scorecard_dialogs import AmendDialog
from tests.core.interview_fixtures import make_candidate, make_set


def test_amending_corrects_the_note_on_each_assessed_competency(qtbot, store, monkeypatch):
    save_preferences(Preferences(interviewer_name="Rita"))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id, interviewer="Rita")
        iv.update_progress(s, interview.id, competency_notes={"ownership": "Owned the rollback"})
        iv.submit_interview(s, interview.id, recommendation="yes", summary="Solid")
        interview_id = interview.id
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.show()
    view.open_interview(interview_id)
    seen = {}

    def fill(dialog: AmendDialog):
        boxes = {w.accessibleName(): w for w in dialog.findChildren(QPlainTextEdit)
                 if w.accessibleName().startswith("Note on ")}
        seen["labels"] = set(boxes)
        assert boxes["Note on Ownership"].toPlainText() == "Owned the rollback"
        boxes["Note on Ownership"].setPlainText("Owned the rollback, then wrote the postmortem")
        QTest.keyClicks(boxes["Note on Evaluation judgment"], "Asked for a held-out set")
        QTest.keyClicks(dialog.reason, "Left out of the wrap-up")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", fill)
    view.amend_button.click()

    assert seen["labels"] == {"Note on Ownership", "Note on Evaluation judgment"}
    with store.session() as s:
        sealed = s.get(Interview, interview_id)
        assert iv.effective_scorecard(sealed)["competency_notes"] == {
            "ownership": "Owned the rollback, then wrote the postmortem",
            "evaluation-judgment": "Asked for a held-out set"}
        assert sealed.competency_notes == {"ownership": "Owned the rollback"}  # the original is kept
        assert iv.seal_state(sealed).status == "ok"
    assert "Asked for a held-out set" in view.scorecard.toPlainText()
