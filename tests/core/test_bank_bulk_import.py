"""A large import: written in bulk with the search index rebuilt once, and still all or nothing.

`bulk_threshold=1` makes these small banks take the path a 100,000-question import takes
(triggers off, one rebuild, ANALYZE); `bulk_threshold` huge makes them take the row-by-row one.
"""

from __future__ import annotations

import io
import re
import sqlite3
import sys

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from desktop.core.bank.files import BankError, dump_yaml, load_bank
from desktop.core.bank.questions import add_question, edit_question
from desktop.core.bank.search import SearchQuery, search
from desktop.core.bank.search.fts5 import check_index
from desktop.core.cli import main
from desktop.core.bank.sync import ImportCancelled, import_bank, import_paths, sync_bundled_bank
from desktop.core.storage.models import Question

FAST, ROW_BY_ROW = 1, 10**9


class Recorder:
    """A progress object as a caller passes one: it records, and can ask to stop."""

    def __init__(self, cancel_at: str | None = None):
        self.calls: list[tuple[int, int, str]] = []
        self.cancel_at = cancel_at
        self.cancelled = False

    def report(self, done: int, total: int, text_: str) -> None:
        self.calls.append((done, total, text_))
        if self.cancel_at and self.cancel_at in text_:
            self.cancelled = True

    def texts(self) -> set[str]:
        return {t for _, _, t in self.calls}


def team_questions(bank_dir, n: int) -> list[dict]:
    """`n` new questions made from the bundled ones, each with a word of its own."""
    shipped = load_bank([bank_dir]).questions
    out = []
    for i in range(n):
        q = shipped[i % len(shipped)].as_dict()
        q.update(id=f"team-{i:03d}", prompt=f"Quokka{i:03d} {q['prompt']}", related=[])
        out.append({k: v for k, v in q.items() if v not in (None, [], "")} | {"retired": False})
    return out


def write_bank(path, questions: list[dict]):
    path.write_text(dump_yaml({"questions": questions}), encoding="utf-8")
    return path


def count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Question))


