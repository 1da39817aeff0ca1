"""`decide`: record the hiring decision for a candidate's loop; `list decisions`."""

from __future__ import annotations

import argparse

from desktop.core.cli.common import CliError, Context, register_lister
from desktop.core.bank import names
from desktop.core.interviewing import access
from desktop.core.interviewing.decisions import (
    DECISION_LABELS,
    DECISIONS,
    DecisionError,
    composite_for,
    decision_rows,
    record_decision,
)
from desktop.core.storage.models import Candidate


def register(sub) -> None:
    p = sub.add_parser("decide", help="record the hiring decision for a candidate's loop (sealed)")
    p.add_argument("--candidate", required=True, metavar="NAME_OR_ID", help="the candidate, by name or id")
    p.add_argument("--decision", required=True, choices=DECISIONS, help="hire, no_hire or hold")
    p.add_argument("--reason", default="", metavar="TEXT",
                   help="why; required when the decision departs from the composite, and for a hold")
    p.add_argument("--by", metavar="NAME", help="who decides, as --as says it (default: --as, else your name "
                                                "in Preferences)")
    p.set_defaults(handler=decide)
    register_lister("decisions", list_decisions,
                    ("candidate", "decision", "composite", "decided_by", "decided_at", "seal", "reason"),
                    for_people=_for_people)


def decide(ctx: Context, args: argparse.Namespace) -> int:
    by = " ".join((args.by or "").split()) or ctx.require_viewer("recording a decision")
    try:
        with ctx.store().transaction() as s:
            candidate = s.get(Candidate, names.candidate_id(s, args.candidate))
            independent = access.may_see_composite(s, candidate.id, by)
            if not independent:
                raise CliError(independent.why)
            decision = record_decision(s, candidate.id, decision=args.decision, by=by, reason=args.reason)
            composite = composite_for(s, candidate.id)
            label = DECISION_LABELS[decision.decision]
    except (LookupError, DecisionError) as exc:
        raise CliError(str(exc)) from None
    score = "no composite" if composite.score is None else f"composite {composite.score:.2f}"
    print(f"{candidate.name}: {label} ({score}), decided by {decision.decided_by}; sealed")
    return 0


def list_decisions(ctx: Context, args: argparse.Namespace) -> list[dict]:
    with ctx.store().session() as s:
        return [row.as_dict() for row in decision_rows(s)]


def _for_people(row: dict) -> dict:
    composite = row["composite"]
    return {**row, "decision": DECISION_LABELS.get(row["decision"], row["decision"]),
            "composite": "" if composite is None else f"{composite:.2f}"}
