"""The composite by the role's weights, and decisions that must explain a departure from it."""

from __future__ import annotations

import pytest

from desktop.core.building import SetRequest, build_loop_in
from desktop.core.building.sets import SetDraft, save_loop
from desktop.core.interviewing import amend_interview, begin_interview, create_interview, override_debrief
from desktop.core.interviewing import submit_interview, update_annotation
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.competencies import competency_ratings
from desktop.core.interviewing.decisions import (
    HIRE_LINE,
    DecisionError,
    composite_for,
    decision_rows,
    record_decision,
    verify_decision,
)
from desktop.core.storage.models import Decision

ROLE = "prompt-engineer"


def run_loop(store, ratings_by_interviewer: dict[str, int], submit: int | None = None) -> int:
    """A candidate, a 4-interviewer loop for the role built by the builder, and interviews in
    which every question gets the interviewer's rating; `submit` of them are submitted."""
    with store.transaction() as s:
        candidate = create_candidate(s, name="Zoë Example", role_id=ROLE)
        built = build_loop_in(s, SetRequest(ROLE, "mid", minutes=45, seed=2), len(ratings_by_interviewer))
        drafts = [SetDraft.of(one.ids, role_id=ROLE, level="mid", params=one.request.params()) for one in built.sets]
        loop = save_loop(s, "Zoë's loop", drafts, role_id=ROLE, level="mid", candidate_id=candidate.id)
        s.flush()
        for i, (who, rating) in enumerate(ratings_by_interviewer.items()):
            interview = create_interview(s, set_id=loop.sets[i].id, candidate_id=candidate.id,
                                         interviewer=who, loop_id=loop.id)
            begin_interview(s, interview.id)
            for a in interview.annotations:
                update_annotation(s, interview.id, a.position, rating=rating)
            if submit is None or i < submit:
                submit_interview(s, interview.id, recommendation="yes" if rating >= 3 else "no",
                                 summary=f"{who}'s evidence")
        return candidate.id


def test_a_competency_rating_is_the_mean_of_the_questions_that_evidence_it():
    annotations = [{"position": 0, "rating": 4}, {"position": 1, "rating": 2},
                   {"position": 2, "rating": 1, "skipped": True}, {"position": 3, "rating": None}]
    evidence = {0: ("a", "b"), 1: ("a",), 2: ("b",), 3: ("c",)}
    got = competency_ratings(annotations, evidence, assessed=("a", "b", "c", "d"))
    assert (got["a"].rating, got["a"].questions) == (3.0, 2)
    assert (got["b"].rating, got["b"].questions) == (4.0, 1)  # the skipped one does not count
    assert got["c"].rating is None and got["d"].rating is None


def test_the_composite_weights_competencies_by_the_role(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 2, "Dee": 2})
    with store.session() as s:
        composite = composite_for(s, candidate_id)
    assert composite.role_id == ROLE and len(composite.columns) == 4
    assert set(composite.weights) == set(composite.competencies[:len(composite.weights)])
    # every competency of the role is rated by two interviewers (the builder assigned them)
    assert not composite.not_assessed
    expected = sum(composite.scores[c] * w for c, w in composite.weights.items()) / sum(composite.weights.values())
    assert composite.score == pytest.approx(expected, abs=0.01)
    assert composite.side == ("hire" if composite.score >= HIRE_LINE else "no_hire")


def test_amendments_change_the_composite(store):
    candidate_id = run_loop(store, {"Ana": 2, "Ben": 2, "Chen": 2, "Dee": 2})
    with store.transaction() as s:
        before = composite_for(s, candidate_id)
        assert before.score == 2.0 and before.side == "no_hire"
        first = before.columns[0]
        amend_interview(s, first.interview_id, author="Ana", reason="misread my notes",
                        changes={"annotations": {"0": {"rating": 4}}})
        after = composite_for(s, candidate_id)
    assert after.columns[0].amended and after.score > before.score


def test_a_decision_with_the_composite_needs_no_reason_and_is_sealed(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 3, "Chen": 4, "Dee": 3})
    with store.transaction() as s:
        d = record_decision(s, candidate_id, decision="hire", by="Hiring Manager")
        assert verify_decision(d) and d.composite >= HIRE_LINE and d.composite_side == "hire"
        with pytest.raises(DecisionError, match="already decided: Hire by Hiring Manager"):
            record_decision(s, candidate_id, decision="no_hire", by="Someone", reason="second thoughts")
    with store.transaction() as s:
        [row] = decision_rows(s)
        assert row.as_dict()["seal"] == "ok"
        s.get(Decision, row.id).reason = "edited later"
    with store.session() as s:
        assert decision_rows(s)[0].as_dict()["seal"] == "broken"


@pytest.mark.parametrize("decision", ["no_hire", "hold"])
def test_departing_from_the_composite_without_a_reason_is_refused(store, decision):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4})
    with store.transaction() as s:
        with pytest.raises(DecisionError, match="write"):
            record_decision(s, candidate_id, decision=decision, by="HM")
        d = record_decision(s, candidate_id, decision=decision, by="HM", reason="references were poor")
        assert d.reason == "references were poor" and d.composite_side == "hire"


def test_no_decision_before_the_debrief_opens(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4}, submit=2)
    with store.transaction() as s:
        with pytest.raises(DecisionError, match="debrief is not open yet: 2 of 4"):
            record_decision(s, candidate_id, decision="hire", by="HM")
        override_debrief(s, composite_for(s, candidate_id).loop_id, by="HM", reason="offer deadline")
        d = record_decision(s, candidate_id, decision="hire", by="HM")
        assert len(composite_for(s, candidate_id).columns) == 2 and verify_decision(d)


def test_an_unknown_decision_is_a_clear_error(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4})
    with store.transaction() as s:
        with pytest.raises(DecisionError, match="choose hire, no_hire or hold"):
            record_decision(s, candidate_id, decision="maybe", by="HM")


def test_a_decision_rewritten_with_a_fresh_digest_does_not_verify(store):
    """Anyone with the database can recompute a SHA-256; only the decider's key signs."""
    from desktop.core.interviewing.decisions import _content
    from desktop.core.interviewing.fields import _sha256

    candidate_id = run_loop(store, {"Ana": 4, "Ben": 3})
    with store.transaction() as s:
        d = record_decision(s, candidate_id, decision="hire", by="Hiring Manager")
        d.decision, d.reason = "no_hire", "changed my mind later"
        d.digest = _sha256(_content(d))
        assert not verify_decision(d)
