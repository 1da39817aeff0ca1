"""build-set, build-loop and `list sets`."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING, Callable

from desktop.core.collector import cycle_collector_paused
from desktop.core.cli.common import CliError, Context, named, print_json, print_table, register_lister
from desktop.core.storage.vocabulary import KINDS, LEVELS

# The builder, the names and the models load when a command runs, not when the line is parsed.
if TYPE_CHECKING:
    from desktop.core.building import BuiltSet, SetRequest, Shortfall
    from desktop.core.building.balance import Balance


def register(sub) -> None:
    p = sub.add_parser("build-set", help="build a balanced interview set for a role and level")
    _common_options(p)
    p.add_argument("--focus", action="append", default=[], metavar="TOPIC",
                   help="topic to focus on, by id or name (repeatable)")
    p.add_argument("--pin", action="append", default=[], metavar="ID", help="question that must be in (repeatable)")
    p.set_defaults(handler=build_set_command)

    p = sub.add_parser("build-loop", help="build sets for several interviewers with no question twice")
    _common_options(p)
    p.add_argument("--interviewers", type=int, required=True, metavar="N", help="how many interviews the loop has")
    p.set_defaults(handler=build_loop_command)

    register_lister("sets", list_sets_rows, ("id", "name", "role", "level", "questions", "minutes", "loop"))


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", required=True, metavar="ROLE", help="the role hired for, by id or name")
    p.add_argument("--level", default="mid", metavar="LEVEL",
                   help=f"the level hired for: {', '.join(LEVELS)} (default mid)")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--count", type=int, metavar="N", help="questions per set (default: fill --minutes)")
    length.add_argument("--minutes", type=int, metavar="M", help="minutes per set (default: the role's)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="same inputs and seed give the same set")
    p.add_argument("--kind", action="append", default=[], choices=KINDS, type=str.lower,
                   help="only these kinds (repeatable)")
    p.add_argument("--exclude-kind", action="append", default=[], choices=KINDS, type=str.lower,
                   help="leave a kind out (repeatable)")
    p.add_argument("--competency", action="append", default=[], metavar="C",
                   help="competency to assess, by id or name (repeatable; default: the role's)")
    p.add_argument("--exclude", action="append", default=[], metavar="ID", help="question to leave out (repeatable)")
    p.add_argument("--mix", metavar="B/I/A", help="difficulty mix override in percent, e.g. 20/50/30")
    p.add_argument("--candidate", metavar="NAME_OR_ID", help="leave out questions this candidate was asked")
    p.add_argument("--exposure-cap", type=float, metavar="PCT",
                   help="rest questions asked in more than PCT%% of the role's last loops (see --exposure-loops)")
    p.add_argument("--exposure-loops", type=int, default=20, metavar="N",
                   help="how many of the role's latest loops --exposure-cap counts (default 20)")
    p.add_argument("--prefer-signal", action="store_true",
                   help="among equally good questions, prefer those whose ratings discriminate (from past interviews)")
    p.add_argument("--save", metavar="NAME", help="save under this name")
    p.add_argument("--json", action="store_true", help="print JSON")


def _mix(text: str | None) -> dict[str, float] | None:
    if text is None:
        return None
    parts = text.replace(",", "/").split("/")
    try:
        values = [float(x) for x in parts]
    except ValueError:
        values = []
    if len(values) != 3 or any(v < 0 for v in values) or sum(values) <= 0:
        raise CliError(f"--mix wants three non-negative numbers like 20/50/30, not {text!r}")
    return dict(zip(("beginner", "intermediate", "advanced"), values))


def _request(args: argparse.Namespace, default_minutes: Callable[[], int], focus: tuple[str, ...] = (),
             pinned: tuple[str, ...] = ()) -> SetRequest:
    """`default_minutes()`: the role's, asked only when neither --count nor --minutes is given."""
    if args.count is not None and args.count < 1:
        raise CliError("--count must be at least 1")
    if args.minutes is not None and args.minutes < 1:
        raise CliError("--minutes must be at least 1")
    if args.exposure_cap is not None and not 0 <= args.exposure_cap < 100:
        raise CliError("--exposure-cap wants a percentage from 0 to 99, e.g. 40")
    if args.exposure_loops < 1:
        raise CliError("--exposure-loops must be at least 1")
    from desktop.core.building import SetRequest

    minutes = args.minutes
    if args.count is None and minutes is None:
        minutes = default_minutes()
    return SetRequest(args.role, args.level, args.count, minutes, _mix(args.mix), focus, tuple(args.kind),
                      tuple(args.exclude_kind), pinned, tuple(args.exclude), args.candidate, args.seed,
                      tuple(args.competency),
                      exposure_cap=None if args.exposure_cap is None else args.exposure_cap / 100,
                      exposure_loops=args.exposure_loops, prefer_signal=args.prefer_signal)


