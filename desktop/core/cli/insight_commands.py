"""`insight interviewers|questions|reliability`, `simulate`, and what `export insight` prints."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.core.cli.common import CliError, Context, print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("insight", help="interviewer calibration, question statistics and loop reliability")
    p.add_argument("what", choices=("interviewers", "questions", "reliability"),
                   help="interviewers (calibration), questions (statistics) or reliability (of the loop)")
    p.add_argument("--role", metavar="R", help="only this role's loops (default: every loop)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=insight)

    s = sub.add_parser("simulate", help="fill the database with simulated loops, scorecards and decisions")
    s.add_argument("--candidates", type=int, required=True, metavar="N", help="candidates to simulate, one loop each")
    s.add_argument("--interviewers", type=int, required=True, metavar="K", help="the pool of interviewers to draw from")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="the random seed: the same seed, the same data")
    s.add_argument("--role", default="genai-engineer", metavar="R", help="the role of every loop")
    s.add_argument("--questions", type=int, default=5, metavar="N", help="questions per interview (default 5)")
    s.add_argument("--days", type=int, default=365, metavar="D", help="loops spread over the last D days")
    s.add_argument("--truth", metavar="FILE", help="write what was drawn (leniencies, the leaked question) as JSON")
    s.set_defaults(handler=simulate)



def _check_role(session, role: str | None) -> None:
    from desktop.core.storage.models import Role

    if role and session.get(Role, role) is None:
        raise CliError(f"unknown role {role!r} (see: interview-desk list roles)")


def insight(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.insight import insight_for

    with ctx.store().session() as s:
        _check_role(s, args.role)
        found = insight_for(s, args.role)
    if args.what == "interviewers":
        rows = [f.as_dict() for f in found.interviewers]
        if args.json:
            print_json(rows)
        elif rows:
            print_table([_people_interviewer(r) for r in rows],
                        ("interviewer", "leniency", "interval", "interviews", "raw_mean", "agreement", "flags"))
        else:
            print("no submitted scorecards")
    elif args.what == "questions":
        rows = [q.as_dict() for q in found.questions]
        if args.json:
            print_json(rows)
        elif rows:
            print_table([_people_question(r) for r in rows],
                        ("id", "uses", "last_used", "exposure", "mean", "discrimination", "decision", "drift",
                         "flags"))
        else:
            print("no submitted scorecards")
    else:
        data = found.reliability.as_dict()
        data["competency_agreement"] = {c: None if v is None else round(v, 3)
                                        for c, v in found.competency_agreement.items()}
        if args.json:
            print_json(data)
        else:
            for line in _reliability_lines(data):
                print(line)
    return 0


def _num(value, digits: int = 2, signed: bool = False) -> str:
    if value is None:
        return "too few interviews"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _people_interviewer(r: dict) -> dict:
    interval = "" if r["low"] is None else f"{r['low']:+.2f} to {r['high']:+.2f}"
    return {**r, "leniency": _num(r["leniency"], signed=True), "interval": interval,
            "raw_mean": _num(r["raw_mean"]), "agreement": "" if r["agreement"] is None else _num(r["agreement"])}


def _people_question(r: dict) -> dict:
    enough = "too few interviews" not in r["flags"]
    return {**r, "last_used": (r["last_used"] or "")[:10], "exposure": f"{r['exposure']:.0%}",
            "mean": "" if r["mean"] is None else f"{r['mean']:.2f}",
            "discrimination": _num(r["discrimination"]) if enough else "too few interviews",
            "decision": "" if r["decision_agreement"] is None else _num(r["decision_agreement"]),
            "drift": (_num(r["drift"], signed=True) + "/yr" if r["drift"] is not None else "") if enough
            else "too few interviews"}


def _reliability_lines(d: dict) -> list[str]:
    if d["single_interview"] is None:
        return ["too few interviews: reliability needs loops with at least two submitted scorecards"]
    lines = [f"{d['loops']} loops of {d['loop_size']:.1f} interviews on average"
             + (f" ({d['role']})" if d["role"] else ""),
             f"one interview: {d['single_interview']:.2f}; the loop's composite: {d['composite']:.2f}; "
             f"{d['interviewers_needed']} interviewers reach {d['target']}" if d["interviewers_needed"]
             else f"one interview: {d['single_interview']:.2f}; no number of interviewers reaches {d['target']}",
             "", "by competency:"]
    rows = [{"competency": c["competency"], "interviewers": c["interviewers"],
             "one": _num(c["single_interview"]), "reliability": _num(c["reliability"]),
             "interviewers_for_0.8": c["interviewers_needed"] or "",
             "questions_for_0.8": c["questions_needed"] or ""} for c in d["competencies"]]
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_table(rows, ("competency", "interviewers", "one", "reliability", "interviewers_for_0.8",
                           "questions_for_0.8"))
    return lines + buffer.getvalue().rstrip("\n").split("\n")


def simulate(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.building.requests import BuildError
    from desktop.core.insight.simulate import SimulationError
    from desktop.core.insight.simulate import simulate as run

    try:
        with ctx.store().transaction() as s:
            truth = run(s, candidates=args.candidates, interviewers=args.interviewers, seed=args.seed,
                        role=args.role, questions_per_interview=args.questions, days=args.days)
    except (SimulationError, BuildError, ValueError) as exc:
        raise CliError(str(exc)) from None
    if args.truth:
        try:
            Path(args.truth).expanduser().write_text(json.dumps(truth.as_json(), indent=2, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.truth}: {exc.strerror or exc}") from None
    print(f"simulated {truth.candidates} candidates, {truth.interviews} sealed scorecards and "
          f"{truth.decisions} decisions; leaked question: {', '.join(truth.leaked)}")
    return 0


def export_insight(ctx: Context, args: argparse.Namespace) -> int:
    from desktop.core.paper import ExportError, write_pdf
    from desktop.core.paper.insight import build_insight_report
    from desktop.core.storage.preferences import load_preferences

    size = args.page_size or load_preferences().effective_page_size
    with ctx.store().session() as s:
        _check_role(s, args.role)
        data = build_insight_report(s, role=args.role, page_size=size)
    try:
        path = write_pdf(args.out, data)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {path}")
    return 0
