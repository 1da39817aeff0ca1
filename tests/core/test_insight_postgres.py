"""Insight on PostgreSQL: the same read and figures as on SQLite.

Runs when INTERVIEW_DESK_TEST_PG_URL names an empty database the tests may wipe (as
tests/core/test_postgres.py); skipped otherwise."""

from __future__ import annotations

import os

import pytest

PG_URL = os.environ.get("INTERVIEW_DESK_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (INTERVIEW_DESK_TEST_PG_URL)")


def test_simulate_and_every_figure_on_postgresql():
    from sqlalchemy import MetaData, create_engine

    from desktop.core.bank.sync import sync_bundled_bank
    from desktop.core.insight import insight_for
    from desktop.core.insight.adjusted import adjusted_composite
    from desktop.core.insight.simulate import simulate
    from desktop.core.paper.insight import build_insight_report
    from desktop.core.storage.store import Store
    from tests.conftest import BANK_DIR

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        meta = MetaData()
        meta.reflect(conn)
        meta.drop_all(conn)
    engine.dispose()
    store = Store(PG_URL)
    try:
        sync_bundled_bank(store, BANK_DIR)
        with store.transaction() as s:
            truth = simulate(s, candidates=30, interviewers=5, seed=4)
        with store.session() as s:
            found = insight_for(s, "genai-engineer")
            assert found.interviews == truth.interviews == 120
            assert set(found.leniency()) == set(truth.leniency)
            assert found.reliability.loops == 30
            assert adjusted_composite(s, 1, found).raw is not None
            assert build_insight_report(s, role="genai-engineer").startswith(b"%PDF")
    finally:
        store.dispose()
