"""Searching the bank: relevance on the bundled bank, filters, snippets, the index's upkeep.

The relevance, filter and snippet checks run on every database the app runs on (`bank`: the
SQLite FTS5 index and PostgreSQL's tsvector, that one skipped without a server)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from desktop.core.storage.models import Question
from desktop.core.bank.questions import add_question
from desktop.core.bank.search import (
    MARK_END,
    MARK_START,
    SearchQuery,
    plain_snippet,
    search,
    search_questions,
    search_rows,
    snippet_parts,
)
from desktop.core.bank.search.like import LikeSearch
from desktop.core.bank.search.fts5 import WEIGHTS, Fts5Search, check_index, text_expression
from desktop.core.bank.search.postgres import PostgresSearch, tsquery_text
from desktop.core.storage.store import Store
from tests.conftest import BANK_SIZE, needs_pg

HOSTILE = ['"', '""', "AND (", "NEAR(", "NEAR(a b)", "*", "-", "-lora", "multi-agent", "a'b",
           "ubuntu 20.04", "🙂 emoji 🙂", "lora OR", "prompt:lora", "{prompt}: x", "^lora", "x" * 10_000,
           "lora " * 2_000, "\x00", "\ue000d616476616e636564", "'; DROP TABLE questions; --", "%_\\"]


@pytest.fixture
def bank(any_store):
    """The bundled bank on SQLite, then on PostgreSQL."""
    return any_store


def backend_of(store, **options):
    """The ranked backend of the store's database, with these options (cap, pool)."""
    return (Fts5Search if store.is_sqlite else PostgresSearch)(**options)


def add(s, qid: str, prompt: str, **fields) -> None:
    add_question(s, {"id": qid, "prompt": prompt, "difficulty": "beginner", "kind": "concept",
                     "topics": ["rag"], "roles": ["llm-app-engineer"], "rubric": ["point"], **fields})


def top(store, text: str, n: int = 5, **filters) -> list[str]:
    with store.session() as s:
        return [h.question_id for h in search(s, SearchQuery(text, limit=n, **filters)).hits]


def prompt_of(store, qid: str) -> str:
    with store.session() as s:
        return s.get(Question, qid).prompt


def test_the_bank_is_searched_through_the_ranked_index(bank):
    with bank.session() as s:
        assert search(s, SearchQuery("lora")).backend == "tantivy"


# -- relevance the issue asks for ------------------------------------------------------------


def test_lora_ranks_a_lora_question_first(bank):
    first = top(bank, "LoRA")[0]
    assert "LoRA" in prompt_of(bank, first)


def test_mode_collapse_finds_the_gan_mode_collapse_questions_first(bank):
    found = top(bank, "mode collapse", n=2)
    assert all("mode collapse" in prompt_of(bank, q) and "GAN" in prompt_of(bank, q) for q in found)


def test_hallucination_finds_the_llm_and_the_prompt_engineering_ones(bank):
    found = top(bank, "hallucination", n=20)
    with bank.session() as s:
        topics = {t for qid in found for t in s.get(Question, qid).topics}
    assert {"llm-fundamentals", "prompting"} <= topics
    assert "hallucinat" in prompt_of(bank, found[0]).lower()


def test_controlnet_depth_finds_the_interior_design_workflow_question(bank):
    first = top(bank, "controlnet depth")[0]
    with bank.session() as s:
        q = s.get(Question, first)
        assert q.kind == "workflow" and "room" in q.prompt


@pytest.mark.parametrize("filters", [{}, {"difficulties": ("advanced",)}, {"topics": ("gans",)},
                                     {"retired": "all"}, {"kinds": ("scenario",), "roles": ("mlops-engineer",)}])
