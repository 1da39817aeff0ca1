"""The structured-interview instrument on paper: competencies, composite and decision in the
debrief, ratings per competency on the scorecard, each question's own anchors in the packet."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from desktop.core.interviewing import amend_interview
from desktop.core.interviewing.decisions import composite_for, record_decision
from desktop.core.paper.debrief import build_debrief
from desktop.core.paper.packet import build_packet
from desktop.core.paper.scorecard import build_scorecard
from desktop.core.storage.models import Interview, Question
from tests.core.test_decisions import run_loop


def text_of(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_debrief_opens_with_the_competency_matrix_composite_and_decision(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 3, "Chen": 2, "Dee": 3})
    with store.transaction() as s:
        composite = composite_for(s, candidate_id)
        record_decision(s, candidate_id, decision="hold", by="Hiring Manager",
                        reason="Chen saw gaps in system design; a follow-up call settles it")
    with store.session() as s:
        text = text_of(build_debrief(s, candidate_id))
    first = text[:text.index("Recommendations")]
    assert "Competencies" in first
    for who in ("Ana", "Ben", "Chen", "Dee"):
        assert who in first
    for c in composite.competencies:
        assert composite.names[c] in first
    assert f"Composite {composite.score:.2f}" in first and "hire line of 2.5" in first
    assert "Decision" in first and "Hold" in first and "Hiring Manager" in first and "sealed" in first
    assert "a follow-up call settles it" in first


def test_the_debrief_says_when_no_decision_is_recorded(store):
    candidate_id = run_loop(store, {"Ana": 3, "Ben": 3, "Chen": 3, "Dee": 3})
    with store.session() as s:
        assert "No decision recorded yet" in text_of(build_debrief(s, candidate_id))


def test_an_amended_rating_changes_the_matrix(store):
    candidate_id = run_loop(store, {"Ana": 2, "Ben": 2, "Chen": 2, "Dee": 2})
    with store.transaction() as s:
        before = text_of(build_debrief(s, candidate_id))
        first = composite_for(s, candidate_id).columns[0]
        amend_interview(s, first.interview_id, author="Ana", reason="misread my notes",
                        changes={"annotations": {"0": {"rating": 4}}})
        after_composite = composite_for(s, candidate_id)
        after = text_of(build_debrief(s, candidate_id))
    assert "Composite 2.00" in before and f"Composite {after_composite.score:.2f}" in after
    assert after_composite.score != 2.0 and "(amended)" in after


def test_the_scorecard_shows_ratings_per_competency(store):
    candidate_id = run_loop(store, {"Ana": 3, "Ben": 3, "Chen": 3, "Dee": 3})
    with store.session() as s:
        interview = s.scalars(select(Interview).where(Interview.candidate_id == candidate_id)).first()
        names = {c for a in interview.annotations for c in (a.question.competencies or [])}
        text = text_of(build_scorecard(s, interview.id))
        from desktop.core.paper.common import competency_names
        shown = competency_names(s)
    assert "Ratings per competency" in text and "3.00" in text
    assert any(shown[c] in text for c in names)


def test_the_packet_prints_a_questions_own_anchors_and_red_flags(store):
    candidate_id = run_loop(store, {"Ana": 3, "Ben": 3, "Chen": 3, "Dee": 3})
    with store.session() as s:
        interview = s.scalars(select(Interview).where(Interview.candidate_id == candidate_id)).first()
        anchored = [e.question for e in interview.set.items if len(e.question.anchors or []) == 4]
        assert anchored, "the bundled bank has questions with anchors"
        text = text_of(build_packet(s, interview.set_id))
        from desktop.core.paper.common import competency_names
        assessed = [competency_names(s)[c] for c in interview.set.params["competencies"]]
    words = " ".join(anchored[0].anchors[3].split()[:4])
    assert words in text
    if anchored[0].red_flags:
        assert " ".join(anchored[0].red_flags[0].split()[:3]) in text
    assert assessed and "ASSESSES " + ", ".join(assessed) in text
