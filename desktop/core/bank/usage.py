"""How often and how recently each question was asked (from interviews' annotations).

The builder prefers the least used questions, so sets rotate across candidates; the Bank
shows the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import datetime
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the queries load SQLAlchemy; the builder needs only `Usage` and `NEVER`
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Usage:
    times: int = 0
    last: datetime | None = None


NEVER = Usage()

# The rule, written once: a question was asked in an interview that is no longer planned, at
# the time it started (or was last changed, for one written before starts were recorded).
# Every question's usage is USAGE_SQL, plain SQL: run through a session, and by the command
# line's quick build-loop straight on SQLite (cli/quick_loop.py), without SQLAlchemy; the
# Bank's question for some questions (_asked_of) is built from the same two parts.
ASKED = "interviews.status != 'planned'"
ASKED_AT = "coalesce(interviews.started_at, interviews.updated_at)"
USAGE_SQL = (f"SELECT annotations.question_id, count(annotations.id), max({ASKED_AT}) "
             "FROM annotations JOIN interviews ON interviews.id = annotations.interview_id "
             f"WHERE {ASKED} GROUP BY annotations.question_id")


def usage_of(rows: Iterable[tuple[str, int, datetime | str | None]]) -> dict[str, Usage]:
    """Rows of USAGE_SQL as usage per question id; SQLite gives the time as text."""
    return {qid: Usage(count, datetime.fromisoformat(last) if isinstance(last, str) else last)
            for qid, count, last in rows}


@cache
def _asked_of():
    """USAGE_SQL for some questions, the ids bound as one list: built once, the Bank asks at
    every search."""
    from sqlalchemy import DateTime, func, literal_column, select, text

    from desktop.core.storage.id_lists import ids_in
    from desktop.core.storage.models import Annotation, Interview

    return (
        select(Annotation.question_id, func.count(Annotation.id),
               func.max(literal_column(ASKED_AT, DateTime())))
        .join(Interview, Interview.id == Annotation.interview_id)
        .where(text(ASKED), ids_in(Annotation.question_id))
        .group_by(Annotation.question_id)
    )


def question_usage(session: Session, question_ids: Iterable[str] | None = None) -> dict[str, Usage]:
    """Usage per question id; questions never asked are absent (use `NEVER`)."""
    if question_ids is None:
        from sqlalchemy import text

        return usage_of(session.execute(text(USAGE_SQL)))
    ids = list(question_ids)
    if not ids:
        return {}
    # On the connection: the ORM's layer cost more than this query.
    rows = session.connection().execute(_asked_of(), {"ids": ids}).fetchall()
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
