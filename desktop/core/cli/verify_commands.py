"""`interview-desk verify`: does every sealed scorecard and amendment chain still hold?

Exit 0 with a one-line summary when they all do; exit 1 naming each broken one on stderr,
with what is wrong where it can be told (`question 2: notes changed`).
"""

from __future__ import annotations

import argparse
import sys

from desktop.core.cli.common import Context


def register(sub) -> None:
    p = sub.add_parser("verify", help="check every seal and amendment chain; exit 1 naming each broken one")
    p.set_defaults(handler=verify)


def describe(interview_id: int, interviewer: str, candidate: str, problems) -> str:
    """`interview 12 (Ana Lima, candidate Zoë Martin): seal broken: question 2: notes changed`."""
    who, name = " ".join(interviewer.split()), " ".join((candidate or "").split())
    return f"interview {interview_id} ({who}, candidate {name}): seal broken: " + "; ".join(problems)


def verify(ctx: Context, args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from desktop.core import interviewing
    from desktop.core.storage.models import Amendment, Candidate, Interview

    with ctx.store().session() as s:
        states = interviewing.seal_states(s)
        people = {i: (interviewer, candidate) for i, interviewer, candidate in s.execute(
            select(Interview.id, Interview.interviewer, Candidate.name).join(Candidate, Candidate.id == Interview.candidate_id))}
        amended = dict(s.execute(select(Amendment.interview_id, func.count()).group_by(Amendment.interview_id)).all())
    broken = [describe(i, *people[i], state.problems) for i, state in sorted(states.items()) if state.broken]
    counts = {name: sum(state.status == name for state in states.values()) for name in interviewing.SEAL_STATES}
    amendments = sum(amended.get(i, 0) for i, state in states.items() if state.status != "unsealed")
    sealed = counts["ok"] + counts["legacy"] + counts["broken"]
    if broken:
        for line in broken:
            print(line, file=sys.stderr)
        print(f"{len(broken)} of {sealed} sealed scorecards have a broken seal", file=sys.stderr)
        return 1
    legacy = f", {counts['legacy']} of them legacy seals (unsigned, weaker)" if counts["legacy"] else ""
    print(f"ok: {sealed} sealed scorecard{'s' if sealed != 1 else ''} and {amendments} "
          f"amendment{'s' if amendments != 1 else ''} verified{legacy}; {counts['unsealed']} not sealed yet")
    return 0
