"""The plain-Python half of autosaving a live interview.

The view records every change in a `PendingChanges` as it happens (cheap, in memory) and a
debounce timer writes them with `save_pending` in one small transaction. `next_save_delay`
decides when: shortly after the last change, but never later than `max_wait` after the first
unsaved one, so a steady typist is never more than about half a second unsaved.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from sqlalchemy.orm import Session

from desktop.core import interviewing
from desktop.core.interviewing.lease import require_lease
from desktop.core.storage.store import Store

DEBOUNCE_SECONDS = 0.25
MAX_WAIT_SECONDS = 0.45


def next_save_delay(now: float, first_unsaved: float, *, debounce: float = DEBOUNCE_SECONDS,
                    max_wait: float = MAX_WAIT_SECONDS) -> float:
    """Seconds from `now` until the pending changes must be written."""
    return max(0.0, min(debounce, first_unsaved + max_wait - now))


@dataclass
class PendingChanges:
    """Changes not yet written, merged per question (the last value of each field wins)."""

    interview_id: int
    annotations: dict[int, dict[str, Any]] = field(default_factory=dict)
    progress: dict[str, Any] = field(default_factory=dict)

    def annotation(self, position: int, **fields: Any) -> None:
        self.annotations.setdefault(position, {}).update(fields)

    def set_progress(self, **fields: Any) -> None:
        self.progress.update(fields)

    def __bool__(self) -> bool:
        return bool(self.annotations or self.progress)

    def take(self) -> PendingChanges:
        """Hand the changes over for writing and start empty again."""
        taken = PendingChanges(self.interview_id, self.annotations, self.progress)
        self.annotations, self.progress = {}, {}
        return taken

    def merge_back(self, taken: PendingChanges) -> None:
        """A write failed: keep its changes, under anything typed since (which is newer)."""
        for position, fields in taken.annotations.items():
            self.annotations[position] = {**fields, **self.annotations.get(position, {})}
        self.progress = {**taken.progress, **self.progress}


LIVE_BUSY_TIMEOUT_MS = 10  # the live view never waits longer for a lock: typing goes on (a key < 50 ms), the journal keeps it


@contextmanager
def live_write(store: Store, busy_timeout_ms: int | None = None) -> Iterator[Session]:
    """A transaction that, on SQLite, waits at most `busy_timeout_ms` for another writer's lock
    instead of the store's 5 s (the live view's writes: it retries on its timer instead)."""
    with store.transaction() as session:
        raw = None
        if busy_timeout_ms is not None and store.is_sqlite:
            raw = session.connection().connection.driver_connection
            usual = raw.execute("PRAGMA busy_timeout").fetchone()[0]
            raw.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        try:
            yield session
            session.flush()  # the writes run here, under the short timeout
        finally:
            if raw is not None:  # the pooled connection goes back with the store's own timeout
                raw.execute(f"PRAGMA busy_timeout={int(usual)}")


def save_pending(store: Store, pending: PendingChanges, *, busy_timeout_ms: int | None = None,
                 lease_token: str | None = None, versions: dict[int, int] | None = None) -> dict[int, int]:
    """Write the changes in one transaction: a few small UPDATEs. All or nothing.

    busy_timeout_ms: see `live_write` (the live view passes LIVE_BUSY_TIMEOUT_MS).
    lease_token: the live window's lease; the changes are written only while it holds it
    (else `LeaseLostError`, and nothing is written).
    versions: position -> the annotation version the writer saw; a question changed elsewhere
    since raises `AnnotationConflictError` (nothing is written). Returns the new versions."""
    written: dict[int, int] = {}
    with live_write(store, busy_timeout_ms) as session:
        if lease_token is not None:
            require_lease(session, pending.interview_id, lease_token)
        for position, fields in sorted(pending.annotations.items()):
            seen = None if versions is None else versions.get(position)
            new = interviewing.update_annotation(session, pending.interview_id, position, **fields,
                                                 seen_version=seen)
            if new is not None:
                written[position] = new
        if pending.progress:
            interviewing.update_progress(session, pending.interview_id, **pending.progress)
    return written