def triggers(store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")))


def found(store, words: str) -> list[str]:
    with store.session() as s:
        return [h.question_id for h in search(s, SearchQuery(words, limit=200)).hits]


def test_a_bulk_import_is_searchable_and_its_index_consistent(store, bank_dir, tmp_path):
    before = triggers(store)
    file = write_bank(tmp_path / "team.yaml", team_questions(bank_dir, 60))
    progress = Recorder()
    report = import_paths(store, [file], progress=progress, bulk_threshold=FAST)
    assert len(report.added) == 60
    assert "indexing for search" in progress.texts()  # the bulk path was taken
    assert found(store, "quokka007") == ["team-007"]
    assert sorted(found(store, "quokka0")) == [f"team-{i:03d}" for i in range(60)]
    with store.session() as s:
        check_index(s)  # FTS5's own integrity check against the questions
        assert s.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'questions'")) > 0
    assert triggers(store) == before  # and the index keeps itself up to date afterwards
    with store.transaction() as s:
        edit_question(s, "team-007", {"prompt": "Wombat question about LoRA rank"})
    assert "team-007" not in found(store, "quokka007")
    assert found(store, "wombat") == ["team-007"]


def test_bulk_and_row_by_row_imports_give_the_same_search_results(bank_dir, tmp_path):
    from desktop.core.storage.store import Store

    file = write_bank(tmp_path / "team.yaml", team_questions(bank_dir, 40))
    results = []
    for threshold in (FAST, ROW_BY_ROW):
        store = Store(str(tmp_path / f"{threshold}.db"))
        sync_bundled_bank(store, bank_dir)
        import_paths(store, [file], bulk_threshold=threshold)
        with store.session() as s:
            check_index(s)
            results.append([search(s, SearchQuery(q, limit=50)) for q in ("quokka01", "lora rank", "what")])
        store.dispose()
    assert results[0] == results[1]


def test_a_bad_row_at_the_end_of_a_bulk_import_leaves_the_database_as_it_was(store, bank_dir, tmp_path):
    """The files check out, but the last question names a topic the database does not hold:
    the failure comes while writing, after the index triggers are off."""
    before = (count(store), triggers(store), found(store, "lora rank"))
    questions = team_questions(bank_dir, 50)
    questions[-1]["topics"] = ["no-such-topic"]
    file = write_bank(tmp_path / "team.yaml", questions)
    with store.session() as s:
        known = {t for (t,) in s.execute(text("SELECT id FROM topics"))} | {"no-such-topic"}
    bank = load_bank([file], known_topics=known, known_roles=None)
    assert bank.ok
    with pytest.raises(IntegrityError), store.transaction() as s:
        import_bank(s, bank, bulk_threshold=FAST)
    assert (count(store), triggers(store), found(store, "lora rank")) == before
    assert not any(qid.startswith("team-") for qid in found(store, "quokka001"))
    with store.session() as s:
        check_index(s)


def test_a_bad_file_at_the_end_of_a_large_import_imports_nothing(store, bank_dir, tmp_path):
    good = write_bank(tmp_path / "a_good.yaml", team_questions(bank_dir, 50))
    bad_question = team_questions(bank_dir, 51)[-1] | {"difficulty": "legendary"}
    bad = write_bank(tmp_path / "b_bad.yaml", [bad_question])
    with pytest.raises(BankError, match="unknown difficulty 'legendary'"):
        import_paths(store, [good, bad], bulk_threshold=FAST)
    assert not any(qid.startswith("team-") for qid in found(store, "quokka001"))
    assert count(store) == len(load_bank([bank_dir]).questions)


def test_cancelling_while_indexing_keeps_nothing(store, bank_dir, tmp_path):
    before = (count(store), triggers(store))
    file = write_bank(tmp_path / "team.yaml", team_questions(bank_dir, 30))
    with pytest.raises(ImportCancelled):
        import_paths(store, [file], progress=Recorder(cancel_at="indexing"), bulk_threshold=FAST)
    assert (count(store), triggers(store)) == before
    assert not any(qid.startswith("team-") for qid in found(store, "quokka001"))
    with store.session() as s:
        check_index(s)


def test_progress_counts_up_to_its_total(store, bank_dir, tmp_path):
    file = write_bank(tmp_path / "team.yaml", team_questions(bank_dir, 30))
    progress = Recorder()
    import_paths(store, [file], progress=progress, bulk_threshold=FAST)
    done, total, _ = progress.calls[-1]
    assert done == total > 0
    counted = [d for d, t, _ in progress.calls if t]
    assert counted == sorted(counted)


@pytest.mark.parametrize("threshold", [FAST, ROW_BY_ROW])
def test_reimport_is_idempotent_and_keeps_questions_edited_in_the_app(store, bank_dir, tmp_path, threshold):
    questions = team_questions(bank_dir, 40)
    file = write_bank(tmp_path / "team.yaml", questions)
    import_paths(store, [file], bulk_threshold=threshold)
    again = import_paths(store, [file], bulk_threshold=threshold)
    assert (again.added, again.updated, again.unchanged) == ([], [], 40)

    with store.transaction() as s:
        edit_question(s, "team-003", {"prompt": "Our own wording, kept"})
    questions[3]["prompt"] = "The file's new wording"
    questions[4]["prompt"] = "Quokka004 reworded in the file"
    questions[5]["topics"] = ["rag", "evaluation"] if questions[5]["topics"] != ["rag", "evaluation"] else ["rag"]
    questions[6]["roles"] = questions[6]["roles"][:1]
    write_bank(file, questions)
    report = import_paths(store, [file], bulk_threshold=threshold)
    assert report.kept_user_edits == ["team-003"]
    assert report.updated == ["team-004", "team-005", "team-006"]
    with store.session() as s:
        check_index(s)
        assert s.get(Question, "team-003").prompt == "Our own wording, kept"
        assert s.get(Question, "team-005").topics == questions[5]["topics"]
        assert s.get(Question, "team-006").roles == questions[6]["roles"]
    assert found(store, "reworded") == ["team-004"]
    assert found(store, "own wording kept") == ["team-003"]


@pytest.mark.parametrize("threshold", [FAST, ROW_BY_ROW])
def test_an_imported_question_is_stored_as_the_app_stores_one(store, db_path, bank_dir, tmp_path, threshold):
    """The import hands SQLite its rows without SQLAlchemy converting them: the lists, flags and
    times must still be written exactly as the app writes a question it adds."""
    question = team_questions(bank_dir, 1)[0] | {
        "prompt": "Quokka «naïve» top-k — a<b?", "retired": True, "related": ["img-001"],
        "anchors": ["None", "Some", "Most", "All — «ok»"], "red_flags": [], "follow_ups": ["Why?"]}
    import_paths(store, [write_bank(tmp_path / "one.yaml", [question])], bulk_threshold=threshold)
    with store.transaction() as s:
        add_question(s, question | {"id": "app-000"})
    columns = ("prompt, difficulty, kind, rubric, answer, follow_ups, related, minutes, source, retired, "
               "competencies, anchors, red_flags, typeof(created_at), length(created_at), "
               "typeof(updated_at), length(updated_at)")
    with sqlite3.connect(db_path) as conn:
        imported, added = (conn.execute(f"SELECT {columns} FROM questions WHERE id = ?", (qid,)).fetchone()
                           for qid in ("team-000", "app-000"))
    assert imported == added
    with store.session() as s:
        team = s.get(Question, "team-000")
        assert (team.user_edited, team.retired, team.created_at == team.updated_at) == (False, True, True)
        assert [h.question_id for h in search(s, SearchQuery("naïve quokka", retired="all")).hits] == [
            "app-000", "team-000"]


def test_the_first_start_indexes_the_bundled_bank_consistently(empty_store, bank_dir):
    sync_bundled_bank(empty_store, bank_dir)
    with empty_store.session() as s:
        check_index(s)
        assert s.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'questions'")) > 0
    assert found(empty_store, "lora rank")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_import_command_shows_progress_on_a_terminal_only(db_path, bank_dir, tmp_path, monkeypatch, capsys):
    file = write_bank(tmp_path / "team.yaml", team_questions(bank_dir, 30))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--db", str(db_path), "import", str(file)]) == 0
    shown = terminal.getvalue()
    lines = shown.split("\r\x1b[K")
    assert any(line.startswith("writing questions: [") and "(30 of " in line for line in lines)
    # One bar over writing and indexing, full at the end.
    assert re.search(r": \[#{24}\] 100% \(([\d,]+) of \1\)$", lines[-2]), lines[-2]
    assert shown.endswith("\r\x1b[K")  # the line is cleared for the summary
    assert "questions: 30 added" in capsys.readouterr().out

    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a file: no progress lines
    assert main(["--db", str(db_path), "import", str(file)]) == 0
    assert sys.stderr.getvalue() == ""
