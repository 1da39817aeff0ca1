"""An interview from plan to submission: create, begin, annotate, submit.

Autosave and Submit may run at the same moment (two connections, or the app and a script):
the writes of an annotation or of progress apply only while the interview is open (its status is
in the UPDATE's WHERE), and Submit takes the interview row before it reads what it seals, so a
late autosave fails with `InterviewSealedError` instead of changing a sealed scorecard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from desktop.core.storage.models import (
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Loop,
    utcnow,
)
from desktop.core.interviewing.fields import InterviewError, InterviewSealedError, _UNSET, _check_covered, _check_rating, _check_recommendation, _check_text, _get, question_snapshot
from desktop.core.interviewing.competencies import assessed_competencies, check_competency_notes
from desktop.core.interviewing.keys import KeyRing
from desktop.core.interviewing.seals import seal_interview

OPEN_STATUSES = ("planned", "in_progress")


class AnnotationConflictError(InterviewError):
    """A save of an annotation that another writer (another window) changed since this one saw
    it: nothing was written, rather than silently overwriting their change."""

    def __init__(self, interview_id: int, position: int, seen: int | None, current: int):
        super().__init__(f"question {position + 1} of interview {interview_id} was changed elsewhere "
                         f"(version {current}, this change saw {seen})")
        self.interview_id, self.position, self.seen, self.current = interview_id, position, seen, current


def create_interview(
    session: Session, *, set_id: int, candidate_id: int, interviewer: str, loop_id: int | None = None
) -> Interview:
    """A planned interview with one empty annotation per question of the set, in set order.

    A set that belongs to a loop puts the interview in that loop unless a loop is given."""
    interview_set = session.get(InterviewSet, set_id)
    if interview_set is None:
        raise InterviewError(f"no set with id {set_id}")
    if not interview_set.items:
        raise InterviewError(f"the set {interview_set.name!r} has no questions")
    if session.get(Candidate, candidate_id) is None:
        raise InterviewError(f"no candidate with id {candidate_id}")
    interviewer = " ".join((interviewer or "").split())
    if not interviewer:
        raise InterviewError("an interview needs an interviewer name")
    loop_id = loop_id if loop_id is not None else interview_set.loop_id
    if loop_id is not None and session.get(Loop, loop_id) is None:
        raise InterviewError(f"no loop with id {loop_id}")
    interview = Interview(
        set_id=set_id, candidate_id=candidate_id, interviewer=interviewer, loop_id=loop_id,
        status="planned", current_position=0, elapsed_seconds=0.0, summary="",
    )
    interview.annotations = [
        Annotation(question_id=item.question_id, position=i, covered=[], notes="", skipped=False,
                   seconds_spent=0.0, question_snapshot=question_snapshot(item.question))
        for i, item in enumerate(interview_set.items)
    ]
    session.add(interview)
    session.flush()
    return interview


def _take_snapshots(interview: Interview) -> None:
    """What is asked is the bank as it is when the interview starts; from then on it is kept."""
    for annotation in interview.annotations:
        if annotation.question is not None:
            annotation.question_snapshot = question_snapshot(annotation.question)


def begin_interview(session: Session, interview_id: int, now: datetime | None = None) -> Interview:
    """planned -> in_progress (started now). Beginning one already in progress is harmless."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is submitted and sealed")
    if interview.status == "planned":
        _take_snapshots(interview)
        interview.status = "in_progress"
        interview.started_at = now or utcnow()
        session.flush()
    return interview


def _require_open(session: Session, interview_id: int) -> None:
    """Raise the right error for an interview that is missing or no longer open.

    On PostgreSQL the row is share-locked first, so an autosave waits for a Submit that holds
    it and then sees it submitted (SQLite has one writer at a time: the UPDATE's WHERE is enough)."""
    query = select(Interview.status).where(Interview.id == interview_id)
    if session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update(read=True)
    status = session.scalar(query)
    if status is None:
        raise InterviewError(f"no interview with id {interview_id}")
    if status not in OPEN_STATUSES:
        raise InterviewSealedError(f"interview {interview_id} is submitted and sealed; amend it instead")


def _still_open(interview_id: int):
    """The WHERE that keeps a write from landing on an interview sealed meanwhile."""
    return select(Interview.id).where(Interview.id == interview_id, Interview.status.in_(OPEN_STATUSES))