def test_ranked_results_are_the_best_by_bm25_then_id(store, filters):
    # Ranked in a CTE, filtered after: the answer must be the plain SQL one, every match that
    # passes the filters, best score first, ties by id.
    with store.transaction() as s:
        for n in range(4):  # identical questions: tied scores, ordered by id
            add_question(s, {"id": f"tie-{3 - n}", "prompt": "How does a GAN generator collapse?",
                             "difficulty": "advanced", "kind": "concept", "topics": ["gans"],
                             "roles": ["applied-ml-scientist"], "rubric": ["point"]})
        s.get(Question, "tie-1").retired = True
    sql = text(
        "SELECT q.id FROM question_fts JOIN questions q ON q.rowid = question_fts.rowid "
        "WHERE question_fts MATCH :match AND (:retired = 'all' OR q.retired = (:retired = 'retired')) "
        "AND (:difficulty IS NULL OR q.difficulty = :difficulty) AND (:kind IS NULL OR q.kind = :kind) "
        "AND (:topic IS NULL OR q.id IN (SELECT question_id FROM question_topics WHERE topic_id = :topic)) "
        "AND (:role IS NULL OR q.id IN (SELECT question_id FROM question_roles WHERE role_id = :role)) "
        f"ORDER BY bm25(question_fts, {', '.join(map(str, WEIGHTS))}), q.id LIMIT :n"
    )
    first = {key: values[0] for key, values in filters.items() if key != "retired"}
    with store.session() as s:
        for typed in ("gan collapse", "mode", "generator"):
            expected = s.scalars(sql, {
                "match": text_expression(typed.split()), "retired": filters.get("retired", "active"),
                "difficulty": first.get("difficulties"), "kind": first.get("kinds"),
                "topic": first.get("topics"), "role": first.get("roles"), "n": 41}).all()
            for limit in (1, 2, 3, 7, 40):
                result = search(s, SearchQuery(typed, limit=limit, **filters), Fts5Search())
                assert [h.question_id for h in result.hits] == expected[:limit]
                assert result.more == (len(expected) > limit)


@needs_pg
@pytest.mark.parametrize("filters", [{}, {"difficulties": ("advanced",)}, {"topics": ("gans",)},
                                     {"retired": "all"}, {"kinds": ("scenario",), "roles": ("mlops-engineer",)}])
def test_postgres_ranked_results_are_the_best_by_ts_rank_then_id(pg_store, filters):
    # The plain SQL answer: every match that passes the filters, best ts_rank first, ties by id.
    from desktop.core.bank.search import postgres

    with pg_store.transaction() as s:
        for n in range(4):  # identical questions: tied scores, ordered by id
            add_question(s, {"id": f"tie-{3 - n}", "prompt": "How does a GAN generator collapse?",
                             "difficulty": "advanced", "kind": "concept", "topics": ["gans"],
                             "roles": ["applied-ml-scientist"], "rubric": ["point"]})
        s.get(Question, "tie-1").retired = True
    tsquery = f"to_tsquery('{postgres.CONFIG}', :match)"
    sql = text(
        f"SELECT q.id FROM questions q WHERE q.search_vector @@ {tsquery} "
        "AND (:retired = 'all' OR q.retired = (:retired = 'retired')) "
        "AND (CAST(:difficulty AS text) IS NULL OR q.difficulty = :difficulty) "
        "AND (CAST(:kind AS text) IS NULL OR q.kind = :kind) "
        "AND (CAST(:topic AS text) IS NULL OR q.id IN (SELECT question_id FROM question_topics WHERE topic_id = :topic)) "
        "AND (CAST(:role AS text) IS NULL OR q.id IN (SELECT question_id FROM question_roles WHERE role_id = :role)) "
        f"ORDER BY ts_rank('{postgres.WEIGHTS}', q.search_vector, {tsquery}, {postgres.RANK_NORMALIZATION}) DESC,"
        " q.id LIMIT :n"
    )
    first = {key: values[0] for key, values in filters.items() if key != "retired"}
    with pg_store.session() as s:
        for typed in ("gan collapse", "mode", "generator"):
            expected = s.scalars(sql, {
                "match": tsquery_text(typed.split()), "retired": filters.get("retired", "active"),
                "difficulty": first.get("difficulties"), "kind": first.get("kinds"),
                "topic": first.get("topics"), "role": first.get("roles"), "n": 41}).all()
            for limit in (1, 2, 3, 7, 40):
                result = search(s, SearchQuery(typed, limit=limit, **filters), PostgresSearch())
                assert [h.question_id for h in result.hits] == expected[:limit]
                assert result.more == (len(expected) > limit)


def test_prompt_words_weigh_more_than_answer_words(bank):
    """A word in a prompt outranks the same word only in an answer."""
    with bank.session() as s:
        hits = search(s, SearchQuery("dreambooth", limit=50)).hits
        in_prompt = ["dreambooth" in s.get(Question, h.question_id).prompt.lower() for h in hits]
    assert in_prompt[0] and in_prompt == sorted(in_prompt, reverse=True)


def test_the_last_word_is_a_prefix_while_typing(bank):
    assert top(bank, "controlne")[:3] == top(bank, "controlnet")[:3]
    assert "img-040" in top(bank, "controlnet dep", n=3)
    assert top(bank, "mode coll", n=2) == top(bank, "mode collapse", n=2)


