"""The one access module: who may see whose ratings, continue or amend an interview, open and
export a debrief or a scorecard. The app's views, the command line and the PDFs ask it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.core import interviewing as iv
from desktop.core.interviewing import access
from desktop.core.interviewing.records import candidate_entries, scorecard_detail
from desktop.core.paper import build_pdf
from desktop.core.storage.models import Interview, Loop
from tests.core.test_decisions import run_loop

LOOP = {"Ana": 4, "Ben": 3, "Chen": 2, "Dee": 3}


def ids_by_name(s, candidate_id: int) -> dict[str, int]:
    return {i.interviewer: i.id for i in s.scalars(select(Interview).where(Interview.candidate_id == candidate_id))}


@pytest.fixture
def half(store):
    """Zoë's loop of four: Ana and Ben submitted, Chen and Dee still drafting."""
    candidate_id = run_loop(store, LOOP, submit=2)
    with store.session() as s:
        return candidate_id, ids_by_name(s, candidate_id)


def test_an_empty_name_is_nobody(store, half):
    candidate_id, ids = half
    with store.session() as s:
        for nobody in ("", "   ", None):
            assert not access.same_person(nobody, nobody)
            assert not access.may_continue(s, ids["Chen"], nobody)
            assert not access.may_amend(s, ids["Ana"], nobody)
            assert not access.scorecard_access(s, ids["Ana"], nobody or "").visible  # the debrief is closed
            assert iv.unfinished_interviews(s, nobody) == [] and iv.interrupted_interview(s, nobody) is None
        assert "no interviewer name" in access.may_continue(s, ids["Chen"], "").why


def test_only_you_continue_your_live_interview_and_amend_your_sealed_one(store, half):
    _, ids = half
    with store.session() as s:
        assert access.may_continue(s, ids["Chen"], "  chen ")
        refused = access.may_continue(s, ids["Chen"], "Ana")
        assert not refused and "only Chen can continue it" in refused.why and "You are Ana" in refused.why
        assert not access.may_continue(s, ids["Ana"], "Ana")  # sealed: amend it instead
        assert access.may_amend(s, ids["Ana"], "ANA")
        assert not access.may_amend(s, ids["Ana"], "Ben") and not access.may_amend(s, ids["Chen"], "Chen")
        with pytest.raises(access.AccessDenied, match="only Ana can amend it"):
            access.may_amend(s, ids["Ana"], "Hiring Manager").require()


def test_independence_holds_after_an_early_opening_and_a_manager_waits_for_it(store, half):
    candidate_id, ids = half
    with store.session() as s:
        assert not access.scorecard_access(s, ids["Ana"], "Hiring Manager").visible  # interviewed nobody
        assert access.scorecard_access(s, ids["Ana"], "Ben").visible  # submitted his own
        assert not access.scorecard_access(s, ids["Ana"], "Chen").visible
    with store.transaction() as s:
        loop_id = s.get(Interview, ids["Ana"]).loop_id
        iv.override_debrief(s, loop_id, by="Hiring Manager", reason="offer deadline")
    with store.session() as s:
        assert access.scorecard_access(s, ids["Ana"], "Hiring Manager").visible
        assert not access.scorecard_access(s, ids["Ana"], "Chen").visible  # still drafting: still hidden
        assert not access.may_see_composite(s, candidate_id, "Chen")
        assert access.may_see_composite(s, candidate_id, "Hiring Manager")


def test_a_draft_is_its_interviewers_alone(store, half):
    candidate_id, ids = half
    with store.transaction() as s:
        iv.override_debrief(s, s.get(Interview, ids["Ana"]).loop_id, by="HM", reason="deadline")
    with store.session() as s:
        for viewer in ("Hiring Manager", "Ben"):
            assert not access.scorecard_access(s, ids["Chen"], viewer).visible, viewer
            (zoe,) = [c for c in candidate_entries(s, viewer=viewer) if c.id == candidate_id]
            chen = next(i for i in zoe.interviews if i.interviewer == "Chen")
            assert not chen.visible and chen.mean_rating is None
            assert not scorecard_detail(s, ids["Chen"], viewer=viewer).entry.visible
        assert access.scorecard_access(s, ids["Chen"], "Chen").visible


