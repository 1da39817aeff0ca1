"""The catalog the views fill their choices from: roles, topics and competencies as plain data."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from sqlalchemy import event

from desktop.core.bank import catalog
from desktop.core.bank.sync import import_paths

from tests.conftest import BANK_DIR


def bundled(kind: str) -> list[dict]:
    return yaml.safe_load((BANK_DIR / f"{kind}.yaml").read_text(encoding="utf-8"))[kind]


@pytest.fixture
def small_bank(empty_store, tmp_path):
    """A bank of two roles, written as a bank file and imported the way a user imports one."""
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump({
        "topics": [{"id": "rag", "name": "RAG and retrieval"}, {"id": "agents", "name": "Agents"}],
        "competencies": [{"id": "craft", "name": "Prompting craft", "kind": "technical"},
                         {"id": "ownership", "name": "Ownership", "kind": "behavioral"}],
        "roles": [
            {"id": "zeta", "name": "Zeta engineer", "topic_weights": {"agents": 1, "rag": 3},
             "competencies": {"ownership": 1, "craft": 3},
             "levels": {"senior": {"beginner": 10, "intermediate": 40, "advanced": 50},
                        "junior": {"beginner": 50, "intermediate": 40, "advanced": 10}}},
            {"id": "alpha", "name": "Alpha analyst", "topic_weights": {"rag": 1},
             "levels": {"mid": {"beginner": 25, "intermediate": 50, "advanced": 25}}},
        ],
    }), encoding="utf-8")
    import_paths(empty_store, [path])
    return empty_store


def test_roles_come_by_name_with_levels_in_order_and_weights_heaviest_first(small_bank):
    with small_bank.session() as s:
        roles = catalog.roles(s)
    assert [r.name for r in roles] == ["Alpha analyst", "Zeta engineer"]
    zeta = roles[1]
    assert zeta == catalog.RoleInfo("zeta", "Zeta engineer", levels=("junior", "senior"),
                                    competencies=("craft", "ownership"), topics=("rag", "agents"))
    assert roles[0].competencies == ()  # a role may assess no declared competency yet


def test_topics_and_competencies_come_by_name(small_bank):
    with small_bank.session() as s:
        assert catalog.topics(s) == [catalog.TopicInfo("agents", "Agents"), catalog.TopicInfo("rag", "RAG and retrieval")]
        assert [(c.id, c.kind) for c in catalog.competencies(s)] == [("ownership", "behavioral"), ("craft", "technical")]
        assert catalog.topic_names(s) == {"agents": "Agents", "rag": "RAG and retrieval"}


def test_the_bundled_catalog_names_every_id_as_its_bank_file_does(store):
    with store.session() as s:
        cat = catalog.load_catalog(s)
    assert cat.role_names == {r["id"]: r["name"] for r in bundled("roles")}
    assert cat.topic_names == {t["id"]: t["name"] for t in bundled("topics")}
    assert cat.competency_names == {c["id"]: c["name"] for c in bundled("competencies")}
    engineer = cat.role("genai-engineer")
    assert engineer.levels == ("junior", "mid", "senior")
    assert cat.role("no-such-role") is None and cat.role(None) is None


def test_the_catalog_is_plain_frozen_data_usable_after_the_session(store):
    with store.session() as s:
        cat = catalog.load_catalog(s)
    role = cat.roles[0]
    assert role.name and role.topics  # read after the session closed: nothing lazy left
    with pytest.raises(dataclasses.FrozenInstanceError):
        role.name = "changed"


def test_loading_the_catalog_is_one_query_per_list(store):
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(store.engine, "before_cursor_execute", listen)
    try:
        with store.session() as s:
            catalog.load_catalog(s)
    finally:
        event.remove(store.engine, "before_cursor_execute", listen)
    selects = [st for st in statements if st.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3, selects
