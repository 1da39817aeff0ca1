"""Saved sets and loops: edit, save, reload, rename, delete; unique names."""

from __future__ import annotations

import pytest

from desktop.core.building import SetRequest, build_loop_in, build_set_in
from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop
from desktop.core.building.sets import (
    NameTakenError,
    SetDraft,
    SetError,
    delete_set,
    list_sets,
    load_draft,
    rename_set,
    save_loop,
    save_set,
)


def test_draft_edits():
    d = SetDraft.of(["a", "b", "c"])
    assert d.add(["c", "d", "d"]) == ["d"]
    d.move(0, 2)
    assert d.ids == ["b", "c", "a", "d"]
    d.set_pinned(1)
    assert d.items[1].pinned
    assert d.swap(3, "e") == "d"
    assert d.remove(0) == "b"
    assert d.ids == ["c", "a", "e"]
    with pytest.raises(SetError, match="already in the set"):
        d.swap(0, "a")


def test_save_reload_edit_and_resave(store):
    with store.transaction() as s:
        built = build_set_in(s, SetRequest("prompt-engineer", "junior", count=8, seed=1))
        draft = SetDraft.of(built.ids, pinned=built.ids[:1], role_id="prompt-engineer", level="junior")
        row = save_set(s, draft, "  Prompt   screen ")
        set_id = row.id
    with store.transaction() as s:
        draft = load_draft(s, set_id)
        assert draft.name == "Prompt screen" and draft.ids == built.ids and draft.items[0].pinned
        draft.move(7, 0)
        draft.remove(1)
        save_set(s, draft, draft.name)
    with store.session() as s:
        again = load_draft(s, set_id)
        assert again.ids == [built.ids[7]] + built.ids[1:7]
        [summary] = list_sets(s)
        assert summary.name == "Prompt screen" and summary.questions == 7 and summary.minutes > 0


def test_names_are_unique(store):
    with store.transaction() as s:
        save_set(s, SetDraft.of(["gqa-001"]), "Screen")
        other = save_set(s, SetDraft.of(["gqa-002"]), "Other")
        with pytest.raises(NameTakenError, match="choose another name"):
            save_set(s, SetDraft.of(["gqa-003"]), "Screen")
        with pytest.raises(NameTakenError):
            rename_set(s, other.id, "Screen")
        with pytest.raises(SetError, match="needs a name"):
            save_set(s, SetDraft.of(["gqa-003"]), "   ")
        with pytest.raises(SetError, match="unknown question"):
            save_set(s, SetDraft.of(["nope-1"]), "Third")
        rename_set(s, other.id, "Renamed")
    with store.session() as s:
        assert sorted(x.name for x in list_sets(s)) == ["Renamed", "Screen"]


def test_delete_a_set_unless_an_interview_uses_it(store):
    with store.transaction() as s:
        free = save_set(s, SetDraft.of(["gqa-001"]), "Free")
        used = save_set(s, SetDraft.of(["gqa-002"]), "Used")
        candidate = Candidate(name="Ada")
        s.add(candidate)
        s.flush()
        s.add(Interview(candidate_id=candidate.id, set_id=used.id, interviewer="me"))
        s.flush()
        delete_set(s, free.id)
        with pytest.raises(SetError, match="used by 1 interview"):
            delete_set(s, used.id)
    with store.session() as s:
        assert [x.name for x in list_sets(s)] == ["Used"]


def test_save_a_loop(store):
    with store.transaction() as s:
        built = build_loop_in(s, SetRequest("llm-app-engineer", "mid", count=6, seed=2), 3)
        drafts = [SetDraft.of(b.ids, role_id="llm-app-engineer", level="mid", focus=b.focus_label)
                  for b in built.sets]
        save_loop(s, "Onsite", drafts, role_id="llm-app-engineer", level="mid")
        with pytest.raises(NameTakenError, match="loop named 'Onsite'"):
            save_loop(s, "Onsite", drafts, role_id="llm-app-engineer", level="mid")
    with store.session() as s:
        loop = s.query(Loop).one()
        assert [x.loop_position for x in loop.sets] == [0, 1, 2]
        assert all(x.name.startswith("Onsite · ") for x in loop.sets)
        assert [len(x.items) for x in loop.sets] == [6, 6, 6]
        assert s.query(InterviewSet).count() == 3


def test_a_loop_that_would_ask_a_question_twice_is_refused(store):
    with store.transaction() as s:
        built = build_loop_in(s, SetRequest("llm-app-engineer", "mid", count=4, seed=2), 2)
        drafts = [SetDraft.of(b.ids, role_id="llm-app-engineer", level="mid", focus=b.focus_label)
                  for b in built.sets]
        repeated = drafts[0].ids[0]
        drafts[1].swap(0, repeated)  # the second interviewer is given the first one's question
        with pytest.raises(SetError, match="appears in two interviews of the loop"):
            save_loop(s, "Onsite", drafts, role_id="llm-app-engineer", level="mid")
        assert s.query(Loop).count() == 0 and s.query(InterviewSet).count() == 0
