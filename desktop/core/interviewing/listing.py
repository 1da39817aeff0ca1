"""Interviews listed: every interview as a row, and the unfinished ones to continue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.core.storage.models import (
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Loop,
)
from desktop.core.interviewing.access import same_person
from desktop.core.interviewing.fields import _iso
from desktop.core.interviewing.seals import effective_scorecard, mean_rating, scorecard_content

@dataclass(frozen=True)
class InterviewSummary:
    """Who interviews whom with which set, and how far it is."""

    id: int
    candidate_id: int
    candidate: str
    interviewer: str
    set_name: str
    loop_id: int | None
    status: str  # planned / in_progress / submitted


def interview_summary(session: Session, interview_id: int) -> InterviewSummary | None:
    """One interview as plain data; None when there is no such interview."""
    row = session.execute(
        select(Interview.id, Interview.candidate_id, Candidate.name, Interview.interviewer, InterviewSet.name,
               Interview.loop_id, Interview.status)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(InterviewSet, InterviewSet.id == Interview.set_id)
        .where(Interview.id == interview_id)
    ).one_or_none()
    return InterviewSummary(*row) if row is not None else None


def interview_rows(session: Session) -> list[dict]:
    """One plain dict per interview (for `list interviews` and the scorecards view).

    status is the stored value (planned / in_progress / submitted); STATUS_LABELS has the
    words for people. Scores of a sealed scorecard include its amendments."""
    # Load everything the rows need in a handful of queries, not a few per interview.
    interviews = session.scalars(
        select(Interview).order_by(Interview.id).options(
            selectinload(Interview.candidate),
            selectinload(Interview.set).lazyload("*"),
            selectinload(Interview.annotations).lazyload(Annotation.question),
            selectinload(Interview.amendments),
        )
    ).all()
    loop_names = {loop_id: name for loop_id, name in session.execute(select(Loop.id, Loop.name))}
    rows = []
    for interview in interviews:
        sealed = interview.status == "submitted"
        card = effective_scorecard(interview) if sealed else scorecard_content(interview)
        rows.append({
            "id": interview.id,
            "candidate": interview.candidate.name,
            "candidate_id": interview.candidate_id,
            "interviewer": interview.interviewer,
            "set": interview.set.name,
            "set_id": interview.set_id,
            "status": interview.status,
            "digest": interview.digest if sealed else None,
            "loop": loop_names.get(interview.loop_id),
            "loop_id": interview.loop_id,
            "submitted_at": _iso(interview.submitted_at),
            "recommendation": card["recommendation"] if sealed else None,
            "mean_rating": mean_rating(card),
            "amended": bool(sealed and card.get("amended")),
            "scale": interview.rating_scale or "anchored",  # "global": rated before question anchors
            "competency_notes": dict(card.get("competency_notes") or {}),  # amended, once sealed
        })
    return rows


@dataclass(frozen=True)
class UnfinishedInterview:
    """An interview not yet submitted, as the Interview view's start page lists it."""

    id: int
    candidate: str
    interviewer: str
    set_name: str
    status: str  # planned / in_progress
    position: int  # the question it stopped at; == total at the wrap-up
    total: int
    elapsed_seconds: float
    clock_paused: bool
    updated_at: datetime | None

    @property
    def where(self) -> str:
        if self.status == "planned":
            return "not started"
        if self.position >= self.total:
            return "at the recommendation and summary"
        return f"at question {self.position + 1} of {self.total}"


def unfinished_interviews(session: Session, interviewer: str | None) -> list[UnfinishedInterview]:
    """This interviewer's interviews in progress (most recently touched first), then their
    planned ones: nobody else may continue them (`access.may_continue`), and an empty name
    is nobody, so it has none."""
    if not (interviewer or "").strip():
        return []
    rows = session.scalars(
        select(Interview).where(Interview.status.in_(("in_progress", "planned")))
        .options(selectinload(Interview.candidate), selectinload(Interview.set).lazyload("*"),
                 selectinload(Interview.annotations).lazyload(Annotation.question))
        .order_by((Interview.status == "planned"), Interview.updated_at.desc(), Interview.id.desc())
    )
    return [
        UnfinishedInterview(i.id, i.candidate.name, i.interviewer, i.set.name, i.status, i.current_position,
                            len(i.annotations), i.elapsed_seconds or 0.0, bool(i.clock_paused), i.updated_at)
        for i in rows if same_person(i.interviewer, interviewer)
    ]


def interrupted_interview(session: Session, interviewer: str | None) -> UnfinishedInterview | None:
    """This interviewer's most recently touched interview still in progress (to offer resuming it)."""
    return next((u for u in unfinished_interviews(session, interviewer) if u.status == "in_progress"), None)
