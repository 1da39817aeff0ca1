"""What the Candidates & Scorecards view may show whom: independence, the debrief gate, amendments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.core.interviewing import candidates
from desktop.core import demo
from desktop.core import interviewing
from desktop.core.interviewing import records as scorecards
from desktop.core.storage.models import InterviewSet, Loop


@pytest.fixture
def story(store):
    with store.transaction() as s:
        return demo.create_demo(s)


def jordan(store, viewer, text=""):
    with store.session() as s:
        (entry,) = [c for c in scorecards.candidate_entries(s, viewer=viewer, text=text) if c.name == "Jordan Avery"]
        return entry


def add_interviewer(store, story, name) -> int:
    """Another interviewer joins Jordan's loop (their interview not submitted yet)."""
    with store.transaction() as s:
        return interviewing.create_interview(s, set_id=story.set_ids[0], candidate_id=story.candidate_id,
                                           interviewer=name, loop_id=story.loop_id).id


def test_an_interviewer_sees_no_other_ratings_until_they_submit(store, story):
    mine = add_interviewer(store, story, "Grace Hopper")
    entry = jordan(store, "grace  hopper")  # names match regardless of case and spacing
    others = [i for i in entry.interviews if i.id != mine]
    assert all(not i.visible and i.recommendation is None and i.mean_rating is None for i in others)
    assert {i.recommendation_label for i in others} == {scorecards.HIDDEN}
    assert {i.score_label for i in others} == {"—"}
    with store.session() as s:
        detail = scorecards.scorecard_detail(s, story.interview_ids[1], viewer="Grace Hopper")
    assert detail.summary == "" and all(q.rating is None and q.notes == "" and not q.covered for q in detail.questions)
    assert detail.questions[0].prompt  # what was asked is not secret

    with store.transaction() as s:
        for position in range(5):
            interviewing.update_annotation(s, mine, position, rating=3, notes="ok")
        interviewing.submit_interview(s, mine, recommendation="yes", summary="Fine.")
    entry = jordan(store, "Grace Hopper")
    assert all(i.visible for i in entry.interviews)
    labels = {i.id: i.recommendation_label for i in entry.interviews}
    assert [labels[i] for i in story.interview_ids] == ["Yes", "Strong yes", "No", "Yes"]


def test_your_own_interview_is_always_visible_to_you(store, story):
    with store.session() as s:
        (sam,) = scorecards.candidate_entries(s, viewer="Priya Raman", text="sam")
    (live,) = sam.singles
    assert live.own and live.visible and live.status_label == "in progress" and live.mean_rating == 3


def test_someone_who_does_not_interview_waits_for_the_debrief(store, story):
    add_interviewer(store, story, "Grace Hopper")
    entry = jordan(store, "Hiring Manager")
    assert not entry.loops[0].debrief_open
    assert {i.recommendation_label for i in entry.interviews if i.status == "submitted"} == {scorecards.HIDDEN_UNTIL_DEBRIEF}
    with store.transaction() as s:
        interviewing.override_debrief(s, story.loop_id, by="Hiring Manager", reason="offer deadline")
    entry = jordan(store, "Hiring Manager")
    assert entry.loops[0].debrief_open and "opened early" in entry.loops[0].debrief_why
    with store.session() as s:
        assert "offer deadline" in scorecards.candidate_debrief_state(s, story.candidate_id)[1]
    assert all(i.visible for i in entry.interviews if i.status == "submitted")
    assert [i.visible for i in entry.interviews if i.status != "submitted"] == [False]  # a draft is Grace's alone


def test_candidate_debrief_state_names_the_loops_still_closed(store, story):
    with store.session() as s:
        assert scorecards.candidate_debrief_state(s, story.candidate_id)[0] is True
        is_open, why, closed = scorecards.candidate_debrief_state(s, story.second_candidate_id)
        assert not is_open and closed == [] and "0 of 1" in why
    add_interviewer(store, story, "Grace Hopper")
    with store.session() as s:
        is_open, why, closed = scorecards.candidate_debrief_state(s, story.candidate_id)
    assert not is_open and closed == [story.loop_id] and "Grace Hopper" in why


