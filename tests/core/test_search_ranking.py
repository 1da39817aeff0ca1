"""Common words are really ranked: on a seeded bank of real question text, the results of
`search_rows` (what the Bank shows) are the top of a plain full sort of every match.

The bank is the bundled one plus 1,500 questions made of its own sentences (so "what", "model"
and the prefix "co" match over a thousand questions each), imported as a person imports a CSV.
Until the search ranked that many matches, such words got the first matches in row order."""

from __future__ import annotations

import csv
import random
import re

import pytest
from sqlalchemy import text

from desktop.core.bank.files import load_bank
from desktop.core.bank.search import SearchQuery, search, search_rows
from desktop.core.bank.search.fts5 import WEIGHTS, Fts5Search, text_expression
from desktop.core.bank.search.postgres import CONFIG, RANK_NORMALIZATION, PostgresSearch, tsquery_text
from desktop.core.bank.sync import import_paths, sync_bundled_bank
from desktop.core.storage.store import Store
from tests.conftest import BANK_DIR, needs_pg

EXTRA = 1500
TYPED = ["what", "model", "co", "how would you", "lora r", "de"]
FILTERS = [{}, {"difficulties": ("advanced",)}, {"topics": ("diffusion", "rag")},
           {"kinds": ("scenario",), "roles": ("prompt-engineer",)}]


def write_seeded_csv(path, count: int, seed: int = 3) -> None:
    """Questions made of the bundled bank's sentences, rubric points and follow-ups."""
    real = load_bank([BANK_DIR]).questions
    split = lambda t: [s for s in re.split(r"(?<=[.?!])\s+", t or "") if s]  # noqa: E731
    prompts = [s for q in real for s in split(q.prompt)]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer", "follow_ups"])
        for i in range(count):
            base = rng.choice(real)
            prompt = " ".join(s if rng.random() > 0.3 else rng.choice(prompts) for s in split(base.prompt))
            out.writerow([f"seed-{i:04d}", prompt, base.difficulty, base.kind, ";".join(base.topics),
                          ";".join(base.roles), "\n".join(rng.sample(base.rubric, len(base.rubric))),
                          base.answer or "", "\n".join(base.follow_ups)])


def seeded(store: Store, folder) -> Store:
    path = folder / "seeded.csv"
    write_seeded_csv(path, EXTRA)
    import_paths(store, [path])
    return store


@pytest.fixture(scope="module")
def sqlite_bank(tmp_path_factory, _bank_template):
    import shutil

    folder = tmp_path_factory.mktemp("ranking")
    shutil.copy(_bank_template, folder / "bank.db")
    store = seeded(Store(str(folder / "bank.db")), folder)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def pg_bank(pg_schema_url, tmp_path_factory):
    store = Store(pg_schema_url)
    sync_bundled_bank(store, BANK_DIR)
    store = seeded(store, tmp_path_factory.mktemp("pg-ranking"))
    yield store
    store.dispose()


def filters_sql(filters: dict) -> tuple[str, dict]:
    """The filters as plain SQL on `q`, written here without the app's code."""
    where, params = ["NOT q.retired"], {}
    for column, key in (("difficulty", "difficulties"), ("kind", "kinds")):
        if key in filters:
            where.append(f"q.{column} IN ({', '.join(f':{key}{n}' for n in range(len(filters[key])))})")
            params.update({f"{key}{n}": v for n, v in enumerate(filters[key])})
    for table, column, key in (("question_topics", "topic_id", "topics"), ("question_roles", "role_id", "roles")):
        if key in filters:
            names = ", ".join(f":{key}{n}" for n in range(len(filters[key])))
            where.append(f"q.id IN (SELECT question_id FROM {table} WHERE {column} IN ({names}))")
            params.update({f"{key}{n}": v for n, v in enumerate(filters[key])})
    return " AND ".join(where), params


def full_sort_sqlite(s, typed: str, filters: dict) -> list[str]:
    where, params = filters_sql(filters)
    return s.scalars(text(
        "SELECT q.id FROM question_fts JOIN questions q ON q.rowid = question_fts.rowid "
        f"WHERE question_fts MATCH :match AND {where.replace('NOT q.retired', 'q.retired = 0')} "
        f"ORDER BY bm25(question_fts, {', '.join(map(str, WEIGHTS))}), q.id"),
        {"match": text_expression(typed.split()), **params}).all()


