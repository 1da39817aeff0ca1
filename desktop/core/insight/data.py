"""The ratings every Insight figure is computed from, read once as plain arrays.

One row per rated question of a submitted scorecard, with its amendments applied (an
amended rating replaces the sealed one; a question amended to skipped drops out). Read with
one SQLAlchemy Core query (portable: SQLite and PostgreSQL), no ORM objects, so 60,000
annotations load in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Amendment, Annotation, Candidate, Decision, Interview, Loop, Question, Role


@dataclass
class Ratings:
    """Parallel arrays, one entry per rating; the index arrays point into the name lists."""

    rating: np.ndarray  # float, 1-4
    candidate: np.ndarray  # int index into candidates
    interviewer: np.ndarray  # int index into interviewers
    question: np.ndarray  # int index into questions
    interview: np.ndarray  # int index into interviews
    day: np.ndarray  # float: days since the first interview
    candidates: list[int]
    interviewers: list[str]
    questions: list[str]
    interviews: list[int]
    interview_loop: np.ndarray  # per interview: its loop key (the loop id, or -candidate id)
    interview_day: np.ndarray  # per interview: days since the first interview
    question_competencies: list[tuple[str, ...]]
    decisions: dict[int, str]  # candidate index -> hire | no_hire (holds left out)
    role: str | None = None
    role_competencies: dict[str, float] = field(default_factory=dict)
    first: datetime | None = None

    @property
    def size(self) -> int:
        return int(self.rating.size)


def _index(values: list) -> tuple[list, dict]:
    names = sorted(set(values), key=lambda v: (str(type(v)), v))
    return names, {v: i for i, v in enumerate(names)}


def load_ratings(session: Session, role: str | None = None) -> Ratings:
    """Every rating of submitted scorecards (for one role when given: its loops', or its candidates')."""
    when = Interview.started_at
    query = (
        select(Annotation.interview_id, Annotation.position, Annotation.question_id, Annotation.rating,
               Annotation.skipped, Interview.candidate_id, Interview.interviewer, Interview.loop_id,
               when, Interview.submitted_at)
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.status == "submitted")
    )
    if role:
        query = (query.outerjoin(Loop, Loop.id == Interview.loop_id)
                 .join(Candidate, Candidate.id == Interview.candidate_id)
                 .where((Loop.role_id == role) | (Loop.id.is_(None) & (Candidate.role_id == role))))
    rows = session.execute(query).all()
    amended = _amended_ratings(session)
    kept = []
    for interview_id, position, qid, rating, skipped, cand, who, loop_id, started, submitted in rows:
        change = amended.get((interview_id, position))
        if change is not None:
            rating = change.get("rating", rating)
            skipped = change.get("skipped", skipped)
        if rating is None or skipped:
            continue
        kept.append((interview_id, qid, float(rating), cand, who, loop_id, started or submitted))
    first = min((r[6] for r in kept if r[6] is not None), default=None)
    candidates, cand_at = _index([r[3] for r in kept])
    interviewers, who_at = _index([r[4] for r in kept])
    questions, q_at = _index([r[1] for r in kept])
    interviews, int_at = _index([r[0] for r in kept])

    def days(moment):
        return 0.0 if moment is None or first is None else (moment - first).total_seconds() / 86400

    interview_loop = np.zeros(len(interviews), dtype=np.int64)
    interview_day = np.zeros(len(interviews))
    for r in kept:
        j = int_at[r[0]]
        interview_loop[j] = r[5] if r[5] is not None else -r[3]
        interview_day[j] = days(r[6])
    competencies = dict(session.execute(select(Question.id, Question.competencies)).all())
    decided = {}
    for cand, decision in session.execute(select(Decision.candidate_id, Decision.decision).order_by(Decision.decided_at)):
        if cand in cand_at and decision in ("hire", "no_hire"):
            decided[cand_at[cand]] = decision  # the latest decision wins
    weights = {}
    if role and (row := session.get(Role, role)) is not None:
        weights = {c: float(w) for c, w in (row.competencies or {}).items()}
    return Ratings(
        rating=np.array([r[2] for r in kept], dtype=float),
        candidate=np.array([cand_at[r[3]] for r in kept], dtype=np.int64),
        interviewer=np.array([who_at[r[4]] for r in kept], dtype=np.int64),
        question=np.array([q_at[r[1]] for r in kept], dtype=np.int64),
        interview=np.array([int_at[r[0]] for r in kept], dtype=np.int64),
        day=interview_day[np.array([int_at[r[0]] for r in kept], dtype=np.int64)] if kept else np.zeros(0),
        candidates=candidates, interviewers=interviewers, questions=questions, interviews=interviews,
        interview_loop=interview_loop, interview_day=interview_day,
        question_competencies=[tuple(competencies.get(q) or ()) for q in questions],
        decisions=decided, role=role, role_competencies=weights, first=first,
    )


def _amended_ratings(session: Session) -> dict[tuple[int, int], dict]:
    """(interview id, position) -> the rating and skipped fields after every amendment, in order."""
    out: dict[tuple[int, int], dict] = {}
    query = select(Amendment.interview_id, Amendment.changes).order_by(Amendment.created_at, Amendment.id)
    for interview_id, changes in session.execute(query):
        for position, fields in ((changes or {}).get("annotations") or {}).items():
            picked = {k: v for k, v in (fields or {}).items() if k in ("rating", "skipped")}
            if picked:
                out.setdefault((interview_id, int(position)), {}).update(picked)
    return out
