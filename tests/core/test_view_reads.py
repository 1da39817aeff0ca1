"""What the views read from the core, as plain data usable after the session has closed."""

from __future__ import annotations

from desktop.core import interviewing as iv
from desktop.core.bank.questions import add_question, question_data, question_prompts
from desktop.core.building.sets import SetDraft
from desktop.core.interviewing.candidates import CandidateChoice, candidate_choices, create_candidate
from tests.core.interview_fixtures import make_candidate, make_loop, make_set


def test_a_question_reads_as_its_bank_file_fields_and_related_prompts(store):
    with store.transaction() as s:
        q = add_question(s, {"prompt": "What is a LoRA rank?", "difficulty": "beginner", "kind": "concept",
                             "topics": ["peft-lora"], "roles": ["genai-engineer"], "rubric": ["Low rank"],
                             "related": ["gai-001"]})
        qid = q.id
    with store.session() as s:
        data = question_data(s, qid)
        related = question_prompts(s, data["related"] + ["no-such-question"])
        missing = question_data(s, "no-such-question")
    assert data["prompt"] == "What is a LoRA rank?" and data["topics"] == ["peft-lora"]
    assert data["roles"] == ["genai-engineer"] and data["rubric"] == ["Low rank"]
    assert list(related) == ["gai-001"] and related["gai-001"]  # unknown ids are left out
    assert missing is None


def test_candidates_to_pick_from_come_by_name_any_case(store):
    with store.transaction() as s:
        create_candidate(s, name="zoe Park")
        create_candidate(s, name="Adam Smith", role_id="genai-engineer")
    with store.session() as s:
        choices = candidate_choices(s)
    assert [(c.name, c.role_id) for c in choices] == [("Adam Smith", "genai-engineer"), ("zoe Park", None)]
    assert all(isinstance(c, CandidateChoice) for c in choices)


def test_an_interview_summary_names_candidate_and_set(store):
    with store.transaction() as s:
        candidate = make_candidate(s, "Grace Hopper")
        interview_set = make_set(s, "Screen")
        interview_id = iv.create_interview(s, set_id=interview_set.id, candidate_id=candidate.id,
                                           interviewer="Rita").id
    with store.session() as s:
        summary = iv.interview_summary(s, interview_id)
        assert iv.interview_summary(s, interview_id + 1) is None
    assert (summary.candidate, summary.interviewer, summary.set_name, summary.status, summary.loop_id) == \
        ("Grace Hopper", "Rita", "Screen", "planned", None)


def _submitted_loop(store, interviewers=("Rita", "Sam")):
    with store.transaction() as s:
        candidate = make_candidate(s)
        loop = make_loop(s, candidate, sets=len(interviewers))
        ids = [iv.create_interview(s, set_id=st.id, candidate_id=candidate.id, interviewer=who).id
               for st, who in zip(loop.sets, interviewers)]
        iv.update_annotation(s, ids[1], 0, rating=4, notes="Sam's notes")
        iv.submit_interview(s, ids[1], recommendation="strong_yes", summary="great")
    return ids


def test_a_sealed_scorecard_is_visible_to_its_author_and_hidden_from_who_has_not_submitted(store):
    rita, sam = _submitted_loop(store)
    with store.session() as s:
        own = iv.scorecard_access(s, sam, "sam")
        other = iv.scorecard_access(s, sam, "Rita")
        nobody = iv.scorecard_access(s, sam, "")
    assert own.visible and not other.visible and not nobody.visible
    assert other.debrief_open is False and "1 of 2 interviews submitted" in other.debrief_why
    with store.transaction() as s:
        iv.submit_interview(s, rita, recommendation="no", summary="gaps")
    with store.session() as s:
        assert iv.scorecard_access(s, sam, "Rita").visible
        assert iv.scorecard_access(s, sam, "Hiring Manager").debrief_open  # every interview is in


def test_a_sealed_scorecard_reads_with_prompts_rubrics_amendments_and_seal(store):
    _, sam = _submitted_loop(store)
    with store.transaction() as s:
        iv.amend_interview(s, sam, author="Sam", reason="typo", changes={"recommendation": "yes"})
    with store.session() as s:
        card = iv.sealed_scorecard(s, sam)
    assert card.card["recommendation"] == "yes" and card.card["amended"]
    assert len(card.prompts) == len(card.rubrics) == len(card.card["annotations"]) == 2
    assert all(card.prompts) and all(card.rubrics)
    assert [h["author"] for h in card.history] == ["Sam"] and card.seal_ok
    assert card.info["interviewer"] == "Sam" and card.info["candidate"] == "Ada Lovelace"


def test_the_debrief_of_an_interview_outside_a_loop_waits_for_the_candidates_other_interviews(store):
    with store.transaction() as s:
        candidate = make_candidate(s)
        first, second = (iv.create_interview(s, set_id=make_set(s, f"Set {n}").id, candidate_id=candidate.id,
                                             interviewer=who).id for n, who in ((1, "Rita"), (2, "Sam")))
        iv.submit_interview(s, first, recommendation="yes", summary="fine")
    with store.session() as s:
        gate = iv.debrief_for_interview(s, first)
    assert (gate.candidate_id, gate.loop_id, gate.is_open) == (candidate.id, None, False)
    assert gate.why == "waiting for Sam"
    with store.transaction() as s:
        iv.submit_interview(s, second, recommendation="no", summary="gaps")
    with store.session() as s:
        assert iv.debrief_for_interview(s, first).is_open


def test_a_drafts_focus_topics_come_from_its_build_request_not_its_label():
    built = SetDraft(focus="rag, prompting", params={"focus": ["rag", "prompting"]})
    labelled = SetDraft(focus="LLM fundamentals", params={"demo": True})  # as the demo's sets are
    assert built.focus_topics == ["rag", "prompting"]
    assert labelled.focus_topics == [] and SetDraft().focus_topics == []
