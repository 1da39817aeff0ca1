"""How fast is search on a bank of 100,000 questions? Prints figures; asserts nothing.

    /tmp/venv/bin/python bench/bench_search.py [--questions N] [--rounds R] [--keep FILE]

The synthetic bank is built from the bundled bank's own text: each question takes whole
sentences of real prompts and answers and real rubric points, so words keep the frequencies
they have in real questions ("what" in most rows, "kohya" in a few per thousand). It is written
to a temporary SQLite file at schema revision 0001; upgrading it runs migration 0002, which
indexes the existing questions (the path an existing user's database takes).

The query mix: rare words, common words, two words, and every prefix a person types from the
second character on, each without and with filters. Figures (`name value`):
search_p50_ms, search_p95_ms, search_worst_ms for the FTS5 path, and like_p50_ms, like_p95_ms,
like_worst_ms for the same mix done by the portable LIKE scan (every third query by default, to
keep the run short: each LIKE query scans the whole table). search_cpu_* are the FTS5 figures
in CPU time of this thread, which a busy machine inflates much less than wall time.
search_best_* take each query's fastest round: what it costs when nothing else interferes
(on a shared machine other processes inflate both wall and CPU time of single runs).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.bank.files import load_bank  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.bank.search import SearchQuery, search  # noqa: E402
from desktop.core.bank.search.like import LikeSearch  # noqa: E402
from desktop.core.bank.search.fts5 import Fts5Search  # noqa: E402
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
LIMIT = 100  # what the Bank view asks for


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text or "") if s.strip()]


def synthetic_rows(count: int, seed: int = 7):
    """(question row, topic ids, role ids) made of the bundled bank's real text.

    Each synthetic question is a real one with some of its sentences, rubric points and answer
    sentences swapped for others from the bank: documents keep their real length, and each word
    is in about as many documents (in proportion) as in the real bank.
    """
    bank = load_bank([ROOT / "question_bank"])
    questions = bank.questions
    prompt_parts = [s for q in questions for s in sentences(q.prompt)]
    rubric_parts = [p for q in questions for p in q.rubric]
    answer_parts = [s for q in questions for s in sentences(q.answer or "")]
    rng = random.Random(seed)

    def mix(parts: list[str], pool: list[str]) -> list[str]:
        parts = list(parts)
        for i in range(len(parts)):
            if rng.random() < 0.25:
                parts[i] = rng.choice(pool)
        return parts

    for i in range(count):
        base = rng.choice(questions)
        prompt = " ".join(mix(sentences(base.prompt), prompt_parts))
        rubric = mix(rng.sample(base.rubric, len(base.rubric)), rubric_parts)
        answer = " ".join(mix(sentences(base.answer or ""), answer_parts)) or None
        row = (
            f"syn-{i:06d}", prompt, base.difficulty, base.kind, json.dumps(rubric), answer,
            "[]", "[]", base.minutes, "synthetic", int(rng.random() < 0.02), 0,
            "2026-01-01 00:00:00", "2026-01-01 00:00:00",
        )
        yield row, base.topics, base.roles


def build_bank(path: Path, count: int) -> float:
    """A database holding the bundled bank plus synthetic questions up to `count`.

    The rows go in at schema revision 0001; upgrading to head then runs migration 0002, which
    indexes the questions already there in one pass (faster than a trigger per row, and the
    path every existing user's database takes).
    """
    started = time.perf_counter()
    store = Store(str(path), upgrade=False)
    store.upgrade("0001")
    sync_bundled_bank(store, ROOT / "question_bank")
    with store.engine.begin() as conn:
        have = conn.exec_driver_sql("SELECT count(*) FROM questions").scalar()
        rows, topic_links, role_links = [], [], []
        for row, topics, roles in synthetic_rows(count - have):
            rows.append(row)
            topic_links += [(row[0], t, n) for n, t in enumerate(topics)]
            role_links += [(row[0], r) for r in roles]
        cursor = conn.connection.driver_connection.cursor()
        cursor.executemany(f"INSERT INTO questions VALUES ({', '.join('?' * 14)})", rows)
        cursor.executemany("INSERT INTO question_topics (question_id, topic_id, position) VALUES (?, ?, ?)", topic_links)
        cursor.executemany("INSERT INTO question_roles (question_id, role_id) VALUES (?, ?)", role_links)
    print(f"rows_s {time.perf_counter() - started:.1f}")
    store.upgrade()
    print(f"indexed_s {time.perf_counter() - started:.1f}")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
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


def time_mix(store: Store, backend, mix: list[SearchQuery], rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per query (CPU time shows how much of a slow figure was
    this process waiting for a busy machine)."""
    wall, cpu = [], []
    with store.session() as s:
        for q in mix[:8]:  # warm the page cache
            search(s, q, backend)
        for _ in range(rounds):
            for q in mix:
                started, started_cpu = time.perf_counter(), time.thread_time()
                search(s, q, backend)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
    return wall, cpu


def report(name: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name}_p50_ms {statistics.median(ordered):.2f}")
    print(f"{name}_p95_ms {p95:.2f}")
    print(f"{name}_worst_ms {ordered[-1]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the mix for FTS5 (LIKE runs once)")
    parser.add_argument("--keep", metavar="FILE", help="build the bank into FILE and keep it")
    parser.add_argument("--slowest", type=int, default=0, help="also list the N slowest FTS5 queries")
    parser.add_argument("--like-every", type=int, default=3, metavar="N",
                        help="time LIKE on every Nth query of the mix (a full scan takes ~0.5 s each)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bank.db"
        if not path.exists():
            print(f"build_s {build_bank(path, args.questions):.1f}")
        store = Store(str(path))
        with store.session() as s:
            print("questions", s.execute(__import__("sqlalchemy").text("SELECT count(*) FROM questions")).scalar())
        mix = query_mix()
        print("queries", len(mix))
        fts, fts_cpu = time_mix(store, Fts5Search(), mix, args.rounds)
        report("search", fts)
        report("search_cpu", fts_cpu)
        report("search_best", [min(fts[i::len(mix)]) for i in range(len(mix))])
        like_mix = mix[:: max(1, args.like_every)]  # still every kind of query, with and without filters
        print("like_queries", len(like_mix))
        report("like", time_mix(store, LikeSearch(), like_mix, 1)[0])
        if args.slowest:
            per_query = [(t, mix[i % len(mix)]) for i, t in enumerate(fts)]
            for t, q in sorted(per_query, key=lambda p: -p[0])[: args.slowest]:
                filters = {k: v for k, v in vars(q).items() if v and k not in ("text", "limit", "retired")}
                print(f"  {t:7.2f} ms  {q.text!r} {filters}")
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
