"""Python's cyclic garbage collector runs in whichever thread crosses its allocation threshold.
On a worker thread (a search, a build, an export) it can destroy widgets caught in reference
cycles from the wrong thread, and Qt crashes. So the collector runs on the GUI thread only,
from a timer, with the same thresholds it would use on its own."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
_NAME = "gui_thread_gc"


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.setObjectName(_NAME)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold, as gc would."""
        due = [g for g, (count, limit) in enumerate(zip(gc.get_count(), self.thresholds)) if limit and count > limit]
        if due:
            gc.collect(max(due))


def install(app: QCoreApplication) -> GuiThreadGarbageCollector:
    """Once per application; later calls return the one already running."""
    existing = app.findChild(GuiThreadGarbageCollector, _NAME)
    return existing if existing is not None else GuiThreadGarbageCollector(app)
