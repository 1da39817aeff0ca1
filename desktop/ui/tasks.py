"""Run slow work (export, import, big builds) off the GUI thread and hear back by signal.

    run_task(export_packet, store, set_id, path,
             on_done=self._exported, on_error=self._show_error)

The work function gets plain arguments and must not touch widgets; it opens its own database
session. `on_done` and `on_error` run on the GUI thread.
"""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal, Slot


class _Dispatcher(QObject):
    """One long-lived object on the GUI thread that workers report to.

    Workers never own Qt objects: a task is a plain callable handed to the pool, so no
    per-task QRunnable or signal object can be freed by the GUI thread while a worker is still
    inside it. The outcome goes on a thread-safe queue; an argument-less signal wakes the GUI
    thread to deliver it in order."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self.outcomes: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
        self.wake.connect(self._deliver)

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                number, ok, value = self.outcomes.get_nowait()
            except queue.Empty:
                return
            on_done, on_error = self.callbacks.pop(number, (None, None))
            callback = on_done if ok else on_error
            if callback is not None:
                callback(value)


_dispatcher: _Dispatcher | None = None
_numbers = itertools.count(1)
_lock = threading.Lock()


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
        _dispatcher.moveToThread(QCoreApplication.instance().thread())
    return _dispatcher


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> int:
    """Start fn(*args, **kwargs) on the thread pool; returns the task's number."""
    dispatcher = _get_dispatcher()
    with _lock:
        number = next(_numbers)
    dispatcher.callbacks[number] = (on_done, on_error)

    def work() -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # reported to the GUI thread, never swallowed
            traceback.print_exc()
            dispatcher.outcomes.put((number, False, f"{exc}" or type(exc).__name__))
        else:
            dispatcher.outcomes.put((number, True, result))
        dispatcher.wake.emit()

    QThreadPool.globalInstance().start(work)
    return number