def test_an_amendment_shows_in_the_detail_and_keeps_the_seal(store, story):
    target = story.interview_ids[2]
    with store.transaction() as s:
        interviewing.amend_interview(s, target, author="Elena Sokolova", reason="Misread my notes on Q2",
                                   changes={"recommendation": "yes", "annotations": {"1": {"rating": 3}}})
    with store.session() as s:
        detail = scorecards.scorecard_detail(s, target, viewer="")
    assert detail.entry.amended and detail.entry.recommendation_label == "Yes"
    assert detail.seal_ok is True and len(detail.digest) == 64
    assert detail.questions[1].rating == 3 and detail.questions[1].amended and not detail.questions[0].amended
    (amendment,) = detail.amendments
    assert amendment.author == "Elena Sokolova" and amendment.reason == "Misread my notes on Q2"
    assert amendment.changes == "recommendation: No → Yes; question 2: rating 2 → 3"


def test_filter_by_name_or_role_with_literal_wildcards(store, story):
    with store.transaction() as s:
        candidates.create_candidate(s, name="100%_sure Person")
    with store.session() as s:
        def names(text):
            return [c.name for c in scorecards.candidate_entries(s, viewer="", text=text)]
        assert names("") == ["100%_sure Person", "Jordan Avery", "Sam Rivera"]
        assert names("JORD") == ["Jordan Avery"]
        assert names("application engineer") == ["Sam Rivera"]
        assert names("%_") == ["100%_sure Person"]
        assert names("_") == ["100%_sure Person"]
        assert names("nobody") == []
        assert names("' OR 1=1 --") == []


def test_the_lists_bulk_debrief_gate_agrees_with_the_core(store, story):
    def agree():
        with store.session() as s:
            loop_ids = set(s.scalars(select(Loop.id)))
            bulk = scorecards.loop_debrief_open(s, loop_ids)
            assert {i: bulk[i][0] for i in loop_ids} == {i: interviewing.debrief_state(s, i)[0] for i in loop_ids}
            return bulk

    assert agree()[story.loop_id][0] is True
    with store.transaction() as s:  # an empty loop, and a loop whose second set nobody has started
        s.add(Loop(name="Empty", role_id="genai-engineer", level="mid"))
        half = Loop(name="Half", role_id="genai-engineer", level="mid", candidate_id=story.second_candidate_id)
        s.add(half)
        s.flush()
        s.get(InterviewSet, story.second_set_id).loop_id = half.id
        other = InterviewSet(name="Half 2", role_id="genai-engineer", level="mid", loop_id=half.id, loop_position=1)
        s.add(other)
    agree()
    add_interviewer(store, story, "Grace Hopper")
    assert agree()[story.loop_id][0] is False
    with store.transaction() as s:
        interviewing.override_debrief(s, story.loop_id, by="HM", reason="deadline")
    assert agree()[story.loop_id][0] is True


def test_the_lists_scores_match_the_effective_scorecards(store, story):
    with store.transaction() as s:
        interviewing.amend_interview(s, story.interview_ids[0], author="Priya Raman", reason="typo",
                                   changes={"recommendation": "strong_yes", "annotations": {"3": {"skipped": True}}})
        interviewing.amend_interview(s, story.interview_ids[0], author="Priya Raman", reason="again",
                                   changes={"annotations": {"3": {"skipped": False, "rating": 4}}})
    with store.session() as s:
        listed = {i.id: i for c in scorecards.candidate_entries(s, viewer="Priya Raman") for i in c.interviews}
        for interview in s.scalars(select(interviewing.Interview)):
            card = (interviewing.effective_scorecard(interview) if interview.status == "submitted"
                    else interviewing.scorecard_content(interview))
            entry = listed[interview.id]
            assert entry.mean_rating == (interviewing.mean_rating(card) if entry.visible else None)
            assert entry.recommendation == (card["recommendation"] if entry.visible and entry.status == "submitted"
                                            else None)
            assert entry.amended == bool(card.get("amended"))
    assert listed[story.interview_ids[0]].recommendation == "strong_yes"
