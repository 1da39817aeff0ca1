"""`interview-desk export packet|scorecard|debrief`: printable PDFs from the command line.

ReportLab is imported when an export runs: every other command (the app's launch too)
would otherwise pay ~0.25 s for it."""

from __future__ import annotations

import argparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.cli.common import CliError, Context
from desktop.core.storage.models import Candidate, Interview, InterviewSet
from desktop.core.storage.preferences import PAGE_SIZES, load_preferences


def register(sub) -> None:
    export = sub.add_parser("export", help="print an interview packet, a scorecard or a loop debrief as PDF")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)

    packet = kinds.add_parser("packet", help="blank packet for one set, to take into the interview")
    packet.add_argument("--set", required=True, metavar="NAME", dest="target", help="set name or id")
    scorecard = kinds.add_parser("scorecard", help="one interview's scorecard, with its seal")
    scorecard.add_argument("--interview", required=True, metavar="ID", dest="target", help="interview id")
    debrief = kinds.add_parser("debrief", help="every interview of a candidate's loop, side by side")
    debrief.add_argument("--candidate", required=True, metavar="NAME_OR_ID", dest="target",
                         help="candidate name or id")
    for parser, kind in ((packet, "packet"), (scorecard, "scorecard"), (debrief, "debrief")):
        parser.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
        parser.add_argument("--anonymous", action="store_true",
                            help="print the candidate id instead of the name (and hide the name in notes)")
        parser.add_argument("--page-size", choices=PAGE_SIZES, type=str.lower,
                            help="a4 or letter (default: the preference, else the locale)")
        parser.set_defaults(handler=_export, kind=kind)


def _export(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.paper import ExportError, ExportOptions, export_to_file

    options = ExportOptions(page_size=args.page_size or load_preferences().effective_page_size,
                            anonymous=args.anonymous)
    store = ctx.store()
    with store.session() as session:
        target_id = _RESOLVERS[args.kind](session, args.target)
    try:
        path = export_to_file(store, args.kind, target_id, args.out, options)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {path}")
    return 0


def _as_id(text: str) -> int | None:
    text = text.strip().lstrip("#")
    return int(text) if text.isdigit() else None


def _set_id(session: Session, name: str) -> int:
    found = session.scalars(select(InterviewSet.id).where(InterviewSet.name == name.strip())).first()
    if found is None and (number := _as_id(name)) is not None and session.get(InterviewSet, number):
        found = number
    if found is None:
        raise CliError(f"no set named {name!r} (see: interview-desk list sets)")
    return found


def _interview_id(session: Session, text: str) -> int:
    number = _as_id(text)
    if number is None:
        raise CliError(f"interview id must be a number, not {text!r}")
    if session.get(Interview, number) is None:
        raise CliError(f"no interview with id {number} (see: interview-desk list interviews)")
    return number


def _candidate_id(session: Session, text: str) -> int:
    number = _as_id(text)
    if number is not None and session.get(Candidate, number) is not None:
        return number
    wanted = " ".join(text.split()).casefold()
    matches = [c for c in session.scalars(select(Candidate).where(func.length(Candidate.name) > 0))
               if " ".join(c.name.split()).casefold() == wanted]
    if not matches:
        raise CliError(f"no candidate named {text!r} (see: interview-desk list candidates)")
    if len(matches) > 1:
        ids = ", ".join(str(c.id) for c in matches)
        raise CliError(f"{len(matches)} candidates are named {text!r} (ids {ids}); give the id instead")
    return matches[0].id


_RESOLVERS = {"packet": _set_id, "scorecard": _interview_id, "debrief": _candidate_id}
