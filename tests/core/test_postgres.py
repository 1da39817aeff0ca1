"""The same core on PostgreSQL, for teams that share one bank.

Runs when INTERVIEW_DESK_TEST_PG_URL names an empty database the tests may wipe (`.ci/run` starts
a local server and sets it); skipped otherwise. Search there is the portable backend."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from tests.conftest import BANK_SIZE

PG_URL = os.environ.get("INTERVIEW_DESK_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (INTERVIEW_DESK_TEST_PG_URL)")


@pytest.fixture(scope="module")
def pg_store():
    from desktop.core.bank.sync import sync_bundled_bank
    from desktop.core.storage.store import Store
    from tests.conftest import BANK_DIR

    engine = create_engine(PG_URL)  # drop whatever an earlier run left
    with engine.begin() as conn:
        meta = MetaData()
        meta.reflect(conn)
        meta.drop_all(conn)
    engine.dispose()
    store = Store(PG_URL)
    sync_bundled_bank(store, BANK_DIR)
    yield store
    store.dispose()


def test_migrations_and_the_bundled_bank(pg_store):
    from desktop.core.storage.models import Question

    with pg_store.session() as s:
        assert s.scalar(select(text("count(*)")).select_from(Question)) == BANK_SIZE
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_search_finds_lora_first(pg_store):
    from desktop.core.bank.search import SearchQuery, search

    with pg_store.session() as s:
        result = search(s, SearchQuery("LoRA", limit=5))
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


def test_autosave_racing_submit_never_breaks_the_seal(pg_store):
    """Submit holds the row (SELECT ... FOR UPDATE); autosave share-locks it, then sees it sealed."""
    from tests.core.test_seals import race_autosave_against_submit

    broken, refused = race_autosave_against_submit(pg_store, rounds=15, prefix="pg race")
    assert broken == [] and refused == 15
