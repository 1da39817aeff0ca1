"""What the bank holds, counted (for the app's status line)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Question


def active_question_count(session: Session) -> int:
    """Questions an interviewer can be given: retired ones are not counted."""
    count = session.scalar(select(func.count()).select_from(Question).where(Question.retired.is_(False)))
    return count or 0
