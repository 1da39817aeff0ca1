"""One grammar for the command line: names or ids everywhere, global options anywhere, help for
every option, and bad input (usage errors too) exits 1 with one line."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import select

from desktop.core.cli import build_parser, main
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.models import Topic


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv):
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return json.loads(out)


def test_search_takes_role_and_topic_names(capsys, db_path):
    by_id = run_json(capsys, "--db", str(db_path), "search", "prompt", "--role", "prompt-engineer",
                     "--topic", "prompting", "--json")
    by_name = run_json(capsys, "--db", str(db_path), "search", "prompt", "--role", "Prompt Engineer",
                       "--topic", "Prompting", "--json")
    assert by_name == by_id and by_id


def test_build_set_takes_names_for_role_level_focus_competency_and_candidate(capsys, db_path, store):
    with store.session() as s, s.begin():
        create_candidate(s, name="Ada Lovelace")
    common = ("--count", "4", "--seed", "3", "--json")
    by_id = run_json(capsys, "--db", str(db_path), "build-set", "--role", "prompt-engineer", "--level", "senior",
                     "--focus", "rag", "--competency", "prompting-craft", "--candidate", "1", *common)
    by_name = run_json(capsys, "--db", str(db_path), "build-set", "--role", "Prompt Engineer", "--level", "Senior",
                       "--focus", "RAG and retrieval", "--competency", "Prompting craft",
                       "--candidate", "ada lovelace", *common)
    assert by_name == by_id
    assert by_id["balance"]["competency"]["prompting-craft"]


def test_build_loop_takes_a_role_name_and_names_its_sets_by_topic_names(capsys, db_path, store):
    status, out, err = run(capsys, "--db", str(db_path), "build-loop", "--role", "Prompt Engineer",
                           "--interviewers", "2", "--count", "3", "--save", "PE onsite")
    assert status == 0, err
    assert "focus: Prompting, " in out  # names for people, not topic ids
    with store.session() as s:
        topic_names = {t.name for t in s.scalars(select(Topic))}
    sets = sorted((row for row in run_json(capsys, "--db", str(db_path), "list", "sets", "--json")
                   if row["loop"] == "PE onsite"), key=lambda row: row["name"])
    assert len(sets) == 2
    for number, row in enumerate(sets, 1):
        focus = row["focus"].split(", ")
        assert focus and set(focus) <= topic_names, row
        assert row["name"] == f"PE onsite · {number} ({row['focus']})"


@pytest.mark.parametrize("argv, message", [
    (("build-set", "--role", "Promt Engineer"),
     "no role 'Promt Engineer' (roles: AI Image Generation Specialist, Applied ML Scientist, "),
    (("build-set", "--role", "a"), "'a' matches 2 roles (AI Image Generation Specialist, Applied ML Scientist)"),
    (("build-set", "--role", "prompt-engineer", "--level", "principal"), "no level 'principal' (levels: Junior, Mid, Senior)"),
    (("build-set", "--role", "prompt-engineer", "--focus", "Prompt craft"), "no topic 'Prompt craft' (topics: "),
    (("build-set", "--role", "prompt-engineer", "--candidate", "Nobody"), "no candidate 'Nobody' (candidates: "),
    (("search", "x", "--role", "Chef"), "no role 'Chef' (roles: "),
])
def test_a_name_that_matches_nothing_or_several_is_one_line_listing_the_choices(capsys, db_path, argv, message):
    status, out, err = run(capsys, "--db", str(db_path), *argv)
    assert status == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_db_is_taken_after_the_command_too(capsys, db_path):
    before = run_json(capsys, "--db", str(db_path), "list", "roles", "--json")
    after = run_json(capsys, "list", "roles", "--db", str(db_path), "--json")
    assert after == before and len(before) == 6
    status, _, err = run(capsys, "list", "roles", "--db", str(db_path / "no-such-folder" / "x.db"))
    assert status == 1 and len(err.strip().splitlines()) == 1  # the --db after the command was the one used


def test_a_db_before_the_command_is_kept_when_none_follows_it(capsys, db_path):
    args = build_parser().parse_args(["--db", str(db_path), "export", "packet", "--set", "x", "--out", "x.pdf"])
    assert args.db == str(db_path)


@pytest.mark.parametrize("argv", [["frobnicate"], ["build-set"], ["search", "--limit", "many"],
                                  ["build-set", "--role", "x", "--count", "2", "--minutes", "3"],
                                  ["export", "packet", "--out", "x.pdf"]])
def test_usage_errors_are_one_line_and_exit_one(capsys, argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "error:" in err and "--help" in err


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def test_every_option_of_every_command_has_help():
    missing = [f"{p.prog} {a.option_strings[-1]}" for p in _parsers(build_parser()) for a in p._actions
               if a.option_strings and not a.help]
    assert missing == []
