"""build-loop answers a database unchanged since the last command without the store (cli/quick_loop.py),
and answers exactly what the ordinary path answers: same loop, same text, same JSON."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import select

from desktop.core.bank.sync import question_to_dict
from desktop.core.bank.usage import USAGE_SQL, question_usage, usage_of
from desktop.core.cli import build_commands, main, quick_loop
from desktop.core.storage import store as store_module
from desktop.core.storage.models import Question, Role
from tests.core.test_build_pinned import PINNED, pinned_bank  # noqa: F401 (the fixture)

LOOPS = [
    ["build-loop", "--role", "builder", "--level", "mid", "--interviewers", "4", "--count", "8", "--seed", "1", "--json"],
    ["build-loop", "--role", "scientist", "--level", "senior", "--interviewers", "3", "--seed", "11"],  # role's minutes
    ["build-loop", "--role", "operator", "--interviewers", "2", "--count", "6", "--competency", "evaluation",
     "--exclude", "q-0011", "--kind", "scenario", "--kind", "behavioral", "--json"],
    ["build-loop", "--role", "builder", "--interviewers", "5", "--count", "30", "--mix", "0/1/3"],  # shortfalls
]


def run(capsys, db, argv):
    status = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_unchanged_database_is_answered_without_the_store_and_the_same(pinned_bank, capsys, monkeypatch):
    store, _, db = pinned_bank
    store.dispose()  # as after the command (or the app) that wrote it
    ordinary = [run(capsys, db, argv) for argv in LOOPS]  # the ordinary path, which keeps what it read

    def no_store(*_):
        raise AssertionError("took the ordinary path")

    monkeypatch.setattr(build_commands, "_build_loop", no_store)
    quick = [run(capsys, db, argv) for argv in LOOPS]
    assert quick == ordinary
    assert all(status == 0 for status, _, _ in quick)
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))["loop 4"]["sets"]
    assert [[q["id"] for q in one["questions"]] for one in json.loads(quick[0][1])["interviews"]] == pinned
    assert "shortfall:" in quick[3][2]


def test_a_changed_database_is_read_again(pinned_bank, capsys, monkeypatch):
    store, _, db = pinned_bank
    store.dispose()
    status, out, _ = run(capsys, db, LOOPS[0])
    first = json.loads(out)["interviews"][0]["questions"][0]["id"]
    with store.transaction() as s:  # the bank changed since: that question retired
        s.get(Question, first).retired = True
    store.dispose()
    ordinary = []
    monkeypatch.setattr(build_commands, "_build_loop",
                        lambda *a, _real=build_commands._build_loop: ordinary.append(1) or _real(*a))
    status, out, err = run(capsys, db, LOOPS[0])
    assert status == 0, err
    assert ordinary == [1]
    assert first not in [q["id"] for one in json.loads(out)["interviews"] for q in one["questions"]]


@pytest.mark.parametrize("change", [["--save", "Onsite"], ["--level", "Senior"], ["--role", "Build"],
                                    ["--exposure-cap", "40"]])
def test_what_the_quick_path_does_not_answer_takes_the_ordinary_path(pinned_bank, capsys, monkeypatch, change):
    store, _, db = pinned_bank
    store.dispose()
    run(capsys, db, LOOPS[0])
    ordinary = []
    monkeypatch.setattr(build_commands, "_build_loop",
                        lambda *a, _real=build_commands._build_loop: ordinary.append(1) or _real(*a))
    status, _, err = run(capsys, db, [*LOOPS[0], *change])
    assert status == 0, err
    assert ordinary == [1]


def test_the_quick_question_dicts_are_question_to_dict(store, db_path):
    with store.session() as s:
        expected = [question_to_dict(q) for q in s.scalars(select(Question).order_by(Question.id))]
    with closing(sqlite3.connect(db_path)) as conn:
        assert quick_loop.question_dicts(conn, [q["id"] for q in expected]) == expected


def test_usage_is_the_same_through_sqlite3_and_through_a_session(pinned_bank):
    store, _, db = pinned_bank
    with store.session() as s:
        through_session = question_usage(s)
        ids = list(s.scalars(select(Question.id)))
        assert question_usage(s, ids) == through_session  # the filtered query
    store.dispose()
    with closing(sqlite3.connect(db)) as conn:
        assert usage_of(conn.execute(USAGE_SQL)) == through_session
    assert through_session and all(u.last is not None for u in through_session.values())


def test_the_quick_path_finds_the_database_and_its_schema_where_the_store_does(monkeypatch, tmp_path):
    monkeypatch.setenv(store_module.DB_ENV_VAR, str(tmp_path / "team.db"))
    assert quick_loop.database_file(None) == tmp_path / "team.db"
    assert store_module.resolve_url(None) == f"sqlite:///{tmp_path / 'team.db'}"
    assert quick_loop.database_file("postgresql://db/x") is None


def test_a_changed_bundled_bank_is_synced_before_the_loop_is_built(pinned_bank, capsys, monkeypatch, tmp_path):
    store, _, db = pinned_bank
    store.dispose()
    run(capsys, db, LOOPS[0])
    bank = tmp_path / "bank" / "catalog.yaml"  # the bundled bank of this test (pinned_bank)
    bank.write_text(bank.read_text(encoding="utf-8").replace("name: Builder", "name: Site Builder"), encoding="utf-8")
    ordinary = []
    monkeypatch.setattr(build_commands, "_build_loop",
                        lambda *a, _real=build_commands._build_loop: ordinary.append(1) or _real(*a))
    status, _, err = run(capsys, db, LOOPS[0])
    assert status == 0, err
    assert ordinary == [1]
    with store.session() as s:
        assert s.get(Role, "builder").name == "Site Builder"