@pytest.mark.parametrize("word", ["hallucination", "diffusion", "retrieval", "evaluation"])
def test_results_never_vanish_while_a_word_is_typed(bank, word):
    """The index stores stems ("hallucin"), so "hallucina" matched nothing until fixed: every
    prefix on the way to a word must keep finding what the whole word finds first."""
    best = top(bank, word, n=1)[0]
    for end in range(3, len(word) + 1):
        assert best in top(bank, word[:end], n=20), word[:end]
    assert top(bank, "zzzzzzzz") == []


def test_topics_and_roles_are_searchable_words(bank):
    # "peft-lora" is a topic of img-042 but the word "peft" is in none of its texts.
    with bank.session() as s:
        assert "peft" not in s.get(Question, "img-042").prompt.lower()
    assert "img-042" in top(bank, "peft", n=100)


def test_a_question_is_found_by_its_follow_ups(bank):
    with bank.transaction() as s:
        add(s, "fu-1", "How do you grade summaries with an LLM?", rubric=["Calibrates against people"],
            answer="Pairwise comparisons.", follow_ups=["What if the judge drifts after a model update?"])
    assert "fu-1" in top(bank, "judge drifts", n=20)
    with bank.session() as s:
        hit = next(h for h in search(s, SearchQuery("judge drifts", limit=20)).hits if h.question_id == "fu-1")
    assert f"{MARK_START}drifts{MARK_END}" in hit.snippet


def test_a_changed_follow_up_is_searched_as_it_now_reads(bank):
    with bank.transaction() as s:
        add(s, "fu-1", "A plain prompt", follow_ups=["What about the flumoxite?"])
    assert top(bank, "flumoxite") == ["fu-1"]
    with bank.transaction() as s:
        s.get(Question, "fu-1").follow_ups = ["What about the snorkelbat?"]
    assert top(bank, "flumoxite") == [] and top(bank, "snorkelbat") == ["fu-1"]


@pytest.mark.parametrize("typed", ["café", "naïve", "naïve baye", "Café"])
def test_accented_words_are_found_as_typed(bank, typed):
    with bank.transaction() as s:
        add(s, "acc-1", "Rank the menu items", rubric=["Mentions the café example", "Names a naïve Bayes baseline"])
        add(s, "acc-2", "Plain question", answer="A cafe and a naive reader")
    found = top(bank, typed, n=10)
    assert "acc-1" in found
    with bank.session() as s:
        hit = next(h for h in search(s, SearchQuery(typed, limit=10)).hits if h.question_id == "acc-1")
    assert MARK_START in hit.snippet  # the accented word is what is highlighted


def test_rubric_text_is_stored_as_written(bank):
    """JSON keeps "café" as café, not \u00e9: a LIKE scan (and anyone reading the database) finds it."""
    with bank.transaction() as s:
        add(s, "acc-1", "Rank the menu items", rubric=["Mentions the café example"])
    with bank.session() as s:
        stored = s.execute(text("SELECT CAST(rubric AS TEXT) FROM questions WHERE id = 'acc-1'")).scalar()
        assert "café" in stored
        assert [h.question_id for h in search(s, SearchQuery("café"), LikeSearch()).hits] == ["acc-1"]


# -- filters ---------------------------------------------------------------------------------


def test_filters_combine_with_the_text(bank):
    with bank.session() as s:
        hits = search(s, SearchQuery("prompt", difficulties=("advanced",), kinds=("scenario", "workflow"),
                                     topics=("prompting",), roles=("prompt-engineer",), limit=200)).hits
        assert hits
        for h in hits:
            q = s.get(Question, h.question_id)
            assert q.difficulty == "advanced" and q.kind in ("scenario", "workflow")
            assert "prompting" in q.topics and "prompt-engineer" in q.roles


def test_an_empty_query_lists_everything_the_filters_allow(bank):
    with bank.session() as s:
        everything = search(s, SearchQuery("", limit=1000)).hits
        assert len(everything) == BANK_SIZE
        gans = search(s, SearchQuery("   ", topics=("gans",), limit=1000)).hits
        expected = s.scalars(text("SELECT question_id FROM question_topics WHERE topic_id = 'gans'")).all()
        assert sorted(h.question_id for h in gans) == sorted(expected)


def test_retired_questions_are_hidden_unless_asked_for(bank):
    with bank.transaction() as s:
        s.get(Question, "img-040").retired = True
    assert "img-040" not in top(bank, "controlnet depth", n=50)
    assert top(bank, "controlnet depth", retired="retired") == ["img-040"]
    assert "img-040" in top(bank, "controlnet depth", n=50, retired="all")


def test_limit_and_more(bank):
    with bank.session() as s:
        result = search(s, SearchQuery("model", limit=3))
        assert len(result.hits) == 3 and result.more
        assert not search(s, SearchQuery("controlnet depth", limit=100)).more


