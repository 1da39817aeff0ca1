"""`interview-desk search QUERY [--difficulty D]... [--kind K]... [--topic T]... [--role R]...`"""

from __future__ import annotations

import argparse
import sys

from desktop.core.bank import names
from desktop.core.bank.sync import question_to_dict
from desktop.core.cli.common import CliError, Context, named, print_json, print_table
from desktop.core.storage.models import DIFFICULTIES, KINDS
from desktop.core.bank.search import DEFAULT_LIMIT, MAX_LIMIT, RETIRED_STATES, SearchQuery, plain_snippet, search_questions


def register(sub) -> None:
    p = sub.add_parser(
        "search", help="ranked full-text search of the bank, with filters",
        description="Ranked search over prompt, rubric, answer, topics and roles. The last word "
                    "matches as a prefix. Matched words are shown in [brackets].",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="words to look for (none: list all)")
    p.add_argument("--difficulty", action="append", choices=DIFFICULTIES, default=[], metavar="D", type=str.lower,
                   help=f"only this difficulty ({', '.join(DIFFICULTIES)}); repeat for several")
    p.add_argument("--kind", action="append", choices=KINDS, default=[], metavar="K", type=str.lower,
                   help=f"only this kind ({', '.join(KINDS)}); repeat for several")
    p.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic, by id or name; repeat for several")
    p.add_argument("--role", action="append", default=[], metavar="R", help="only this role, by id or name; repeat for several")
    p.add_argument("--retired", choices=RETIRED_STATES, default="active",
                   help="active questions (default), retired ones, or all")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N results (default {DEFAULT_LIMIT})")
    p.add_argument("--json", action="store_true", help="print a JSON array (as `list questions`, plus score and snippet)")
    p.set_defaults(handler=search_command)


def search_command(ctx: Context, args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise CliError(f"--limit must be between 1 and {MAX_LIMIT}, not {args.limit}")
    with ctx.store().session() as s:
        topics = [named(names.topic_id, s, t) for t in args.topic]
        roles = [named(names.role_id, s, r) for r in args.role]
        query = SearchQuery(" ".join(args.query), difficulties=args.difficulty, kinds=args.kind,
                            topics=topics, roles=roles, retired=args.retired, limit=args.limit)
        pairs, more = search_questions(s, query)
        rows = [{**question_to_dict(q), "score": hit.score, "snippet": plain_snippet(hit.snippet)}
                for q, hit in pairs]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no questions match")
        return 0
    for row in rows:
        row["match"] = row["snippet"] or row["prompt"]
    print_table(rows, ("id", "score", "difficulty", "kind", "match"), widths={"match": 100})
    if more:
        print(f"(more questions match; showing the first {len(rows)}: narrow the search or raise --limit)",
              file=sys.stderr)
    return 0
