"""The same core on PostgreSQL, for teams that share one bank.

Runs when INTERVIEW_DESK_TEST_PG_URL names a PostgreSQL database (`.ci/run` starts a local server
and sets it); skipped otherwise. `pg_store` (tests/conftest.py) rolls back what each test changes;
tests that commit work in a schema of their own, so these pass whatever ran before them. Search there is the tsvector backend (tests/core/test_search.py checks it)."""

from __future__ import annotations

from sqlalchemy import select, text
from tests.conftest import BANK_SIZE, needs_pg

pytestmark = needs_pg


def test_migrations_and_the_bundled_bank(pg_store):
    from desktop.core.storage.models import Question

    with pg_store.session() as s:
        assert s.scalar(select(text("count(*)")).select_from(Question)) == BANK_SIZE
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_search_finds_lora_first(pg_store):
    from desktop.core.bank.search import SearchQuery, search

    with pg_store.session() as s:
        result = search(s, SearchQuery("LoRA", limit=5))
    assert result.backend == "tantivy"  # the ranked index, built from the database
    assert result.hits and "lora" in result.hits[0].snippet.lower()


def test_a_loop_has_no_question_twice(pg_store):
    from desktop.core.building import SetRequest, build_loop_in

    with pg_store.session() as s:
        loop = build_loop_in(s, SetRequest(role="genai-engineer", level="mid", count=8, seed=3), 4)
    ids = [qid for built in loop.sets for qid in built.ids]
    assert len(ids) == 32 and len(set(ids)) == 32


def test_demo_scorecards_are_sealed_and_export(pg_store):
    from desktop.core import interviewing as iv
    from desktop.core.demo import create_demo
    from desktop.core.storage.models import Interview
    from desktop.core.paper import build_pdf

    with pg_store.transaction() as s:
        create_demo(s)
    with pg_store.session() as s:
        sealed = s.scalars(select(Interview).where(Interview.status == "submitted")).all()
        assert len(sealed) == 4 and all(iv.verify_seal(i) for i in sealed)
        pdf = build_pdf(s, "debrief", sealed[0].candidate_id)
    assert pdf.startswith(b"%PDF")




# -- the search index (migration 0007) -----------------------------------------------------------


def tags_out_of_step(session) -> int:
    """Questions whose indexed topics or roles differ from their links (the index's own check)."""
    return session.execute(text(
        "SELECT count(*) FROM questions WHERE search_topics <> question_search_topics(id)"
        " OR search_roles <> question_search_roles(id)")).scalar()


def test_the_index_follows_bank_changes(pg_store):
    from desktop.core.bank.search import SearchQuery, search
    from desktop.core.storage.models import Question

    def top(s, typed: str) -> list[str]:
        return [h.question_id for h in search(s, SearchQuery(typed, limit=100)).hits]

    with pg_store.transaction() as s:
        q = s.get(Question, "img-001")
        q.prompt, q.topics, q.roles = "Reworded ocelot", ["gans", "vaes"], ["prompt-engineer"]
        s.delete(s.get(Question, "img-002"))
        s.execute(text("UPDATE topics SET name = 'Generative adversarial nets' WHERE id = 'gans'"))
        s.execute(text("UPDATE roles SET name = 'Prompt whisperer' WHERE id = 'prompt-engineer'"))
    with pg_store.session() as s:
        assert tags_out_of_step(s) == 0
        assert top(s, "ocelot") == ["img-001"]
        assert "img-001" in top(s, "adversarial nets") and "img-001" in top(s, "whisperer")
        assert "img-002" not in top(s, "adversarial nets")


def load_migration(name: str):
    import importlib.util
    from pathlib import Path

    from desktop.core.storage.store import MIGRATIONS_DIR

    path = next(Path(MIGRATIONS_DIR, "versions").glob(f"{name}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_accents_fold_with_unaccent_and_match_as_written_without(pg_schema_url):
    from sqlalchemy import create_engine

    matches = "SELECT to_tsvector('question_search', :doc) @@ to_tsquery('question_search', :typed)"
    engine = create_engine(pg_schema_url)  # a schema of its own: its configuration is this test's
    migration = load_migration("0007")
    try:
        with engine.begin() as conn:
            unaccent = migration._unaccent_dictionary(conn)  # Debian's postgresql package has it
            for dictionary, folds in ([(unaccent, True)] if unaccent else []) + [(None, False)]:
                migration.create_search_configuration(conn, dictionary)
                assert conn.execute(text(matches), {"doc": "Naïve café", "typed": "'café':*"}).scalar()
                assert conn.execute(text(matches), {"doc": "Naïve café", "typed": "'naïve'"}).scalar()
                assert conn.execute(text(matches), {"doc": "Naïve café", "typed": "'cafe':*"}).scalar() == folds
                assert conn.execute(text(matches), {"doc": "a naive cafe", "typed": "'café'"}).scalar() == folds
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up_again(pg_schema_url):
    from alembic import command

    from desktop.core.bank.search import SearchQuery, backend_for, search
    from desktop.core.storage.models import Question
    from desktop.core.storage.store import Store

    store = Store(pg_schema_url)  # a new database in the module's own schema
    with store.transaction() as s:
        s.add(Question(id="q-1", prompt="What is a quokka?", difficulty="beginner", kind="concept", rubric=["x"]))
    cfg = store._alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    with store.session() as s:
        assert backend_for(s).name == "like"
    store.upgrade()
    with store.session() as s:
        result = search(s, SearchQuery("quokk"))
    # the ranked index, built from the database
    assert result.backend == "tantivy" and [h.question_id for h in result.hits] == ["q-1"]
    store.dispose()
