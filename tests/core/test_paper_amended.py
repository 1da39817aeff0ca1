"""Paper prints the scorecard as amended: an amendment made after sealing changes the debrief's
recommendations, tally, question matrix and means, and the scorecard's verdict, while the
amendment itself is listed and the seal still holds."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.interviewing import amend_interview, seal_state
from desktop.core.paper.debrief import build_debrief
from desktop.core.paper.scorecard import build_scorecard
from desktop.core.storage.models import Interview
from tests.core.test_decisions import run_loop
from tests.core.test_paper_instrument import text_of


def test_the_debrief_and_the_scorecard_print_the_amended_ratings_and_recommendation(store):
    candidate_id = run_loop(store, {"Ana": 2, "Ben": 2})
    with store.transaction() as s:
        ana = s.scalar(select(Interview).where(Interview.interviewer == "Ana"))
        before = text_of(build_debrief(s, candidate_id))
        every = {str(a.position): {"rating": 3} for a in ana.annotations}
        amend_interview(s, ana.id, author="Ana", reason="misread my notes",
                        changes={"annotations": every, "recommendation": "strong_yes"})
    with store.session() as s:
        ana = s.get(Interview, ana.id)
        assert seal_state(ana).ok
        asked = {i.interviewer: len(i.annotations) for i in s.scalars(select(Interview))}
        debrief = text_of(build_debrief(s, candidate_id))
        scorecard = text_of(build_scorecard(s, ana.id))
    assert "0 yes" in before and "Mean rating across the loop: 2.00" in before
    assert "1 yes (1 strong) and 1 no" in debrief  # the tally counts Ana's amended Strong yes
    mean = (3 * asked["Ana"] + 2 * asked["Ben"]) / (asked["Ana"] + asked["Ben"])
    assert f"Mean rating across the loop: {mean:.2f}" in debrief
    assert "Strong yes" in debrief
    assert "Strong yes" in scorecard and "recommendation: No → Strong yes" in scorecard
