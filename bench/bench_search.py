"""How fast is search on a bank of 100,000 questions, and how well ranked? Prints figures; asserts nothing.

    /work/main/.venv/bin/python bench/bench_search.py [--questions N] [--rounds R] [--keep FILE]

The bank is made as a person makes one: a first start (the bundled bank), then
`interview-desk import FILE.csv` of synthetic questions, then 2% of them retired with the
Bank's Retire (`retire_question`). The synthetic questions are built from the bundled bank's
own text: each takes whole sentences of real prompts and answers, real rubric points and
follow-ups, so words keep the frequencies they have in real questions ("what" in most rows,
"kohya" in a few per thousand). --keep FILE keeps the bank (and reuses it if it is there: the
import takes minutes at 100k).

The query mix: rare words, common words, two words, and every prefix a person types from the
second character on, each without and with filters. Figures (`name value`):

- index_build_s / index_build_cpu_s: building the ranked index (ranked_index.build_index) from
  the database, wall and CPU time of the process (Tantivy indexes on threads of its own).
- search_rows_*: p50/p95/worst ms of the mix through `search_rows`, what the Bank view calls
  for every search (the search, then its rows' tags and usage), answered by the ranked index;
  search_rows_cpu_*: the same in CPU time of this thread (a busy machine inflates it much less
  than wall time); search_rows_best_*: each query's fastest round; typing_*: only the
  as-you-type prefixes.
- fts5_*: the same through `search_rows` with FTS5 answering (the fallback while the ranked
  index is built), in the same run: search_rows, typing and the ranking figures.
- floor_unranked_*: raw sqlite3 in the same run, the same MATCH, `LIMIT 51` (a page and one), no ranking: what
  any search on this index costs at least; floor_ranked_*: raw sqlite3 ranking every match
  (`ORDER BY bm25(...) LIMIT 51`): what exact ranking costs with FTS5 alone.
- ranking_agreement_top10 / _top50 (a page): the share of queries whose returned ids are exactly the
  top of a full bm25 sort of every match that passes the filters (raw sqlite3, written here);
  ranking_score_ratio_top10: what the returned top 10 score under that sort over what the
  best 10 score, averaged (issue #20's measure).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desktop.core.bank.files import load_bank  # noqa: E402
from desktop.core.bank.questions import retire_question  # noqa: E402
from desktop.core.cli import main as cli_main  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.bank.search import PAGE, SearchQuery, search_rows, words  # noqa: E402
from desktop.core.bank.search.fts5 import Fts5Search  # noqa: E402
from desktop.core.bank.search.ranked_index import build_index  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

RARE = ["kohya", "dreambooth", "perplexity", "watermark"]
COMMON = ["what", "model", "how would you", "training"]
TWO_WORDS = ["lora rank", "mode collapse", "controlnet depth", "prompt injection"]
TYPED = ["lora rank", "hallucination", "controlnet depth"]
FILTERS = [
    {"difficulties": ("advanced",)},
    {"topics": ("diffusion",)},
    {"roles": ("prompt-engineer",), "kinds": ("scenario",)},
    {"difficulties": ("beginner", "intermediate"), "topics": ("rag",)},
]
LIMIT = PAGE  # what the Bank view asks for at each search (more as its list is scrolled)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text or "") if s.strip()]


def synthetic_questions(count: int, seed: int = 7):
    """Questions (as bank-file dicts) made of the bundled bank's real text.

    Each synthetic question is a real one with some of its sentences, rubric points, answer
    sentences and follow-ups swapped for others from the bank: documents keep their real
    length, and each word is in about as many documents (in proportion) as in the real bank.
    """
    bank = load_bank([ROOT / "question_bank"])
    questions = bank.questions
    prompt_parts = [s for q in questions for s in sentences(q.prompt)]
    rubric_parts = [p for q in questions for p in q.rubric]
    answer_parts = [s for q in questions for s in sentences(q.answer or "")]
    follow_parts = [f for q in questions for f in q.follow_ups]
    rng = random.Random(seed)

    def mix(parts: list[str], pool: list[str]) -> list[str]:
        parts = list(parts)
        for i in range(len(parts)):
            if rng.random() < 0.25:
                parts[i] = rng.choice(pool)
        return parts

    for i in range(count):
        base = rng.choice(questions)
        yield {
            "id": f"syn-{i:06d}", "prompt": " ".join(mix(sentences(base.prompt), prompt_parts)),
            "difficulty": base.difficulty, "kind": base.kind, "topics": list(base.topics),
            "roles": list(base.roles), "rubric": mix(rng.sample(base.rubric, len(base.rubric)), rubric_parts),
            "answer": " ".join(mix(sentences(base.answer or ""), answer_parts)),
            "follow_ups": mix(list(base.follow_ups), follow_parts), "minutes": base.minutes,
            "retired": rng.random() < 0.02,
        }


def synthetic_rows(count: int, seed: int = 7):
    """(question row at schema 0001, topic ids, role ids) of `synthetic_questions`, for a bulk load."""
    for q in synthetic_questions(count, seed):
        row = (
            q["id"], q["prompt"], q["difficulty"], q["kind"], json.dumps(q["rubric"]), q["answer"] or None,
            json.dumps(q["follow_ups"]), "[]", q["minutes"], "synthetic", int(q["retired"]), 0,
            "2026-01-01 00:00:00", "2026-01-01 00:00:00",
        )
        yield row, q["topics"], q["roles"]


def write_csv(questions, path: Path) -> list[str]:
    """The questions as a bank CSV (the columns a person's spreadsheet has); the retired ids."""
    retired = []
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer",
                      "follow_ups", "minutes", "source"])
        for q in questions:
            out.writerow([q["id"], q["prompt"], q["difficulty"], q["kind"], ";".join(q["topics"]),
                          ";".join(q["roles"]), "\n".join(q["rubric"]), q["answer"],
                          "\n".join(q["follow_ups"]), q["minutes"], "synthetic"])
            if q["retired"]:
                retired.append(q["id"])
    return retired


