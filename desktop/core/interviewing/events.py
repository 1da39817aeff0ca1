"""A tiny change-event emitter for plain-Python models (napari's evented models, without Qt).

    events = Events()
    events.connect("question", lambda position: ...)
    events.emit("question", position=2)

Callbacks run at once, in the order they were connected; the view that connects them draws.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable


class Events:
    def __init__(self) -> None:
        self._callbacks: dict[str, list[Callable[..., Any]]] = defaultdict(list)

    def connect(self, name: str, callback: Callable[..., Any]) -> None:
        self._callbacks[name].append(callback)

    def disconnect_all(self) -> None:
        self._callbacks.clear()

    def emit(self, name: str, **payload: Any) -> None:
        for callback in list(self._callbacks.get(name, ())):
            callback(**payload)
