"""How long does an autosave write take, and does typing ever wait on it? Prints figures.

    /tmp/venv/bin/python bench/bench_autosave.py [--saves N]

A temporary SQLite file (WAL, synchronous=NORMAL, through the app's migrations) with the bundled
bank and one interview in progress. Figures (`name value`):

- autosave_write_p50_ms / _p95_ms / _max_ms: one autosave as the view does it (the notes of one
  question, its seconds and the interview clock, one transaction), notes growing to ~6,000
  characters as in a long answer;
- keystroke_p50_ms / _p95_ms / _max_ms: one key typed into the live view's notes box with
  QTest.keyClick (offscreen), which includes the bookkeeping each keystroke triggers;
- keystroke_to_disk_p50/p99/max_ms: for single keystrokes after a pause, the time until the
  text is in the database (debounce + the fsync-ed journal line + the write), measured with a
  second, plain sqlite3 connection; nothing is durable earlier than the journal line;
- locked_typing_p50/p99/max_ms: while another connection holds the write lock (BEGIN
  IMMEDIATE), one key plus the events after it (the autosave retries each second and gives up
  after LIVE_BUSY_TIMEOUT_MS, 10 ms); locked_label says what the person sees; unlocked_to_disk_ms: from releasing
  the lock until everything typed is in the database.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="bench-autosave-")
os.environ["INTERVIEW_DESK_HOME"] = _HOME
os.environ["XDG_CONFIG_HOME"] = _HOME
# The live view opens only your own interview: the bench is its interviewer, "Bench".
Path(_HOME, "preferences.json").write_text('{"interviewer_name": "Bench"}', encoding="utf-8")

from desktop.core import interviewing as iv  # noqa: E402
from desktop.core.interviewing.autosave import DEBOUNCE_SECONDS, MAX_WAIT_SECONDS, PendingChanges, save_pending  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.interviewing.candidates import create_candidate  # noqa: E402
from desktop.core.storage.models import InterviewSet, SetItem  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

QUESTIONS = ["img-001", "gai-010", "gqa-050", "gai-015", "img-030", "gqa-100", "gai-002", "img-012"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name: str, values: list[float]) -> None:
    print(f"{name}_p50_ms {statistics.median(values):.3f}")
    print(f"{name}_p95_ms {percentile(values, 95):.3f}")
    print(f"{name}_max_ms {max(values):.3f}")


def setup(path: Path) -> tuple[Store, int]:
    store = Store(str(path))
    sync_bundled_bank(store)
    with store.transaction() as s:
        interview_set = InterviewSet(name="bench", items=[SetItem(question_id=q, position=i)
                                                          for i, q in enumerate(QUESTIONS)])
        s.add(interview_set)
        s.flush()
        candidate = create_candidate(s, name="Bench Candidate")
        interview = iv.create_interview(s, set_id=interview_set.id, candidate_id=candidate.id, interviewer="Bench")
        iv.begin_interview(s, interview.id)
        return store, interview.id


def bench_writes(store: Store, interview_id: int, saves: int) -> None:
    times, notes = [], ""
    for i in range(saves):
        notes = (notes + f"word{i} ")[-6000:]
        pending = PendingChanges(interview_id)
        pending.annotation(i % len(QUESTIONS), notes=notes, seconds_spent=float(i))
        pending.set_progress(elapsed_seconds=float(i), current_position=i % len(QUESTIONS))
        started = time.perf_counter()
        save_pending(store, pending)
        times.append((time.perf_counter() - started) * 1000)
    report("autosave_write", times)


def bench_view(store: Store, interview_id: int, db: Path, keys: int) -> None:
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.ui.interview_view import InterviewView

    app = QApplication.instance() or QApplication([])
    view = InterviewView(store)
    view.resize(1050, 800)
    view.show()
    view.open_interview(interview_id)
    view.go_to(0)
    times = []
    for i in range(keys):
        started = time.perf_counter()
        QTest.keyClick(view.notes, "abcdefghij"[i % 10])
        times.append((time.perf_counter() - started) * 1000)
        app.processEvents()  # timers (autosave) run between keys, as they would while typing
    report("keystroke", times)

    reader = sqlite3.connect(db)
    waits = []
    for _ in range(40):
        QTest.keyClick(view.notes, "z")
        expected = view.notes.toPlainText()
        clock = QElapsedTimer()
        clock.start()
        while reader.execute("SELECT notes FROM annotations WHERE position = 0 AND interview_id = ?",
                             (interview_id,)).fetchone()[0] != expected:
            app.processEvents()
            time.sleep(0.001)
        waits.append(clock.nsecsElapsed() / 1e6)
    print(f"keystroke_to_disk_p50_ms {statistics.median(waits):.1f}")
    print(f"keystroke_to_disk_p99_ms {percentile(waits, 99):.1f}")
    print(f"keystroke_to_disk_max_ms {max(waits):.1f}")
    print(f"autosave_debounce_ms {DEBOUNCE_SECONDS * 1000:.0f}")
    print(f"autosave_max_wait_ms {MAX_WAIT_SECONDS * 1000:.0f}")
    bench_locked(app, view, db, interview_id, reader)


def bench_locked(app, view, db: Path, interview_id: int, reader: sqlite3.Connection) -> None:
    from PySide6.QtTest import QTest

    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another program writing
    times = []
    end = time.perf_counter() + 3.0  # three retries' worth of typing
    while time.perf_counter() < end:
        started = time.perf_counter()
        QTest.keyClick(view.notes, "q")
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)  # a fast typist: 50 keys a second
    print(f"locked_typing_p50_ms {statistics.median(times):.2f}")
    print(f"locked_typing_p99_ms {percentile(times, 99):.2f}")
    print(f"locked_typing_max_ms {max(times):.2f}")
    print(f"locked_label {view.save_label.text()!r}")
    expected = view.notes.toPlainText()
    lock.execute("ROLLBACK")
    released = time.perf_counter()
    while reader.execute("SELECT notes FROM annotations WHERE position = 0 AND interview_id = ?",
                         (interview_id,)).fetchone()[0] != expected:
        app.processEvents()
        time.sleep(0.001)
    print(f"unlocked_to_disk_ms {(time.perf_counter() - released) * 1000:.0f}")
    lock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--keys", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store, interview_id = setup(db)
        bench_writes(store, interview_id, args.saves)
        bench_view(store, interview_id, db, args.keys)
        store.dispose()


if __name__ == "__main__":
    main()
