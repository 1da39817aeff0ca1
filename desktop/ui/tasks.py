"""One runner for work off the GUI thread, after Anki's QueryOp and CollectionOp.

    QueryOp(store, no_progress(run_search), query).success(self._show).failure(self._failed).run()
    ChangeOp(store, no_progress(import_paths), files, changes={"bank"}, parent=self) \\
        .with_progress("Importing questions…", cancellable=False).success(self._imported).run()

An operation is a plain function `op(store, progress, *args)`: it runs on a worker thread, opens
its own session, may call `progress.report(done, total, text)` and check `progress.cancelled`
(desktop/core/progress.py), and returns plain data. Back on the GUI thread, `success(result)`
or `failure(exc)` runs with the real exception object; without a failure callback the one
failure handler here (`show_failure`) tells the user in plain words. Widgets never reach a
worker: an op that is a widget's method, or whose closure or arguments hold a Qt object, is
refused before it starts.

After a ChangeOp succeeds, one app-wide `changed` event says what changed ({"bank"},
{"interviews"}, ...); views subscribe with `on_changes(self, {"bank"}, self.refresh)` and
redraw themselves, so nobody wires one view's refresh to another's actions.
"""

from __future__ import annotations

import functools
import itertools
import logging
import queue
import threading
import types
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop import APP_NAME
from desktop.core.failures import explain
from desktop.core.progress import Cancelled, Progress

log = logging.getLogger(__name__)

CHANGE_KINDS = frozenset({"bank", "sets", "interviews", "candidates"})
PROGRESS_DIALOG_DELAY_MS = 300  # quicker operations never flash a dialog

Op = Callable[..., Any]  # op(store, progress, *args) -> result


@dataclass(frozen=True)
class ProgressReport:
    task: int
    done: int
    total: int  # 0: unknown
    text: str

    def line(self) -> str:
        counted = f" ({self.done} of {self.total})" if self.total else ""
        return f"{self.text}{counted}" if self.text else counted.strip(" ()")


class TaskEvents(QObject):
    """The one long-lived object on the GUI thread that workers report to.

    Workers never own Qt objects: a task is a plain callable handed to the pool, so no
    per-task QRunnable or signal object can be freed by the GUI thread while a worker is still
    inside it. Reports go on a thread-safe queue; an argument-less signal wakes the GUI thread,
    which delivers them in order (only the newest progress of a task, if several piled up)."""

    wake = Signal()
    progressed = Signal(object)  # ProgressReport, on the GUI thread
    finished = Signal(int)  # a task's number, just before its callbacks run
    changed = Signal(object)  # frozenset of CHANGE_KINDS, after a change succeeded

    def __init__(self) -> None:
        super().__init__()
        self.running: dict[int, Running] = {}
        self._inbox: queue.SimpleQueue[tuple[str, int, Any]] = queue.SimpleQueue()
        self._pending: deque[tuple[str, int, Any]] = deque()  # taken from the inbox, not yet delivered
        self._newer_progress: Counter[int] = Counter()
        self._wake_lock = threading.Lock()
        self._woken = False
        # Queued even from the GUI thread: a delivery never runs inside another's callback.
        self.wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, kind: str, number: int, value: Any) -> None:
        """From any thread: "progress", "done" or "failed" for task `number`."""
        self._inbox.put((kind, number, value))
        with self._wake_lock:  # one wake-up in flight is enough, however often workers report
            if self._woken:
                return
            self._woken = True
        try:
            self.wake.emit()
        except RuntimeError:  # the app has quit and its objects are gone: nobody to tell
            pass

    def finish_on_quit(self) -> None:
        """Quitting: ask every running task to stop, then wait for the workers (a few seconds
        at most), so none is still inside Qt or the database while the app is torn down."""
        for task in list(self.running.values()):
            task.progress.cancel()
        QThreadPool.globalInstance().waitForDone(QUIT_WAIT_MS)

    @Slot()
    def _deliver(self) -> None:
        with self._wake_lock:
            self._woken = False
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            self._pending.append(item)
            if item[0] == "progress":
                self._newer_progress[item[1]] += 1
        try:
            # Re-entrant: a callback may open a modal dialog whose event loop delivers more.
            while self._pending:
                kind, number, value = self._pending.popleft()
                task = self.running.get(number)
                if kind == "progress":
                    self._newer_progress[number] -= 1
                    if self._newer_progress[number] == 0:  # the newest report: show it
                        del self._newer_progress[number]
                        if task is not None:
                            task._progressed(value)
                elif task is not None:
                    del self.running[number]
                    task._finish(kind == "done", value)
        finally:
            if self._pending:  # a callback raised: deliver the rest on the next turn
                self.wake.emit()