def update_annotation(
    session: Session, interview_id: int, position: int, *,
    rating: Any = _UNSET, skipped: Any = _UNSET, covered: Any = _UNSET,
    notes: Any = _UNSET, seconds_spent: Any = _UNSET, seen_version: int | None = None,
) -> int | None:
    """Change only the given fields of one question's annotation: one small UPDATE (autosave),
    which applies only while the interview is open. Every write bumps the annotation's version.

    seen_version: the version the writer loaded (or last wrote); when another writer changed the
    annotation since, nothing is written and `AnnotationConflictError` says so. Returns the new
    version when `seen_version` is given."""
    _require_open(session, interview_id)
    values: dict[str, Any] = {}
    if rating is not _UNSET:
        values["rating"] = _check_rating(rating)
    if skipped is not _UNSET:
        values["skipped"] = bool(skipped)
    if covered is not _UNSET:
        values["covered"] = _check_covered(covered)
    if notes is not _UNSET:
        values["notes"] = str(notes or "")
    if seconds_spent is not _UNSET:
        values["seconds_spent"] = max(0.0, float(seconds_spent))
    if not values:
        return seen_version
    where = [Annotation.interview_id == interview_id, Annotation.position == position,
             Annotation.interview_id.in_(_still_open(interview_id))]
    if seen_version is not None:
        where.append(Annotation.version == seen_version)
    result = session.execute(
        update(Annotation).where(*where)
        .values(**values, version=Annotation.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount == 0:
        _require_open(session, interview_id)  # sealed meanwhile: say so
        current = session.scalar(select(Annotation.version).where(
            Annotation.interview_id == interview_id, Annotation.position == position))
        if current is None:
            raise InterviewError(f"interview {interview_id} has no question at position {position}")
        raise AnnotationConflictError(interview_id, position, seen_version, current)
    return None if seen_version is None else seen_version + 1


def update_progress(
    session: Session, interview_id: int, *,
    current_position: int | None = None, elapsed_seconds: float | None = None,
    clock_paused: bool | None = None, summary: str | None = None, recommendation: str | None = None,
    competency_notes: dict[str, str] | None = None,
) -> None:
    """Where the interviewer is, how long it has run (and whether its clock is paused), and the
    draft wrap-up (summary, recommendation and the note on each competency, all of them: the
    given notes replace the stored ones), autosaved with every change."""
    _require_open(session, interview_id)
    values: dict[str, Any] = {}
    if competency_notes is not None:
        values["competency_notes"] = check_competency_notes(
            competency_notes, assessed_competencies(_get(session, interview_id)))
    if current_position is not None:
        values["current_position"] = max(0, int(current_position))
    if elapsed_seconds is not None:
        values["elapsed_seconds"] = max(0.0, float(elapsed_seconds))
    if clock_paused is not None:
        values["clock_paused"] = bool(clock_paused)
    if summary is not None:
        values["summary"] = str(summary)
    if recommendation is not None:
        values["recommendation"] = _check_recommendation(recommendation)
    if values:
        result = session.execute(
            update(Interview).where(Interview.id == interview_id, Interview.status.in_(OPEN_STATUSES))
            .values(**values, updated_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount == 0:
            _require_open(session, interview_id)
            raise InterviewSealedError(f"interview {interview_id} is no longer open")


def take_interview_row(session: Session, interview_id: int) -> None:
    """Hold the interview before reading what is sealed (or who has its lease), so no autosave
    or other window's write lands in between.

    SQLite: BEGIN IMMEDIATE takes the database's write lock now (the driver would otherwise
    begin only at the first write, after the reads); if this transaction already wrote, it holds
    the lock already. PostgreSQL and others: SELECT ... FOR UPDATE on the interview row."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        session.execute(select(Interview.id).where(Interview.id == interview_id).with_for_update())


def submit_interview(
    session: Session, interview_id: int, *, recommendation: str, summary: str,
    now: datetime | None = None, keyring: KeyRing | None = None,
) -> str:
    """Seal the scorecard: forced four-point recommendation, a written summary, and a seal
    signed with the interviewer's key over everything stored. Returns the seal's digest."""
    take_interview_row(session, interview_id)
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is already submitted")
    interview.recommendation = _check_recommendation(recommendation)
    interview.summary = _check_text(summary, "written summary of the evidence")
    moment = (now or utcnow()).replace(microsecond=0)
    if interview.status == "planned":
        _take_snapshots(interview)
    interview.started_at = interview.started_at or moment
    interview.status = "submitted"
    interview.submitted_at = moment
    interview.ended_at = moment
    interview.updated_at = moment
    session.flush()
    interview = _get(session, interview_id)  # seal the stored values, as they read back
    digest = seal_interview(interview, keyring)
    flag_modified(interview, "updated_at")  # written as signed, not bumped by the seal's own write
    session.flush()
    return digest