def test_the_list_and_the_scorecard_agree_when_a_candidate_has_two_loops(store, half):
    """One loop opened early, a second still closed: each interview follows its own loop's debrief,
    in the Candidates list as in the Interview view."""
    candidate_id, ids = half
    with store.transaction() as s:
        first = s.get(Interview, ids["Ana"]).loop_id
        iv.override_debrief(s, first, by="HM", reason="deadline")
        second = Loop(name="Second loop", role_id="prompt-engineer", level="mid", candidate_id=candidate_id)
        s.add(second)
        s.flush()
        set_id = s.get(Interview, ids["Ana"]).set_id
        extra = iv.create_interview(s, set_id=set_id, candidate_id=candidate_id, interviewer="Eve",
                                    loop_id=second.id).id
        iv.begin_interview(s, extra)
        for a in s.get(Interview, extra).annotations:
            iv.update_annotation(s, extra, a.position, rating=3)
        iv.submit_interview(s, extra, recommendation="yes", summary="Eve's evidence")
        later = iv.create_interview(s, set_id=set_id, candidate_id=candidate_id, interviewer="Fay",
                                    loop_id=second.id).id
    with store.session() as s:
        (zoe,) = [c for c in candidate_entries(s, viewer="Hiring Manager") if c.id == candidate_id]
        listed = {i.id: i.visible for i in zoe.interviews}
        for interview_id in (ids["Ana"], ids["Ben"], extra, later):
            assert listed[interview_id] is access.scorecard_access(s, interview_id, "Hiring Manager").visible
        assert listed[ids["Ana"]] and not listed[extra]  # the first loop is open, the second is not


def test_the_debrief_gate_names_what_it_waits_for_and_opens_on_an_override(store, half):
    candidate_id, ids = half
    with store.session() as s:
        gate = access.debrief_gate(s, candidate_id)
        assert not gate.is_open and gate.loop_id == s.get(Interview, ids["Ana"]).loop_id
        assert "waiting for Chen (in progress), Dee (in progress)" in gate.why
        refused = access.may_export_debrief(s, candidate_id, "Hiring Manager")
        assert not refused and refused.gate == gate
        independence = access.may_export_debrief(s, candidate_id, "Chen")
        assert not independence and independence.gate is None  # no override opens it for Chen
        with pytest.raises(access.DebriefClosed) as closed:
            build_pdf(s, "debrief", candidate_id)  # the PDF builder asks the gate itself
        assert closed.value.gate == gate and "waiting for Chen" in str(closed.value)
    with store.transaction() as s:
        iv.override_debrief(s, gate.loop_id, by="Hiring Manager", reason="offer deadline")
    with store.session() as s:
        assert access.debrief_gate(s, candidate_id).is_open
        assert access.may_export_debrief(s, candidate_id, "Hiring Manager")
        assert build_pdf(s, "debrief", candidate_id).startswith(b"%PDF")


def test_exporting_a_scorecard_follows_what_the_app_shows(store, half):
    _, ids = half
    with store.session() as s:
        assert access.may_export_scorecard(s, ids["Ana"], "Ana")
        assert access.may_export_scorecard(s, ids["Ana"], "Ben")
        assert "not submitted your own" in access.may_export_scorecard(s, ids["Ana"], "Chen").why
        assert "debrief is not open" in access.may_export_scorecard(s, ids["Ana"], "Hiring Manager").why
        assert "not submitted yet" in access.may_export_scorecard(s, ids["Chen"], "Chen").why  # no draft on paper


def test_the_old_copies_of_the_rule_are_gone():
    from desktop.core.interviewing import records

    assert not hasattr(iv, "ratings_visible_to") and not hasattr(records, "_Visibility")
