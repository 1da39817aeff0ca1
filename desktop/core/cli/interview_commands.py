"""`demo`, and `list candidates|interviews`.

The interview core is imported when a command runs, so `--help` and other commands stay quick.
"""

from __future__ import annotations

import argparse

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

    with ctx.store().session() as s:
        rows = interviewing.interview_rows(s)
        seals = interviewing.seal_states(s)  # "seal": ok / broken / legacy / unsealed
    # People and scripts both read the status as the issue names it: "in progress", not "in_progress".
    return [{**row, "status": interviewing.STATUS_LABELS.get(row["status"], row["status"]),
             "seal": seals[row["id"]].status} for row in rows]


def _interview_for_people(row: dict) -> dict:
    from desktop.core.interviewing import RECOMMENDATION_LABELS

    mean = row.get("mean_rating")
    digest = row.get("digest") or ""
    return {**row, "recommendation": RECOMMENDATION_LABELS.get(row.get("recommendation") or "", ""),
            "mean_rating": "" if mean is None else f"{mean:.2f}",
            "seal": "BROKEN" if row.get("seal") == "broken" else ("" if row.get("seal") == "unsealed" else row.get("seal")),
            "digest": f"{digest[:16]}…" if digest else ""}
