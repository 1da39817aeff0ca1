"""How fast is building a loop from a bank of 100,000 questions? Prints figures; asserts nothing.

    /tmp/venv/bin/python bench/bench_builder.py [--questions N] [--rounds R] [--keep FILE]

The synthetic bank copies the bundled bank's spread: each synthetic question takes the
difficulty, kind, minutes, topics and roles of a random real one, so each role sees the same
proportions as in the real bank (about half the bank per role). Timed: a 4-interview loop of 8
questions each, through the same Session wrapper the app and CLI use (role, usage and pool
lookup, then the build), for a different role and seed each round.

Figures (`name value`): bank_rows, pool_load_ms (first build: loads the pool, reads and groups one
role), role_first_build_worst_ms (the first build for each other role),
build_loop_p50_ms, build_loop_p95_ms, build_loop_worst_ms (the pool cached, as in a running
app), pool_check_ms (the query that notices a changed bank), and pool_reload_ms and
role_group_ms: the pool load and one role's grouping alone, as when the bank changed (the first
build also pays one-off costs: SQLAlchemy compiling its statements, the ORM's first query).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.bank.files import load_bank  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.building import SetRequest, build_loop_in, load_bank_pool  # noqa: E402
from desktop.core.building.pool import _bank_fingerprint  # noqa: E402
from desktop.core.storage.models import LEVELS  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

ROLES = ("image-gen-specialist", "genai-engineer", "llm-app-engineer", "prompt-engineer",
         "mlops-engineer", "applied-ml-scientist")


def build_bank(path: Path, count: int, seed: int = 7) -> float:
    started = time.perf_counter()
    store = Store(str(path))
    sync_bundled_bank(store, ROOT / "question_bank")
    real = load_bank([ROOT / "question_bank"]).questions
    rng = random.Random(seed)
    rows, topic_links, role_links = [], [], []
    for i in range(count - len(real)):
        base = rng.choice(real)
        qid = f"syn-{i:06d}"
        rows.append((qid, f"Synthetic question {i} about {', '.join(base.topics)}", base.difficulty, base.kind,
                     '["a point"]', None, "[]", "[]", base.minutes, "synthetic", int(rng.random() < 0.02), 0,
                     "2026-01-01 00:00:00", "2026-01-01 00:00:00"))
        topic_links += [(qid, t, n) for n, t in enumerate(base.topics)]
        role_links += [(qid, r) for r in base.roles]
    with store.engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.executemany(
            "INSERT INTO questions (id, prompt, difficulty, kind, rubric, answer, follow_ups, related, minutes,"
            " source, retired, user_edited, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)
        cursor.executemany("INSERT INTO question_topics (question_id, topic_id, position) VALUES (?, ?, ?)", topic_links)
        cursor.executemany("INSERT INTO question_roles (question_id, role_id) VALUES (?, ?)", role_links)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return time.perf_counter() - started


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--keep", metavar="FILE", help="build the bank in FILE (reused when it exists)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.db"
        if not path.exists():
            seconds = build_bank(path, args.questions)
            print(f"bank_build_s {seconds:.1f}", file=sys.stderr)
        store = Store(str(path))
        with store.session() as s:
            print(f"bank_rows {s.execute(__import__('sqlalchemy').text('SELECT count(*) FROM questions')).scalar()}")

        def one(i: int) -> tuple[float, int]:
            request = SetRequest(ROLES[i % len(ROLES)], LEVELS[i % 3], count=8, seed=i)
            started = time.perf_counter()
            with store.session() as s:
                loop = build_loop_in(s, request, 4)
            elapsed = time.perf_counter() - started
            ids = [q for one_set in loop.sets for q in one_set.ids]
            assert len(ids) == len(set(ids)) == 32, "a loop repeated a question"
            return elapsed, len(loop.shortfalls)

        # The first build loads the pool; each role's first build groups that role's questions.
        warm = [one(i)[0] for i in range(len(ROLES))]
        print(f"pool_load_ms {ms(warm[0])}")
        print(f"role_first_build_worst_ms {ms(max(warm[1:]))}")
        timings, shortfalls = [], 0
        for i in range(len(ROLES), len(ROLES) + args.rounds):
            elapsed, short = one(i)
            timings.append(elapsed)
            shortfalls += short
        timings.sort()
        print(f"build_loop_p50_ms {ms(statistics.median(timings))}")
        print(f"build_loop_p95_ms {ms(timings[int(0.95 * (len(timings) - 1))])}")
        print(f"build_loop_worst_ms {ms(timings[-1])}")
        print(f"build_loop_shortfalls {shortfalls}")
        checks = []
        with store.session() as s:
            for _ in range(20):
                started = time.perf_counter()
                _bank_fingerprint(s)
                checks.append(time.perf_counter() - started)
        print(f"pool_check_ms {ms(statistics.median(checks))}")
        loads, groups = [], []
        for _ in range(3):
            with store.session() as s:
                started = time.perf_counter()
                bank = load_bank_pool(s)
                loaded = time.perf_counter()
                bank.role(s, ROLES[0])
                loads.append(loaded - started)
                groups.append(time.perf_counter() - loaded)
        print(f"pool_reload_ms {ms(statistics.median(loads))}")
        print(f"role_group_ms {ms(statistics.median(groups))}")
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
