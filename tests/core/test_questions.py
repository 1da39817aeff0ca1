"""Adding, editing, duplicating and retiring questions: checked like the bank files."""

from __future__ import annotations

import pytest

from desktop.core.bank.sync import sync_bundled_bank
from desktop.core.storage.models import Meta, Question
from desktop.core.bank.questions import (
    QuestionError,
    add_question,
    duplicate_question,
    edit_question,
    retire_question,
)
from desktop.core.bank.search import SearchQuery, search

NEW = {
    "prompt": "How would you pick the rank of a LoRA for a multi-agent planner?",
    "difficulty": "advanced",
    "kind": "scenario",
    "topics": ["peft-lora", "fine-tuning"],
    "roles": ["llm-app-engineer"],
    "rubric": ["Ties rank to the amount of new behaviour", "Measures, does not guess"],
}


def ids_for(store, text: str, **filters) -> list[str]:
    with store.session() as s:
        return [h.question_id for h in search(s, SearchQuery(text, **filters)).hits]


def test_add_gives_a_free_id_and_marks_it_edited(store):
    with store.transaction() as s:
        q = add_question(s, NEW)
        assert q.id == "my-001"
        assert q.user_edited and not q.retired
        assert q.minutes == 8  # the loader's default for an advanced question
        second = add_question(s, NEW)
    assert second.id == "my-002"


def test_add_reports_every_problem_by_field_and_saves_nothing(store):
    bad = {**NEW, "prompt": "  ", "difficulty": "hard", "topics": ["no-such-topic"], "rubric": [],
           "minutes": 0}
    with pytest.raises(QuestionError) as caught, store.transaction() as s:
        add_question(s, bad)
    error = caught.value
    assert error.for_field("prompt") == ["empty prompt"]
    assert error.for_field("difficulty") == ["unknown difficulty 'hard' (use beginner, intermediate, advanced)"]
    assert error.for_field("topics") == ["unknown topic 'no-such-topic'"]
    assert error.for_field("rubric") == ["empty rubric"]
    assert error.for_field("minutes") == ["minutes must be between 1 and 120, not 0"]
    with store.session() as s:
        assert s.get(Question, "my-001") is None


def test_add_refuses_a_used_id_a_bad_id_and_unknown_related(store):
    with pytest.raises(QuestionError) as caught, store.transaction() as s:
        add_question(s, {**NEW, "id": "img-001"})
    assert caught.value.for_field("id") == ["id 'img-001' is already used by another question"]
    with pytest.raises(QuestionError) as caught, store.transaction() as s:
        add_question(s, {**NEW, "id": "Bad Id"})
    assert caught.value.for_field("id") == ["id must be lower-case letters, digits, '.', '_' or '-'"]
    with pytest.raises(QuestionError) as caught, store.transaction() as s:
        add_question(s, {**NEW, "related": ["img-001", "nope-1"]})
    assert caught.value.for_field("related") == ["related id 'nope-1' does not exist"]


def test_missing_required_fields_are_reported(empty_store):
    with pytest.raises(QuestionError) as caught, empty_store.transaction() as s:
        add_question(s, {"prompt": "Only a prompt"})
    fields = {p.field for p in caught.value.problems}
    assert {"difficulty", "kind", "topics", "roles", "rubric"} <= fields


def test_edit_changes_the_question_keeps_the_id_and_survives_a_bank_resync(store):
    with store.transaction() as s:
        q = edit_question(s, "img-001", {"prompt": "A reworded prompt about quokkas", "topics": ["diffusion"]})
        assert (q.id, q.topics, q.user_edited) == ("img-001", ["diffusion"], True)
        s.merge(Meta(key="bundled_bank_fingerprint", value="force a re-import"))
    sync_bundled_bank(store)
    with store.session() as s:
        assert s.get(Question, "img-001").prompt == "A reworded prompt about quokkas"


def test_a_bad_edit_changes_nothing(store):
    with store.session() as s:
        before = s.get(Question, "img-001").prompt
    with pytest.raises(QuestionError), store.transaction() as s:
        edit_question(s, "img-001", {"prompt": "new words", "kind": "riddle"})
    with store.session() as s:
        q = s.get(Question, "img-001")
        assert (q.prompt, q.user_edited) == (before, False)


def test_duplicate_copies_under_a_new_id(store):
    with store.transaction() as s:
        copy = duplicate_question(s, "gqa-085")
        again = duplicate_question(s, "gqa-085")
        original = s.get(Question, "gqa-085")
        assert copy.id == "gqa-085-copy" and again.id == "gqa-085-copy-2"
        assert (copy.prompt, copy.rubric, copy.topics, copy.roles) == (
            original.prompt, original.rubric, original.topics, original.roles)
        assert not original.user_edited


def test_retire_hides_from_search_and_unretire_brings_back(store):
    assert "gqa-085" in ids_for(store, "Low-Rank Adaptation")
    with store.transaction() as s:
        retire_question(s, "gqa-085")
    assert "gqa-085" not in ids_for(store, "Low-Rank Adaptation")
    assert ids_for(store, "Low-Rank Adaptation", retired="retired") == ["gqa-085"]
    with store.transaction() as s:
        retire_question(s, "gqa-085", retired=False)
    assert "gqa-085" in ids_for(store, "Low-Rank Adaptation")


def test_unknown_question_is_a_clear_error(store):
    with pytest.raises(QuestionError, match="no question with id 'nope'"), store.transaction() as s:
        edit_question(s, "nope", {"prompt": "x"})


def test_changes_in_the_app_are_found_by_search_at_once(store):
    """The FTS index follows the triggers: new words, changed topics, retired questions."""
    with store.transaction() as s:
        q = add_question(s, {**NEW, "prompt": "Explain the zanzibar consistency model"})
    assert ids_for(store, "zanzibar") == [q.id]
    assert ids_for(store, "zanzibar", topics=("peft-lora",)) == [q.id]
    with store.transaction() as s:
        edit_question(s, q.id, {"prompt": "Explain the okapi consistency model", "topics": ["rag"]})
    assert ids_for(store, "zanzibar") == []
    assert ids_for(store, "okapi") == [q.id]
    assert ids_for(store, "okapi", topics=("peft-lora",)) == []
    assert ids_for(store, "okapi", topics=("rag",)) == [q.id]
    assert ids_for(store, "retrieval okapi") == [q.id]  # the topic's name is indexed too
    with store.transaction() as s:
        s.delete(s.get(Question, q.id))
    assert ids_for(store, "okapi") == []
