"""`erase candidate NAME_OR_ID`: erase a candidate and everything about them (`list erasures`).

It asks first (y/N) on a terminal; a script must say `--yes`, and without it nothing is erased:
an erasure cannot be undone.
"""

from __future__ import annotations

import argparse
import sys

from desktop.core.bank import names
from desktop.core.cli.common import CliError, Context, register_lister
from desktop.core.storage.preferences import load_preferences


def register(sub) -> None:
    p = sub.add_parser("erase", help="erase a candidate: their interviews, scorecards, decisions and files")
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    c = what.add_parser("candidate", help="erase a candidate and everything about them; this cannot be undone")
    c.add_argument("candidate", metavar="NAME_OR_ID", help="the candidate, by name or id")
    c.add_argument("--yes", action="store_true", help="do not ask (needed when not run from a terminal)")
    c.add_argument("--by", metavar="NAME", help="who erases, for the record (default: your name in Preferences)")
    c.set_defaults(handler=erase_candidate)
    register_lister("erasures", list_erasures, ("erased_at", "erased_by", "interviews", "loops", "decisions"))


def erase_candidate(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.interviewing import erasure

    by = " ".join((args.by or load_preferences().interviewer_name or "").split())
    if not by:
        raise CliError("say who erases: --by NAME, or set your name in Preferences")
    store = ctx.store()
    try:
        with store.session() as s:
            plan = erasure.erasure_plan(s, names.candidate_id(s, args.candidate))
    except (LookupError, ValueError) as exc:
        raise CliError(str(exc)) from None
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(f"not erasing {plan.name} without --yes: an erasure cannot be undone")
        answer = input(f"Erase {plan.name} and {plan.summary}? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing erased")
            return 1
    try:
        report = erasure.erase_candidate(store, plan.candidate_id, by=by)
    except erasure.ErasureError as exc:
        raise CliError(str(exc)) from None
    files = f", {report.files_removed} file{'s' if report.files_removed != 1 else ''}" if report.files_removed else ""
    print(f"erased {plan.name}: {report.interviews} interview{'s' if report.interviews != 1 else ''}, "
          f"{report.loops_deleted} loop{'s' if report.loops_deleted != 1 else ''}{files}; "
          f"recorded as erasure {report.erasure_id} by {by}")
    for backup in report.backups:
        print(f"note: {backup} is a copy from before an upgrade and may still hold them; "
              "delete it once you no longer need it", file=sys.stderr)
    return 0


def list_erasures(ctx: Context, args: argparse.Namespace) -> list[dict]:
    from sqlalchemy import select

    from desktop.core.storage.models import Erasure

    with ctx.store().session() as s:
        return [{"erased_at": e.erased_at.isoformat(timespec="seconds"), "erased_by": e.erased_by,
                 "interviews": e.interviews, "loops": e.loops, "decisions": e.decisions}
                for e in s.scalars(select(Erasure).order_by(Erasure.id))]