_events: TaskEvents | None = None
QUIT_WAIT_MS = 5000  # the longest quitting waits for a worker to finish
_numbers = itertools.count(1)


def events() -> TaskEvents:
    """The app-wide task events (progressed, finished, changed); create on the GUI thread."""
    global _events
    if _events is None:
        app = QCoreApplication.instance()
        _events = TaskEvents()
        _events.moveToThread(app.thread())
        app.aboutToQuit.connect(_events.finish_on_quit)
    return _events


# -- refusing widgets on a worker ---------------------------------------------------------------
def _qt_object_in(value: Any, seen: set[int], depth: int = 0) -> QObject | None:
    """A Qt object reachable from value through what an op carries: its bound self, a partial's
    arguments, a function's closure and defaults, and containers of those."""
    if isinstance(value, QObject):
        return value
    if depth > 4 or id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, types.MethodType):
        inner: Iterable[Any] = (value.__self__, value.__func__)
    elif isinstance(value, functools.partial):
        inner = (value.func, *value.args, *value.keywords.values())
    elif isinstance(value, types.FunctionType):
        cells = []
        for cell in value.__closure__ or ():
            try:
                cells.append(cell.cell_contents)
            except ValueError:  # a cell not filled yet
                pass
        inner = (*cells, *(value.__defaults__ or ()), *(value.__kwdefaults__ or {}).values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        inner = value
    elif isinstance(value, dict):
        inner = value.values()
    else:
        return None
    for item in inner:
        if (found := _qt_object_in(item, seen, depth + 1)) is not None:
            return found
    return None


def refuse_qt_objects(store: Any, op: Op, args: tuple) -> None:
    """TypeError if a widget (any QObject) would reach the worker: Qt objects belong to the
    GUI thread, and touching or freeing one from a worker crashes the app."""
    carried = (("the store", store), ("the operation", op), *((f"argument {i + 1}", a) for i, a in enumerate(args)))
    for where, value in carried:
        found = _qt_object_in(value, set())
        if found is not None:
            raise TypeError(
                f"{where} reaches a {type(found).__name__}, a Qt object, and would take it to a worker "
                "thread; give the operation plain values (ids, paths, requests) and the store instead")


def no_progress(fn: Callable[..., Any]) -> Op:
    """An op from a core function `fn(store, *args)` that reports no progress."""
    def op(store, _progress, *args):
        return fn(store, *args)
    op.__name__ = op.__qualname__ = getattr(fn, "__name__", "op")
    return op


# -- failures in plain words --------------------------------------------------------------------
def plain_message(exc: BaseException) -> str:
    """One line for a person: never a traceback or SQL."""
    return explain(exc).message


def show_failure(parent: QWidget | None, title: str, exc: BaseException, lead: str = "") -> None:
    """The one way a failed operation is shown to the user. A cancel is not a failure: nothing
    to say. `lead` says what did not happen ("Nothing was imported.")."""
    if isinstance(exc, Cancelled):
        return
    explained = explain(exc)
    text = f"{lead} {explained.message}".strip()
    if explained.details:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setDetailedText(explained.details)
        box.exec()
    else:
        QMessageBox.warning(parent, title, text)


# -- changes ------------------------------------------------------------------------------------
def _kinds(changes: Iterable[str]) -> frozenset[str]:
    kinds = frozenset(changes)
    if not kinds or kinds - CHANGE_KINDS:
        raise ValueError(f"changes must be some of {sorted(CHANGE_KINDS)}, not {sorted(kinds)}")
    return kinds


def announce_changes(changes: Iterable[str]) -> None:
    """Tell every subscribed view what changed (GUI thread). ChangeOp does this itself; call it
    for a change made on the GUI thread (e.g. a submitted interview)."""
    events().changed.emit(_kinds(changes))


class _ChangeListener(QObject):
    """Lives as a child of the subscriber, so the subscription ends when the view is deleted."""

    def __init__(self, receiver: QObject, kinds: frozenset[str], callback: Callable[[], Any]):
        super().__init__(receiver)
        self.kinds = kinds
        # A view's own method is held weakly: the view must not keep itself alive through its child.
        self.callback = weakref.WeakMethod(callback) if isinstance(callback, types.MethodType) else lambda: callback
        events().changed.connect(self._heard)

    @Slot(object)
    def _heard(self, changes: frozenset[str]) -> None:
        callback = self.callback()
        if changes & self.kinds and callback is not None:
            callback()


def on_changes(receiver: QObject, kinds: Iterable[str], callback: Callable[[], Any]) -> QObject:
    """Call `callback()` whenever a change touches one of `kinds`, while `receiver` lives."""
    return _ChangeListener(receiver, _kinds(kinds), callback)


# -- operations ---------------------------------------------------------------------------------
class Running:
    """A started operation, on the GUI thread: cancel it, or see whether it is done."""

    def __init__(self, hub: TaskEvents, number: int, name: str, changes: frozenset[str], success, failure,
                 parent: QWidget | None, dialog: QProgressDialog | None):
        self.number, self.name, self.changes = number, name, changes
        # Called on the worker: it posts plain data, it never touches this object or a widget.
        self.progress = Progress(lambda done, total, text: hub.post(
            "progress", number, ProgressReport(number, done, total, text)))
        self.done = False
        self._success, self._failure, self._parent, self._dialog = success, failure, parent, dialog
        if dialog is not None:
            dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        """Ask the operation to stop; it does at its next look at `progress.cancelled` (one that
        never looks just finishes, and succeeds)."""
        if not self.done:
            self.progress.cancel()

    def _progressed(self, report: ProgressReport) -> None:
        if self._dialog is not None:
            if report.total > 0:
                self._dialog.setMaximum(report.total)
                self._dialog.setValue(min(report.done, report.total))
            if report.text:
                self._dialog.setLabelText(report.text)
        events().progressed.emit(report)

    def _finish(self, ok: bool, value: Any) -> None:
        self.done = True
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        events().finished.emit(self.number)
        if ok:
            if self.changes:
                announce_changes(self.changes)  # views are up to date before success runs
            if self._success is not None:
                self._success(value)
            return
        if not isinstance(value, Cancelled) and not explain(value).expected:
            log.error("%s failed", self.name, exc_info=value)  # the user sees one plain line
        if self._failure is not None:
            self._failure(value)
        else:
            show_failure(self._parent, APP_NAME, value)


class QueryOp:
    """Read-only work: `op(store, progress, *args)` on a worker, its result on the GUI thread.
    `parent` only places the progress dialog and the default error message."""

    def __init__(self, store: Any, op: Op, *args: Any, parent: QWidget | None = None):
        refuse_qt_objects(store, op, args)
        self.store, self.op, self.args, self.parent = store, op, args, parent
        self.changes: frozenset[str] = frozenset()
        self._success: Callable[[Any], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._progress: tuple[str, str, bool] | None = None

    def success(self, callback: Callable[[Any], Any]) -> QueryOp:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> QueryOp:
        """Replaces the default (a message box in plain words) with `callback(exc)`."""
        self._failure = callback
        return self

    def with_progress(self, label: str, title: str = "", cancellable: bool = True) -> QueryOp:
        """A progress dialog (with Cancel, unless the op cannot stop) if it takes a while."""
        self._progress = (label, title, cancellable)
        return self

    def run(self) -> Running:
        hub = events()
        number = next(_numbers)
        name = getattr(self.op, "__qualname__", type(self.op).__name__)
        task = Running(hub, number, name, self.changes, self._success, self._failure, self.parent,
                       self._progress_dialog())
        hub.running[number] = task
        op, store, args, progress = self.op, self.store, self.args, task.progress

        def work() -> None:  # holds no Qt object and no GUI callback: see TaskEvents
            if progress.cancelled:
                hub.post("failed", number, Cancelled())
                return
            try:
                result = op(store, progress, *args)
            except Exception as exc:  # delivered to the GUI thread, never swallowed
                hub.post("failed", number, exc)
            else:
                hub.post("done", number, result)

        QThreadPool.globalInstance().start(work)
        return task

    def _progress_dialog(self) -> QProgressDialog | None:
        if self._progress is None:
            return None
        label, title, cancellable = self._progress
        dialog = QProgressDialog(label, "Cancel", 0, 0, self.parent)
        dialog.setWindowTitle(title or APP_NAME)
        dialog.setAccessibleName(title or label)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(PROGRESS_DIALOG_DELAY_MS)
        return dialog


class ChangeOp(QueryOp):
    """Work that changes data: like QueryOp, and on success every view subscribed to one of
    `changes` hears of it (before the success callback runs). A failure announces nothing: the
    core's changes are transactions, all or nothing."""

    def __init__(self, store: Any, op: Op, *args: Any, changes: Iterable[str], parent: QWidget | None = None):
        super().__init__(store, op, *args, parent=parent)
        self.changes = _kinds(changes)