def build_bank(path: Path, count: int) -> float:
    """A database holding the bundled bank plus synthetic questions up to `count`, made the way
    a person makes one: first start (the bundled bank), `interview-desk import FILE.csv`, and
    some questions retired from the Bank view's Retire button (`retire_question`)."""
    started = time.perf_counter()
    store = Store(str(path))
    sync_bundled_bank(store, ROOT / "question_bank")
    with store.session() as s:
        have = s.execute(text("SELECT count(*) FROM questions")).scalar()
    store.dispose()
    csv_path = path.with_suffix(".import.csv")
    retired = write_csv(synthetic_questions(count - have), csv_path)
    print(f"csv_s {time.perf_counter() - started:.1f}")
    status = cli_main(["--db", str(path), "import", str(csv_path)])
    csv_path.unlink()
    if status:
        sys.exit(f"import failed with status {status}")
    print(f"imported_s {time.perf_counter() - started:.1f}")
    store = Store(str(path))
    with store.session() as s, s.begin():
        for qid in retired:
            retire_question(s, qid)
    store.dispose()
    return time.perf_counter() - started


def query_mix() -> list[SearchQuery]:
    texts = RARE + COMMON + TWO_WORDS
    for phrase in TYPED:  # "lo", "lor", "lora", "lora ", "lora r", ...
        texts += [phrase[:n] for n in range(2, len(phrase) + 1) if not phrase[:n].endswith(" ")]
    mix = []
    for n, t in enumerate(texts):
        mix.append(SearchQuery(t, limit=LIMIT))
        mix.append(SearchQuery(t, limit=LIMIT, **FILTERS[n % len(FILTERS)]))
    return mix


