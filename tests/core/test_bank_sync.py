"""Importing and exporting the bank: all or nothing, idempotent, user edits kept."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import event, func, select

from desktop.core.bank.files import BankError
from desktop.core.bank.files import load_bank
from desktop.core.bank.sync import export_bank, import_paths, question_to_dict, sync_bundled_bank
from desktop.core.storage.models import Meta, Question
from desktop.core.storage.store import Store
from tests.conftest import BANK_SIZE

NEW_QUESTION = """\
questions:
  - id: team-001
    prompt: How would you evaluate a RAG pipeline before launch?
    difficulty: advanced
    kind: scenario
    topics: [rag, evaluation]
    roles: [llm-app-engineer]
    minutes: 8
    rubric: [Retrieval metrics, Answer faithfulness, A labelled test set]
"""


def count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Question))


def test_bundled_bank_is_imported_once_and_then_left_alone(empty_store, bank_dir):
    shipped = load_bank([bank_dir])
    report = sync_bundled_bank(empty_store, bank_dir)
    assert len(report.added) == len(shipped.questions) >= 210
    assert (report.roles, report.topics, report.competencies) == (
        len(shipped.roles), len(shipped.topics), len(shipped.competencies))
    assert sync_bundled_bank(empty_store, bank_dir) is None
    assert count(empty_store) == len(shipped.questions)


def test_import_is_idempotent_and_upserts_by_id(store, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(NEW_QUESTION)
    assert import_paths(store, [path]).added == ["team-001"]
    again = import_paths(store, [path])
    assert (again.added, again.updated, again.unchanged) == ([], [], 1)
    path.write_text(NEW_QUESTION.replace("minutes: 8", "minutes: 9"))
    assert import_paths(store, [path]).updated == ["team-001"]
    with store.session() as s:
        assert s.get(Question, "team-001").minutes == 9
    assert count(store) == BANK_SIZE + 1


def test_import_is_all_or_nothing(store, tmp_path):
    good = tmp_path / "a_good.yaml"
    good.write_text(NEW_QUESTION)
    bad = tmp_path / "b_bad.yaml"
    bad.write_text(NEW_QUESTION.replace("team-001", "team-002").replace("advanced", "legendary"))
    with pytest.raises(BankError) as raised:
        import_paths(store, [good, bad])
    assert "question team-002: unknown difficulty 'legendary'" in str(raised.value)
    assert count(store) == BANK_SIZE


def test_reimporting_the_bundled_bank_keeps_questions_edited_in_the_app(store, bank_dir):
    with store.transaction() as s:
        q = s.get(Question, "gqa-074")
        q.prompt = "Our own wording of the mode-collapse question"
        q.user_edited = True
        s.get(Question, "gqa-075").prompt = "Drifted without being marked as edited"
    with store.transaction() as s:  # as after an upgrade that ships a new bank
        s.delete(s.get(Meta, "bundled_bank_fingerprint"))
    report = sync_bundled_bank(store, bank_dir)
    assert report.kept_user_edits == ["gqa-074"]
    assert report.updated == ["gqa-075"]
    with store.session() as s:
        assert s.get(Question, "gqa-074").prompt == "Our own wording of the mode-collapse question"
        assert s.get(Question, "gqa-075").prompt != "Drifted without being marked as edited"


@pytest.mark.parametrize("target", ["bank_folder", "bank.yaml"])
def test_export_then_import_reproduces_the_same_bank(store, empty_store, tmp_path, target):
    with store.transaction() as s:
        s.get(Question, "img-001").retired = True
    with store.session() as s:
        export_bank(s, tmp_path / target)
        before = [question_to_dict(q) for q in s.scalars(select(Question).order_by(Question.id))]
    import_paths(empty_store, [tmp_path / target])
    with empty_store.session() as s:
        after = [question_to_dict(q) for q in s.scalars(select(Question).order_by(Question.id))]
    assert after == before


def _sync_as_a_command(db_path, folder, statements: list | None = None):
    """One command's start: open the database, sync the bundled bank, close it."""
    store = Store(str(db_path))
    if statements is not None:
        event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        return sync_bundled_bank(store, folder)
    finally:
        store.dispose()


def test_an_unchanged_bundled_bank_costs_no_database_read_and_a_changed_one_is_synced(db_path, tmp_path, bank_dir):
    folder = tmp_path / "bundled"
    shutil.copytree(bank_dir, folder)  # the same files as the database holds
    assert _sync_as_a_command(db_path, folder) is None  # (this one reads what the database holds)
    statements: list[str] = []
    assert _sync_as_a_command(db_path, folder, statements) is None
    assert statements == []  # neither the fingerprint nor anything else was read

    added = folder / "team.yaml"  # a new version of the app ships one more file...
    added.write_text(NEW_QUESTION)
    assert _sync_as_a_command(db_path, folder).added == ["team-001"]
    assert _sync_as_a_command(db_path, folder) is None
    added.write_text(NEW_QUESTION.replace("minutes: 8", "minutes: 9"))  # ... or changes one, same size
    later = added.stat().st_mtime_ns + 1_000_000_000  # (written after the last start)
    os.utime(added, ns=(later, later))
    assert _sync_as_a_command(db_path, folder).updated == ["team-001"]
    store = Store(str(db_path))
    with store.session() as s:
        assert s.get(Question, "team-001").minutes == 9
    store.dispose()
