"""What the live view shows beside a question: its own anchors, red flags, competencies by name,
and the rating the ticked rubric points suggest."""

from __future__ import annotations

import pytest

from desktop.core import interviewing as iv
from desktop.core.bank.questions import duplicate_question, edit_question, question_data
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.instrument import question_guides, rubric_suggestion


@pytest.mark.parametrize("ticked, points, suggested", [
    (0, 4, 1), (1, 4, 2), (2, 4, 2), (3, 4, 3), (4, 4, 3), (2, 3, 2), (3, 3, 3), (1, 1, 3), (0, 0, None),
])
def test_the_ticked_share_of_the_rubric_suggests_a_rating_never_a_4(ticked, points, suggested):
    assert rubric_suggestion(ticked, points) == suggested


def test_each_question_brings_its_own_anchors_red_flags_and_competency_names(store):
    with store.transaction() as s:
        anchored = "gqa-106"
        plain = duplicate_question(s, anchored).id
        edit_question(s, plain, {"anchors": []})
        saved = save_set(s, SetDraft.of([anchored, plain], role_id="genai-engineer", level="mid"), "Two")
        candidate = create_candidate(s, name="Ada", role_id="genai-engineer")
        interview = iv.create_interview(s, set_id=saved.id, candidate_id=candidate.id, interviewer="Rita")
        data = question_data(s, anchored)
        first, second = question_guides(s, interview.id)
    assert first.own_anchors and list(first.anchors.values()) == [" ".join(a.split()) for a in data["anchors"]]
    assert first.red_flags == tuple(data["red_flags"])
    assert data["competencies"] == ["evaluation-judgment"] and first.competencies == ("Evaluation judgment",)
    assert not second.own_anchors and second.anchors == iv.RATING_ANCHORS
