"""The decision area shows the strictness-adjusted composite beside the raw one, as the debrief
PDF does: the same core function, the same words, clearly context only."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.insight.adjusted import LABEL, adjusted_for
from desktop.core.insight.simulate import simulate
from desktop.core.interviewing.decisions import composite_for
from desktop.core.storage.models import Candidate
from desktop.ui.decision_area import DecisionArea


def test_the_adjusted_composite_sits_beside_the_raw_one(qtbot, store):
    with store.transaction() as s:
        simulate(s, candidates=40, interviewers=5, seed=11)  # 32 interviews each: all estimated
    with store.session() as s:
        candidate_id = s.scalars(select(Candidate.id).order_by(Candidate.id)).first()
        raw = composite_for(s, candidate_id).score
        adjusted = adjusted_for(s, candidate_id)
    assert adjusted is not None and adjusted.score != raw
    area = DecisionArea(store)
    qtbot.addWidget(area)
    area.show()
    area.show_candidate(candidate_id, viewer="Hiring Manager")
    assert area.composite.text().startswith(f"Composite {raw:.2f}")  # the raw one, untouched
    qtbot.waitUntil(lambda: area.adjusted.isVisible())
    text = area.adjusted.text()
    assert text == f"{LABEL}: {adjusted.score:.2f} (raw composite {raw:.2f})."
    assert "context only" in text and "the decision follows the raw composite" in text


def test_with_too_few_interviews_it_says_why_there_is_no_adjusted_figure(qtbot, store):
    from tests.core.test_decisions import run_loop

    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4})
    area = DecisionArea(store)
    qtbot.addWidget(area)
    area.show()
    area.show_candidate(candidate_id, viewer="Hiring Manager")
    qtbot.waitUntil(lambda: area.adjusted.isVisible())
    assert area.adjusted.text().startswith("Adjusted for interviewer strictness: not shown (too few interviews")
