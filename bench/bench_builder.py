"""How fast is building a set or a loop from a bank of 100,000 questions? Prints figures; asserts nothing.

    /work/main/.venv/bin/python bench/bench_builder.py [--questions N] [--rounds R] [--keep FILE]

The bank is made as a person makes one (bench_search.build_bank: the bundled bank, then
`interview-desk import` of 100,000 questions of real-looking text, 2% retired in the Bank view);
--keep FILE keeps it and reuses it (the import takes minutes).

Command line, each a fresh process as a user's command is (`python -m desktop ...`: the console
script's own code), with compiled bytecode as an installed app has it (a first run writes it),
medians over --runs, wall and CPU milliseconds and peak memory:
- cli_build_loop_*: `build-loop --role R --interviewers 4 --count 8 --seed S --json`, the
  database unchanged since the last command (as when a script builds one loop after another:
  answered without SQLAlchemy, by cli/quick_loop.py);
- cli_build_loop_first_*: the same, the first command after the database file changed (an
  empty data folder: nothing kept from an earlier command);
- cli_build_set_*: `build-set --role R --minutes 45 --seed S --json`;
- floors in the same run: floor_python_* (`python -c "import sqlite3"`: an interpreter's start)
  and floor_version_* (`interview-desk --version`: the command line's start).

In one process, what the Builder view's worker calls (`history_for`, then `build_loop_in`):
view_first_build_ms (a fresh store: loads the pool, reads and groups one role),
view_role_first_build_worst_ms (the first build for each other role), view_build_loop_p50/p95/worst_ms
(the pool cached, as in a running app, a different role and seed each round), pool_check_ms (the
query that notices a changed bank), pool_reload_ms and role_group_ms (the pool load and one
role's grouping alone, as when the bank changed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import build_bank  # noqa: E402
from desktop.core.building import SetRequest, build_loop_in, load_bank_pool  # noqa: E402
from desktop.core.building.pool import _bank_fingerprint  # noqa: E402
from desktop.core.insight.advice import history_for  # noqa: E402
from desktop.core.storage.models import LEVELS  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

ROLES = ("image-gen-specialist", "genai-engineer", "llm-app-engineer", "prompt-engineer",
         "mlops-engineer", "applied-ml-scientist")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def child_env(home: Path) -> dict[str, str]:
    """A user's environment: their own data folder, bytecode compiled once and kept."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "INTERVIEW_DESK_DB")}
    env.update(PYTHONPATH=str(ROOT), INTERVIEW_DESK_HOME=str(home / "data"),
               PYTHONPYCACHEPREFIX=str(home / "pycache"))
    return env


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one fresh process, measured by /usr/bin/time (the peak of a
    child forked from this big process would count this one's pages); a failure stops the run."""
    with tempfile.NamedTemporaryFile("r") as figures, tempfile.TemporaryFile() as err:
        status = subprocess.call(["/usr/bin/time", "-f", "%e %U %S %M", "-o", figures.name, sys.executable, *argv],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        if status:
            err.seek(0)
            sys.exit(f"{' '.join(argv)} failed ({status}): {err.read().decode()[-500:]}")
        wall, user, system, peak_kb = figures.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak_kb) / 1024


def time_commands(db: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-builder-home-") as home:
        env = child_env(Path(home))
        # The first command after the database file changed: nothing kept from an earlier one.
        cold = [run_child(["-m", "desktop", "--db", str(db), "build-loop", "--role", "genai-engineer",
                           "--interviewers", "4", "--count", "8", "--seed", str(seed), "--json"],
                          {**env, "INTERVIEW_DESK_HOME": str(Path(home) / f"cold-{seed}")})
                for seed in range(1, runs + 1)]
        print(f"cli_build_loop_first_ms {ms(statistics.median(r[0] for r in cold))}")
        print(f"cli_build_loop_first_cpu_ms {ms(statistics.median(r[1] for r in cold))}")
        print(f"cli_build_loop_first_peak_mb {round(max(r[2] for r in cold))}")
        commands = {
            "floor_python": ["-c", "import sqlite3"],
            "floor_version": ["-m", "desktop", "--version"],
            "cli_build_loop": ["-m", "desktop", "--db", str(db), "build-loop", "--role", "genai-engineer",
                               "--interviewers", "4", "--count", "8", "--seed", "{seed}", "--json"],
            "cli_build_set": ["-m", "desktop", "--db", str(db), "build-set", "--role", "llm-app-engineer",
                              "--minutes", "45", "--seed", "{seed}", "--json"],
        }
        for argv in commands.values():  # compiles the bytecode, as installing the app does
            run_child([a.replace("{seed}", "0") for a in argv], env)
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for seed in range(1, runs + 1):  # round-robin, so a busy moment slows them alike
            for name, argv in commands.items():
                figures[name].append(run_child([a.replace("{seed}", str(seed)) for a in argv], env))
        for name, runs_ in figures.items():
            print(f"{name}_ms {ms(statistics.median(r[0] for r in runs_))}")
            print(f"{name}_cpu_ms {ms(statistics.median(r[1] for r in runs_))}")
            print(f"{name}_peak_mb {round(max(r[2] for r in runs_))}")
        for name in ("cli_build_loop", "cli_build_set"):
            print(f"{name}_cpu_vs_version {statistics.median(r[1] for r in figures[name]) / statistics.median(r[1] for r in figures['floor_version']):.2f}")


def time_view(db: Path, rounds: int) -> None:
    store = Store(str(db))

    def one(i: int) -> float:
        request = SetRequest(ROLES[i % len(ROLES)], LEVELS[i % 3], count=8, seed=i)
        started = time.perf_counter()
        with store.session() as s:  # the Builder view's worker (builder_view._build)
            loop = build_loop_in(s, request, 4, history=history_for(s, request))
        elapsed = time.perf_counter() - started
        ids = [q for one_set in loop.sets for q in one_set.ids]
        assert len(ids) == len(set(ids)) == 32, "a loop repeated a question"
        return elapsed

    # The first build loads the pool; each role's first build groups that role's questions.
    warm = [one(i) for i in range(len(ROLES))]
    print(f"view_first_build_ms {ms(warm[0])}")
    print(f"view_role_first_build_worst_ms {ms(max(warm[1:]))}")
    timings = sorted(one(i) for i in range(len(ROLES), len(ROLES) + rounds))
    print(f"view_build_loop_p50_ms {ms(statistics.median(timings))}")
    print(f"view_build_loop_p95_ms {ms(timings[int(0.95 * (len(timings) - 1))])}")
    print(f"view_build_loop_worst_ms {ms(timings[-1])}")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30, help="loops built in the view's figures")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per command")
    parser.add_argument("--keep", metavar="FILE", help="build the bank in FILE (reused when it exists)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-builder-") as tmp:
        os.environ["INTERVIEW_DESK_HOME"] = str(Path(tmp) / "data")  # not the user's own folder
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.db"
        if not path.exists():
            print(f"bank_build_s {build_bank(path, args.questions):.1f}", file=sys.stderr)
        store = Store(str(path))
        with store.session() as s:
            print(f"bank_rows {s.execute(__import__('sqlalchemy').text('SELECT count(*) FROM questions')).scalar()}")
        store.dispose()
        time_commands(path, args.runs)
        time_view(path, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