def _default_minutes(session, args: argparse.Namespace) -> Callable[[], int]:
    def minutes() -> int:
        from desktop.core.building import role_spec

        return role_spec(session, args.role).default_minutes

    return minutes


def history_for(session, request: SetRequest):
    """Exposure and signal, when the request asks for them (Insight and numpy load only then)."""
    if not request.needs_history:
        return None  # what `insight.advice.history_for` answers then: nothing read, nothing rested
    from desktop.core.insight.advice import history_for as history

    return history(session, request)


def _resolve_names(session, args: argparse.Namespace) -> None:
    """Ids for what the user named by id or name (one rule: desktop.core.bank.names)."""
    from desktop.core.bank import names

    args.role = named(names.role_id, session, args.role)
    args.level = named(names.level_id, args.level)
    args.competency = [named(names.competency_id, session, c) for c in args.competency]
    if getattr(args, "focus", None):
        args.focus = [named(names.topic_id, session, t) for t in args.focus]
    if args.candidate is not None:
        args.candidate = named(names.candidate_id, session, args.candidate)


def _focus_label(session, built: BuiltSet) -> str:
    """For people: a saved set's focus (and a loop set's name) says topic names, not ids."""
    from desktop.core.bank import names

    return ", ".join(names.topic_labels(session, built.request.focus))


def _questions(session, built: BuiltSet) -> list[dict]:
    from sqlalchemy import select

    from desktop.core.bank.sync import question_to_dict
    from desktop.core.storage.models import Question

    rows = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(built.ids)))}
    return [question_to_dict(rows[i]) for i in built.ids]


def _paused(handler):
    """The command with the cycle collector paused: its imports (the builder, the models) and the
    pool make many objects that live until the process ends, for the collector to walk for nothing."""

    @functools.wraps(handler)
    def run(ctx: Context, args: argparse.Namespace) -> int:
        with cycle_collector_paused():
            return handler(ctx, args)

    return run


