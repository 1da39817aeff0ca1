"""How a figure reads wherever a person sees it (the app, the command line, the PDFs): one way
to write a mean rating, one for a duration and one for a date and time, so the same interview
reads the same on screen and on paper."""

from __future__ import annotations

from datetime import datetime, timezone
from statistics import mean
from typing import Iterable

NOT_RATED = "—"


def rating_figure(value: float | None) -> str:
    """A mean rating, competency rating or composite: two places (2.25, never 2.2 elsewhere)."""
    return NOT_RATED if value is None else f"{value:.2f}"


def mean_figure(ratings: Iterable[float]) -> str:
    """The mean of these ratings as `rating_figure` writes it; a dash when there are none."""
    ratings = list(ratings)
    return rating_figure(mean(ratings)) if ratings else NOT_RATED


def duration(seconds: float | None) -> str:
    """Time spent as the interview clock shows it (m:ss, or h:mm:ss from an hour): whole seconds
    cut, not rounded, so a sealed figure reads what the clock last showed."""
    total = max(0, int(seconds or 0))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def when(value: datetime | str | None) -> str:
    """A stored time (naive UTC, or its ISO text) as people read it: "23 Nov 2026, 10:00 UTC"."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%d %b %Y, %H:%M UTC")