def time_search_rows(store: Store, mix: list[SearchQuery], rounds: int,
                     backend=None) -> tuple[list[float], list[float], dict]:
    """Wall-clock and CPU milliseconds per query of `search_rows`, what the Bank calls at every
    pause in typing (CPU time shows how much of a slow figure was this process waiting for a
    busy machine), and the last round's rows of each query."""
    wall, cpu, answers = [], [], {}
    with store.session() as s:
        for q in mix[:8]:  # warm the page cache
            search_rows(s, q, backend)
        for _ in range(rounds):
            for n, q in enumerate(mix):
                started, started_cpu = time.perf_counter(), time.thread_time()
                rows, _ = search_rows(s, q, backend)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                answers[n] = [r.id for r in rows]
    return wall, cpu, answers


# -- the floor and the reference: raw sqlite3, written here without the app's search code --------

BM25 = "bm25(question_fts, 10.0, 2.0, 1.0, 1.0, 2.0, 0.5, 0.0)"  # prompt 10x the rubric, as fts5.WEIGHTS


def raw_filters(q: SearchQuery) -> tuple[str, list]:
    """The query's filters as plain SQL on `questions q`."""
    where, params = ["NOT q.retired" if q.retired == "active" else "q.retired" if q.retired == "retired" else "TRUE"], []
    for column, values in (("q.difficulty", q.difficulties), ("q.kind", q.kinds)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    for table, column, values in (("question_topics", "topic_id", q.topics), ("question_roles", "role_id", q.roles)):
        if values:
            where.append(f"EXISTS (SELECT 1 FROM {table} l WHERE l.question_id = q.id "
                         f"AND l.{column} IN ({', '.join('?' * len(values))}))")
            params += values
    return " AND ".join(where), params


def raw_match(q: SearchQuery) -> str:
    """The words as FTS5 strings, the last one a prefix (what the app matches)."""
    phrases = ['"' + w.replace('"', '""') + '"' for w in words(q.text)]
    phrases[-1] += "*"
    return " AND ".join(phrases)


def exhaustive(db: sqlite3.Connection, q: SearchQuery) -> list[tuple[str, float]]:
    """Every match that passes the filters, scored by bm25 and sorted: the unoptimised answer.

    The index holds Porter stems, so "hallucina" (typed on the way to "hallucination", stored
    as "hallucin") matches no term: as the app's FTS5 search does (fts5._relaxed_match), the
    last word is then cut a letter at a time (at most five, never below four letters) until it
    matches, so the reference is every match of what the person is typing, not nothing."""
    where, params = raw_filters(q)
    sql = (f"SELECT q.id, -{BM25} AS score FROM question_fts JOIN questions q ON q.rowid = question_fts.rowid "
           f"WHERE question_fts MATCH ? AND {where} ORDER BY score DESC, q.id")
    typed = words(q.text)
    for cut in range(0, 6):
        if cut and len(typed[-1]) - cut < 4:
            break
        shorter = replace(q, text=" ".join([*typed[:-1], typed[-1][:len(typed[-1]) - cut]]))
        if db.execute("SELECT 1 FROM question_fts WHERE question_fts MATCH ? LIMIT 1", (raw_match(shorter),)).fetchone():
            return db.execute(sql, [raw_match(shorter), *params]).fetchall()
    return []


def time_raw(db: sqlite3.Connection, mix: list[SearchQuery], rounds: int, sql: str) -> list[float]:
    timings = []
    for _ in range(rounds):
        for q in mix:
            started = time.perf_counter()
            db.execute(sql, (raw_match(q),)).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def agreement(db: sqlite3.Connection, mix: list[SearchQuery], answers: dict, k: int = 10) -> tuple[float, float, float]:
    """How the answers compare with the exhaustive bm25 sort, per query, averaged over the mix:
    the share of queries whose top `k` ids are exactly the sort's top `k`; the share whose every
    returned id (up to LIMIT) is the sort's, in its order; and the issue's measure, the bm25
    the returned top `k` score over what the best `k` score."""
    same_k = same_all = ratio = 0.0
    for n, q in enumerate(mix):
        ranked = exhaustive(db, q)
        best = [qid for qid, _ in ranked[:LIMIT]]
        got = answers[n]
        same_k += got[:k] == best[:k]
        same_all += got == best
        scores = dict(ranked)
        top = sum(scores[i] for i, _ in ranked[:k])
        mine = sum(scores.get(i, 0.0) for i in got[:k])
        ratio += mine / top if top else float(got[:k] == best[:k])
    return same_k / len(mix), same_all / len(mix), ratio / len(mix)


def report(name: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name}_p50_ms {statistics.median(ordered):.2f}")
    print(f"{name}_p95_ms {p95:.2f}")
    print(f"{name}_worst_ms {ordered[-1]:.2f}")


def _backend_name(session) -> str:
    from desktop.core.bank.search import search

    return search(session, SearchQuery("model")).backend


def is_typing(q: SearchQuery) -> bool:
    return any(phrase.startswith(q.text) for phrase in TYPED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the mix through search_rows")
    parser.add_argument("--keep", metavar="FILE", help="build the bank into FILE and keep it (reused if there)")
    parser.add_argument("--slowest", type=int, default=0, help="also list the N slowest queries")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bank.db"
        if not path.exists():
            print(f"build_s {build_bank(path, args.questions):.1f}")
        store = Store(str(path))
        with store.session() as s:
            print("questions", s.execute(text("SELECT count(*) FROM questions")).scalar())
        with store.session() as s:
            started, started_cpu = time.perf_counter(), time.process_time()
            build_index(s, force=True)
            print(f"index_build_s {time.perf_counter() - started:.1f}")
            print(f"index_build_cpu_s {time.process_time() - started_cpu:.1f}")
        mix = query_mix()
        typing = {n for n, q in enumerate(mix) if is_typing(q)}
        print("queries", len(mix))
        print("typing_queries", len(typing))
        wall, cpu, answers = time_search_rows(store, mix, args.rounds)
        with store.session() as s:
            print("backend", _backend_name(s))
        report("search_rows", wall)
        report("search_rows_cpu", cpu)
        report("typing", [t for i, t in enumerate(wall) if i % len(mix) in typing])
        report("search_rows_best", [min(wall[i::len(mix)]) for i in range(len(mix))])
        fts5_wall, fts5_cpu, fts5_answers = time_search_rows(store, mix, args.rounds, Fts5Search())
        report("fts5_search_rows", fts5_wall)
        report("fts5_search_rows_cpu", fts5_cpu)
        report("fts5_typing", [t for i, t in enumerate(fts5_wall) if i % len(mix) in typing])
        db = sqlite3.connect(path)
        report("floor_unranked", time_raw(db, mix, args.rounds,
                                          f"SELECT rowid FROM question_fts WHERE question_fts MATCH ? LIMIT {LIMIT + 1}"))
        report("floor_ranked", time_raw(db, mix, 1, "SELECT rowid FROM question_fts WHERE question_fts MATCH ? "
                                                   f"ORDER BY {BM25} LIMIT {LIMIT + 1}"))
        for prefix, got in (("", answers), ("fts5_", fts5_answers)):
            same_10, same_all, ratio = agreement(db, mix, got)
            print(f"{prefix}ranking_agreement_top10 {same_10:.3f}")  # share of queries: top 10 ids = the full sort's
            print(f"{prefix}ranking_agreement_top{LIMIT} {same_all:.3f}")
            print(f"{prefix}ranking_score_ratio_top10 {ratio:.3f}")  # the measure: >= 0.9 wanted
        db.close()
        if args.slowest:
            per_query = [(t, mix[i % len(mix)]) for i, t in enumerate(wall)]
            for t, q in sorted(per_query, key=lambda p: -p[0])[: args.slowest]:
                filters = {k: v for k, v in vars(q).items() if v and k not in ("text", "limit", "retired")}
                print(f"  {t:7.2f} ms  {q.text!r} {filters}")
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
