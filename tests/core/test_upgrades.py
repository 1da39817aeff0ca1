"""A database written at any earlier schema revision opens, is upgraded, and reads as it was.

Each tests/data/schema_NNNN.sql is a small database as that version of the app left it (see
tests/data/make_schema_dbs.py): a bank, a loop with a sealed and amended scorecard, a planned
interview and an interrupted one. Opening it with the app's Store upgrades it to the head;
after that everything must read through the core exactly as before, and the schema must be
the one a new database gets.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop.core import interviewing as iv
from desktop.core.bank.search import SearchQuery, backend_for, search_rows
from desktop.core.cli import main
from desktop.core.interviewing.competencies import GLOBAL_SCALE_LABEL, scale_label
from desktop.core.interviewing.records import scorecard_detail
from desktop.core.paper.scorecard import build_scorecard
from desktop.core.storage.models import Interview, Meta, Question, Role
from desktop.core.storage.store import SCHEMA_HEAD, Store
from tests.core.schema_check import model_differences, sqlite_schema
from tests.core.test_paper_instrument import text_of

DATA = Path(__file__).resolve().parents[1] / "data"


def migration_revisions() -> list[str]:
    script = ScriptDirectory.from_config(Store("sqlite://", upgrade=False)._alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


REVISIONS = migration_revisions()
SEALED_NOTE = "Checked the retriever before the prompt — naïve “top-k” first; a<b & c."


def load(revision: str, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((DATA / f"schema_{revision}.sql").read_text(encoding="utf-8"))
    conn.close()


@pytest.fixture(params=REVISIONS)
def old(request, tmp_path):
    """(revision, path, store): a saved database of that revision, opened (so upgraded) by the app."""
    path = tmp_path / "desk.db"
    load(request.param, path)
    store = Store(str(path))
    yield request.param, path, store
    store.dispose()


def test_every_schema_revision_has_a_saved_database():
    # A new migration needs its dump: python tests/data/make_schema_dbs.py NEW_REVISION
    assert sorted(p.stem.removeprefix("schema_") for p in DATA.glob("schema_*.sql")) == REVISIONS


def test_the_saved_databases_are_at_their_revision():
    for revision in REVISIONS:
        with sqlite3.connect(":memory:") as conn:
            conn.executescript((DATA / f"schema_{revision}.sql").read_text(encoding="utf-8"))
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]


def test_opening_upgrades_to_the_head_and_keeps_the_old_file(old):
    revision, path, store = old
    assert store.current_revision() == SCHEMA_HEAD
    backup = path.with_name(f"desk.db.bak-{revision}")
    if revision == SCHEMA_HEAD:
        assert not backup.exists()  # nothing to upgrade, nothing copied
    else:
        with sqlite3.connect(backup) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]


def test_the_upgraded_schema_is_the_schema_of_a_new_database(old, tmp_path):
    _, path, store = old
    assert model_differences(store.engine) == []
    fresh = tmp_path / "fresh.db"
    Store(str(fresh)).dispose()
    # Beyond the models: the search index, its view and its triggers, exactly as a new database has them.
    assert sqlite_schema(path) == sqlite_schema(fresh)


def test_questions_are_found_by_search_as_before(old):
    _, _, store = old
    with store.session() as s:
        assert backend_for(s).name == "tantivy"  # the ranked index is built from it, not the slow fallback

        def found(text: str, **filters) -> list[str]:
            return [row.id for row in search_rows(s, SearchQuery(text, **filters))[0]]

        assert found("reward model")[0] == "upg-002"
        assert found("chunk siz") == ["upg-003"]  # a prefix while typing
        assert set(found("retrieval", topics=["rag"], difficulties=["intermediate"])) == {"upg-001"}
        assert found("BLEU") == [] and found("BLEU", retired="all") == ["upg-005"]
        # Follow-ups are indexed since 0007: each question's says "What would you try next?".
        assert set(found("would you try next")) == {"upg-001", "upg-002", "upg-003", "upg-004"}


def test_questions_and_roles_keep_every_field(old):
    revision, _, store = old
    with store.session() as s:
        q = s.get(Question, "upg-001")
        assert (q.topics, q.roles, q.kind, q.user_edited, len(q.rubric)) == (
            ["rag", "evaluation"], ["genai-engineer"], "scenario", True, 3)
        role = s.get(Role, "genai-engineer")
        assert role.levels["mid"] == {"beginner": 20, "intermediate": 50, "advanced": 30}
        if revision >= "0004":
            assert q.competencies == ["retrieval-grounding"] and len(q.anchors) == 4 and q.red_flags
            assert role.competencies["retrieval-grounding"] == 3
        else:  # added by 0004, empty until the bank fills them in
            assert (q.competencies, q.anchors, q.red_flags, role.competencies) == ([], [], [], {})
        assert s.get(Meta, "bundled_bank_fingerprint").value == "9f2c" * 16


def test_the_sealed_scorecard_is_listed_verified_and_shows_its_amendment(old):
    _, _, store = old
    with store.session() as s:
        row = next(r for r in iv.interview_rows(s) if r["id"] == 1)
        assert (row["candidate"], row["interviewer"], row["loop"], row["status"]) == (
            "Ada Example", "Grace", "Ada loop", "submitted")
        assert row["amended"] and row["recommendation"] == "yes" and row["mean_rating"] == 3.0

        interview = s.get(Interview, 1)
        assert iv.verify_seal(interview)
        history = iv.amendment_history(interview)
        assert [(h["author"], h["reason"]) for h in history] == [("Grace", "Typed the second rating on the wrong key")]
        assert history[0]["lines"] == ["question 2: rating 2 → 3"]

        detail = scorecard_detail(s, 1, viewer="Grace")
        assert detail.seal_ok is True and detail.questions[0].notes == SEALED_NOTE
        assert [q.rating for q in detail.questions] == [3, 3] and detail.questions[1].amended


def test_the_loop_still_waits_for_its_planned_interview(old):
    _, _, store = old
    with store.session() as s:
        assert iv.debrief_state(s, 1) == (False, "1 of 2 interviews submitted; waiting for Sam (planned)")


def test_the_interrupted_interview_resumes_where_it_stopped_and_can_be_sealed(old):
    revision, _, store = old
    with store.session() as s:
        waiting = iv.interrupted_interview(s, "Grace")
        assert (waiting.id, waiting.candidate, waiting.where, waiting.elapsed_seconds) == (
            3, "Ben Sample", "at question 2 of 2", 312.5)
        assert waiting.clock_paused == (revision >= "0003")  # 0003 started remembering a paused clock
        live = iv.load_live_interview(s, 3)
        assert [q.notes for q in live.questions] == ["Clear on pairwise preferences.", "Started on ROUGE vs human review"]
    with store.transaction() as s:
        iv.update_annotation(s, 3, 1, rating=2, notes="Only ROUGE; no human review")
        iv.submit_interview(s, 3, recommendation="no", summary="Knows reward models, not evaluation")
    with store.session() as s:
        assert iv.verify_seal(s.get(Interview, 3))


def test_scorecards_from_before_question_anchors_keep_the_global_scale_and_say_so(old, capsys):
    revision, path, store = old
    before_anchors = revision < "0004"  # 0004 brought each question's own anchors
    expected = "global" if before_anchors else "anchored"
    with store.transaction() as s:
        assert s.get(Interview, 1).rating_scale == expected  # the sealed scorecard
        assert s.get(Interview, 3).rating_scale == expected  # rated in part before the upgrade
        assert s.get(Interview, 2).rating_scale == "anchored"  # planned: it will be asked as the bank is then
        detail = scorecard_detail(s, 1, viewer="Grace")
        assert scale_label(detail.rating_scale) == (GLOBAL_SCALE_LABEL if before_anchors else "")
        assert iv.verify_seal(s.get(Interview, 1))  # marking the scale leaves the seal holding
        assert (GLOBAL_SCALE_LABEL in text_of(build_scorecard(s, 1))) == before_anchors
        new = iv.create_interview(s, set_id=3, candidate_id=1, interviewer="Lin")
        new_id = new.id
    assert main(["--db", str(path), "list", "interviews", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[1]["scale"] == expected and rows[new_id]["scale"] == "anchored"
    assert rows[1]["competency_notes"] == (
        {"retrieval-grounding": "Looked at what the retriever returned first."} if revision >= "0008" else {})
