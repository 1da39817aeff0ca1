"""Each command imports what it runs, and nothing else: `--version` starts without the database
layer, and build-loop without Insight (numpy), the interviews, the search modules or the PDF code."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from desktop.core.cli import COMMAND_MODULE_NAMES, COMMANDS, build_parser, command_modules, modules_for
from tests.conftest import REPO_ROOT


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_every_command_is_mapped_to_the_modules_that_define_it():
    sub = argparse.ArgumentParser().add_subparsers()
    defined: dict[str, str] = {}
    for name, module in zip(COMMAND_MODULE_NAMES, command_modules()):
        before = set(sub.choices)
        module.register(sub)
        defined.update((command, name) for command in sub.choices if command not in before)
    assert set(COMMANDS) == set(defined)
    assert all(defined[command] in modules for command, modules in COMMANDS.items())
    whole = _subparsers(build_parser())
    for command in COMMANDS:  # the command alone parses and helps exactly as in the whole line
        alone = _subparsers(build_parser(modules_for([command])))
        assert alone[command].format_help() == whole[command].format_help(), command


def test_the_words_before_a_command_do_not_hide_it():
    assert modules_for(["--db", "x.db", "--as=Ada", "build-loop", "--role", "r"]) == ("build_commands",)
    assert modules_for(["--version"]) == ()
    for argv in (["list", "sets"], [], ["--help"], ["--version", "--help"], ["--d", "build-loop"], ["bogus"]):
        assert modules_for(argv) == COMMAND_MODULE_NAMES, argv


def _imported_by(*argv: str) -> set[str]:
    """The modules a fresh `interview-desk ARGV` process imported."""
    code = ("import sys, json\nfrom desktop.core.cli import main\ntry:\n    status = main(sys.argv[1:])\n"
            "except SystemExit as done:\n    status = done.code or 0\n"
            "print(json.dumps([status, sorted(sys.modules)]), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=300)
    status, modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert status == 0, done.stderr
    return set(modules)


def test_version_starts_without_the_database_layer():
    assert "sqlalchemy" not in _imported_by("--version")


def test_build_loop_imports_neither_insight_nor_interviews_nor_paper(db_path):
    modules = _imported_by("--db", str(db_path), "build-loop", "--role", "genai-engineer", "--interviewers", "2",
                           "--count", "4", "--json")
    for heavy in ("numpy", "desktop.core.insight", "desktop.core.interviewing", "desktop.core.bank.search", "reportlab",
                  "cryptography"):
        assert heavy not in modules, heavy


def test_build_loop_of_an_unchanged_database_starts_without_the_database_layer(db_path):
    argv = ("--db", str(db_path), "build-loop", "--role", "genai-engineer", "--interviewers", "2", "--count", "4",
            "--json", "--seed")
    assert "sqlalchemy" in _imported_by(*argv, "3")  # the first after a change reads through the store
    again = _imported_by(*argv, "4")  # a script's next loop: the database file unchanged
    for layer in ("sqlalchemy", "desktop.core.storage.models", "desktop.core.storage.store", "yaml"):
        assert layer not in again, layer