@_paused
def build_set_command(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.building import BuildError, build_set_in
    from desktop.core.building.sets import SetDraft, SetError, save_set

    try:
        with ctx.store().transaction() as s:
            _resolve_names(s, args)
            request = _request(args, _default_minutes(s, args), tuple(args.focus), tuple(args.pin))
            built = build_set_in(s, request, history_for(s, request))
            questions = _questions(s, built)
            if args.save:
                draft = SetDraft.of(built.ids, pinned=args.pin, role_id=args.role, level=args.level,
                                    focus=_focus_label(s, built), params=built.request.params())
                save_set(s, draft, args.save)
    except (BuildError, SetError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json({"questions": questions, "balance": built.balance.as_dict(),
                    "shortfalls": [f.as_dict() for f in built.shortfalls], "rested": list(built.rested)})
    else:
        _print_set(questions)
        _print_balance(built.balance)
        if args.save:
            print(f"saved as {args.save!r}")
    _warn(built.shortfalls, built.rested)
    return 0


@_paused
def build_loop_command(ctx: Context, args: argparse.Namespace) -> int:
    if args.interviewers < 1:
        raise CliError("--interviewers must be at least 1")
    from desktop.core.cli import quick_loop

    loop, interviews, labels = quick_loop.build(ctx, args) or _build_loop(ctx, args)
    if args.json:
        print_json({"interviews": interviews, "balance": loop.balance.as_dict(),
                    "shortfalls": [f.as_dict() for f in loop.shortfalls], "rested": list(loop.rested)})
    else:
        for i, (one, (focus, assesses)) in enumerate(zip(interviews, labels), 1):
            print(f"Interview {i} - focus: {', '.join(focus) or 'all topics'}; "
                  f"assesses: {', '.join(assesses) or 'no competency'}")
            _print_set(one["questions"])
            print()
        print("Whole loop")
        _print_balance(loop.balance)
        if args.save:
            print(f"saved as loop {args.save!r}")
    _warn(loop.shortfalls, loop.rested)
    return 0


def _build_loop(ctx: Context, args: argparse.Namespace):
    """The loop, its interviews as printed and their labels, through the store (and what the
    quick path needs next time, kept for the database file as it was read)."""
    from desktop.core.bank import names
    from desktop.core.building import BuildError, build_loop_in
    from desktop.core.building.sets import SetDraft, SetError, save_loop
    from desktop.core.cli import quick_loop
    from desktop.core.storage import sqlite_file

    store = ctx.store()
    stamp = sqlite_file.file_stamp(store.path) if store.path is not None and not store.read_only else None
    try:
        with store.transaction() as s:
            _resolve_names(s, args)
            request = _request(args, _default_minutes(s, args))
            loop = build_loop_in(s, request, args.interviewers, history=history_for(s, request))
            labels = [(names.topic_labels(s, b.request.focus), names.competency_labels(s, b.competencies))
                      for b in loop.sets]
            interviews = [{"focus": list(b.request.focus), "competencies": list(b.competencies),
                           "questions": _questions(s, b), "balance": b.balance.as_dict()} for b in loop.sets]
            facts = quick_loop.facts_of(s) if stamp is not None else None
            if args.save:
                drafts = [SetDraft.of(b.ids, role_id=args.role, level=args.level, focus=_focus_label(s, b),
                                      params=b.request.params()) for b in loop.sets]
                save_loop(s, args.save, drafts, role_id=args.role, level=args.level, candidate_id=args.candidate,
                          params={**loop.sets[0].request.params(), "interviewers": args.interviewers})
    except (BuildError, SetError) as exc:
        raise CliError(str(exc)) from None
    if facts is not None:
        quick_loop.remember_facts(store.path, stamp, facts)
    return loop, interviews, labels


def _print_set(questions: list[dict]) -> None:
    print_table(questions, ("id", "difficulty", "kind", "minutes", "topics", "prompt"), widths={"prompt": 60})


def _print_balance(balance: Balance) -> None:
    budget = f" of {balance.minutes_budget}" if balance.minutes_budget else ""
    print(f"{balance.count} questions, {balance.minutes}{budget} minutes")
    for title, lines in (("difficulty", balance.difficulty), ("kind", balance.kind), ("topic", balance.topic),
                         ("competency", balance.competency)):
        cells = [f"{k} {v.actual}" + (f"/{v.target}" if v.target is not None else "") for k, v in lines.items()
                 if v.actual or v.target]
        print(f"  {title}: {', '.join(cells)}")


def _warn(shortfalls: list[Shortfall], rested: tuple[str, ...] = ()) -> None:
    """Shortfalls (and the questions rested for exposure) go to stderr in both formats, so a
    script sees them even with --json."""
    if rested:
        print(f"rested for exposure: {', '.join(rested)}", file=sys.stderr)
    for f in shortfalls:
        print(f"shortfall: {f}", file=sys.stderr)


def list_sets_rows(ctx: Context, args: argparse.Namespace) -> list[dict]:
    from desktop.core.building.sets import list_sets

    with ctx.store().session() as s:
        return [x.as_dict() for x in list_sets(s)]
