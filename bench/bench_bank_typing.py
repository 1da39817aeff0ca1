"""How long from a key typed in the Bank's search box to its results in the table? Prints figures.

    QT_QPA_PLATFORM=offscreen /work/main/.venv/bin/python bench/bench_bank_typing.py --db FILE [--rounds R]

FILE is a bank made by bench/bench_search.py (`--keep FILE`: 100,000 questions). The real Bank
view runs offscreen; each phrase of bench_search.TYPED is typed a key at a time with QTest, and
each key waits for its results before the next (the time a person sees). Figures (`name value`):

- key_to_results_ms_*: p50/p95/worst from the key press to the model holding that text's rows
  (the search on a worker, the rows into the model, the count line, the selection);
- floor_search_page_ms_*: `search_page` alone for the same texts on this thread, what the worker
  spends of it (issue #20 asks for a median of 60 ms at most).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_search import TYPED, report  # noqa: E402
from desktop.core.bank.search import SearchQuery, search_page  # noqa: E402
from desktop.core.bank.search.ranked_index import build_store_index  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402
from desktop.ui.bank_view import RESULT_PAGE, BankView  # noqa: E402


def settle(app: QApplication, view: BankView, timeout: float = 30.0) -> None:
    """Wait in the event loop (not spinning: that would hold the GIL from the search's worker)
    until the view shows the results of its newest search."""
    deadline = time.perf_counter() + timeout
    while view.is_searching() or view.searches_running:
        loop = QEventLoop()
        view.results_shown.connect(loop.quit)
        QTimer.singleShot(50, loop.quit)  # look again now and then (a search may end without results_shown)
        loop.exec()
        view.results_shown.disconnect(loop.quit)
        if time.perf_counter() > deadline:
            raise SystemExit("the Bank did not show results in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a bank file (bench_search.py --keep FILE)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    store = Store(args.db)
    started = time.perf_counter()
    build_store_index(store)  # as the app does at start when the index is stale
    print(f"index_ready_s {time.perf_counter() - started:.1f}")
    view = BankView(store)
    view.resize(1200, 800)
    view.show()
    view.refresh()
    settle(app, view)

    timings, texts = [], []
    for _ in range(args.rounds):
        for phrase in TYPED:
            view.search_edit.clear()
            settle(app, view)
            for ch in phrase:
                started = time.perf_counter()
                QTest.keyClick(view.search_edit, ch)
                settle(app, view)
                if view.search_edit.text().strip():
                    timings.append((time.perf_counter() - started) * 1000)
                    texts.append(view.search_edit.text())
    report("key_to_results", timings)
    floor = []
    with store.session() as s:
        for typed in texts:
            started = time.perf_counter()
            search_page(s, SearchQuery(typed, limit=RESULT_PAGE))
            floor.append((time.perf_counter() - started) * 1000)
    report("floor_search_page", floor)
    print("keys", len(timings))
    print("count_line", repr(view.count_label.text()))
    view.close()
    store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
