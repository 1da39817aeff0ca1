"""One rule for naming things: an id or a display name, any case, or a unique prefix."""

from __future__ import annotations

import pytest

from desktop.core.bank import names
from desktop.core.bank.files import load_bank
from desktop.core.bank.names import Choice, NameNotFound, resolve
from desktop.core.interviewing.candidates import create_candidate

ROLES = [Choice("prompt-engineer", "Prompt Engineer"), Choice("genai-engineer", "Generative AI Engineer"),
         Choice("applied-ml-scientist", "Applied ML Scientist"), Choice("image-gen-specialist",
                                                                     "AI Image Generation Specialist")]


@pytest.mark.parametrize("typed", ["prompt-engineer", "Prompt Engineer", "prompt engineer", "  PROMPT   engineer ",
                                   "prompt", "Prompt-E"])
def test_an_id_a_name_in_any_case_or_a_unique_prefix_means_one_role(typed):
    assert resolve(typed, ROLES, "role") == "prompt-engineer"


def test_nothing_matching_lists_every_choice_by_name():
    with pytest.raises(NameNotFound) as err:
        resolve("Promt Engineer", ROLES, "role")
    assert str(err.value) == ("no role 'Promt Engineer' (roles: AI Image Generation Specialist, "
                              "Applied ML Scientist, Generative AI Engineer, Prompt Engineer)")


def test_a_prefix_of_several_lists_those_it_matches():
    with pytest.raises(NameNotFound) as err:
        resolve("a", ROLES, "role")
    assert str(err.value) == ("'a' matches 2 roles (AI Image Generation Specialist, Applied ML Scientist); "
                              "type more of the name")


def test_an_exact_name_wins_over_longer_names_it_is_a_prefix_of():
    choices = [Choice("1", "Onsite"), Choice("2", "Onsite 2")]
    assert resolve("onsite", choices, "set", numbered=True) == "1"


def test_candidates_by_id_hash_id_or_name_and_namesakes_need_the_id(store):
    with store.session() as s, s.begin():
        ada = create_candidate(s, name="Ada Lovelace").id
        first = create_candidate(s, name="Sam Lee").id
        create_candidate(s, name="sam  lee")
    with store.session() as s:
        assert names.candidate_id(s, str(ada)) == ada
        assert names.candidate_id(s, f"#{ada}") == ada
        assert names.candidate_id(s, "ada") == ada
        assert names.candidate_id(s, str(first)) == first
        with pytest.raises(NameNotFound, match=r"'Sam Lee' matches 2 candidates \(Sam Lee \(#\d+\), "
                                               r"sam lee \(#\d+\)\); give the id"):
            names.candidate_id(s, "Sam Lee")


def test_levels_roles_topics_and_competencies_from_the_bank(store):
    with store.session() as s:
        assert names.level_id("Senior") == "senior"
        assert names.role_id(s, "Prompt Engineer") == "prompt-engineer"
        assert names.topic_id(s, "Prompting") == "prompting"
        assert names.topic_id(s, "rag and retrieval") == "rag"
        competency = s.scalars(names.select(names.Competency)).first()
        assert names.competency_id(s, competency.name.upper()) == competency.id
        assert names.topic_labels(s, ["rag", "no-such"]) == ["RAG and retrieval", "no-such"]


CSV = ("prompt,difficulty,kind,topics,roles,rubric\n"
       "What does a system prompt do?,beginner,concept,Prompting; rag,Prompt Engineer; genai-engineer,Sets rules\n")


def _known(bank_dir):
    shipped = load_bank([bank_dir])
    return {"known_topics": {t.id for t in shipped.topics}, "known_roles": {r.id for r in shipped.roles}}


def test_csv_cells_take_role_and_topic_display_names(tmp_path, bank_dir):
    path = tmp_path / "sheet.csv"
    path.write_text(CSV, encoding="utf-8")
    bank = load_bank([path], **_known(bank_dir))
    assert bank.problems == []
    assert bank.questions[0].roles == ["prompt-engineer", "genai-engineer"]
    assert bank.questions[0].topics == ["prompting", "rag"]


def test_a_csv_name_that_is_no_role_is_still_reported_as_typed(tmp_path, bank_dir):
    path = tmp_path / "sheet.csv"
    path.write_text(CSV.replace("Prompt Engineer", "Promt Engineer"), encoding="utf-8")
    assert [str(p) for p in load_bank([path], **_known(bank_dir)).problems] == [
        f"{path}:2: question sheet-001: unknown role 'Promt Engineer'"]


def test_yaml_stays_strict_ids(tmp_path, bank_dir):
    path = tmp_path / "q.yaml"
    path.write_text("questions:\n  - id: q-1\n    prompt: What?\n    difficulty: beginner\n    kind: concept\n"
                    "    topics: [prompting]\n    roles: [Prompt Engineer]\n    rubric: [a]\n", encoding="utf-8")
    assert [str(p) for p in load_bank([path], **_known(bank_dir)).problems] == [
        f"{path}:7: question q-1: unknown role 'Prompt Engineer'"]
