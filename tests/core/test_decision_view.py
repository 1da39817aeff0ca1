"""The decision area's data: the matrix and composite once the debrief is open, the decision
taken, and a scorecard's ratings per competency."""

from __future__ import annotations

from desktop.core.interviewing.decision_view import decision_panel, scorecard_competencies
from desktop.core.interviewing.decisions import composite_for, record_decision
from desktop.core.interviewing.records import candidate_entries, scorecard_detail
from tests.core.test_decisions import run_loop


def test_the_matrix_waits_for_the_debrief(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 2, "Dee": 3}, submit=3)
    with store.session() as s:
        closed = decision_panel(s, candidate_id, viewer="HM")
        assert not closed.available and "3 of 4" in closed.why and not closed.rows
        assert not decision_panel(s, candidate_id, viewer="Dee").available  # not submitted yet


def test_once_open_the_matrix_names_competencies_and_gives_the_composite_and_its_side(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 2, "Dee": 3})
    with store.session() as s:
        panel = decision_panel(s, candidate_id, viewer="HM")
        composite = composite_for(s, candidate_id)
    assert panel.available and panel.interviewers == ("Ana", "Ben", "Chen", "Dee")
    assert panel.composite == composite.score and panel.side == composite.side
    assert [r.name for r in panel.rows][0] == composite.names[composite.competencies[0]]  # names, not ids
    assert all(sum(c is not None for c in r.cells) >= 2 for r in panel.rows if r.weight)
    assert set(panel.needs_reason) == {"hold", "no_hire" if panel.side == "hire" else "hire"}
    assert panel.decision is None


def test_the_recorded_decision_shows_with_who_when_and_its_seal(store):
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4})
    with store.transaction() as s:
        record_decision(s, candidate_id, decision="hold", by="Hiring Manager", reason="one more reference")
    with store.session() as s:
        d = decision_panel(s, candidate_id, viewer="Ana").decision
    assert (d.label, d.decided_by, d.reason, d.sealed) == ("Hold", "Hiring Manager", "one more reference", True)


def test_a_scorecard_shows_its_ratings_per_competency_assigned_first(store):
    run_loop(store, {"Ana": 4, "Ben": 2, "Chen": 3, "Dee": 3}, submit=1)
    with store.session() as s:
        [entry] = candidate_entries(s, viewer="Ana", text="Zoë")
        first = entry.loops[0].interviews[0]
        lines = scorecard_competencies(s, scorecard_detail(s, first.id, viewer="Ana"))
        hidden = scorecard_competencies(s, scorecard_detail(s, first.id, viewer="Ben"))  # Ben has not submitted
    assigned = [line for line in lines if line.assigned]
    assert 2 <= len(assigned) <= 3 and lines[:len(assigned)] == assigned
    assert all(line.rating == 4.0 and line.questions >= 1 for line in assigned)
    assert hidden == []