def full_sort_pg(s, typed: str, filters: dict) -> list[str]:
    from desktop.core.bank.search.postgres import WEIGHTS as PG_WEIGHTS

    where, params = filters_sql(filters)
    tsquery = f"to_tsquery('{CONFIG}', :match)"
    return s.scalars(text(
        f"SELECT q.id FROM questions q WHERE q.search_vector @@ {tsquery} AND {where} "
        f"ORDER BY ts_rank('{PG_WEIGHTS}', q.search_vector, {tsquery}, {RANK_NORMALIZATION}) DESC, q.id"),
        {"match": tsquery_text(typed.split()), **params}).all()


@pytest.mark.parametrize("filters", FILTERS)
def test_common_words_get_the_top_of_the_full_bm25_sort(sqlite_bank, filters):
    # FTS5, the fallback while the ranked index is built: exact up to its cap.
    with sqlite_bank.session() as s:
        assert len(full_sort_sqlite(s, "what", {})) > 1000  # more than the old ranking cap
        for typed in TYPED:
            expected = full_sort_sqlite(s, typed, filters)
            result = search(s, SearchQuery(typed, limit=100, **filters), Fts5Search())
            assert [h.question_id for h in result.hits] == expected[:100], typed
            assert result.more == (len(expected) > 100)


@needs_pg
@pytest.mark.parametrize("filters", FILTERS)
def test_postgres_common_words_get_the_top_of_the_full_ts_rank_sort(pg_bank, filters, monkeypatch):
    from desktop.core.bank.search import postgres

    # PostgreSQL ranks fewer candidates per keystroke (see postgres.py): here all of them.
    monkeypatch.setattr(postgres, "CANDIDATE_CAP", 2 * EXTRA)
    with pg_bank.session() as s:
        assert len(full_sort_pg(s, "what", {})) > 1000
        for typed in TYPED:
            expected = full_sort_pg(s, typed, filters)
            result = search(s, SearchQuery(typed, limit=100, **filters), PostgresSearch())
            assert [h.question_id for h in result.hits] == expected[:100], typed
            assert result.more == (len(expected) > 100)


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=needs_pg)])
def test_beyond_the_cap_the_best_of_a_bounded_pool_come_ranked_and_filtered(request, engine):
    """More matches than the ranking cap: the results are ranked by the same score (the full
    sort's own scores, best first), keep to the filters exactly, and say there are more."""
    bank = request.getfixturevalue("sqlite_bank" if engine == "sqlite" else "pg_bank")
    backend = Fts5Search(cap=50) if engine == "sqlite" else PostgresSearch(cap=50)
    full_sort = full_sort_sqlite if engine == "sqlite" else full_sort_pg
    filters = {"difficulties": ("advanced", "intermediate"), "topics": ("diffusion", "rag", "llm-fundamentals")}
    with bank.session() as s:
        allowed = set(full_sort(s, "what", filters))
        everything = full_sort(s, "what", {})
        result = search(s, SearchQuery("what", limit=20, **filters), backend)
    got = [h.question_id for h in result.hits]
    assert result.more and len(got) == 20 and set(got) <= allowed
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    order = {qid: n for n, qid in enumerate(everything)}
    assert [order[q] for q in got] == sorted(order[q] for q in got)  # the full sort's order


@needs_pg
def test_postgres_filters_are_facet_lexemes_nothing_typed_reaches(pg_store):
    from desktop.core.bank.search.postgres import facet_tsquery

    query = SearchQuery("x", difficulties=("advanced",), topics=("rag", "peft-lora"))
    assert facet_tsquery(query) == "('#d:advanced') & ('#t:rag' | '#t:peft-lora')"
    with pg_store.session() as s:
        tagged = s.scalar(text("SELECT count(*) FROM questions WHERE search_vector @@ CAST(:f AS tsquery)"),
                          {"f": "'#d:advanced'"})
        assert tagged == s.scalar(text("SELECT count(*) FROM questions WHERE difficulty = 'advanced'")) > 0
        for typed in ("#d:advanced", "#d", "#"):  # as words and as the prefix being typed
            typed_ids = [h.question_id for h in search(s, SearchQuery(typed, limit=500)).hits]
            plain = [h.question_id for h in search(s, SearchQuery(typed.replace("#", " ").replace(":", " "),
                                                                 limit=500)).hits]
            assert typed_ids == plain
