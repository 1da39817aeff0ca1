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

from desktop.core.storage.id_lists import ids_in
from desktop.core.storage.models import Annotation, Interview


@dataclass(frozen=True)
class Usage:
    times: int = 0
    last: datetime | None = None


NEVER = Usage()


_ASKED = (
    select(Annotation.question_id, func.count(Annotation.id),
           func.max(func.coalesce(Interview.started_at, Interview.updated_at)))
    .join(Interview, Interview.id == Annotation.interview_id)
    .where(Interview.status != "planned")
    .group_by(Annotation.question_id)
)
_ASKED_OF = _ASKED.where(ids_in(Annotation.question_id))  # built once: the Bank asks at every search


def question_usage(session: Session, question_ids: Iterable[str] | None = None) -> dict[str, Usage]:
    """Usage per question id; questions never asked are absent (use `NEVER`)."""
    if question_ids is None:
        return {qid: Usage(count, last) for qid, count, last in session.execute(_ASKED)}
    ids = list(question_ids)
    if not ids:
        return {}
    # On the connection: the ORM's layer cost more than this query.
    rows = session.connection().execute(_ASKED_OF, {"ids": ids}).fetchall()
    return {qid: Usage(count, last) for qid, count, last in rows}


def candidate_question_ids(session: Session, candidate_id: int) -> set[str]:
    """Every question a candidate has been (or is planned to be) asked."""
    query = (
        select(Annotation.question_id)
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(Interview.candidate_id == candidate_id)
    )
    return set(session.scalars(query))
