"""The garbage collector never runs on a worker thread: there it could destroy widgets caught
in reference cycles from the wrong thread, and Qt would crash mid-interview."""

from __future__ import annotations

import gc
import threading

from desktop.ui import gui_thread_gc
from desktop.ui.tasks import QueryOp


def make_cyclic_garbage(count: int) -> int:
    for _ in range(count):
        a: list = []
        a.append(a)  # a cycle: only the collector can free it
    return count


def test_collections_happen_on_the_gui_thread_only(qtbot, qapp):
    gui_thread_gc.install(qapp)
    assert not gc.isenabled()
    threads: list[str] = []

    def record(phase, _info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(record)
    try:
        done = []
        # Far past gen-0's threshold of allocations, on a worker.
        QueryOp(None, lambda _store, _progress, n: make_cyclic_garbage(n), 200_000).success(done.append).run()
        qtbot.waitUntil(lambda: done == [200_000], timeout=10_000)
        qtbot.waitUntil(lambda: bool(threads), timeout=5_000)  # the GUI thread's timer collects
    finally:
        gc.callbacks.remove(record)
    assert set(threads) == {threading.main_thread().name}


def test_installing_twice_keeps_one_collector(qapp):
    assert gui_thread_gc.install(qapp) is gui_thread_gc.install(qapp)