def test_a_bad_retired_state_is_refused():
    with pytest.raises(ValueError):
        SearchQuery("x", retired="sometimes")


# -- snippets --------------------------------------------------------------------------------


def test_matches_come_back_with_a_highlighted_snippet(bank):
    with bank.session() as s:
        hit = search(s, SearchQuery("mode collapse", limit=1)).hits[0]
    assert f"{MARK_START}mode{MARK_END}" in hit.snippet and f"{MARK_START}collapse{MARK_END}" in hit.snippet
    assert ("mode", True) in snippet_parts(hit.snippet)
    assert "[mode] [collapse]" in plain_snippet(hit.snippet)


def test_snippet_of_a_match_deep_in_a_long_answer_is_short(bank):
    with bank.transaction() as s:
        add_question(s, {"id": "long-1", "prompt": "A prompt", "difficulty": "beginner", "kind": "concept",
                         "topics": ["rag"], "roles": ["llm-app-engineer"], "rubric": ["point"],
                         "answer": "filler words " * 2000 + "the quetzal appears here " + "tail " * 500})
    with bank.session() as s:
        hit = search(s, SearchQuery("quetzal")).hits[0]
    assert hit.question_id == "long-1"
    assert len(hit.snippet) < 200 and f"{MARK_START}quetzal{MARK_END}" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")


# -- any input is safe -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_input_never_raises(bank, typed):
    with bank.session() as s:
        for backend in (backend_of(bank), LikeSearch()):
            result = search(s, SearchQuery(typed, limit=5), backend)
            assert len(result.hits) <= 5


def test_punctuated_words_match_as_written(bank):
    with bank.transaction() as s:
        for qid, prompt in (("t-1", "Design a multi-agent planner"), ("t-2", "Upgrade to ubuntu 20.04 safely"),
                            ("t-3", "Why a'b testing?")):
            add_question(s, {"id": qid, "prompt": prompt, "difficulty": "beginner", "kind": "concept",
                             "topics": ["mlops"], "roles": ["mlops-engineer"], "rubric": ["point"]})
    assert top(bank, "multi-agent") == ["t-1"]
    assert top(bank, "ubuntu 20.04") == ["t-2"]
    assert top(bank, "a'b")[0] == "t-3"  # "a" then a word starting with "b", as the index splits it
    assert top(bank, "multi-agent", topics=("mlops",)) == ["t-1"]


def test_filter_tokens_cannot_be_typed(store):
    """The index's private filter tokens are unreachable from the search box."""
    assert top(store, "\ue000d616476616e636564") == []  # the token for difficulty "advanced"


# -- the portable path agrees ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["controlnet depth", "mode collapse", "kohya"])
def test_like_fallback_finds_the_same_questions(store, typed):
    with store.session() as s:
        fts = [h.question_id for h in search(s, SearchQuery(typed, limit=3), Fts5Search()).hits]
        like = {h.question_id for h in search(s, SearchQuery(typed, limit=500), LikeSearch()).hits}
    # LIKE has no stemming ("collapsing"), so compare the best matches only.
    assert fts and set(fts) <= like


