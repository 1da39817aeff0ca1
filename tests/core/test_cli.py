"""The command line as a script sees it: exit codes, JSON shapes, one-line errors."""

from __future__ import annotations

import re

import json
import subprocess
import sys

import pytest

from desktop import __version__
from desktop.core.cli import main
from tests.conftest import BANK_SIZE

QUESTION_FIELDS = {"id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer", "minutes", "source"}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_the_bundled_bank_exits_zero(capsys, bank_dir):
    status, out, _ = run(capsys, "validate", str(bank_dir))
    assert status == 0
    assert re.match(r"ok: \d{3} questions, 6 roles, \d+ topics, 13 competencies in \d+ file", out)


def test_validate_lists_every_problem_and_exits_one(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - id: x-1\n    prompt: ''\n    difficulty: hard\n    kind: concept\n"
                   "    topics: [rag]\n    roles: [prompt-engineer]\n    rubric: []\n")
    status, _, err = run(capsys, "validate", str(bad))
    assert status == 1
    assert f"{bad}:3: question x-1: empty prompt" in err
    assert f"{bad}:4: question x-1: unknown difficulty 'hard'" in err
    assert f"{bad}:8: question x-1: empty rubric" in err
    assert "Traceback" not in err


def test_validate_a_missing_path(capsys, tmp_path):
    status, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert status == 1 and "no such file or folder" in err


def test_list_questions_json_has_the_documented_fields(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "list", "questions", "--json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == BANK_SIZE
    assert all(QUESTION_FIELDS <= set(row) for row in rows)
    assert all(isinstance(row["rubric"], list) and row["rubric"] for row in rows)


def test_list_roles_as_a_table(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "list", "roles")
    assert status == 0
    assert "prompt-engineer" in out and "Prompt Engineer" in out


def test_import_of_a_bad_file_changes_nothing_and_says_why(capsys, db_path, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("prompt,difficulty,kind,topics,roles,rubric\nWhy?,beginner,concept,rag,nobody,A point\n")
    status, _, err = run(capsys, "--db", str(db_path), "import", str(bad))
    assert status == 1
    assert f"{bad}:2: question bad-001: unknown role 'nobody'" in err
    assert "nothing was imported" in err
    status, out, _ = run(capsys, "--db", str(db_path), "list", "questions", "--json")
    assert len(json.loads(out)) == BANK_SIZE


def test_export_bank_then_import_into_a_new_database(capsys, db_path, tmp_path):
    status, _, _ = run(capsys, "--db", str(db_path), "export-bank", str(tmp_path / "out"))
    assert status == 0
    fresh = tmp_path / "fresh.db"
    assert run(capsys, "--db", str(fresh), "import", str(tmp_path / "out"))[0] == 0
    _, before, _ = run(capsys, "--db", str(db_path), "list", "questions", "--json")
    _, after, _ = run(capsys, "--db", str(fresh), "list", "questions", "--json")
    assert json.loads(after) == json.loads(before)


def test_a_database_that_cannot_be_opened_is_one_line(capsys, tmp_path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    status, _, err = run(capsys, "--db", str(folder), "list", "roles")
    assert status == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unknown_command_is_a_usage_error_one_line_exit_one(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 1  # bad input exits 1, as the README says
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "invalid choice: 'frobnicate'" in err


def test_console_entry_point_reports_its_version():
    result = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_only_the_plain_ways_of_opening_the_app_skip_the_command_line():
    from desktop.__main__ import _opens_the_app

    assert _opens_the_app([]) == (True, None)
    assert _opens_the_app(["gui"]) == (True, None)
    assert _opens_the_app(["--db", "team.db"]) == (True, "team.db")
    assert _opens_the_app(["--db=team.db", "gui"]) == (True, "team.db")
    for argv in (["--help"], ["gui", "--help"], ["--db"], ["list", "roles"], ["--db", "x.db", "list", "roles"],
                 ["--version"], ["gu"]):
        assert _opens_the_app(argv)[0] is False, argv  # argparse answers these, as before
