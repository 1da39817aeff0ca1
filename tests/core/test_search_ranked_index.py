"""The ranked index (Tantivy): really ranked, and in step with the database whatever writes to it.

Ranking: on a bank of real question text large enough that common words and prefixes match more
questions than FTS5 ranks per keystroke, the Bank's results (`search_rows`) score, under a plain
exhaustive bm25 sort of every match (prompt weighted 10 times the rubric), at least 90% of what
the best ten score. In step: questions added, edited, retired or deleted through the core, by a
second Store or by another program are what the next search finds, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import tantivy
from sqlalchemy import text

from desktop.core.bank.questions import add_question, edit_question, retire_question
from desktop.core.bank.search import PAGE, SearchQuery, database_backend, search, search_page, search_rows
from desktop.core.bank.search import ranked_index
from desktop.core.bank.search.fts5 import WEIGHTS, text_expression
from desktop.core.bank.sync import import_paths, sync_bundled_bank
from desktop.core.storage.models import Question
from desktop.core.storage.store import Store
from tests.conftest import BANK_DIR, needs_pg
from tests.core.test_search_ranking import write_seeded_csv

EXTRA = 3500  # "what" then matches some 3,000 questions, more than FTS5 ranks (fts5.CANDIDATE_CAP)
COMMON = ["what", "model", "how would you", "co", "de", "lo", "tra"]


@pytest.fixture(scope="module")
def large_bank(tmp_path_factory, _bank_template):
    folder = tmp_path_factory.mktemp("ranked")
    shutil.copy(_bank_template, folder / "bank.db")
    store = Store(str(folder / "bank.db"))
    write_seeded_csv(folder / "seeded.csv", EXTRA)
    import_paths(store, [folder / "seeded.csv"])
    with store.transaction() as s:  # the best match of each by far, written last: after the first 2,000 matches
        for n, typed in enumerate(COMMON):
            add(s, f"late-{n}", f"{typed}, {typed}: {typed}?", rubric=[f"{typed} {typed}"], answer=f"{typed}.",
                follow_ups=[f"{typed}?"])
    with store.session() as s:
        ranked_index.build_index(s)  # as the app does after an import of this size
    yield store
    store.dispose()


def exhaustive(s, typed: str) -> list[tuple[str, float]]:
    """Every active match, scored by FTS5's bm25 and sorted: the unoptimised answer."""
    return [tuple(row) for row in s.execute(text(
        f"SELECT q.id, -bm25(question_fts, {', '.join(map(str, WEIGHTS))}) AS score FROM question_fts "
        "JOIN questions q ON q.rowid = question_fts.rowid WHERE question_fts MATCH :match AND q.retired = 0 "
        "ORDER BY score DESC, q.id"), {"match": text_expression(typed.split())})]


@pytest.mark.parametrize("typed", COMMON)
def test_common_words_and_prefixes_get_the_best_of_every_match(large_bank, typed):
    with large_bank.session() as s:
        ranked = exhaustive(s, typed)
        rows, more = search_rows(s, SearchQuery(typed, limit=100))
    scores = dict(ranked)
    best = sum(score for _, score in ranked[:10])
    got = sum(scores.get(r.id, 0.0) for r in rows[:10])
    assert len(ranked) > 2000 and more
    assert got >= 0.9 * best, (typed, got / best)
    late = f"late-{COMMON.index(typed)}"
    assert late in [qid for qid, _ in ranked[:10]] and late in [r.id for r in rows[:10]]


def test_the_count_is_every_match(large_bank):
    with large_bank.session() as s:
        page = search_page(s, SearchQuery("what"))
        assert page.ranked_all and page.total == len(exhaustive(s, "what"))


def test_a_page_reads_each_question_once_with_its_snippet_and_filters(large_bank):
    """The Bank's page of a ranked search reads its rows in one pass (it read each question
    twice: its texts for snippets, then its columns), the SQL filters in it."""
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    with large_bank.session() as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", record)
        try:
            page = search_page(s, SearchQuery("what", limit=20, difficulties=("advanced",)))
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert len(page.rows) == 20 and {r.difficulty for r in page.rows} == {"advanced"}
    assert "\x02what\x03" in page.rows[0].snippet.lower()
    reads = [sql for sql in seen if "questions.prompt" in sql]
    assert len(reads) == 1 and "questions.answer" in reads[0] and "questions.difficulty IN" in reads[0]


# -- in step with the database -----------------------------------------------------------------


def add(s, qid: str, prompt: str, **fields) -> None:
    add_question(s, {"id": qid, "prompt": prompt, "difficulty": "beginner", "kind": "concept",
                     "topics": ["rag"], "roles": ["llm-app-engineer"], "rubric": ["point"], **fields})


