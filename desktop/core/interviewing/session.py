"""The live interview as a plain-Python object: where the interviewer is, what they changed, the
clocks, and when (and whether) the changes reach the database. No Qt: the Interview view
subscribes to its events and draws; its timers call `tick` and `save` when the session asks.

    session = LiveSession(store, live, journal=Journal.open(folder, live.id), clock=time.monotonic)
    session.events.connect("question", redraw_row)      # position=
    session.events.connect("save_due", restart_timer)   # seconds= (None: nothing to save)
    session.set_notes("uses LoRA")                      # pending, journalled on the next save
    session.save()                                      # journal first, then the database

Events (keyword payloads):
    question(position)  a question's rating, skip, rubric ticks or notes changed
    position(position)  the interviewer moved (len(questions) is the wrap-up)
    clock()             the clocks were paused, continued or folded in
    save_due(seconds)   the pending changes must be written in `seconds` (None: nothing pending)
    saved(problem)      a save ended: "" when everything is in the database, else why not
    lease()             who has the interview changed: read-only, taken over (`lease_message`)
    conflict(position, message)  another window changed that question since this one saw it:
                        it now shows theirs; what was typed here is kept in a set-aside journal

One window per interview: `open_live_session` takes the interview's lease (lease.py). Without
it the session is read-only and says who has it; a window whose lease was taken over stops
writing to the database and keeps what is typed in its journal, set aside (never replayed).
"""

from __future__ import annotations

import dataclasses

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import mean
from typing import Callable

from desktop.core.figures import rating_figure
from desktop.core.failures import not_saved_message
from desktop.core.interviewing import lease as leases
from desktop.core.interviewing.access import may_continue
from desktop.core.interviewing.autosave import (
    LIVE_BUSY_TIMEOUT_MS,
    PendingChanges,
    live_write,
    next_save_delay,
    save_pending,
)
from desktop.core.interviewing.events import Events
from desktop.core.interviewing.fields import RECOMMENDATION_LABELS, InterviewError
from desktop.core.interviewing.journal import Journal, replay_journals
from desktop.core.interviewing.lease import Claimant, LeaseLostError, LeaseState
from desktop.core.interviewing.lifecycle import AnnotationConflictError, begin_interview, submit_interview
from desktop.core.interviewing.live import LiveInterview, LiveQuestion, load_live_interview
from desktop.core.storage.models import utcnow

RETRY_SECONDS = 1.0  # a failed write is tried again this soon (or sooner, with the next change)


@dataclass(frozen=True)
class WrapUpStats:
    """How far the interview got: what the wrap-up page says before submitting."""

    total: int
    rated: int
    skipped: int
    mean_rating: float | None
    seconds: tuple[float, ...]  # per question, in order

    @property
    def untouched(self) -> int:
        return self.total - self.rated - self.skipped

    @property
    def mean_seconds(self) -> float | None:
        return mean(self.seconds) if self.seconds else None

    def summary(self) -> str:
        mean_text = f", mean rating {rating_figure(self.mean_rating)}" if self.mean_rating is not None else ""
        gaps = f" {self.untouched} not rated yet." if self.untouched else ""
        return f"{self.rated} of {self.total} questions rated, {self.skipped} skipped{mean_text}.{gaps}"


def wrap_up_stats(questions: list[LiveQuestion]) -> WrapUpStats:
    ratings = [q.rating for q in questions if q.rating and not q.skipped]
    return WrapUpStats(total=len(questions), rated=len(ratings), skipped=sum(q.skipped for q in questions),
                       mean_rating=mean(ratings) if ratings else None,
                       seconds=tuple(q.seconds_spent for q in questions))


