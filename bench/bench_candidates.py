"""How fast are the Candidates & Scorecards view and `list interviews` with many candidates?
Prints figures (`name value`); asserts nothing.

    /tmp/venv/bin/python bench/bench_candidates.py [--candidates N] [--rounds R]

The database: the demo, then N more candidates each with a 4-interview loop over the demo's
sets (3 submitted and sealed, 1 in progress), written through the interview core.
Figures: demo_ms (the whole `demo` story), entries_ms (the view's list, everything),
filter_ms (the list for a typed filter), detail_ms (one scorecard), rows_ms (`list interviews`),
view_refresh_ms (the Qt view reloading its model, offscreen).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="bench-candidates-")
os.environ["INTERVIEW_DESK_HOME"] = _HOME

from desktop.core.interviewing import candidates  # noqa: E402
from desktop.core import demo  # noqa: E402
from desktop.core import interviewing  # noqa: E402
from desktop.core.interviewing import records as scorecards  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.storage.models import Loop  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

FIRST = ["Ada", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun"]
LAST = ["Okafor", "Rossi", "Nakamura", "Silva", "Müller", "Haddad", "Kowalski", "Dubois"]


def timed(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def populate(store: Store, report: demo.DemoReport, count: int) -> None:
    with store.transaction() as s:
        for n in range(count):
            name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}"
            person = candidates.create_candidate(s, name=name, role_id=demo.ROLE)
            loop = Loop(name=f"Loop {n}", role_id=demo.ROLE, level=demo.LEVEL, candidate_id=person.id)
            s.add(loop)
            s.flush()
            for k, (stage, set_id) in enumerate(zip(demo.STAGES, report.set_ids)):
                interview = interviewing.create_interview(s, set_id=set_id, candidate_id=person.id,
                                                        interviewer=stage.interviewer, loop_id=loop.id)
                interviewing.begin_interview(s, interview.id)
                for position in range(5):
                    interviewing.update_annotation(s, interview.id, position, rating=1 + (n + position) % 4,
                                                 notes=stage.notes[position], covered=[0, 1], seconds_spent=200)
                if k < 3:
                    s.flush()
                    s.expire_all()
                    interviewing.submit_interview(s, interview.id, recommendation=stage.recommendation,
                                                summary=stage.summary)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    store = Store(str(Path(_HOME) / "bench.db"))
    sync_bundled_bank(store)
    start = time.perf_counter()
    with store.transaction() as s:
        report = demo.create_demo(s)
    print(f"demo_ms {(time.perf_counter() - start) * 1000:.1f}")
    populate(store, report, args.candidates)
    print(f"candidates {args.candidates + 2}")
    print(f"interviews {args.candidates * 4 + 5}")

    def entries(text=""):
        with store.session() as s:
            return scorecards.candidate_entries(s, viewer="Priya Raman", text=text)

    def detail():
        with store.session() as s:
            return scorecards.scorecard_detail(s, report.interview_ids[1], viewer="Priya Raman")

    def rows():
        with store.session() as s:
            return interviewing.interview_rows(s)

    print(f"entries_ms {timed(entries, args.rounds)[0]:.1f}")
    print(f"filter_ms {timed(lambda: entries('jordan'), args.rounds)[0]:.1f}")
    print(f"filter_common_ms {timed(lambda: entries('a'), args.rounds)[0]:.1f}")
    print(f"detail_ms {timed(detail, args.rounds)[0]:.1f}")
    print(f"rows_ms {timed(rows, args.rounds)[0]:.1f}")

    from PySide6.QtWidgets import QApplication

    from desktop.ui.candidates_view import CandidatesView

    app = QApplication.instance() or QApplication([])
    view = CandidatesView(store)
    view.resize(1280, 820)
    view.show()
    print(f"view_refresh_ms {timed(view.refresh, args.rounds)[0]:.1f}")
    app.processEvents()
    store.dispose()


if __name__ == "__main__":
    main()
