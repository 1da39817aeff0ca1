"""The kill test: SIGKILL the real app at random moments while notes are typed; nothing older
than one second may be lost, and the next start resumes the interview where it stopped.

Each round runs tests/ui/kill_driver.py (the real MainWindow over a database file) in a
subprocess. The driver accepts the offer to resume, checks that the saved notes are exactly a
prefix of what it typed before, and types on with QTest.keyClicks, printing the time and the
length of the notes after each chunk. We kill it, then read the database.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_set
from tests.ui.kill_driver import STREAM

REPO = Path(__file__).resolve().parents[2]
WORKERS = 2  # databases killed in parallel
ROUNDS = 10  # kills per database: 20 in all
KEEP_SECONDS = 1.0  # typed this long before a kill, it must have survived


def _lines(proc: subprocess.Popen) -> queue.Queue:
    """The driver's output lines, read on a thread so waiting never hangs the test."""
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line.split())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _saved(db: Path) -> tuple[str, float, str]:
    with sqlite3.connect(db) as conn:  # plain sqlite3: reads the WAL exactly as the app left it
        notes = conn.execute("SELECT notes FROM annotations WHERE position = 0").fetchone()[0]
        elapsed, status = conn.execute("SELECT elapsed_seconds, status FROM interviews").fetchone()
    return notes, elapsed, status


def _next(lines: queue.Queue, timeout: float = 30) -> list[str] | None:
    return lines.get(timeout=timeout)


def _kill_rounds(db: Path, seed: int) -> list[str]:
    """Run ROUNDS kills on one database; returns the problems found (empty when all is well)."""
    rng = random.Random(seed)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "tests.ui.kill_driver", "--server"], cwd=REPO, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, bufsize=1)
    lines = _lines(server)
    problems: list[str] = []
    timings: list[float] = []
    last_elapsed = 0.0
    try:
        assert _next(lines)[:2] == ["server", "ready"]
        for round_no in range(ROUNDS):
            started = time.time()
            server.stdin.write(f"run {db}\n")
            server.stdin.flush()
            child = _next(lines)
            ready = _next(lines)
            if child[0] != "child" or not ready or ready[0] != "ready":
                problems.append(f"round {round_no}: driver said {child} {ready}")
                break
            typed: list[tuple[float, int]] = []
            kill_at = float(ready[1]) + rng.uniform(0.05, 2.0)  # a random moment mid-typing
            while time.time() < kill_at:
                line = _next(lines, 10)
                if line and line[0] == "typed":
                    typed.append((float(line[1]), int(line[2])))
            killed_at = time.time()
            timings.append(killed_at - started)
            os.kill(int(child[1]), signal.SIGKILL)
            while (line := _next(lines, 10))[0] != "exited":  # lines printed before the kill
                if line[0] == "typed":
                    typed.append((float(line[1]), int(line[2])))
            if int(line[2]) != signal.SIGKILL:
                problems.append(f"round {round_no}: the app ended by itself ({line}) before the kill")
            notes, elapsed, status = _saved(db)
            must_have = max([n for t, n in typed if t <= killed_at - KEEP_SECONDS], default=0)
            if not STREAM.startswith(notes):
                problems.append(f"round {round_no}: saved notes are not what was typed: …{notes[-30:]!r}")
            if len(notes) < must_have:
                problems.append(f"round {round_no}: lost typing: {len(notes)} characters saved, "
                                f"{must_have} were typed more than {KEEP_SECONDS}s before the kill")
            if status != "in_progress" or elapsed < last_elapsed:
                problems.append(f"round {round_no}: status {status}, clock went from {last_elapsed} to {elapsed}")
            last_elapsed = elapsed
    finally:
        server.stdin.close()
        server.kill()
        server.wait()
    print("round seconds", [round(t, 1) for t in timings])
    return problems


@pytest.fixture
def interrupted_db(db_path) -> Path:
    """The bundled bank plus Rita's interview in progress (the driver, as Rita, resumes it)."""
    save_preferences(Preferences(interviewer_name="Rita"))  # the driver shares this user folder
    store = Store(str(db_path))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        iv.begin_interview(s, interview.id)
    store.dispose()
    return db_path


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_at_random_moments_loses_nothing_older_than_a_second(interrupted_db, tmp_path):
    dbs = []
    for worker in range(WORKERS):
        copy = tmp_path / f"worker{worker}.db"
        shutil.copy(interrupted_db, copy)
        dbs.append(copy)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(_kill_rounds, dbs, range(WORKERS)))
    assert [p for problems in results for p in problems] == []
    for db in dbs:  # and the typing really happened across all those kills
        notes, elapsed, _ = _saved(db)
        assert len(notes) > 200 and elapsed > 0
