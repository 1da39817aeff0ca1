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

from desktop.core.bank.question_json import stored_strings
from desktop.core.storage.models import Amendment, Annotation, Candidate, Decision, Interview, Loop, Role

# The competencies a rated question evidenced, from its snapshot (a snapshot without the field
# evidenced none, as fields.asked reads it): as the JSON text, each distinct one decoded once.
_AS_ASKED = Annotation.question_snapshot["competencies"].as_string()


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
    competency_sets: list[tuple[str, ...]]  # the distinct sets of competencies questions evidenced
    rating_competencies: np.ndarray  # per rating: int index into competency_sets
    decisions: dict[int, str]  # candidate index -> hire | no_hire (holds left out)
    role: str | None = None
    role_competencies: dict[str, float] = field(default_factory=dict)
    first: datetime | None = None

    @property
    def size(self) -> int:
        return int(self.rating.size)

    def evidences(self, competency: str) -> np.ndarray:
        """Per rating: does it evidence this competency?"""
        has = np.array([competency in cs for cs in self.competency_sets], dtype=bool)
        return has[self.rating_competencies] if self.size else np.zeros(0, dtype=bool)

    @property
    def competencies(self) -> list[str]:
        return sorted({c for cs in self.competency_sets for c in cs})


def _codes(values) -> tuple[list, np.ndarray]:
    """Distinct values (sorted) and each value's index among them (a dict: sorting 60,000
    strings in numpy is far slower)."""
    names = sorted(set(values))
    at = {v: i for i, v in enumerate(names)}
    return names, np.fromiter((at[v] for v in values), dtype=np.int64, count=len(values))


def _submitted(role: str | None):
    """The submitted interviews (of one role: its loops, or its candidates outside a loop)."""
    query = select(Interview.id).where(Interview.status == "submitted")
    if role:
        query = (query.outerjoin(Loop, Loop.id == Interview.loop_id)
                 .join(Candidate, Candidate.id == Interview.candidate_id)
                 .where((Loop.role_id == role) | (Loop.id.is_(None) & (Candidate.role_id == role))))
    return query


def load_ratings(session: Session, role: str | None = None) -> Ratings:
    """Every rating of submitted scorecards (for one role when given: its loops', or its candidates')."""
    chosen = _submitted(role).subquery()
    # Once per interview: who, whom, which loop, when (10,000 rows, not 60,000).
    conn = session.connection()  # Core rows: no ORM loading machinery for 60,000 tuples
    facts = conn.execute(
        select(Interview.id, Interview.candidate_id, Interview.interviewer, Interview.loop_id,
               Interview.started_at, Interview.submitted_at)
        .where(Interview.id.in_(select(chosen.c.id))).order_by(Interview.id)).all()
    # Once per rated question: bare columns, no dates, no objects; the database drops the
    # skipped and unrated. Amended scorecards (few) are read whole and their changes applied.
    # A rating evidences the competencies of its question as asked, as in the composite
    # (decisions.evidence_of, fields.asked): the snapshot's, never the bank's now.
    amended = _amended_ratings(session)
    touched = sorted({interview_id for interview_id, _ in amended})
    query = (select(Annotation.interview_id, Annotation.question_id, Annotation.rating, _AS_ASKED)
             .where(Annotation.interview_id.in_(select(chosen.c.id)), Annotation.rating.is_not(None),
                    Annotation.skipped.is_(False)))
    if touched:
        query = query.where(Annotation.interview_id.not_in(touched))
    rows = conn.execute(query).all()
    if touched:
        for interview_id, position, qid, rating, skipped, evidenced in conn.execute(
                select(Annotation.interview_id, Annotation.position, Annotation.question_id, Annotation.rating,
                       Annotation.skipped, _AS_ASKED)
                .where(Annotation.interview_id.in_(select(chosen.c.id)), Annotation.interview_id.in_(touched))):
            change = amended.get((interview_id, position), {})
            rating, skipped = change.get("rating", rating), change.get("skipped", skipped)
            if rating is not None and not skipped:
                rows.append((interview_id, qid, rating, evidenced))
    interview_ids = np.array([f[0] for f in facts], dtype=np.int64)
    when = [f[4] or f[5] for f in facts]
    first = min((w for w in when if w is not None), default=None)
    day_of = np.array([0.0 if w is None or first is None else (w - first).total_seconds() / 86400 for w in when])
    if rows:
        ann_interview, ann_question, ann_rating, ann_evidenced = zip(*rows)
    else:
        ann_interview, ann_question, ann_rating, ann_evidenced = (), (), (), ()
    evidence, rating_competencies = _codes([e or "" for e in ann_evidenced])
    competency_sets = [tuple(stored_strings(e)) for e in evidence]
    at = np.searchsorted(interview_ids, np.array(ann_interview, dtype=np.int64))
    # Only interviews with at least one rating take part.
    used, interview = np.unique(at, return_inverse=True) if at.size else (np.zeros(0, dtype=np.int64), at)
    interview = interview.astype(np.int64).reshape(-1)
    kept = [facts[i] for i in used]
    candidates, cand_codes = _codes([f[1] for f in kept])
    interviewers, who_codes = _codes([f[2] for f in kept])
    questions, question = _codes(list(ann_question))
    interview_loop = np.array([f[3] if f[3] is not None else -f[1] for f in kept], dtype=np.int64)
    interview_day = day_of[used] if used.size else np.zeros(0)
    cand_at = {c: i for i, c in enumerate(candidates)}
    decided = {}
    for cand, decision in session.execute(select(Decision.candidate_id, Decision.decision).order_by(Decision.decided_at)):
        if cand in cand_at and decision in ("hire", "no_hire"):
            decided[cand_at[cand]] = decision  # the latest decision wins
    weights = {}
    if role and (row := session.get(Role, role)) is not None:
        weights = {c: float(w) for c, w in (row.competencies or {}).items()}
    return Ratings(
        rating=np.array(ann_rating, dtype=float),
        candidate=cand_codes[interview] if interview.size else np.zeros(0, dtype=np.int64),
        interviewer=who_codes[interview] if interview.size else np.zeros(0, dtype=np.int64),
        question=question if len(ann_question) else np.zeros(0, dtype=np.int64),
        interview=interview,
        day=interview_day[interview] if interview.size else np.zeros(0),
        candidates=candidates, interviewers=interviewers, questions=questions,
        interviews=[f[0] for f in kept],
        interview_loop=interview_loop, interview_day=interview_day,
        competency_sets=competency_sets, rating_competencies=rating_competencies,
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
