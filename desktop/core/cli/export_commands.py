"""`interview-desk export packet|scorecard|debrief`: printable PDFs from the command line.

Scorecards and debriefs print ratings and notes only where the app would show them to the
identity (`--as`, else the preference): the rules are `access.may_export_scorecard` and
`access.may_export_debrief`. A debrief of a loop still waiting for interviews needs
`--override-reason TEXT`, recorded with `access.override_debrief` as the app records it.

ReportLab is imported when an export runs: every other command (the app's launch too)
would otherwise pay ~0.25 s for it."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from desktop.core.bank import names
from desktop.core.cli.common import CliError, Context, named
from desktop.core.interviewing import access
from desktop.core.interviewing.fields import InterviewError
from desktop.core.storage.models import Interview
from desktop.core.storage.preferences import PAGE_SIZES, load_preferences


def register(sub) -> None:
    export = sub.add_parser("export", help="print a packet, a scorecard, a loop debrief or the Insight report as PDF")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)

    packet = kinds.add_parser("packet", help="blank packet for one set, or for every interview of a loop")
    which = packet.add_mutually_exclusive_group(required=True)
    which.add_argument("--set", metavar="NAME_OR_ID", dest="target", help="the set, by name or id")
    which.add_argument("--loop", metavar="NAME_OR_ID",
                       help="the whole loop, by name or id: a cover listing its interviews, then each packet")
    scorecard = kinds.add_parser("scorecard", help="one interview's scorecard, with its seal")
    scorecard.add_argument("--interview", required=True, metavar="ID", dest="target", help="interview id")
    debrief = kinds.add_parser("debrief", help="every interview of a candidate's loop, side by side")
    debrief.add_argument("--candidate", required=True, metavar="NAME_OR_ID", dest="target",
                         help="candidate name or id")
    debrief.add_argument("--override-reason", metavar="TEXT",
                         help="open the debrief of a loop still waiting for interviews early; recorded with "
                              "your name (--as) and the time")
    packet.add_argument("--answers", action="store_true",
                        help="print each question's model answer (off by default: a packet may reach the candidate)")
    for parser, kind in ((packet, "packet"), (scorecard, "scorecard"), (debrief, "debrief")):
        parser.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
        parser.add_argument("--anonymous", action="store_true",
                            help="print the candidate id instead of the name (and hide the name in notes)")
        parser.add_argument("--page-size", choices=PAGE_SIZES, type=str.lower,
                            help="a4 or letter (default: the preference, else the locale)")
        parser.set_defaults(handler=_export, kind=kind)
    insight = kinds.add_parser("insight", help="the Insight report: calibration, question statistics, reliability")
    insight.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    insight.add_argument("--role", metavar="R", help="only this role's loops")
    insight.add_argument("--page-size", choices=PAGE_SIZES, type=str.lower,
                         help="a4 or letter (default: the preference, else the locale)")
    insight.set_defaults(handler=_export_insight)


def _export_insight(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.cli.insight_commands import export_insight

    return export_insight(ctx, args)


def _export(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.paper import ExportError, ExportOptions, export_to_file

    options = ExportOptions(page_size=args.page_size or load_preferences().effective_page_size,
                            anonymous=args.anonymous, answers=getattr(args, "answers", False))
    store = ctx.store()
    try:
        if getattr(args, "loop", None) is not None:
            path = _export_loop(store, args.loop, args.out, options)
        else:
            with store.session() as session:
                target_id = _RESOLVERS[args.kind](session, args.target)
                if args.kind == "scorecard":
                    _require(access.may_export_scorecard(session, target_id, ctx.viewer()))
            if args.kind == "debrief":
                _open_debrief(ctx, target_id, args.override_reason)
            path = export_to_file(store, args.kind, target_id, args.out, options)
    except (ExportError, InterviewError) as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {path}")
    return 0


def _require(verdict: access.Verdict) -> None:
    if not verdict:
        raise CliError(verdict.why)


def _open_debrief(ctx: Context, candidate_id: int, override_reason: str | None) -> None:
    """May the identity print this debrief? A closed loop opens early only with a reason,
    recorded (who, why, when) before anything is printed."""
    with ctx.store().transaction() as session:
        verdict = access.may_export_debrief(session, candidate_id, ctx.viewer())
        gate = verdict.gate
        if verdict or gate is None:
            _require(verdict)
            return
        if gate.loop_id is None:
            raise CliError(f"the debrief is not open yet: {gate.why}; interviews outside a loop open "
                           "their debrief only once every one is submitted")
        if override_reason is None:
            raise CliError(f"the debrief is not open yet: {gate.why}; to open it early, give "
                           "--override-reason TEXT (recorded with your name)")
        by = ctx.require_viewer("opening the debrief early")
        access.override_debrief(session, gate.loop_id, by=by, reason=override_reason)
    print(f"debrief opened early by {by} (recorded): {' '.join(override_reason.split())}")


def _export_loop(store, loop: str, out: str, options):
    from desktop.core.paper import write_pdf
    from desktop.core.paper.packet import build_loop_packet

    with store.session() as session:
        data = build_loop_packet(session, named(names.find_loop, session, loop).id, options)
    return write_pdf(out, data)


def _interview_id(session: Session, text: str) -> int:
    number = text.strip().lstrip("#")
    if not number.isdigit():
        raise CliError(f"interview id must be a number, not {text!r}")
    if session.get(Interview, int(number)) is None:
        raise CliError(f"no interview with id {number} (see: interview-desk list interviews)")
    return int(number)


_RESOLVERS = {"packet": lambda s, text: named(names.set_id, s, text),
              "scorecard": _interview_id,
              "debrief": lambda s, text: named(names.candidate_id, s, text)}
