"""An interview from plan to submission: create, begin, annotate, submit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Loop,
    utcnow,
)
from desktop.core.interviewing.fields import InterviewError, _UNSET, _check_covered, _check_rating, _check_recommendation, _check_text, _get, _sha256
from desktop.core.interviewing.seals import scorecard_content

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
                   seconds_spent=0.0)
        for i, item in enumerate(interview_set.items)
    ]
    session.add(interview)
    session.flush()
    return interview


def begin_interview(session: Session, interview_id: int, now: datetime | None = None) -> Interview:
    """planned -> in_progress (started now). Beginning one already in progress is harmless."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is submitted and sealed")
    if interview.status == "planned":
        interview.status = "in_progress"
        interview.started_at = now or utcnow()
        session.flush()
    return interview


def _require_open(session: Session, interview_id: int) -> None:
    status = session.scalar(select(Interview.status).where(Interview.id == interview_id))
    if status is None:
        raise InterviewError(f"no interview with id {interview_id}")
    if status == "submitted":
        raise InterviewError(f"interview {interview_id} is submitted and sealed; amend it instead")


def update_annotation(
    session: Session, interview_id: int, position: int, *,
    rating: Any = _UNSET, skipped: Any = _UNSET, covered: Any = _UNSET,
    notes: Any = _UNSET, seconds_spent: Any = _UNSET,
) -> None:
    """Change only the given fields of one question's annotation: one small UPDATE (autosave)."""
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
        return
    result = session.execute(
        update(Annotation)
        .where(Annotation.interview_id == interview_id, Annotation.position == position)
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount == 0:
        raise InterviewError(f"interview {interview_id} has no question at position {position}")


def update_progress(
    session: Session, interview_id: int, *,
    current_position: int | None = None, elapsed_seconds: float | None = None,
    clock_paused: bool | None = None, summary: str | None = None, recommendation: str | None = None,
) -> None:
    """Where the interviewer is, how long it has run (and whether its clock is paused), and the
    draft wrap-up (summary and recommendation typed before submitting), autosaved with every change."""
    _require_open(session, interview_id)
    values: dict[str, Any] = {}
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
        session.execute(
            update(Interview).where(Interview.id == interview_id)
            .values(**values, updated_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )


def submit_interview(
    session: Session, interview_id: int, *, recommendation: str, summary: str,
    now: datetime | None = None,
) -> str:
    """Seal the scorecard: forced four-point recommendation, a written summary, a digest."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is already submitted")
    interview.recommendation = _check_recommendation(recommendation)
    interview.summary = _check_text(summary, "written summary of the evidence")
    moment = (now or utcnow()).replace(microsecond=0)
    interview.started_at = interview.started_at or moment
    interview.status = "submitted"
    interview.submitted_at = moment
    interview.ended_at = moment
    interview.digest = _sha256(scorecard_content(interview))
    session.flush()
    return interview.digest
