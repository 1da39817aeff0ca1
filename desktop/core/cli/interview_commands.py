"""`demo`, and `list candidates|interviews`.

`list interviews` shows another interviewer's ratings, mean and recommendation only where the
app would (`access.ratings_rule` for the identity, `--as` or the preference); elsewhere they are
null and `hidden` says why.

The interview core is imported when a command runs, so `--help` and other commands stay quick.
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace

from desktop.core.figures import rating_figure
from desktop.core.cli.common import CliError, Context, print_json, register_lister


def register(sub) -> None:
    p = sub.add_parser(
        "demo", help="fill the database with a sample candidate, a 4-interview loop and sealed scorecards")
    p.add_argument("--json", action="store_true", help="print the ids created as JSON")
    p.set_defaults(handler=demo)

    register_lister("candidates", list_candidates, ("id", "name", "role", "interviews", "submitted", "loops"))
    register_lister("interviews", list_interviews,
                    ("id", "candidate", "interviewer", "set", "status", "recommendation", "mean_rating", "seal",
                     "digest"),
                    for_people=_interview_for_people)


def demo(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.demo import DemoError, create_demo

    try:
        with ctx.store().transaction() as s:
            report = create_demo(s)
    except DemoError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json(vars(report))
    else:
        print("\n".join(report.lines()))
    return 0


def list_candidates(ctx: Context, args: argparse.Namespace) -> list[dict]:
    from desktop.core.interviewing import candidates

    with ctx.store().session() as s:
        return [
            {"id": c.id, "name": c.name, "role": c.role_id, "notes": c.notes,
             "interviews": len(c.interviews),
             "submitted": sum(i.status == "submitted" for i in c.interviews),
             "loops": [loop.name for loop in c.loops],
             "created_at": c.created_at}
            for c in candidates.list_candidates(s)
        ]


def list_interviews(ctx: Context, args: argparse.Namespace) -> list[dict]:
    from desktop.core import interviewing
    from desktop.core.interviewing.records import loop_debrief_open

    viewer = ctx.viewer()
    with ctx.store().session() as s:
        rows = interviewing.interview_rows(s)
        seals = interviewing.seal_states(s)  # "seal": ok / broken / legacy / unsealed
        loops_open = {loop_id: state[0] for loop_id, state in
                      loop_debrief_open(s, {r["loop_id"] for r in rows if r["loop_id"] is not None}).items()}
        by_candidate: dict[int, list] = {}
        for row in rows:
            by_candidate.setdefault(row["candidate_id"], []).append(
                SimpleNamespace(interviewer=row["interviewer"], status=row["status"], loop_id=row["loop_id"]))
        rules = {cid: interviewing.ratings_rule(s, cid, viewer, interviews=theirs, loops_open=loops_open)
                 for cid, theirs in by_candidate.items()}
    listed = []
    for row in rows:
        hidden = rules[row["candidate_id"]].hidden_reason(row["interviewer"], row["status"], row["loop_id"])
        if hidden:
            row = {**row, "recommendation": None, "mean_rating": None}
        # People and scripts both read the status as the issue names it: "in progress", not "in_progress".
        listed.append({**row, "status": interviewing.STATUS_LABELS.get(row["status"], row["status"]),
                       "seal": seals[row["id"]].status, "hidden": hidden})
    return listed


def _interview_for_people(row: dict) -> dict:
    from desktop.core.interviewing import RECOMMENDATION_LABELS

    mean = row.get("mean_rating")
    digest = row.get("digest") or ""
    return {**row, "recommendation": row.get("hidden") or RECOMMENDATION_LABELS.get(row.get("recommendation") or "", ""),
            "mean_rating": "" if mean is None else rating_figure(mean),
            "seal": "BROKEN" if row.get("seal") == "broken" else ("" if row.get("seal") == "unsealed" else row.get("seal")),
            "digest": f"{digest[:16]}…" if digest else ""}