def open_live_session(store, interview_id: int, claimant: Claimant | None, journal_folder: Path, *,
                      clock: Callable[[], float] = time.monotonic,
                      wall_clock: Callable[[], datetime] = utcnow, take_over: bool = False) -> LiveSession:
    """Open an interview live in a window: with its lease, begun and with a journal; without
    (another window has it), read-only. A read-only database takes no lease (nothing is saved).
    Only its interviewer opens a planned or live interview (access.may_continue: AccessDenied
    otherwise, and nothing is taken or begun)."""
    if claimant is not None:
        with store.session() as s:
            may_continue(s, interview_id, claimant.owner).require()
    state = None
    if claimant is not None and not store.read_only:
        with store.transaction() as s:
            state = leases.acquire(s, interview_id, claimant, wall_clock(), take_over=take_over)
    if state is None or state.mine:
        if not store.read_only:
            replay_journals(store, journal_folder)  # notes an earlier window could not save come first
        with store.transaction() as s:
            begin_interview(s, interview_id)
            live = load_live_interview(s, interview_id)
        journal = Journal.open(journal_folder, interview_id)
    else:
        with store.session() as s:
            live = load_live_interview(s, interview_id)
        journal = None
    return LiveSession(store, live, journal=journal, clock=clock, claimant=claimant, lease=state,
                       wall_clock=wall_clock)