def found(store, typed: str, **filters) -> list[str]:
    with store.session() as s:
        result = search(s, SearchQuery(typed, limit=20, **filters))
        assert result.backend == "tantivy"
        return [h.question_id for h in result.hits]


def check_changes_are_searched(store) -> None:
    found(store, "lora")  # the index is there before the changes
    with store.transaction() as s:
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
    assert found(store, "quetzalcoatl") == ["new-1"]
    assert found(store, "quetzalc") == ["new-1"]  # as it is typed
    with store.transaction() as s:
        edit_question(s, "new-1", {"prompt": "What does an okapiward regulariser do?", "topics": ["gans"]})
    assert found(store, "quetzalcoatl") == [] and found(store, "okapiward") == ["new-1"]
    assert found(store, "okapiward", topics=("gans",)) == ["new-1"] and found(store, "okapiward", topics=("rag",)) == []
    with store.transaction() as s:
        retire_question(s, "new-1")
    assert found(store, "okapiward") == [] and found(store, "okapiward", retired="retired") == ["new-1"]
    with store.transaction() as s:
        s.execute(text("UPDATE topics SET name = 'Generative capybara networks' WHERE id = 'gans'"))
    assert "new-1" in found(store, "capybara", retired="all")
    with store.transaction() as s:
        s.delete(s.get(Question, "new-1"))
    assert found(store, "okapiward", retired="all") == []


def test_questions_added_edited_retired_and_deleted_are_searched_as_they_now_are(store):
    check_changes_are_searched(store)


@needs_pg
def test_postgres_questions_added_edited_retired_and_deleted_are_searched_as_they_now_are(pg_schema_url):
    store = Store(pg_schema_url)
    sync_bundled_bank(store, BANK_DIR)
    try:
        check_changes_are_searched(store)
    finally:
        store.dispose()


def test_uncommitted_changes_never_reach_the_index(store):
    found(store, "lora")
    with store.session() as s:
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
        s.flush()
        # The session sees its own question (the database's index answers it) ...
        result = search(s, SearchQuery("quetzalcoatl"))
        assert [h.question_id for h in result.hits] == ["new-1"] and result.backend != "tantivy"
        s.rollback()  # ... and it is gone: the index never had it
    assert found(store, "quetzalcoatl") == []


def test_a_second_store_and_another_program_are_seen(store, db_path):
    found(store, "lora")
    other = Store(str(db_path))
    with other.transaction() as s:
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
    other.dispose()
    assert found(store, "quetzalcoatl") == ["new-1"]
    script = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
              " c.execute(\"UPDATE questions SET prompt = 'Ocelot question' WHERE id = 'img-003'\"); c.commit()")
    subprocess.run([sys.executable, "-c", script, str(db_path)], check=True)
    assert found(store, "ocelot") == ["img-003"]


def test_while_another_process_writes_the_index_the_database_answers(store):
    found(store, "lora")
    folder = ranked_index.index_folder(store.engine)
    other = tantivy.Index(ranked_index.SCHEMA, path=str(folder))  # as another process would
    other.register_tokenizer(ranked_index.TOKENIZER, ranked_index.ANALYZER)
    writer = other.writer(heap_size=15_000_000, num_threads=1)  # holds the folder's lock
    with store.transaction() as s:
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
    with store.session() as s:
        result = search(s, SearchQuery("quetzalcoatl"))
    assert result.backend == "sqlite-fts5" and [h.question_id for h in result.hits] == ["new-1"]
    del writer  # the other process is done
    assert found(store, "quetzalcoatl") == ["new-1"]


@pytest.mark.parametrize("damage", ["deleted", "corrupt"])
def test_a_deleted_or_corrupt_index_is_rebuilt(store, damage):
    found(store, "lora")
    folder = ranked_index.index_folder(store.engine)
    ranked_index.forget_indexes()  # the app starts again ...
    if damage == "deleted":
        shutil.rmtree(folder)
    else:
        (folder / "meta.json").write_text("not an index")
    with store.transaction() as s:
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
    assert found(store, "quetzalcoatl") == ["new-1"]  # ... and finds the index rebuilt
    assert "img-040" in found(store, "controlnet depth")


def test_a_large_bank_is_searched_by_the_database_until_its_index_is_built(store, monkeypatch):
    monkeypatch.setattr(ranked_index, "BUILD_ON_THE_SPOT", 10)  # the bundled bank counts as large
    with store.session() as s:
        result = search(s, SearchQuery("controlnet depth"))
        assert result.backend == "sqlite-fts5" and result.stale and result.hits[0].question_id == "img-040"
        assert ranked_index.index_is_stale(s)
        ranked_index.build_index(s)
    assert found(store, "controlnet depth")[0] == "img-040"
    with store.transaction() as s:  # a few changes are applied before the next search
        add(s, "new-1", "What does a quetzalcoatl regulariser do?")
    assert found(store, "quetzalcoatl") == ["new-1"]


