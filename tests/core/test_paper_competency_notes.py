"""The interviewer's note on each competency on paper: under its rating on the scorecard (as
amended, through the anonymous export's name filter), and in the debrief's competency section."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core import interviewing as iv
from desktop.core.interviewing.competencies import assessed_competencies
from desktop.core.paper.common import ExportOptions
from desktop.core.paper.debrief import build_debrief
from desktop.core.paper.scorecard import build_scorecard
from desktop.core.storage.models import Competency, Interview
from tests.core.interview_fixtures import make_candidate, make_set
from tests.core.test_decisions import run_loop
from tests.core.test_paper_instrument import text_of


def sealed_with_notes(store, notes: dict[str, str]) -> int:
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s, "Ada Lovelace").id,
                                        interviewer="Ana Lima")
        iv.begin_interview(s, interview.id)
        for position in range(3):
            iv.update_annotation(s, interview.id, position, rating=3)
        iv.update_progress(s, interview.id, competency_notes=notes)
        iv.submit_interview(s, interview.id, recommendation="yes", summary="Solid")
        return interview.id


def test_each_competency_note_is_printed_under_its_rating_as_amended(store):
    interview_id = sealed_with_notes(store, {"ownership": "Ada wrote the post-mortem unprompted <and> shared it",
                                             "evaluation-judgment": "Trusted the metric too soon"})
    with store.transaction() as s:
        iv.amend_interview(s, interview_id, author="Ana Lima", reason="Reread my notes",
                           changes={"competency_notes": {"evaluation-judgment": "Asked what the metric misses"}})
        text = text_of(build_scorecard(s, interview_id))
        anonymous = text_of(build_scorecard(s, interview_id, ExportOptions(anonymous=True)))
        candidate_id = s.get(Interview, interview_id).candidate_id
    block = text[text.index("Ratings per competency"):text.index("Summary")]
    assert block.index("Evaluation judgment") < block.index("Asked what the metric misses") < block.index("Ownership")
    assert block.index("Ownership 3.00 3") < block.index("Ada wrote the post-mortem unprompted <and> shared it")
    assert "Trusted the metric too soon" not in block  # the amended note, the original in the history
    assert "Ada wrote" not in anonymous and f"[candidate #{candidate_id}] wrote the post-mortem" in anonymous


def test_a_scorecard_without_notes_prints_no_empty_note_rows(store):
    interview_id = sealed_with_notes(store, {})
    with store.session() as s:
        text = text_of(build_scorecard(s, interview_id))
    block = text[text.index("Ratings per competency"):text.index("Summary")]
    assert "Evaluation judgment 3.00 1 Ownership 3.00 3" in block


def test_the_debrief_lists_each_interviewers_notes_per_competency(store):
    candidate_id = run_loop(store, {"Ana": 3, "Ben": 2}, submit=0)
    with store.transaction() as s:
        interviews = s.scalars(select(Interview).where(Interview.candidate_id == candidate_id)
                               .order_by(Interview.id)).all()
        names = dict(s.execute(select(Competency.id, Competency.name)).all())
        noted = []
        for interview in interviews:
            competency = assessed_competencies(interview)[0]
            noted.append((interview.interviewer, names[competency]))
            iv.update_progress(s, interview.id, competency_notes={competency: f"{interview.interviewer}'s note"})
            iv.submit_interview(s, interview.id, recommendation="yes", summary="evidence")
        text = text_of(build_debrief(s, candidate_id))
    section = text[text.index("Notes per competency"):text.index("Recommendations")]
    for who, name in noted:
        assert name in section and f"{who}: {who}'s note" in section
