"""How often and how recently each question was asked (from interviews' annotations).

The builder prefers the least used questions, so sets rotate across candidates; the Bank
shows the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the queries load SQLAlchemy; the builder needs only `Usage` and `NEVER`
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Usage:
    times: int = 0
    last: datetime | None = None


NEVER = Usage()


def question_usage(session: Session, question_ids: Iterable[str] | None = None) -> dict[str, Usage]:
    """Usage per question id; questions never asked are absent (use `NEVER`)."""
    from sqlalchemy import func, select

    from desktop.core.storage.id_lists import ids_in
    from desktop.core.storage.models import Annotation, Interview

    asked_at = func.coalesce(Interview.started_at, Interview.updated_at)
    query = (
        select(Annotation.question_id, func.count(Annotation.id), func.max(asked_at))
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.status != "planned")
        .group_by(Annotation.question_id)
    )
    if question_ids is None:
        return {qid: Usage(count, last) for qid, count, last in session.execute(query)}
    ids = list(question_ids)
    if not ids:
        return {}
    rows = session.execute(query.where(ids_in(Annotation.question_id)), {"ids": ids})
    return {qid: Usage(count, last) for qid, count, last in rows}


def candidate_question_ids(session: Session, candidate_id: int) -> set[str]:
    """Every question a candidate has been (or is planned to be) asked."""
    from sqlalchemy import select

    from desktop.core.storage.models import Annotation, Interview

    query = (
        select(Annotation.question_id)
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.candidate_id == candidate_id)
    )
    return set(session.scalars(query))
