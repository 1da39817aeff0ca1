"""How a long core function tells the person waiting how far it got, and hears that they gave up.

    def import_many(store, progress: Progress, paths):
        for done, path in enumerate(paths):
            progress.check_cancelled()          # raises Cancelled: the caller rolls back
            progress.report(done, len(paths), f"Reading {path}")
            ...

Plain Python, no Qt: the app's task runner passes one in and relays each report to the GUI
thread; the command line and the tests pass `Progress()`, which reports to nobody.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Listener = Callable[[int, int, str], None]  # (done, total, text); total 0 = unknown


class Cancelled(Exception):
    """The person asked to stop; the operation stopped before it finished."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)


class Progress:
    """Passed to an operation; `report` may be called from any thread, as often as it likes."""

    def __init__(self, listener: Listener | None = None):
        self._listener = listener
        self._cancelled = threading.Event()  # set from the GUI thread, read on the worker

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        if self._listener is not None:
            self._listener(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check_cancelled(self) -> None:
        """Stop here (by raising Cancelled) if the person asked to stop."""
        if self.cancelled:
            raise Cancelled()