def add_old_schema_question(s) -> None:
    """A question in a database at revision 0001, whose columns the models no longer match."""
    s.execute(text("INSERT INTO questions (id, prompt, difficulty, kind, rubric, follow_ups, related,"
                   " minutes, source, retired, user_edited, created_at, updated_at) VALUES ('q-1',"
                   " 'What is a quokka?', 'beginner', 'concept', '[\"x\"]', '[]', '[]', 5, '', 0, 0,"
                   " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))


def test_a_database_without_the_index_falls_back_to_like(tmp_path):
    store = Store(str(tmp_path / "plain.db"))
    with store.transaction() as s:
        s.add(Question(id="q-1", prompt="What is a quokka?", difficulty="beginner", kind="concept", rubric=["x"]))
        for kind, name in s.execute(text("SELECT type, name FROM sqlite_master WHERE name LIKE 'question_fts%'"
                                         " AND type IN ('trigger', 'view') ORDER BY type")).all():
            s.execute(text(f"DROP {kind.upper()} {name}"))
        s.execute(text("DROP TABLE question_fts"))
        s.execute(text("DROP TABLE question_fts_changes"))  # nor the ranked index's change log
    with store.session() as s:
        result = search(s, SearchQuery("quokka"))
    assert result.backend == "like" and [h.question_id for h in result.hits] == ["q-1"]
    store.dispose()


# -- the index -------------------------------------------------------------------------------


def test_upgrading_a_database_with_questions_indexes_them(tmp_path):
    path = tmp_path / "old.db"
    store = Store(str(path), upgrade=False)
    store.upgrade("0001")
    with store.transaction() as s:
        add_old_schema_question(s)
    store.dispose()
    store = Store(str(path))  # upgrades to head: migration 0002 builds the index
    with store.session() as s:
        assert [h.question_id for h in search(s, SearchQuery("quokka"), Fts5Search()).hits] == ["q-1"]
        assert [h.question_id for h in search(s, SearchQuery("quokka")).hits] == ["q-1"]
        check_index(s)
    store.dispose()


def test_the_index_stays_consistent_through_bank_changes(store):
    with store.transaction() as s:
        q = s.get(Question, "img-001")
        q.prompt, q.topics, q.roles = "Reworded", ["gans", "vaes"], ["prompt-engineer"]
        s.delete(s.get(Question, "img-002"))
        s.execute(text("UPDATE topics SET name = 'Generative adversarial nets' WHERE id = 'gans'"))
    with store.session() as s:
        check_index(s)  # FTS5's integrity check: raises if the index disagrees with the rows
    assert "img-001" in top(store, "adversarial nets", n=100)


def test_the_fallback_index_keeps_short_prefixes_only_and_still_matches_longer_ones(store):
    """FTS5 only answers while the ranked index is built (issue #20), so it keeps prefix
    indexes of one and two letters only (migration 0014: each word stored three times, not
    seven; imports far faster); a longer prefix being typed still matches, FTS5 reading the
    range of words that start so."""
    with store.session() as s:
        definition = s.execute(text("SELECT sql FROM sqlite_master WHERE name = 'question_fts'")).scalar()
        assert "prefix='1 2'" in definition.replace(" = ", "=")

        def fallback(typed: str) -> list[str]:
            return [h.question_id for h in search(s, SearchQuery(typed, limit=3), Fts5Search()).hits]

        assert "img-040" in fallback("controlnet d") and "img-040" in fallback("controlnet dep")
        assert "img-040" in fallback("controlnet depth")
        assert fallback("mode co")[:2] == fallback("mode collapse")[:2]


def test_a_fallback_search_matches_in_one_statement_planned_without_a_scan_of_the_bank(store):
    """Without prefix indexes each statement that matches a short prefix reads every word it
    starts (0.2 s for "r" at 100,000 questions): finding and ranking the matches is one
    statement, and its plan looks the pool's questions up by rowid, never reading the whole
    bank (a pool of 20 in this bank of 300 stands for one of 2,000 in a bank of 100,000)."""
    matching: list[str] = []
    with store.session() as s:
        driver = s.connection().connection.driver_connection
        driver.set_trace_callback(lambda sql: matching.append(sql) if "MATCH" in sql else None)
        try:
            result = search(s, SearchQuery("lora r", limit=3, topics=["diffusion"]), Fts5Search(cap=20))
        finally:
            driver.set_trace_callback(None)
        assert result.hits and len(matching) == 1
        plan = driver.execute("EXPLAIN QUERY PLAN " + matching[0].replace("EXPLAIN QUERY PLAN ", "")).fetchall()
    assert not [step for step in plan if "BLOOM" in step[-1] or step[-1].startswith("SCAN questions")]


def test_search_rows_carry_what_the_bank_table_shows(bank):
    with bank.session() as s:
        rows, more = search_rows(s, SearchQuery("controlnet depth", limit=3))
    assert more and rows[0].id == "img-040"
    assert rows[0].topics and rows[0].times_asked == 0 and rows[0].last_asked is None


def test_questions_come_back_with_their_hits_in_order(bank):
    with bank.session() as s:
        pairs, _ = search_questions(s, SearchQuery("mode collapse", limit=3))
    assert [q.id for q, _ in pairs] == top(bank, "mode collapse", n=3)


def test_the_index_survives_a_raw_sqlite_writer(db_path):
    """Triggers live in the database: a script writing with plain sqlite3 keeps the index right."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE questions SET prompt = 'Ocelot question' WHERE id = 'img-003'")
    store = Store(str(db_path))
    assert top(store, "ocelot") == ["img-003"]
    store.dispose()


def test_the_migration_goes_down_and_up_again(tmp_path):
    from alembic import command

    store = Store(str(tmp_path / "down.db"))
    with store.transaction() as s:
        s.add(Question(id="q-1", prompt="What is a quokka?", difficulty="beginner", kind="concept", rubric=["x"]))
    cfg = store._alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert "question_fts" not in store.table_names()
    store.upgrade()
    with store.session() as s:
        assert [h.question_id for h in search(s, SearchQuery("quokka")).hits] == ["q-1"]
    store.dispose()
