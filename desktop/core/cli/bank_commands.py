"""validate, import, export-bank, and `list questions|roles`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sqlalchemy import select

from desktop.core.storage import paths
from desktop.core.bank import catalog
from desktop.core.bank.files import load_bank
from desktop.core.bank.search.ranked_index import build_store_index, index_needs_build
from desktop.core.bank.sync import export_bank, import_paths, question_to_dict
from desktop.core.cli.common import CliError, Context, register_lister
from desktop.core.storage.models import Question, Role


def register(sub) -> None:
    p = sub.add_parser("validate", help="check bank files or folders; exit 1 listing every problem")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(handler=validate)

    p = sub.add_parser("import", help="import bank files (YAML or CSV): all of them, or nothing")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(handler=import_)

    p = sub.add_parser("export-bank", help="write the whole bank as YAML (a folder, or one .yaml file)")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(handler=export)

    register_lister("questions", list_questions, ("id", "difficulty", "kind", "topics", "prompt"))
    register_lister("roles", list_roles, ("id", "name", "default_minutes", "min_behavioral"))
    register_lister("competencies", list_competencies, ("id", "name", "kind"))


def _bundled_context(targets: list[Path]) -> dict:
    """Topics, roles and ids of the bundled bank, so a single question file validates on its own."""
    bundled = paths.bundled_bank_dir()
    # realpath, not resolve(): a symlink loop among the targets is the loader's to report
    if not bundled.is_dir() or any(os.path.realpath(t) == os.path.realpath(bundled) for t in targets):
        return {}
    bank = load_bank([bundled])
    return {
        "known_topics": {t.id for t in bank.topics},
        "known_roles": {r.id for r in bank.roles},
        "known_question_ids": {q.id for q in bank.questions},
        "known_competencies": {c.id for c in bank.competencies},
    }


def validate(ctx: Context, args: argparse.Namespace) -> int:
    targets = [Path(p) for p in args.paths]
    bank = load_bank(targets, **_bundled_context(targets))
    for problem in bank.problems:
        print(problem, file=sys.stderr)
    if bank.problems:
        print(f"{len(bank.problems)} problem(s) in {len(bank.files)} file(s)", file=sys.stderr)
        return 1
    if not bank.files:
        raise CliError("no bank files (.yaml, .yml, .csv) found")
    print(f"ok: {len(bank.questions)} questions, {len(bank.roles)} roles, "
          f"{len(bank.topics)} topics, {len(bank.competencies)} competencies in {len(bank.files)} file(s)")
    return 0


class TerminalProgress:
    """An import's progress on one line of a terminal, redrawn at most ten times a second."""

    cancelled = False  # Ctrl+C stops an import from the terminal (the transaction rolls back)

    def __init__(self, stream):
        self.stream, self.shown, self.last = stream, "", 0.0

    def report(self, done: int, total: int, text: str) -> None:
        now = time.monotonic()
        if done < total and text == self.shown and now - self.last < 0.1:
            return
        line = f"{text}: {_bar(done, total)} {100 * done // total}% ({done:,} of {total:,})" if total else f"{text}…"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()
        self.shown, self.last = text, now

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")  # the summary (or the error) replaces the line
            self.stream.flush()


def _bar(done: int, total: int, width: int = 24) -> str:
    filled = width * min(done, total) // total
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def import_(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store()
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = import_paths(store, args.paths, progress=progress)
        if index_needs_build(store):  # after the commit: a large import is searched ranked at once
            build_store_index(store, progress)
    finally:
        if progress is not None:
            progress.close()
    print(report.summary())
    return 0


def export(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store().session() as s:
        written = export_bank(s, Path(args.path))
    for path in written:
        print(path)
    return 0


def list_questions(ctx: Context, args: argparse.Namespace) -> list[dict]:
    with ctx.store().session() as s:
        return [question_to_dict(q) for q in s.scalars(select(Question).order_by(Question.id))]


def list_roles(ctx: Context, args: argparse.Namespace) -> list[dict]:
    with ctx.store().session() as s:
        return [
            {"id": r.id, "name": r.name, "description": r.description,
             "default_minutes": r.default_minutes, "min_behavioral": r.min_behavioral,
             "topic_weights": r.topic_weights, "levels": r.levels, "competencies": dict(r.competencies or {})}
            for r in s.scalars(select(Role).order_by(Role.id))
        ]


def list_competencies(ctx: Context, args: argparse.Namespace) -> list[dict]:
    with ctx.store().session() as s:
        return [{"id": c.id, "name": c.name, "kind": c.kind, "description": c.description}
                for c in catalog.competencies(s)]
