"""The live interview's life: planned, in progress (autosaved), submitted and sealed, amended."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from desktop.core import interviewing as iv
from desktop.core.storage.models import Annotation, Interview
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture
def planned(store):
    """(interview id, candidate id) of a planned three-question interview."""
    with store.transaction() as s:
        candidate = make_candidate(s)
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=candidate.id,
                                        interviewer="Rita")
        return interview.id, candidate.id


def test_create_makes_one_empty_annotation_per_question_in_set_order(store):
    with store.transaction() as s:
        interview_set = make_set(s, count=4)
        candidate = make_candidate(s)
        interview = iv.create_interview(s, set_id=interview_set.id, candidate_id=candidate.id,
                                        interviewer="  Rita  Moreno ")
        assert interview.status == "planned"
        assert interview.interviewer == "Rita Moreno"
        assert [a.question_id for a in interview.annotations] == [i.question_id for i in interview_set.items]
        assert [a.position for a in interview.annotations] == [0, 1, 2, 3]
        assert all(a.rating is None and a.notes == "" and a.covered == [] for a in interview.annotations)


@pytest.mark.parametrize("kwargs, message", [
    ({"set_id": 999}, "no set with id 999"),
    ({"candidate_id": 999}, "no candidate with id 999"),
    ({"interviewer": " "}, "needs an interviewer"),
])
def test_create_rejects_bad_requests(store, kwargs, message):
    with store.transaction() as s:
        args = {"set_id": make_set(s).id, "candidate_id": make_candidate(s).id, "interviewer": "Rita"}
        with pytest.raises(iv.InterviewError, match=message):
            iv.create_interview(s, **{**args, **kwargs})


def test_begin_then_updates_change_only_the_given_fields(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.begin_interview(s, interview_id, now=datetime(2026, 1, 5, 9, 0))
        iv.update_annotation(s, interview_id, 1, notes="talks about LoRA rank", covered=[2, 0])
        iv.update_annotation(s, interview_id, 1, rating=3)
        iv.update_annotation(s, interview_id, 2, skipped=True, seconds_spent=42.5)
        iv.update_progress(s, interview_id, current_position=2, elapsed_seconds=301.0)
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert interview.status == "in_progress"
        assert interview.started_at == datetime(2026, 1, 5, 9, 0)
        second, third = interview.annotations[1], interview.annotations[2]
        assert (second.notes, second.covered, second.rating) == ("talks about LoRA rank", [0, 2], 3)
        assert (third.skipped, third.seconds_spent, third.rating) == (True, 42.5, None)
        assert (interview.current_position, interview.elapsed_seconds) == (2, 301.0)


def test_a_rating_can_be_cleared_and_must_be_on_the_scale(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 0, rating=4)
        iv.update_annotation(s, interview_id, 0, rating=None)
        assert s.get(Interview, interview_id).annotations[0].rating is None
        for bad in (0, 5, "3", True):
            with pytest.raises(iv.InterviewError, match="rating is 1, 2, 3 or 4"):
                iv.update_annotation(s, interview_id, 0, rating=bad)
        with pytest.raises(iv.InterviewError, match="no question at position 7"):
            iv.update_annotation(s, interview_id, 7, notes="x")


def test_submit_requires_a_forced_choice_and_a_summary(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        with pytest.raises(iv.InterviewError, match="no neutral option"):
            iv.submit_interview(s, interview_id, recommendation="maybe", summary="ok")
        with pytest.raises(iv.InterviewError, match="summary"):
            iv.submit_interview(s, interview_id, recommendation="yes", summary="  \n ")
        assert s.get(Interview, interview_id).status == "planned"


def test_submit_seals_the_scorecard_with_a_verifiable_digest(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.begin_interview(s, interview_id)
        iv.update_annotation(s, interview_id, 0, rating=3, notes="a<b & c", covered=[0])
        digest = iv.submit_interview(s, interview_id, recommendation="yes", summary="Solid on basics",
                                     now=datetime(2026, 1, 5, 10, 0, 0, 123))
    assert len(digest) == 64 and int(digest, 16) >= 0
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert (interview.status, interview.digest, interview.recommendation) == ("submitted", digest, "yes")
        assert interview.submitted_at == datetime(2026, 1, 5, 10, 0, 0)
        assert iv.verify_seal(interview)
        content = iv.scorecard_content(interview)
        assert content["annotations"][0] == {
            "position": 0, "question_id": interview.annotations[0].question_id, "rating": 3,
            "skipped": False, "covered": [0], "notes": "a<b & c", "seconds_spent": 0.0,
        }


def test_the_seal_covers_what_was_saved_even_when_the_session_holds_older_objects(store, planned):
    """Autosave and submit in one session: the seal must cover the rating just saved."""
    interview_id, _ = planned
    with store.transaction() as s:
        interview = s.get(Interview, interview_id)
        assert [a.rating for a in interview.annotations] == [None, None, None]  # loaded, now stale
        iv.update_annotation(s, interview_id, 0, rating=3, notes="saved by autosave")
        iv.submit_interview(s, interview_id, recommendation="yes", summary="Solid")
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert iv.verify_seal(interview)
        assert iv.scorecard_content(interview)["annotations"][0]["rating"] == 3


def test_a_sealed_scorecard_refuses_edits_and_detects_tampering(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.submit_interview(s, interview_id, recommendation="no", summary="Gaps in evaluation")
    with store.transaction() as s:
        with pytest.raises(iv.InterviewError, match="sealed"):
            iv.update_annotation(s, interview_id, 0, notes="changed later")
        with pytest.raises(iv.InterviewError, match="sealed"):
            iv.update_progress(s, interview_id, current_position=1)
        with pytest.raises(iv.InterviewError, match="already submitted"):
            iv.submit_interview(s, interview_id, recommendation="yes", summary="again")
    with store.transaction() as s:  # someone edits the database behind the app's back
        s.execute(update(Annotation).where(Annotation.interview_id == interview_id, Annotation.position == 0)
                  .values(rating=4))
    with store.session() as s:
        assert not iv.verify_seal(s.get(Interview, interview_id))


def test_notes_changed_in_the_database_after_sealing_break_the_seal(store, planned):
    """The seal covers what was written about the candidate, not only the ratings."""
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 0, rating=2, notes="Could not say what LoRA rank trades off")
        iv.submit_interview(s, interview_id, recommendation="no", summary="Gaps on fine-tuning")
    with store.transaction() as s:  # the ratings stay; only the words are changed behind the app's back
        s.execute(update(Annotation).where(Annotation.interview_id == interview_id, Annotation.position == 0)
                  .values(notes="Explained what LoRA rank trades off"))
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert interview.annotations[0].rating == 2
        assert not iv.verify_seal(interview)


def test_amendments_keep_the_original_and_record_who_why_when(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 1, rating=2, notes="original note")
        digest = iv.submit_interview(s, interview_id, recommendation="no", summary="Original summary")
        with pytest.raises(iv.InterviewError, match="reason"):
            iv.amend_interview(s, interview_id, author="Rita", reason=" ", changes={"recommendation": "yes"})
        first = iv.amend_interview(
            s, interview_id, author="Rita", reason="Misheard the answer to Q2",
            changes={"recommendation": "yes", "annotations": {"1": {"rating": 3, "notes": "corrected"}}},
            now=datetime(2026, 1, 6, 9, 0),
        )
        second = iv.amend_interview(s, interview_id, author="Rita", reason="Clearer summary",
                                    changes={"summary": "Better summary"}, now=datetime(2026, 1, 6, 10, 0))
    with store.session() as s:
        interview = s.get(Interview, interview_id)
        assert interview.digest == digest and iv.verify_seal(interview)  # the original is untouched
        assert (interview.recommendation, interview.summary) == ("no", "Original summary")
        assert interview.annotations[1].rating == 2
        assert [(a.author, a.reason) for a in interview.amendments] == [
            ("Rita", "Misheard the answer to Q2"), ("Rita", "Clearer summary")]
        assert first.digest != second.digest and len(second.digest) == 64
        card = iv.effective_scorecard(interview)
        assert card["amended"] is True
        assert (card["recommendation"], card["summary"]) == ("yes", "Better summary")
        assert (card["annotations"][1]["rating"], card["annotations"][1]["notes"]) == (3, "corrected")
        assert iv.effective_scorecard(interview)["annotations"][0]["rating"] is None


@pytest.mark.parametrize("changes, message", [
    ({}, "must change something"),
    ({"digest": "x"}, "cannot amend digest"),
    ({"recommendation": "neutral"}, "no neutral option"),
    ({"summary": ""}, "summary"),
    ({"annotations": {"9": {"rating": 3}}}, "no question at position 9"),
    ({"annotations": {"0": {"rating": 7}}}, "rating is 1, 2, 3 or 4"),
    ({"annotations": {"0": {"question_id": "x"}}}, "cannot amend question_id"),
])
def test_bad_amendments_are_refused(store, planned, changes, message):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.submit_interview(s, interview_id, recommendation="yes", summary="fine")
        with pytest.raises(iv.InterviewError, match=message):
            iv.amend_interview(s, interview_id, author="Rita", reason="typo", changes=changes)


def test_only_a_submitted_scorecard_can_be_amended(store, planned):
    interview_id, _ = planned
    with store.transaction() as s, pytest.raises(iv.InterviewError, match="only a submitted"):
        iv.amend_interview(s, interview_id, author="Rita", reason="typo", changes={"summary": "x"})


def test_interview_rows_for_listing(store, planned):
    interview_id, candidate_id = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 0, rating=2)
        iv.update_annotation(s, interview_id, 1, rating=3)
        iv.update_annotation(s, interview_id, 2, rating=1, skipped=True)
        [row] = iv.interview_rows(s)
        assert row["status"] == "planned" and row["digest"] is None and row["recommendation"] is None
        digest = iv.submit_interview(s, interview_id, recommendation="strong_yes", summary="great")
        [row] = iv.interview_rows(s)
    assert row["id"] == interview_id and row["candidate"] == "Ada Lovelace"
    assert (row["interviewer"], row["set"], row["status"], row["digest"]) == ("Rita", "Test set", "submitted", digest)
    assert row["recommendation"] == "strong_yes" and row["mean_rating"] == 2.5  # skipped not counted
    assert row["loop"] is None and row["submitted_at"]


def test_the_interrupted_interview_is_found_for_resuming(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        assert iv.interrupted_interview(s, "Rita") is None
        iv.begin_interview(s, interview_id)
        assert iv.interrupted_interview(s, "Rita").id == interview_id
        iv.submit_interview(s, interview_id, recommendation="yes", summary="done")
        assert iv.interrupted_interview(s, "Rita") is None


def test_the_amendment_history_says_what_changed_from_what(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 0, rating=2)
        iv.submit_interview(s, interview_id, recommendation="no", summary="first")
        iv.amend_interview(s, interview_id, author="Rita", reason="typo",
                           changes={"recommendation": "yes", "annotations": {"0": {"rating": 3}}},
                           now=datetime(2026, 2, 1, 12, 0))
        iv.amend_interview(s, interview_id, author="Rita", reason="second look",
                           changes={"annotations": {"0": {"rating": 4}}}, now=datetime(2026, 2, 2, 12, 0))
        history = iv.amendment_history(s.get(Interview, interview_id))
    assert [(h["author"], h["reason"], h["created_at"]) for h in history] == [
        ("Rita", "typo", "2026-02-01T12:00:00"), ("Rita", "second look", "2026-02-02T12:00:00")]
    assert history[0]["lines"] == ["recommendation: No → Yes", "question 1: rating 2 → 3"]
    assert history[1]["lines"] == ["question 1: rating 3 → 4"]


def test_the_live_snapshot_is_plain_data_in_set_order(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 2, rating=4, covered=[1], notes="good", seconds_spent=30)
        iv.update_progress(s, interview_id, current_position=2, elapsed_seconds=90, summary="draft")
        live = iv.load_live_interview(s, interview_id)
    assert (live.candidate_name, live.interviewer, live.set_name) == ("Ada Lovelace", "Rita", "Test set")
    assert live.role_name and (live.current_position, live.elapsed_seconds, live.summary) == (2, 90.0, "draft")
    third = live.questions[2]
    assert (third.position, third.rating, third.covered, third.notes, third.seconds_spent) == (2, 4, [1], "good", 30.0)
    assert third.prompt and third.rubric and third.minutes > 0


def test_only_your_own_interrupted_interview_is_offered(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.begin_interview(s, interview_id)
        assert iv.interrupted_interview(s, " rita ").id == interview_id
        assert iv.interrupted_interview(s, "Sam") is None
        assert iv.interrupted_interview(s, "") is None and iv.interrupted_interview(s, None) is None  # nobody


def test_unfinished_interviews_are_the_ones_left_to_continue(store, planned):
    interview_id, candidate_id = planned
    with store.transaction() as s:
        set_id = s.get(Interview, interview_id).set_id
        started = iv.create_interview(s, set_id=set_id, candidate_id=candidate_id, interviewer="rita").id
        iv.begin_interview(s, started)
        iv.update_progress(s, started, current_position=3, elapsed_seconds=61.0)
        done = iv.create_interview(s, set_id=set_id, candidate_id=candidate_id, interviewer="Rita").id
        iv.begin_interview(s, done)
        for position in range(3):
            iv.update_annotation(s, done, position, rating=3)
        iv.submit_interview(s, done, recommendation="yes", summary="Solid.")
        iv.create_interview(s, set_id=set_id, candidate_id=candidate_id, interviewer="Sam")
    with store.session() as s:
        mine = iv.unfinished_interviews(s, "Rita")
        sams = iv.unfinished_interviews(s, "Sam")
        nobodys = iv.unfinished_interviews(s, " ")
    assert [(u.id, u.status) for u in mine] == [(started, "in_progress"), (interview_id, "planned")]
    assert mine[0].where == "at the recommendation and summary" and mine[0].elapsed_seconds == 61.0
    assert mine[1].where == "not started" and mine[1].candidate == "Ada Lovelace"
    assert [u.interviewer for u in sams] == ["Sam"] and nobodys == []  # an empty name continues no one's


def test_a_paused_clock_is_part_of_where_the_interview_stopped(store, planned):
    interview_id, _ = planned
    with store.transaction() as s:
        iv.begin_interview(s, interview_id)
        iv.update_progress(s, interview_id, elapsed_seconds=75.0, clock_paused=True)
    with store.session() as s:
        live = iv.load_live_interview(s, interview_id)
    assert live.clock_paused and live.elapsed_seconds == 75.0
    with store.transaction() as s:
        iv.update_progress(s, interview_id, clock_paused=False)
        assert not iv.load_live_interview(s, interview_id).clock_paused


def test_an_amendment_reads_the_same_everywhere_numbered_as_shown(store, planned):
    """One describer (amendment_words) for the app, the command line and the PDF: questions by
    the number they are shown with, notes and summary said to be edited, never a stored path."""
    interview_id, _ = planned
    with store.transaction() as s:
        iv.update_annotation(s, interview_id, 1, rating=2, notes="first take")
        iv.submit_interview(s, interview_id, recommendation="no", summary="first")
        iv.amend_interview(s, interview_id, author="Rita", reason="second look",
                           changes={"summary": "better", "recommendation": "strong_yes",
                                    "annotations": {"1": {"rating": 3, "notes": "second take", "skipped": True,
                                                          "covered": [0]}}})
        (history,) = iv.amendment_history(s.get(Interview, interview_id))
    assert history["lines"] == ["recommendation: No → Strong yes", "summary edited", "question 2: rating 2 → 3",
                                "question 2: skipped", "question 2: rubric points none → 1", "question 2: notes edited"]
