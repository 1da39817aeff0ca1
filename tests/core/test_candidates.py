"""Candidates are created on the spot and found again by id or by name."""

from __future__ import annotations

import pytest

from desktop.core.interviewing.candidates import create_candidate, find_candidate, list_candidates


def test_create_keeps_name_role_and_notes(store):
    with store.transaction() as s:
        c = create_candidate(s, name="  Ada   Lovelace ", role_id="genai-engineer", notes="referral")
        cid = c.id
    with store.session() as s:
        found = find_candidate(s, str(cid))
        assert (found.name, found.role_id, found.notes) == ("Ada Lovelace", "genai-engineer", "referral")


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_name_is_required(store, name):
    with store.transaction() as s, pytest.raises(ValueError, match="needs a name"):
        create_candidate(s, name=name)


def test_unknown_role_is_a_clear_error(store):
    with store.transaction() as s, pytest.raises(ValueError, match="unknown role 'astronaut'"):
        create_candidate(s, name="Bo", role_id="astronaut")


def test_find_by_name_ignores_case_and_says_when_missing_or_ambiguous(store):
    with store.transaction() as s:
        create_candidate(s, name="Grace Hopper")
        twin_a = create_candidate(s, name="Sam Lee")
        create_candidate(s, name="sam lee")
        assert find_candidate(s, "GRACE hopper").name == "Grace Hopper"
        with pytest.raises(LookupError, match="no candidate 'Linus'"):
            find_candidate(s, "Linus")
        with pytest.raises(LookupError, match="several candidates are named"):
            find_candidate(s, "Sam Lee")
        assert find_candidate(s, str(twin_a.id)) is twin_a


def test_list_is_sorted_by_name(store):
    with store.transaction() as s:
        for name in ("zoe", "Adam", "mia"):
            create_candidate(s, name=name)
        assert [c.name for c in list_candidates(s)] == ["Adam", "mia", "zoe"]
