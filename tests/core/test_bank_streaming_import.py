"""A large import is read and written a batch at a time, and it is still all or nothing, with
every problem at its FILE:LINE, and it leaves the planner statistics fresh.

The files here hold more questions than one batch of the YAML reader (yaml_batches.BATCH) and
than one write (sync.WRITE_CHUNK), so a problem near the end is found after questions before it
were already written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.core.bank import yaml_batches
from desktop.core.bank.files import BankError, BankReading, dump_yaml, load_bank
from desktop.core.bank.search.fts5 import check_index
from desktop.core.bank.sync import WRITE_CHUNK, import_paths
from desktop.core.storage.models import Question
from tests.conftest import needs_pg

MANY = WRITE_CHUNK + 150  # more than one write, and several YAML batches
assert MANY > 2 * yaml_batches.BATCH


def team_questions(bank_dir, n: int) -> list[dict]:
    shipped = load_bank([bank_dir]).questions
    out = []
    for i in range(n):
        q = shipped[i % len(shipped)].as_dict()
        q.update(id=f"team-{i:04d}", prompt=f"Quokka{i:04d} {q['prompt']}", related=[])
        out.append({k: v for k, v in q.items() if v not in (None, [], "")})
    return out


def write_yaml(path: Path, questions: list[dict]) -> Path:
    path.write_text(dump_yaml({"questions": questions}), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def state(store) -> tuple:
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(Question)),
                list(s.scalars(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))))


def test_a_large_export_file_is_read_in_batches(bank_dir, tmp_path):
    """The file export-bank writes is laid out simply enough to read a batch at a time."""
    path = write_yaml(tmp_path / "big.yaml", team_questions(bank_dir, MANY))
    data = path.read_bytes()
    layout = yaml_batches.scan(path, data, lambda text, line: None)
    assert layout is not None and len(layout.items) == MANY
    assert data[layout.items[7]:].startswith(b"- id: team-0007\n")


def test_a_bad_question_deep_in_a_large_file_is_reported_at_its_line(bank_dir, tmp_path, store):
    questions = team_questions(bank_dir, MANY)
    questions[MANY - 40]["difficulty"] = "legendary"
    path = write_yaml(tmp_path / "big.yaml", questions)
    line = line_of(path, "difficulty: legendary")
    expected = f"{path}:{line}: question team-{MANY - 40:04d}: unknown difficulty 'legendary' (use beginner, intermediate, advanced)"
    before = state(store)
    with pytest.raises(BankError) as failed:
        import_paths(store, [path])
    assert [str(p) for p in failed.value.problems] == [expected]
    assert state(store) == before


@pytest.mark.parametrize("breakage", ["duplicate id", "duplicate key", "not valid YAML", "unknown role"])
def test_a_problem_in_the_last_question_of_a_large_import_leaves_the_database_as_it_was(
        bank_dir, tmp_path, store, breakage):
    questions = team_questions(bank_dir, MANY)
    if breakage == "unknown role":
        questions[-1]["roles"] = ["no-such-role"]
    path = write_yaml(tmp_path / "big.yaml", questions)
    last = f"id: team-{MANY - 1:04d}"
    if breakage == "duplicate id":
        path.write_text(path.read_text().replace(last, "id: team-0003"))
    elif breakage == "duplicate key":
        path.write_text(path.read_text().replace(last, f"{last}\n  zzz: 3\n  zzz: 4"))
    elif breakage == "not valid YAML":
        path.write_text(path.read_text().replace(last, f"{last}\n  zzz: [unclosed"))
    start = line_of(path, f"team-{MANY - 1:04d}") if breakage != "duplicate id" else len(path.read_text().splitlines()) - 60
    before = state(store)
    with pytest.raises(BankError) as failed:
        import_paths(store, [path])
    assert failed.value.problems
    assert all(p.file == str(path) and p.line >= start for p in failed.value.problems), failed.value.problems
    assert state(store) == before
    with store.session() as s:
        check_index(s)
        assert s.scalar(text("SELECT count(*) FROM questions WHERE id LIKE 'team-%'")) == 0


def test_a_file_the_batches_cannot_cut_is_read_the_ordinary_way(tmp_path, bank_dir, store):
    """A quoted text that runs over lines, one starting like a new question: cutting there would
    break the text, so the reader starts again and reads the file whole."""
    questions = team_questions(bank_dir, 3)
    questions[1].pop("answer", None)
    path = write_yaml(tmp_path / "odd.yaml", questions)
    body = path.read_text().replace("id: team-0001\n", 'id: team-0001\n  answer: "first line\n- still the answer"\n', 1)
    path.write_text(body)
    report = import_paths(store, [path])
    assert len(report.added) == 3
    with store.session() as s:
        assert s.get(Question, "team-0001").answer == "first line - still the answer"


def test_the_batched_reading_gives_what_the_ordinary_reading_gives(bank_dir, tmp_path):
    """An indented list, comments, a default source, CRLF line ends, a topic defined after
    the questions, and every bundled file: each read both ways, the same."""
    questions = team_questions(bank_dir, 40)
    for q in questions:
        q.pop("source", None)
    rest = dump_yaml({"questions": questions}).split("\n", 1)[1]
    indented = "\n".join("  " + line if line else line for line in rest.split("\n"))
    body = "# a team's bank\nsource: our wiki\nquestions:\n  # the first\n" + indented
    body = body.replace("\n", "\r\n") + "topics:\n- id: our-topic\n  name: Ours\n"
    path = tmp_path / "team.yaml"
    path.write_text(body, encoding="utf-8", newline="")
    fast = load_bank([path, bank_dir])
    assert fast.ok, fast.problems[:3]
    assert yaml_batches.scan(path, path.read_bytes(), lambda text, line: ["x"]) is not None
    ordinary = BankReading([path, bank_dir], ordinary={path, *sorted(bank_dir.glob("*.yaml"))})
    assert list(ordinary.questions()) == fast.questions
    assert ordinary.bank.topics == fast.topics
    assert fast.questions[0].source == "our wiki"


def test_a_large_import_refreshes_the_planner_statistics(store, bank_dir, tmp_path):
    with store.transaction() as s:
        s.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
    path = write_yaml(tmp_path / "big.yaml", team_questions(bank_dir, MANY))
    import_paths(store, [path])
    with store.session() as s:
        assert s.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'questions'")) > 0
        assert s.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'question_roles'")) > 0


@needs_pg
def test_a_large_import_on_postgresql_refreshes_the_planner_statistics(pg_store, bank_dir, tmp_path):
    path = write_yaml(tmp_path / "big.yaml", team_questions(bank_dir, 400))
    import_paths(pg_store, [path])
    with pg_store.session() as s:
        links = s.scalar(text("SELECT count(*) FROM question_roles"))
        estimated = s.scalar(text(
            "SELECT reltuples FROM pg_class WHERE relname = 'question_roles' "
            "AND relnamespace = current_schema()::regnamespace"))
    # The rows are not committed (pg_store rolls back), so only this import's ANALYZE counted them.
    assert estimated == links


@pytest.mark.parametrize("name", ["team.csv", "team.yaml"])
def test_a_nul_byte_anywhere_still_calls_the_file_binary(bank_dir, tmp_path, name):
    """The csv module reads NUL as a character, and a comment is not parsed by the batches:
    the file is still refused as the ordinary reader refuses it."""
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_bytes(b"prompt,difficulty,kind,topics,roles,rubric\nWhy?,beginner,concept,rag,genai-engineer,"
                         b"a point\x00\n")
    else:
        path.write_bytes(b"# notes\x00\n" + (bank_dir / "genai_qa_mlops.yaml").read_bytes())
    assert [str(p) for p in load_bank([path]).problems] == [f"{path}:1: not a text file (binary data)"]
