"""Search takes any Python string: a byte the terminal could not decode, a lone surrogate, a
NUL. None of them raises, and none of them turns a search into "match everything"."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.bank.files import dump_yaml
from desktop.core.bank.search import SearchQuery, search, words
from desktop.core.bank.search.fts5 import Fts5Search
from desktop.core.bank.search.like import LikeSearch
from desktop.core.bank.sync import import_paths
from desktop.core.cli import main

BACKENDS = (Fts5Search(), LikeSearch())
# What a shell hands Python for `interview-desk search $'caf\xe9'` in a UTF-8 locale.
LATIN1_ARGV = "caf\udce9"


@pytest.fixture
def cafe_store(store, tmp_path):
    """The bundled bank plus one question about a café."""
    path = tmp_path / "cafe.yaml"
    path.write_text(dump_yaml({"questions": [{
        "id": "cafe-001", "prompt": "How would you recommend a café to a visitor with a chatbot?",
        "difficulty": "beginner", "kind": "scenario", "topics": ["genai-foundations"],
        "roles": ["genai-engineer"], "rubric": ["Asks what the visitor likes"],
    }]}), encoding="utf-8")
    import_paths(store, [path])
    return store


def hit_ids(store, text: str, backend, **filters) -> list[str]:
    with store.session() as s:
        return [h.question_id for h in search(s, SearchQuery(text, limit=500, **filters), backend).hits]


@pytest.mark.parametrize("text, expected", [
    (LATIN1_ARGV, ["caf"]),
    ("\ud800", []),
    ("lo\udfffra rank", ["lo", "ra", "rank"]),
    ("\x00", []),
    ("a\x00b", ["a", "b"]),
    ("lora\x01rank", ["lora", "rank"]),
])
def test_words_treat_surrogates_and_control_characters_as_spaces(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_an_undecodable_byte_in_the_query_searches_the_rest(cafe_store, backend):
    assert "cafe-001" in hit_ids(cafe_store, LATIN1_ARGV, backend)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
@pytest.mark.parametrize("text", ["lo\ud800ra", "\udfffrank lora", "lora \ud83dr"])
def test_a_lone_surrogate_never_raises(store, backend, text):
    hit_ids(store, text, backend)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_a_surrogate_in_a_filter_matches_nothing_and_never_raises(store, backend):
    assert hit_ids(store, "lora", backend, topics=["caf\udce9"], roles=["\ud800"]) == []


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
@pytest.mark.parametrize("text", ["\x00zzqqxx", "e\x00zzqqxx", "zzqqxx\x00"])
def test_a_nul_never_makes_a_query_match_everything(store, backend, text):
    assert hit_ids(store, text, backend) == []


def test_the_cli_searches_a_surrogate_escaped_argument(cafe_store, db_path, capsys):
    status = main(["--db", str(db_path), "search", LATIN1_ARGV, "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "cafe-001" in [row["id"] for row in json.loads(out)]


@pytest.mark.parametrize("argv", [["\ud800"], ["lora", "\x00"], ["--topic", "caf\udce9", "lora"]])
def test_the_cli_never_shows_a_traceback_for_odd_text(db_path, capsys, argv):
    status = main(["--db", str(db_path), "search", *argv])
    _, err = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in err and "unexpected error" not in err


# Every character Python can hold, surrogates and control characters included.
ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=())


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory, _bank_template):
    import shutil

    from desktop.core.storage.store import Store

    path = tmp_path_factory.mktemp("input") / "bank.db"
    shutil.copy(_bank_template, path)
    store = Store(str(path))
    yield store
    store.dispose()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(ANY_CHARACTER, max_size=30),
       topics=st.lists(st.text(ANY_CHARACTER, max_size=4), max_size=2))
@example(text=LATIN1_ARGV, topics=[])
@example(text="\x00", topics=["\udce9"])
def test_any_string_searches_without_raising(shared_store, text, topics):
    with shared_store.session() as s:
        for backend in BACKENDS:
            result = search(s, SearchQuery(text, topics=topics, limit=10), backend)
            assert len(result.hits) <= 10
