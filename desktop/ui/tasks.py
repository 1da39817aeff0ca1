"""Run slow work (export, import, big builds) off the GUI thread and hear back by signal.

    run_task(export_packet, store, set_id, path,
             on_done=self._exported, on_error=self._show_error)

The work function gets plain arguments and must not touch widgets; it opens its own database
session. `on_done` and `on_error` run on the GUI thread.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Relay(QObject):
    """Lives on the GUI thread, so queued signals run the callbacks there."""

    def __init__(self, task: "Task", on_done, on_error):
        super().__init__()
        self.task, self.on_done, self.on_error = task, on_done, on_error

    @Slot(object)
    def done(self, result) -> None:
        _running.discard(self.task)
        if self.on_done:
            self.on_done(result)

    @Slot(str)
    def failed(self, message: str) -> None:
        _running.discard(self.task)
        if self.on_error:
            self.on_error(message)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # reported to the GUI thread, never swallowed
            traceback.print_exc()
            self.signals.failed.emit(f"{exc}" or type(exc).__name__)
        else:
            self.signals.done.emit(result)


_running: set[Task] = set()  # keep tasks (and their signal objects) alive until they finish


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> Task:
    task = Task(fn, *args, **kwargs)
    task.relay = _Relay(task, on_done, on_error)
    task.signals.done.connect(task.relay.done, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(task.relay.failed, Qt.ConnectionType.QueuedConnection)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task
