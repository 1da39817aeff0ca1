"""The same core on PostgreSQL, for teams that share one bank.

Runs when INTERVIEW_DESK_TEST_PG_URL names an empty database the tests may wipe (`.ci/run` starts
a local server and sets it); skipped otherwise. `pg_store` (tests/conftest.py) rolls back what
each test changes. Search there is the tsvector backend (tests/core/test_search.py checks it)."""

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
    assert result.backend == "postgresql-tsvector"
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
