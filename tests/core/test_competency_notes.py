"""One note per competency on the scorecard: set while the interview is open (autosaved like the
summary), only for the competencies the interview assesses, sealed with it and amendable."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.core import interviewing as iv
from desktop.core.interviewing.autosave import PendingChanges, save_pending
from desktop.core.interviewing.competencies import assessed_competencies, note_fields
from desktop.core.interviewing.records import scorecard_detail
from desktop.core.storage.models import Interview
from tests.core.interview_fixtures import make_candidate, make_set

NOW = datetime(2026, 11, 20, 10, 0, 0)
NOTE = "Owned the outage review end to end — wrote the post-mortem <unprompted> & shared it."


def open_interview(store) -> int:
    """A begun interview on the first three bundled questions (ownership, evaluation judgement)."""
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Ana Lima")
        iv.begin_interview(s, interview.id, now=NOW)
        return interview.id


def submit(store, interview_id: int) -> None:
    with store.transaction() as s:
        for position in range(3):
            iv.update_annotation(s, interview_id, position, rating=3)
        iv.submit_interview(s, interview_id, recommendation="yes", summary="Solid", now=NOW + timedelta(minutes=40))


def notes_of(store, interview_id: int) -> dict:
    with store.session() as s:
        return dict(s.get(Interview, interview_id).competency_notes)


def test_the_interview_assesses_the_competencies_of_its_questions_and_a_note_is_kept_for_each(store):
    interview_id = open_interview(store)
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert assessed_competencies(interview) == ("ownership", "evaluation-judgment")
        assert [(f.competency, f.name, f.text) for f in note_fields(s, interview)] == [
            ("evaluation-judgment", "Evaluation judgment", ""), ("ownership", "Ownership", "")]
    with store.transaction() as s:
        iv.update_progress(s, interview_id, competency_notes={"ownership": NOTE, "evaluation-judgment": "  "})
    assert notes_of(store, interview_id) == {"ownership": NOTE}  # a blank note is no note


def test_a_note_on_a_competency_the_interview_does_not_assess_is_refused_in_one_line(store):
    interview_id = open_interview(store)
    with store.transaction() as s, pytest.raises(iv.InterviewError) as error:
        iv.update_progress(s, interview_id, competency_notes={"prompting-craft": "Great prompts"})
    assert str(error.value) == ("this interview does not assess prompting-craft "
                                "(it assesses: ownership, evaluation-judgment)")
    with store.transaction() as s, pytest.raises(iv.InterviewError):
        iv.update_progress(s, interview_id, competency_notes=["ownership"])
    assert notes_of(store, interview_id) == {}


def test_notes_are_autosaved_like_the_summary_and_refused_once_sealed(store):
    interview_id = open_interview(store)
    pending = PendingChanges(interview_id)
    pending.set_progress(competency_notes={"ownership": "first"})
    pending.set_progress(competency_notes={"ownership": NOTE, "evaluation-judgment": "Checked the metric"})
    save_pending(store, pending.take())
    assert notes_of(store, interview_id) == {"ownership": NOTE, "evaluation-judgment": "Checked the metric"}
    submit(store, interview_id)
    pending.set_progress(competency_notes={"ownership": "too late"})
    with pytest.raises(iv.InterviewSealedError):
        save_pending(store, pending.take())
    assert notes_of(store, interview_id)["ownership"] == NOTE


def test_the_seal_covers_the_notes(store, db_path):
    interview_id = open_interview(store)
    with store.transaction() as s:
        iv.update_progress(s, interview_id, competency_notes={"ownership": NOTE})
    submit(store, interview_id)
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert iv.seal_state(interview).status == "ok"
        assert iv.effective_scorecard(interview)["competency_notes"] == {"ownership": NOTE}
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE interviews SET competency_notes = ? WHERE id = ?",
                     ('{"ownership": "Never took ownership"}', interview_id))
    conn.close()
    with store.session() as s:
        state = iv.seal_state(s.get(Interview, interview_id))
    assert state.broken and state.problems == ("competency notes changed",)


def test_a_note_added_to_a_scorecard_sealed_without_notes_breaks_its_seal(store, db_path):
    interview_id = open_interview(store)
    submit(store, interview_id)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE interviews SET competency_notes = ? WHERE id = ?", ('{"ownership": "added"}', interview_id))
    conn.close()
    with store.session() as s:
        assert iv.seal_state(s.get(Interview, interview_id)).problems == ("competency notes changed",)


def test_notes_are_amended_with_the_chain_intact_and_described(store):
    interview_id = open_interview(store)
    with store.transaction() as s:
        iv.update_progress(s, interview_id, competency_notes={"ownership": "Owned it"})
    submit(store, interview_id)
    with store.transaction() as s:
        iv.amend_interview(s, interview_id, author="Ana Lima", reason="Forgot the metric discussion",
                           changes={"competency_notes": {"evaluation-judgment": "Questioned the metric", "ownership": ""}},
                           now=NOW + timedelta(hours=1))
        with pytest.raises(iv.InterviewError, match="does not assess prompting-craft"):
            iv.amend_interview(s, interview_id, author="Ana Lima", reason="x",
                               changes={"competency_notes": {"prompting-craft": "no"}})
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert iv.seal_state(interview).status == "ok"
        assert interview.competency_notes == {"ownership": "Owned it"}  # the sealed record stays
        card = iv.effective_scorecard(interview)
        assert card["competency_notes"] == {"evaluation-judgment": "Questioned the metric"} and card["amended"]
        assert iv.amendment_history(interview)[0]["lines"] == [
            "note on Evaluation judgment added", "note on Ownership removed"]
        detail = scorecard_detail(s, interview_id, viewer="Ana Lima")
        assert detail.competency_notes == {"evaluation-judgment": "Questioned the metric"}
        assert detail.amendments[0].changes == "note on Evaluation judgment added; note on Ownership removed"


def test_the_notes_stay_hidden_from_another_interviewer_of_the_candidate(store):
    interview_id = open_interview(store)
    with store.transaction() as s:
        iv.update_progress(s, interview_id, competency_notes={"ownership": NOTE})
        interview = s.get(Interview, interview_id)
        other = iv.create_interview(s, set_id=make_set(s, name="second").id, candidate_id=interview.candidate_id,
                                    interviewer="Bruno Costa")
        assert other.rating_scale == "anchored"
    submit(store, interview_id)
    with store.session() as s:
        assert scorecard_detail(s, interview_id, viewer="Bruno Costa").competency_notes == {}
        assert scorecard_detail(s, interview_id, viewer="Ana Lima").competency_notes == {"ownership": NOTE}
