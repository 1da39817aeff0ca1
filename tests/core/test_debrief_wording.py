"""A debrief waiting on, or opened by, a single interview reads right ("all 1 interviews" did not)."""

from __future__ import annotations

from desktop.core import interviewing as iv
from desktop.core.interviewing.access import debrief_gate
from desktop.core.interviewing.records import candidate_debrief_state, loop_debrief_open
from tests.core.interview_fixtures import make_candidate, make_loop, make_set


def test_one_interview_outside_a_loop(store):
    with store.transaction() as s:
        candidate = make_candidate(s)
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=candidate.id, interviewer="Rita")
        assert debrief_gate(s, candidate.id).why == "0 of 1 interview submitted; waiting for Rita (planned)"
        assert candidate_debrief_state(s, candidate.id)[1] == "0 of 1 interview submitted"
        iv.submit_interview(s, interview.id, recommendation="yes", summary="ok")
        assert debrief_gate(s, candidate.id).why == "the interview is submitted"
        assert candidate_debrief_state(s, candidate.id)[1] == "the interview is submitted"


def test_a_loop_of_one_and_of_two(store):
    with store.transaction() as s:
        candidate = make_candidate(s)
        single = make_loop(s, candidate, sets=1, name="Single")
        pair = make_loop(s, candidate, sets=2, name="Pair")
        one = iv.create_interview(s, set_id=single.sets[0].id, candidate_id=candidate.id, interviewer="Rita")
        iv.submit_interview(s, one.id, recommendation="yes", summary="ok")
        for st in pair.sets:
            done = iv.create_interview(s, set_id=st.id, candidate_id=candidate.id, interviewer="Sam")
            iv.submit_interview(s, done.id, recommendation="no", summary="gaps")
        assert iv.debrief_state(s, single.id) == (True, "the interview is submitted")
        assert iv.debrief_state(s, pair.id) == (True, "all 2 interviews are submitted")
        states = loop_debrief_open(s, {single.id, pair.id})
        assert states[single.id] == (True, "the interview is submitted")
        assert states[pair.id] == (True, "all 2 interviews are submitted")
