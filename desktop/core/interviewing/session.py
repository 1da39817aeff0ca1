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
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from statistics import mean
from typing import Callable

from desktop.core.failures import not_saved_message
from desktop.core.interviewing.autosave import LIVE_BUSY_TIMEOUT_MS, PendingChanges, next_save_delay, save_pending
from desktop.core.interviewing.events import Events
from desktop.core.interviewing.fields import RECOMMENDATION_LABELS, InterviewError
from desktop.core.interviewing.journal import Journal
from desktop.core.interviewing.lifecycle import submit_interview
from desktop.core.interviewing.live import LiveInterview, LiveQuestion

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
        mean_text = f", mean rating {self.mean_rating:.1f}" if self.mean_rating is not None else ""
        gaps = f" {self.untouched} not rated yet." if self.untouched else ""
        return f"{self.rated} of {self.total} questions rated, {self.skipped} skipped{mean_text}.{gaps}"


def wrap_up_stats(questions: list[LiveQuestion]) -> WrapUpStats:
    ratings = [q.rating for q in questions if q.rating and not q.skipped]
    return WrapUpStats(total=len(questions), rated=len(ratings), skipped=sum(q.skipped for q in questions),
                       mean_rating=mean(ratings) if ratings else None,
                       seconds=tuple(q.seconds_spent for q in questions))


class LiveSession:
    """One live interview in one window. `clock` returns seconds (monotonic); tests pass a fake."""

    def __init__(self, store, live: LiveInterview, *, journal: Journal | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.live = live
        self.journal = journal
        self.clock = clock
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
        self._since: float | None = None if live.clock_paused else clock()
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
        if q is None or (q.rating, q.skipped) == (rating, skipped):
            return
        q.rating, q.skipped = rating, skipped
        self._change_annotation(q, rating=rating, skipped=skipped)

    def set_covered(self, covered: list[int]) -> None:
        q = self.current_question()
        covered = sorted(set(covered))
        if q is None or q.covered == covered:
            return
        q.covered = covered
        self._change_annotation(q, covered=covered)

    def set_notes(self, notes: str) -> None:
        q = self.current_question()
        if q is None or q.notes == notes:
            return
        q.notes = notes
        self._change_annotation(q, notes=notes)

    def set_summary(self, summary: str) -> None:
        if summary != self.live.summary:
            self.live.summary = summary
            self._change_progress(summary=summary)

    def set_recommendation(self, recommendation: str) -> None:
        if recommendation not in RECOMMENDATION_LABELS:
            raise InterviewError(f"not a recommendation: {recommendation!r}")
        if recommendation != self.live.recommendation:
            self.live.recommendation = recommendation
            self._change_progress(recommendation=recommendation)

    def _change_annotation(self, q: LiveQuestion, **fields) -> None:
        self.pending.annotation(q.position, **fields)
        self._schedule()
        self.events.emit("question", position=q.position)

    def _change_progress(self, **fields) -> None:
        self.pending.set_progress(**fields)
        self._schedule()

    # -- the clocks -------------------------------------------------------------------------------
    @property
    def clock_paused(self) -> bool:
        return self._since is None

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
        if paused == self.clock_paused:
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
            save_pending(self.store, changes, busy_timeout_ms=LIVE_BUSY_TIMEOUT_MS)
        except Exception as exc:  # kept in memory (and the journal); the retry comes soon
            self.pending.merge_back(changes)
            self.save_errors += 1
            self.save_problem = not_saved_message(exc, self.kept_on_disk)
            now = self.clock()
            self._first_unsaved = now
            self._set_due(now + RETRY_SECONDS)
            self.events.emit("saved", problem=self.save_problem)
            return False
        if self.journal is not None and self.journal.last_seq:
            # Every batch before this one was merged into it: the database now has them all.
            self.journal.mark_saved(self.journal.last_seq)
        self.save_problem = ""
        self.last_save_ms = (time.perf_counter() - started) * 1000
        self.events.emit("save_due", seconds=None)
        self.events.emit("saved", problem="")
        return True

    def flush(self) -> bool:
        """Fold the clocks in and write everything now (closing, setting aside, submitting)."""
        self.record_time()
        return self.save()

    def close(self) -> None:
        """This window lets go of the interview: what the journal still holds is replayed later."""
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
        return ""
