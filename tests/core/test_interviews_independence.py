"""Independent scoring: no peeking before submitting, and the loop debrief gate."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.core import interviewing as iv
from desktop.core.storage.models import Loop
from tests.core.interview_fixtures import make_candidate, make_loop


def _loop_with_interviews(s, interviewers=("Rita", "Sam")):
    candidate = make_candidate(s)
    loop = make_loop(s, candidate, sets=len(interviewers))
    ids = [iv.create_interview(s, set_id=st.id, candidate_id=candidate.id, interviewer=who).id
           for st, who in zip(loop.sets, interviewers)]
    return candidate.id, loop.id, ids


def test_others_ratings_stay_hidden_until_you_submit_your_own(store):
    with store.transaction() as s:
        _, _, (rita, sam) = _loop_with_interviews(s)
        iv.update_annotation(s, sam, 0, rating=4)
        iv.submit_interview(s, sam, recommendation="strong_yes", summary="great")
        assert iv.scorecard_access(s, sam, "Sam").visible
        assert not iv.scorecard_access(s, sam, "Rita").visible
        assert not iv.scorecard_access(s, sam, "Someone else").visible
        iv.submit_interview(s, rita, recommendation="no", summary="gaps")
        assert iv.scorecard_access(s, sam, " rita ").visible


def test_interviews_of_a_loop_set_join_the_loop(store):
    with store.transaction() as s:
        _, loop_id, ids = _loop_with_interviews(s)
        assert {row["loop_id"] for row in iv.interview_rows(s)} == {loop_id}
        assert {row["loop"] for row in iv.interview_rows(s)} == {"Loop"}


def test_the_debrief_opens_when_every_interview_is_submitted(store):
    with store.transaction() as s:
        _, loop_id, (rita, sam) = _loop_with_interviews(s)
        is_open, why = iv.debrief_state(s, loop_id)
        assert not is_open and "0 of 2" in why and "Rita" in why and "Sam" in why
        iv.submit_interview(s, sam, recommendation="yes", summary="ok")
        is_open, why = iv.debrief_state(s, loop_id)
        assert not is_open and "1 of 2" in why and "Rita (planned)" in why
        iv.submit_interview(s, rita, recommendation="no", summary="gaps")
        assert iv.debrief_state(s, loop_id) == (True, "all 2 interviews are submitted")


def test_a_set_of_the_loop_without_an_interview_keeps_the_debrief_closed(store):
    with store.transaction() as s:
        candidate = make_candidate(s)
        loop = make_loop(s, candidate, sets=2)
        only = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=candidate.id, interviewer="Rita")
        iv.submit_interview(s, only.id, recommendation="yes", summary="ok")
        is_open, why = iv.debrief_state(s, loop.id)
        assert not is_open and "not started" in why


def test_an_early_debrief_is_possible_and_recorded(store):
    with store.transaction() as s:
        _, loop_id, _ = _loop_with_interviews(s)
        with pytest.raises(iv.InterviewError, match="reason"):
            iv.override_debrief(s, loop_id, by="Hiring manager", reason="")
        iv.override_debrief(s, loop_id, by="Hiring manager", reason="Candidate has a competing offer")
        is_open, why = iv.debrief_state(s, loop_id)
        loop = s.get(Loop, loop_id)
        assert is_open and "Hiring manager" in why and "competing offer" in why
        assert loop.debrief_override_by == "Hiring manager" and loop.debrief_override_at is not None
        with pytest.raises(iv.InterviewError, match="no loop"):
            iv.debrief_state(s, 999)


def test_the_app_s_two_views_agree_on_an_early_opened_loop(store):
    """An interviewer who has not submitted sees no one else's ratings, even after someone opened
    the debrief early; a hiring manager who interviewed nobody sees them once it is open."""
    from desktop.core.interviewing import override_debrief, scorecard_access
    from desktop.core.interviewing.access import same_person
    from desktop.core.interviewing.records import candidate_entries
    from tests.core.test_decisions import run_loop

    candidate_id = run_loop(store, {"Ana": 4, "Ben": 3, "Chen": 2, "Dee": 3}, submit=2)  # Chen, Dee drafting
    with store.transaction() as s:
        loop_id = s.scalars(text("SELECT id FROM loops")).first()
        override_debrief(s, loop_id, by="Hiring Manager", reason="offer deadline")
    with store.session() as s:
        ana = s.scalars(text("SELECT id FROM interviews WHERE interviewer = 'Ana'")).first()
        for viewer, expected in (("Chen", False), ("Hiring Manager", True), ("Ben", True)):
            entry = next(c for c in candidate_entries(s, viewer=viewer) if c.id == candidate_id)
            listed = next(i for loop in entry.loops for i in loop.interviews if i.interviewer == "Ana")
            assert scorecard_access(s, ana, viewer).visible is expected, viewer
            assert listed.visible is expected, viewer
    assert not same_person("", "") and not same_person(None, " ")
