"""Insight over 10,000 interviews (about 60,000 ratings): every figure's time, and the floor.

    .venv/bin/python bench/bench_insight.py [DB]

The database is simulated once (2,500 candidates, 4 interviews of 6 questions each: several
minutes) and kept at DB (default: a file in the temp folder), so later runs only measure.
Prints `name value` lines; times are the best of 5 runs, in milliseconds.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.insight import insight_of  # noqa: E402
from desktop.core.insight.calibration import competency_agreement, fit_additive, interviewer_figures  # noqa: E402
from desktop.core.insight.data import load_ratings  # noqa: E402
from desktop.core.insight.questions import question_figures  # noqa: E402
from desktop.core.insight.reliability import loop_reliability  # noqa: E402
from desktop.core.insight.simulate import simulate  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

CANDIDATES, INTERVIEWERS, QUESTIONS = 2500, 16, 6


CPU: dict[str, float] = {}  # the same figures in CPU time: on a shared, busy machine wall time lies


def best(fn, runs: int = 5) -> tuple[float, object]:
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU["last"] = min(cpu)
    return min(times), result


def show(name: str, ms: float) -> None:
    print(f"{name}_ms {ms:.1f}")
    print(f"{name}_cpu_ms {CPU['last']:.1f}")


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "interview-desk-bench-insight.db")
    fresh = not path.exists()
    store = Store(str(path))
    if fresh:
        sync_bundled_bank(store)
        start = time.perf_counter()
        with store.transaction() as s:
            simulate(s, candidates=CANDIDATES, interviewers=INTERVIEWERS, seed=1,
                     questions_per_interview=QUESTIONS)
        print(f"simulate_{CANDIDATES}_candidates_s {time.perf_counter() - start:.1f}")

    def floor():
        with sqlite3.connect(path) as conn:
            return conn.execute(
                "SELECT a.interview_id, a.position, a.question_id, a.rating, a.skipped, i.candidate_id, "
                "i.interviewer, i.loop_id, i.started_at FROM annotations a JOIN interviews i "
                "ON i.id = a.interview_id WHERE i.status = 'submitted'").fetchall()

    ms, rows = best(floor)
    print(f"annotations {len(rows)}")
    show("floor_raw_sqlite3_read", ms)
    with store.session() as s:
        ms, data = best(lambda: load_ratings(s))
        print(f"interviews {len(data.interviews)}")
        show("load_ratings", ms)
        ms, fit = best(lambda: fit_additive(data))
        show("fit_additive", ms)
        print(f"fit_sweeps {fit.sweeps}")
        show("interviewer_figures", best(lambda: interviewer_figures(data, fit))[0])
        show("question_figures", best(lambda: question_figures(data, fit))[0])
        show("loop_reliability", best(lambda: loop_reliability(data))[0])
        show("competency_agreement", best(lambda: competency_agreement(data))[0])
        show("every_figure_from_the_database", best(lambda: insight_of(load_ratings(s)))[0])
        from desktop.core.paper.insight import build_insight_report

        show("pdf_report", best(lambda: build_insight_report(s), runs=2)[0])
    store.dispose()


if __name__ == "__main__":
    main()
