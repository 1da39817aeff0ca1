"""Insight on PostgreSQL: the same read and figures as on SQLite.

Runs when INTERVIEW_DESK_TEST_PG_URL names a PostgreSQL database; skipped otherwise. `simulate`
commits 120 interviews, so the test works in a schema of its own (`pg_schema_url`): the other
PostgreSQL tests never see them, in whatever order they run."""

from __future__ import annotations

from tests.conftest import BANK_DIR, needs_pg

pytestmark = needs_pg


def test_simulate_and_every_figure_on_postgresql(pg_schema_url):
    from desktop.core.bank.sync import sync_bundled_bank
    from desktop.core.insight import insight_for
    from desktop.core.insight.adjusted import adjusted_composite
    from desktop.core.insight.simulate import simulate
    from desktop.core.paper.insight import build_insight_report
    from desktop.core.storage.store import Store

    store = Store(pg_schema_url)
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
