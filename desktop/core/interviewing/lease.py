"""One live window per interview: a lease on the interview (a row of `interview_leases`).

The window that opens an interview live takes its lease (a random token for the window, the
person's name, the machine, the process) and renews it with a heartbeat every
HEARTBEAT_SECONDS; it lets go when it closes, sets the interview aside or submits. Another
window, in this process or another, on this machine or another (PostgreSQL), finds the lease
held and opens the interview read-only. A lease whose heartbeat is older than STALE_SECONDS
may be taken over (the person asks for it); one held by a process of this machine that no
longer runs (a crash, a kill) is free at once. Autosave writes only while the window holds the
lease (`require_lease`), so a window whose lease was taken over stops writing.

Every function takes `now` (naive UTC, as the models store it): the caller's clock.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.core.interviewing.fields import InterviewError
from desktop.core.interviewing.lifecycle import take_interview_row
from desktop.core.storage.models import Interview, InterviewLease

HEARTBEAT_SECONDS = 10
STALE_SECONDS = 30


class LeaseLostError(InterviewError):
    """This window no longer holds the interview's lease: another one took it over."""


@dataclass(frozen=True)
class Claimant:
    """A window that wants (or has) a lease."""

    token: str
    owner: str
    host: str
    pid: int

    @classmethod
    def here(cls, owner: str, token: str | None = None) -> Claimant:
        """This process on this machine; a window keeps one `token` for all it opens."""
        return cls(token or new_token(), " ".join((owner or "").split()) or "someone", socket.gethostname(),
                   os.getpid())


def new_token() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Holder:
    """Who has an interview open live, as the row says."""

    token: str
    owner: str
    host: str
    pid: int
    since: datetime
    heartbeat_at: datetime

    def silent_for(self, now: datetime) -> float:
        return (now - self.heartbeat_at).total_seconds()

    def is_stale(self, now: datetime) -> bool:
        return self.silent_for(now) >= STALE_SECONDS

    def describe(self, now: datetime) -> str:
        """"Rita has it open on laptop-7 since 11:52 (last heard from 5 s ago)"."""
        return (f"{self.owner} has it open on {self.host} since {_local_time(self.since)} "
                f"(last heard from {_ago(self.silent_for(now))})")


@dataclass(frozen=True)
class LeaseState:
    """What trying to hold (or renewing) a lease found."""

    mine: bool
    holder: Holder | None = None  # the other window that has it (None: mine, or nobody's)
    stale: bool = False  # the other window has been silent long enough to take it over

    @property
    def can_take_over(self) -> bool:
        return not self.mine and (self.holder is None or self.stale)


def holder(session: Session, interview_id: int) -> Holder | None:
    row = session.get(InterviewLease, interview_id, populate_existing=True)
    if row is None:
        return None
    return Holder(row.token, row.owner, row.host, row.pid, row.since, row.heartbeat_at)


def process_alive(pid: int) -> bool:
    """Does a process with this id run on this machine? (Unsure: yes.)"""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _gone(h: Holder, me: Claimant, alive=process_alive) -> bool:
    """A holder on this machine whose process ended: it will never renew or release."""
    return h.host == me.host and h.pid != me.pid and not alive(h.pid)


def acquire(session: Session, interview_id: int, me: Claimant, now: datetime, *, take_over: bool = False,
            alive=process_alive) -> LeaseState:
    """Take the lease if it is free, already mine, left by a process that ended, or (with
    `take_over`) stale. Two windows racing for it: the interview row is taken first (SQLite's
    write lock, PostgreSQL's row lock), so exactly one of them wins."""
    if session.get(Interview, interview_id) is None:
        raise InterviewError(f"no interview with id {interview_id}")
    take_interview_row(session, interview_id)
    current = holder(session, interview_id)
    if current is None:
        session.add(InterviewLease(interview_id=interview_id, token=me.token, owner=me.owner, host=me.host,
                                   pid=me.pid, since=now, heartbeat_at=now))
        session.flush()
        return LeaseState(True)
    if current.token != me.token and not _gone(current, me, alive):
        stale = current.is_stale(now)
        if not (take_over and stale):
            return LeaseState(False, current, stale)
    since = current.since if current.token == me.token else now
    result = session.execute(
        update(InterviewLease)
        .where(InterviewLease.interview_id == interview_id, InterviewLease.token == current.token)
        .values(token=me.token, owner=me.owner, host=me.host, pid=me.pid, since=since, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # changed since it was read
        newer = holder(session, interview_id)
        return LeaseState(False, newer, newer is not None and newer.is_stale(now))
    return LeaseState(True)


def heartbeat(session: Session, interview_id: int, me: Claimant, now: datetime) -> LeaseState:
    """Renew my lease; `mine` False when another window took it over (`holder` says who)."""
    result = session.execute(
        update(InterviewLease)
        .where(InterviewLease.interview_id == interview_id, InterviewLease.token == me.token)
        .values(heartbeat_at=now).execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        return LeaseState(True)
    current = holder(session, interview_id)
    return LeaseState(False, current, current is not None and current.is_stale(now))


def look(session: Session, interview_id: int, me: Claimant, now: datetime, alive=process_alive) -> LeaseState:
    """The lease as a read-only window sees it (for its banner), without taking it."""
    current = holder(session, interview_id)
    if current is not None and current.token == me.token:
        return LeaseState(True)
    if current is None or _gone(current, me, alive):
        return LeaseState(False, None)
    return LeaseState(False, current, current.is_stale(now))


def release(session: Session, interview_id: int, me: Claimant) -> None:
    """Let go of my lease (someone else's, taken over meanwhile, is left alone)."""
    session.execute(
        delete(InterviewLease)
        .where(InterviewLease.interview_id == interview_id, InterviewLease.token == me.token)
        .execution_options(synchronize_session=False)
    )


def require_lease(session: Session, interview_id: int, token: str) -> None:
    """Raise LeaseLostError unless the window with `token` holds the lease. On PostgreSQL the
    lease row is share-locked, so a take-over waits for this write to finish (never lands inside it)."""
    query = select(InterviewLease.token).where(InterviewLease.interview_id == interview_id)
    if session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update(read=True)
    if session.scalar(query) != token:
        raise LeaseLostError(f"interview {interview_id} is open in another window now")


def _local_time(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc).astimezone().strftime("%H:%M")


def _ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 5400:
        return f"{round(seconds / 60)} min ago"
    return f"{round(seconds / 3600)} h ago"