def test_a_bulk_import_means_a_rebuild(store, tmp_path, monkeypatch):
    found(store, "lora")
    monkeypatch.setattr(ranked_index, "BUILD_ON_THE_SPOT", 10)
    write_seeded_csv(tmp_path / "seeded.csv", 200)
    import_paths(store, [tmp_path / "seeded.csv"], bulk_threshold=1)  # FTS5's bulk path
    with store.session() as s:
        assert s.scalar(text("SELECT count(*) FROM question_fts_changes")) == 1  # "everything", not 200 rows
        assert ranked_index.index_is_stale(s)
        ranked_index.build_index(s)
        result = search(s, SearchQuery("what", limit=1000))
    assert result.backend == "tantivy" and {f"seed-{i:04d}" for i in range(200)} & {h.question_id for h in result.hits}


def test_the_index_lives_beside_the_file_and_in_memory_for_memory(store, empty_store):
    assert ranked_index.index_folder(store.engine) == store.path.with_name(store.path.name + ".search")
    assert ranked_index.index_folder(empty_store.engine) is None
    sync_bundled_bank(empty_store, BANK_DIR)
    with empty_store.transaction() as s:
        add(s, "m-1", "What does a quetzalcoatl regulariser do?")
    assert found(empty_store, "quetzalcoatl") == ["m-1"]


def test_the_cli_import_builds_the_index_after_a_large_import(db_path, tmp_path, monkeypatch):
    from desktop.core.cli import main as cli_main

    monkeypatch.setattr(ranked_index, "BUILD_ON_THE_SPOT", 10)  # the bank counts as large
    write_seeded_csv(tmp_path / "seeded.csv", 300)
    assert cli_main(["--db", str(db_path), "import", str(tmp_path / "seeded.csv")]) == 0
    store = Store(str(db_path))
    try:
        with store.session() as s:
            assert not ranked_index.index_is_stale(s)  # built, not waiting for the app
        assert found(store, "what")
    finally:
        store.dispose()


# -- pages: the Bank shows the best PAGE and reads the next as the list is scrolled ------------


def pages(s, typed: str, count: int, backend=None) -> list:
    """The rows of `count` pages read one after another, as the Bank reads them."""
    shown: list = []
    for n in range(1, count + 1):
        page = search_page(s, SearchQuery(typed, limit=n * PAGE), backend, shown=[row.id for row in shown])
        assert len(page.rows) == PAGE and page.more
        shown += page.rows
    return shown


@pytest.mark.parametrize("typed", ["what", "lo", "how would you"])
def test_pages_add_up_to_one_search(large_bank, typed):
    with large_bank.session() as s:
        whole = search_rows(s, SearchQuery(typed, limit=3 * PAGE))[0]
        shown = pages(s, typed, 3)
    ids = [row.id for row in shown]
    assert len(set(ids)) == len(ids) == 3 * PAGE  # no row twice
    assert set(ids) == {row.id for row in whole}  # none skipped
    # Best first, page after page (equal scores may come in either page of two).
    assert [row.score for row in shown] == [row.score for row in whole]


def check_pages_split_equal_scores(store, engine: str) -> None:
    with store.transaction() as s:  # identical questions: every score equal, across three pages
        for n in range(3 * PAGE):
            add(s, f"same-{engine}-{n:03d}", f"How would a quokka calibrate a {engine} zebrafish?")
    with store.session() as s:
        ranked_index.build_index(s)
        backend = None if engine == "tantivy" else database_backend(s)
        assert search(s, SearchQuery("zebrafish"), backend).backend == engine
        shown = [row.id for row in pages(s, f"{engine} quokka zebraf", 2, backend)]
        last = search_page(s, SearchQuery(f"{engine} quokka zebraf", limit=3 * PAGE), backend, shown=shown)
    assert not last.more
    every = [f"same-{engine}-{n:03d}" for n in range(3 * PAGE)]
    assert sorted(shown + [row.id for row in last.rows]) == every


@pytest.mark.parametrize("engine", ["tantivy", "sqlite-fts5"])
def test_pages_split_equal_scores_without_losing_one(store, engine):
    check_pages_split_equal_scores(store, engine)


@needs_pg
@pytest.mark.parametrize("engine", ["tantivy", "postgresql-tsvector"])
def test_postgres_pages_split_equal_scores_without_losing_one(pg_schema_url, engine):
    store = Store(pg_schema_url)
    sync_bundled_bank(store, BANK_DIR)
    try:
        check_pages_split_equal_scores(store, engine)
    finally:
        store.dispose()
