"""Pausing Python's cycle collector around work that makes many objects and no cycles.

Reading a bank, or loading 100,000 questions into the builder's pool, makes millions of small
objects; the cycle collector would walk all of them again and again as they pile up (half the
CPU time of reading a large YAML file). Reference counting still frees them. The collector is
left as it was found: the app runs it from a timer on the GUI thread only (ui/gui_thread_gc.py).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
