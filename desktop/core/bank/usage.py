"""How often and how recently each question was asked (from interviews' annotations).

The builder prefers the least used questions, so sets rotate across candidates; the Bank
shows the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Annotation, Interview


@dataclass(frozen=True)
class Usage:
    times: int = 0
    last: datetime | None = None


NEVER = Usage()


def question_usage(session: Session, question_ids: Iterable[str] | None = None) -> dict[str, Usage]:
    """Usage per question id; questions never asked are absent (use `NEVER`)."""
    asked_at = func.coalesce(Interview.started_at, Interview.updated_at)
    query = (
        select(Annotation.question_id, func.count(Annotation.id), func.max(asked_at))
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.status != "planned")
        .group_by(Annotation.question_id)
    )
    if question_ids is not None:
        query = query.where(Annotation.question_id.in_(list(question_ids)))
    return {qid: Usage(count, last) for qid, count, last in session.execute(query)}


def candidate_question_ids(session: Session, candidate_id: int) -> set[str]:
    """Every question a candidate has been (or is planned to be) asked."""
    query = (
        select(Annotation.question_id)
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.candidate_id == candidate_id)
    )
    return set(session.scalars(query))
