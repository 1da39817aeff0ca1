"""The laptop exchange on the command line (docs/exchange.md):

    interview-desk export loop-kit LOOP --out DIR_OR_FILE [--assign N=NAME]...
    interview-desk import-kit FILE...
    interview-desk export card INTERVIEW_ID --out FILE
    interview-desk import-card FILE...

An import checks every file before it writes anything, and writes all of them or none.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.core.bank import names
from desktop.core.cli.common import CliError, Context, named, print_json


def register(sub) -> None:
    kinds = _export_kinds(sub)
    card = kinds.add_parser("card", help="one sealed scorecard as a signed card file, for another laptop")
    card.add_argument("interview", nargs="?", metavar="INTERVIEW_ID", help="interview id")
    card.add_argument("--interview", dest="interview_option", metavar="ID", help="the same, as an option")
    card.add_argument("--out", required=True, metavar="FILE", help="the card file to write (JSON)")
    card.set_defaults(handler=export_card)
    kit = kinds.add_parser("loop-kit", help="a loop, its candidate, sets and questions, for interviewers' laptops")
    kit.add_argument("loop", nargs="?", metavar="LOOP", help="the loop, by name or id")
    kit.add_argument("--loop", dest="loop_option", metavar="NAME_OR_ID", help="the same, as an option")
    kit.add_argument("--out", required=True, metavar="DIR_OR_FILE",
                     help="a file for the whole loop, or an existing folder for one kit per interviewer")
    kit.add_argument("--assign", action="append", default=[], metavar="N=NAME",
                     help="who runs the loop's set N (from 1); else the interviewer of its interview here")
    kit.set_defaults(handler=export_kit)
    for command, kind, what in (("import-card", "card", "scorecard cards"), ("import-kit", "loop-kit", "loop kits")):
        p = sub.add_parser(command, help=f"add {what} from other laptops: all checked first, all or nothing")
        p.add_argument("files", nargs="+", metavar="FILE")
        who = p.add_mutually_exclusive_group()
        who.add_argument("--candidate", metavar="NAME_OR_ID",
                         help="the candidate here that the files' candidate is (when asked)")
        who.add_argument("--new-candidate", action="store_true",
                         help="the files' candidate is someone new, even if a namesake is here")
        p.add_argument("--trust-key", action="append", default=[], metavar="FINGERPRINT",
                       help="accept this key (checked with its owner), e.g. after they made a new one")
        p.add_argument("--known-keys-only", action="store_true",
                       help="refuse keys this machine does not know yet (no trust on first use)")
        p.add_argument("--json", action="store_true", help="print the report as JSON")
        p.set_defaults(handler=import_files, kind=kind)


def _export_kinds(sub) -> argparse._SubParsersAction:
    """`export`'s own kinds (export_commands registers it): cards and kits are kinds of export."""
    export = sub.choices["export"]
    return next(a for a in export._actions if isinstance(a, argparse._SubParsersAction))


def _one(positional, option, what: str) -> str:
    if positional and option and positional != option:
        raise CliError(f"give the {what} once")
    if not (positional or option):
        raise CliError(f"give the {what}")
    return positional or option


def export_card(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.interviewing.exchange import ExchangeError, export_card as card_of, write_packet
    from desktop.core.storage.models import Interview

    text = _one(args.interview, args.interview_option, "interview id").strip().lstrip("#")
    if not text.isdigit():
        raise CliError(f"interview id must be a number, not {text!r}")
    try:
        with ctx.store().transaction() as s:
            if s.get(Interview, int(text)) is None:
                raise CliError(f"no interview with id {text} (see: interview-desk list interviews)")
            packet = card_of(s, int(text), reader=ctx.viewer())
        path = write_packet(args.out, packet)
    except ExchangeError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {path}")
    return 0


def _assignments(pairs: list[str]) -> dict[int, str]:
    out = {}
    for pair in pairs:
        number, _, name = pair.partition("=")
        if not number.strip().isdigit() or not name.strip():
            raise CliError(f"--assign takes N=NAME (the set's number in the loop, from 1), not {pair!r}")
        out[int(number)] = name
    return out


def export_kit(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.interviewing.exchange import ExchangeError, export_loop_kit, write_packet

    out = Path(args.out)
    if args.out.endswith(("/", os.sep)):  # a folder is meant, even one not made yet
        out.mkdir(parents=True, exist_ok=True)
    assign = _assignments(args.assign)
    try:
        with ctx.store().transaction() as s:
            loop = named(names.find_loop, s, _one(args.loop, args.loop_option, "loop"))
            kits = export_loop_kit(s, loop.id, reader=ctx.viewer(), assign=assign, split=out.is_dir())
        paths = [write_packet(out / name if out.is_dir() else out, packet) for name, packet in kits]
    except ExchangeError as exc:
        raise CliError(str(exc)) from None
    for path in paths:
        print(f"wrote {path}")
    return 0


def import_files(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.interviewing.exchange import (
        NEW,
        CandidateQuestion,
        ExchangeError,
        import_packets,
        read_packet,
    )
    from desktop.core.interviewing.fields import InterviewError

    try:
        packets = [read_packet(f) for f in args.files]
        store = ctx.store()
        choice = None
        if args.candidate:
            with store.session() as s:
                choice = named(names.candidate_id, s, args.candidate)
        elif args.new_candidate:
            choice = NEW
        keys = {p.body.get("candidate", {}).get("key") for p in packets if isinstance(p.body.get("candidate"), dict)}
        if choice is not None and len(keys) > 1:
            raise CliError("these files name more than one candidate; import them one candidate at a time "
                           "with --candidate or --new-candidate")
        choices = {k: choice for k in keys if isinstance(k, str)} if choice is not None else {}
        with store.transaction(durable=True) as s:
            report = import_packets(s, packets, kinds=(args.kind,), candidate_choices=choices,
                                    known_keys_only=args.known_keys_only, trust_fingerprints=args.trust_key)
    except CandidateQuestion as exc:
        options = "; ".join(f"{i}: {name}" + (f" ({role})" if role else "") for i, name, role in exc.namesakes)
        raise CliError(f"{exc} (here: {options}); run again with --candidate ID, or --new-candidate; "
                       "nothing was imported") from None
    except ExchangeError as exc:
        message = str(exc)
        raise CliError(message if "nothing was imported" in message else f"{message}; nothing was imported") from None
    try:
        report.trust.record()
    except InterviewError as exc:  # imported; only remembering the new keys failed
        print(f"interview-desk: warning: {exc}; the keys first seen were not remembered", file=sys.stderr)
    if args.json:
        print_json({"lines": report.all_lines()})
    else:
        for line in report.all_lines():
            print(line)
    return 0