class LiveSession:
    """One live interview in one window. `clock` returns seconds (monotonic) for the interview's
    clocks and the save schedule; `wall_clock` the time of day (naive UTC) for the lease. Tests
    pass fakes for both."""

    def __init__(self, store, live: LiveInterview, *, journal: Journal | None = None,
                 clock: Callable[[], float] = time.monotonic, claimant: Claimant | None = None,
                 lease: LeaseState | None = None, wall_clock: Callable[[], datetime] = utcnow):
        self.store = store
        self.live = live
        self.journal = journal
        self.clock = clock
        self.wall_clock = wall_clock
        self.claimant = claimant
        self.lease = lease  # None: no lease is kept (no claimant, or a read-only database)
        self.lost: LeaseState | None = None  # set when another window took the lease over
        self.events = Events()
        self.pending = PendingChanges(live.id)
        self.kept_on_disk = True  # every unsaved change is in the journal (False: only in memory)
        self.save_problem = ""  # why the last write failed, "" once saved
        self.save_errors = 0
        self.last_save_ms = 0.0
        self._first_unsaved: float | None = None
        self._due: float | None = None  # when the pending changes must be written
        # The clocks: seconds folded into the data, plus the run since `_since` (None: paused).
        self._elapsed_base = live.elapsed_seconds
        self._question_base = 0.0
        self._since: float | None = None if live.clock_paused or self.read_only else clock()
        self.position = -1
        self._enter(min(max(live.current_position, 0), len(live.questions)))

    # -- where the interviewer is ----------------------------------------------------------------
    @property
    def questions(self) -> list[LiveQuestion]:
        return self.live.questions

    @property
    def on_wrap_up(self) -> bool:
        return self.position == len(self.questions)

    def current_question(self) -> LiveQuestion | None:
        if 0 <= self.position < len(self.questions):
            return self.questions[self.position]
        return None

    def go_to(self, position: int) -> bool:
        """Move to a question (or past the last: the wrap-up). False when already there."""
        position = min(max(position, 0), len(self.questions))
        if position == self.position:
            return False
        self.record_time()
        self._enter(position)
        self._change_progress(current_position=position)
        self.events.emit("position", position=position)
        return True

    def next(self) -> bool:
        return self.go_to(self.position + 1)

    def previous(self) -> bool:
        return self.go_to(self.position - 1)

    def _enter(self, position: int) -> None:
        self.position = position
        question = self.current_question()
        self._question_base = question.seconds_spent if question else 0.0
        if self._since is not None:
            self._since = self.clock()

    # -- what the interviewer changes ------------------------------------------------------------
    def rate(self, rating: int | None, skipped: bool = False) -> None:
        """Rate the current question 1-4, or mark it skipped (the rating cleared)."""
        q = self.current_question()
        if q is None or self.read_only or (q.rating, q.skipped) == (rating, skipped):
            return
        q.rating, q.skipped = rating, skipped
        self._change_annotation(q, rating=rating, skipped=skipped)

    def set_covered(self, covered: list[int]) -> None:
        q = self.current_question()
        covered = sorted(set(covered))
        if q is None or self.read_only or q.covered == covered:
            return
        q.covered = covered
        self._change_annotation(q, covered=covered)

    def set_notes(self, notes: str) -> None:
        q = self.current_question()
        if q is None or self.read_only or q.notes == notes:
            return
        q.notes = notes
        self._change_annotation(q, notes=notes)

    def set_summary(self, summary: str) -> None:
        if summary != self.live.summary and not self.read_only:
            self.live.summary = summary
            self._change_progress(summary=summary)

    def set_competency_notes(self, notes: dict[str, str]) -> None:
        """The wrap-up's note per competency, all of them ({competency: text}), saved like the summary."""
        current = {f.competency: f.text for f in self.live.competency_notes}
        if self.read_only or {**current, **notes} == current:
            return
        self.live.competency_notes = [dataclasses.replace(f, text=notes.get(f.competency, f.text))
                                      for f in self.live.competency_notes]
        self._change_progress(competency_notes=dict(notes))

    def set_recommendation(self, recommendation: str) -> None:
        if recommendation not in RECOMMENDATION_LABELS:
            raise InterviewError(f"not a recommendation: {recommendation!r}")
        if recommendation != self.live.recommendation and not self.read_only:
            self.live.recommendation = recommendation
            self._change_progress(recommendation=recommendation)

    def _change_annotation(self, q: LiveQuestion, **fields) -> None:
        self.pending.annotation(q.position, **fields)
        self._schedule()
        self.events.emit("question", position=q.position)

    def _change_progress(self, **fields) -> None:
        if self.read_only:  # looking around a read-only interview changes nothing
            return
        self.pending.set_progress(**fields)
        self._schedule()

    # -- the clocks -------------------------------------------------------------------------------
    @property
    def clock_paused(self) -> bool:
        """Paused by the interviewer (a read-only window's clock stands still, but is not "paused")."""
        return self.live.clock_paused if self.read_only else self._since is None

    def elapsed_seconds(self) -> float:
        return self._elapsed_base + self._running()

    def question_seconds(self) -> float:
        return self._question_base + self._running()

    def _running(self) -> float:
        return 0.0 if self._since is None else max(0.0, self.clock() - self._since)

    def question_over_time(self) -> bool:
        q = self.current_question()
        return bool(q and q.minutes and self.question_seconds() > q.minutes * 60)

    def record_time(self) -> None:
        """Fold the running clocks into the data (before moving on, pausing or saving)."""
        if self._since is None:
            return
        q = self.current_question()
        if q is not None:
            q.seconds_spent = round(self.question_seconds(), 1)
            self._question_base = q.seconds_spent
            self.pending.annotation(q.position, seconds_spent=q.seconds_spent)
        self.live.elapsed_seconds = round(self.elapsed_seconds(), 1)
        self._elapsed_base = self.live.elapsed_seconds
        self._since = self.clock()
        self._change_progress(elapsed_seconds=self.live.elapsed_seconds)

    def tick(self) -> None:
        """The view's one-second timer: the clocks go into the data (and so into the next save)."""
        self.record_time()
        self.events.emit("clock")

    def set_clock_paused(self, paused: bool) -> None:
        if paused == self.clock_paused or self.read_only:
            return
        if paused:
            self.record_time()  # the clocks ran until now
            self._since = None
        else:
            self._since = self.clock()
        self.live.clock_paused = paused
        self._change_progress(clock_paused=paused)
        self.events.emit("clock")

    # -- saving -----------------------------------------------------------------------------------
    def _schedule(self) -> None:
        now = self.clock()
        if self._first_unsaved is None:
            self._first_unsaved = now
        self._set_due(now + next_save_delay(now, self._first_unsaved))

    def _set_due(self, due: float | None) -> None:
        self._due = due
        self.events.emit("save_due", seconds=self.save_due_in())

    def save_due_in(self) -> float | None:
        """Seconds until the pending changes must be written (None: nothing to write)."""
        return None if self._due is None else max(0.0, self._due - self.clock())

    def save(self) -> bool:
        """Write the pending changes: to the journal (fsync-ed) first, then the database. True when
        the database has everything; else the changes stay pending and a retry is scheduled."""
        self._first_unsaved = None
        self._due = None
        if not self.pending:
            self.events.emit("save_due", seconds=None)
            return True
        if self.lost is not None:
            return self._keep_aside()
        changes = self.pending.take()
        started = time.perf_counter()
        seq = None
        if self.journal is not None:
            try:
                seq = self.journal.append(changes)  # on disk first: a failed write loses nothing
            except OSError:
                seq = None
        # Earlier batches failed and are merged into this one: with this append, all are on disk.
        self.kept_on_disk = seq is not None
        try:
            written = save_pending(self.store, changes, busy_timeout_ms=LIVE_BUSY_TIMEOUT_MS,
                                   lease_token=self._token(),
                                   versions={q.position: q.version for q in self.questions})
        except AnnotationConflictError as exc:
            self._conflict(changes, exc.position)
            return False
        except LeaseLostError:
            if not self.kept_on_disk:
                self.pending.merge_back(changes)
            self._lose()
            return self._keep_aside()
        except Exception as exc:  # kept in memory (and the journal); the retry comes soon
            self.pending.merge_back(changes)
            self.save_errors += 1
            self.save_problem = not_saved_message(exc, self.kept_on_disk)
            now = self.clock()
            self._first_unsaved = now
            self._set_due(now + RETRY_SECONDS)
            self.events.emit("saved", problem=self.save_problem)
            return False
        for position, version in written.items():
            self.questions[position].version = version
        if self.journal is not None and self.journal.last_seq:
            # Every batch before this one was merged into it: the database now has them all.
            self.journal.mark_saved(self.journal.last_seq)
        self.save_problem = ""
        self.last_save_ms = (time.perf_counter() - started) * 1000
        self.events.emit("save_due", seconds=None)
        self.events.emit("saved", problem="")
        return True

    def _conflict(self, changes: PendingChanges, position: int) -> None:
        """Another window wrote this question since this one saw it. Theirs stays; what this window
        has for it is kept in the journal, set aside (never replayed over theirs); the question
        shows their version from now on, and the rest of the changes are saved as usual."""
        kept = ""
        if self.journal is not None:
            folder = self.journal.path.parent
            if not self.kept_on_disk:  # the batch never reached the journal: put it there first
                try:
                    self.journal.append(changes)
                except OSError:
                    pass
            kept = f" in {self.journal.set_aside()}"
            self.journal = Journal.open(folder, self.live.id)
        changes.annotations.pop(position, None)
        self.pending.annotations.pop(position, None)
        self.pending.merge_back(changes)
        with self.store.session() as s:
            theirs = load_live_interview(s, self.live.id).questions[position]
        q = self.questions[position]
        q.rating, q.skipped, q.covered, q.notes = theirs.rating, theirs.skipped, theirs.covered, theirs.notes
        q.seconds_spent, q.version = theirs.seconds_spent, theirs.version
        if q is self.current_question():
            self._question_base = q.seconds_spent
        self.save_problem = (f"Another window changed question {position + 1} after this one loaded it: "
                             f"it now shows that window's version. What you had for it here is kept on "
                             f"disk{kept}, not saved over theirs.")
        self._schedule()
        self.events.emit("question", position=position)
        self.events.emit("conflict", position=position, message=self.save_problem)

    def _keep_aside(self) -> bool:
        """Taken over: what is typed here goes only to this window's set-aside journal."""
        if self.pending and self.journal is not None:
            changes = self.pending.take()
            try:
                self.journal.append(changes)
                self.kept_on_disk = True
            except OSError:
                self.pending.merge_back(changes)
                self.kept_on_disk = False
        self.save_problem = self.lease_message()
        self.events.emit("save_due", seconds=None)
        self.events.emit("saved", problem=self.save_problem)
        return False

    # -- the lease --------------------------------------------------------------------------------
    @property
    def holds_lease(self) -> bool:
        return self.lease is not None and self.lease.mine and self.lost is None

    @property
    def read_only(self) -> bool:
        """Another window has (or took) this interview: nothing here is saved to the database."""
        return self.lease is not None and not self.holds_lease

    def _token(self) -> str | None:
        return self.claimant.token if self.holds_lease else None

    def heartbeat(self) -> None:
        """The view's heartbeat timer: renew the lease, or (read-only) see whether it is free."""
        if self.lease is None or self.claimant is None or self.lost is not None:
            return
        try:
            with live_write(self.store, LIVE_BUSY_TIMEOUT_MS) as s:
                if self.lease.mine:
                    state = leases.heartbeat(s, self.live.id, self.claimant, self.wall_clock())
                else:
                    state = leases.look(s, self.live.id, self.claimant, self.wall_clock())
        except Exception:  # the database is busy or gone for a moment: the next beat tries again
            return
        if self.lease.mine and not state.mine:
            self._lose(state)
            self.save()
        elif not self.lease.mine:
            self.lease = state
            self.events.emit("lease")

    def _lose(self, state: LeaseState | None = None) -> None:
        if state is None:
            try:
                with self.store.session() as s:
                    current = leases.holder(s, self.live.id)
            except Exception:
                current = None
            state = LeaseState(False, current)
        self.lost = state
        if self.journal is not None:
            self.journal.set_aside()
        self._since = None  # this window's clock no longer counts
        self.events.emit("lease")

    def lease_message(self) -> str:
        """What the banner (and the save label) says; "" while this window holds the interview."""
        if self.lease is None or self.holds_lease:
            return ""
        now = self.wall_clock()
        who = self.lease.holder.describe(now) if self.lease.holder else ""
        if self.lost is not None:
            who = self.lost.holder.describe(now) if self.lost.holder else "its lease was released"
            kept = f" in {self.journal.path}" if self.journal is not None else ""
            return (f"Another window took this interview over: {who}. This window no longer saves to "
                    f"the database; its last changes are kept on disk{kept}, not saved over theirs.")
        if self.lease.holder is None:
            return ("Read-only: the window that had this interview open has let go of it. "
                    "Take over to continue here.")
        if self.lease.stale:
            return (f"Read-only: {who}; that window seems to have stopped. Take over to continue "
                    "here — the other window then stops saving.")
        return f"Read-only: {who}. Only that window saves changes to this interview."

    def release(self) -> None:
        """Let go of the lease (closing, setting aside, submitted); never waits on a lock for long."""
        if self.holds_lease:
            try:
                with live_write(self.store, LIVE_BUSY_TIMEOUT_MS) as s:
                    leases.release(s, self.live.id, self.claimant)
            except Exception:  # it goes stale by itself; this process's end frees it at once
                pass
            self.lease = None

    def flush(self) -> bool:
        """Fold the clocks in and write everything now (closing, setting aside, submitting)."""
        self.record_time()
        return self.save()

    def close(self) -> None:
        """This window lets go of the interview: what the journal still holds is replayed later."""
        self.release()
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        self._due = None
        self.events.disconnect_all()

    # -- the wrap-up and submitting --------------------------------------------------------------
    def stats(self) -> WrapUpStats:
        return wrap_up_stats(self.questions)

    def submit_problem(self) -> str:
        """Why Submit is refused, in the interviewer's words ("" when the wrap-up is complete)."""
        if self.live.recommendation not in RECOMMENDATION_LABELS:
            return "Choose an overall recommendation: Strong no, No, Yes or Strong yes."
        if not self.live.summary.strip():
            return "Write a summary of the evidence before submitting."
        return ""

    def submit(self) -> str:
        """Save everything, then seal. Returns "" when sealed, else why not (nothing sealed)."""
        if self.read_only:
            return self.lease_message()
        problem = self.submit_problem()
        if problem:
            return problem
        if not self.flush():  # sealing now would leave the unsaved notes out of the scorecard
            return self.save_problem
        try:
            with self.store.transaction(durable=True) as s:
                submit_interview(s, self.live.id, recommendation=self.live.recommendation,
                                 summary=self.live.summary)
        except InterviewError as exc:
            return str(exc)
        self.release()
        return ""
