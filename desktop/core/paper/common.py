"""What every export shares: the options, the scale's words, dates, durations and names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import mean
from typing import Callable, Iterable

from sqlalchemy.orm import Session

from desktop.core.interviewing import RATING_ANCHORS, RECOMMENDATION_LABELS  # noqa: F401 (re-exported)
from desktop.core.storage.models import Candidate, Role
from desktop.core.paper.text import one_line, redactor


class ExportError(ValueError):
    """The thing to export does not exist: one clear sentence for the user."""


@dataclass(frozen=True)
class ExportOptions:
    page_size: str = "a4"  # "a4" or "letter"
    anonymous: bool = False  # candidate id instead of the name, and the name hidden in notes


def rating_label(rating: int | None, skipped: bool = False) -> str:
    if skipped:
        return "Skipped"
    if rating is None:
        return "Not rated"
    return f"{rating} – {RATING_ANCHORS.get(rating, '')}".rstrip(" –")


def recommendation_label(value: str | None) -> str:
    return RECOMMENDATION_LABELS.get(value or "", "None given")


def format_date(value: datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def format_time(value: datetime | None) -> str:
    """Stored times are naive UTC; say so on paper."""
    return value.strftime("%d %b %Y, %H:%M UTC") if value else ""


def format_duration(seconds: float | None) -> str:
    total = int(round(seconds or 0))
    if total <= 0:
        return "–"
    if total < 60:
        return f"{total} s"
    hours, minutes = divmod(round(total / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def format_mean(values: Iterable[float]) -> str:
    values = list(values)
    return f"{mean(values):.1f}" if values else "–"


def candidate_label(candidate: Candidate | None, options: ExportOptions) -> str:
    if candidate is None:
        return ""
    if options.anonymous:
        return f"Candidate #{candidate.id}"
    return one_line(candidate.name) or f"Candidate #{candidate.id}"


def name_filter(candidate: Candidate | None, options: ExportOptions) -> Callable[[str], str]:
    """Applied to every text typed about the candidate; hides their name on anonymous exports."""
    if not options.anonymous or candidate is None:
        return lambda text: text
    return redactor(candidate.name, f"[candidate #{candidate.id}]")


def role_name(session: Session, role_id: str | None) -> str:
    if not role_id:
        return ""
    role = session.get(Role, role_id)
    return one_line(role.name) if role else role_id


def topic_names(session: Session) -> dict[str, str]:
    from desktop.core.storage.models import Topic

    return {t.id: one_line(t.name) for t in session.query(Topic)}
