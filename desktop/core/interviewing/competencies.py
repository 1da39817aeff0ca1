"""A scorecard by competency: each competency's rating, computed from the question ratings.

The formula is stated once, here, and printed on every page that shows the figures:
a competency's rating in one interview is the mean of the 1-4 ratings of the questions that
evidence it (a question evidencing two competencies counts for both; skipped and unrated
questions count for neither). Interviews from before per-question competencies have none.

The interviewer may also write one note per competency the interview assesses (the ones its
loop assigned to it, then the ones its questions evidence, as asked); the notes are stored on
the interview, sealed with it and amendable like its other notes.

Interviews from before question anchors (schema 0004) were rated on the one global scale; they
keep that meaning (`Interview.rating_scale == "global"`) and say so (GLOBAL_SCALE_LABEL).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.fields import InterviewError, asked
from desktop.core.storage.models import Competency, Interview

FORMULA = ("Each competency's rating is the mean of the 1-4 ratings of the questions that "
           "evidence it; skipped and unrated questions do not count.")


@dataclass(frozen=True)
class CompetencyRating:
    competency: str
    rating: float | None  # None: no rated question evidences it
    questions: int  # rated questions behind the figure

    @property
    def rated(self) -> bool:
        return self.rating is not None


def competency_ratings(annotations: Iterable[Mapping], evidence: Mapping[int, Sequence[str]],
                       assessed: Sequence[str] = ()) -> dict[str, CompetencyRating]:
    """Competency -> its rating for one (effective) scorecard.

    `annotations`: the scorecard's annotations (position, rating, skipped);
    `evidence`: question position -> the competencies that question evidences;
    `assessed`: competencies to list even when nothing rated evidences them."""
    ratings: dict[str, list[int]] = {c: [] for c in assessed}
    for a in annotations:
        for c in evidence.get(a["position"], ()):
            bucket = ratings.setdefault(c, [])
            if a.get("rating") is not None and not a.get("skipped"):
                bucket.append(int(a["rating"]))
    return {c: CompetencyRating(c, round(mean(r), 2) if r else None, len(r)) for c, r in ratings.items()}


# -- the scale the ratings were given on ------------------------------------------------------------
RATING_SCALES = ("anchored", "global")
GLOBAL_SCALE_LABEL = "Rated on the global scale (before question anchors)"


def scale_label(rating_scale: str | None) -> str:
    """What a scorecard says about its scale: only the old, global one needs saying."""
    return GLOBAL_SCALE_LABEL if rating_scale == "global" else ""


# -- one note per competency ------------------------------------------------------------------------
def assessed_competencies(interview: Interview) -> tuple[str, ...]:
    """The competencies this interview assesses: those its loop assigned to it (its set's
    focus), then those its questions evidence, as asked; each once."""
    assigned = list((interview.set.params or {}).get("competencies") or ()) if interview.set else []
    evidenced = [c for a in sorted(interview.annotations, key=lambda a: a.position)
                 for c in asked(a)["competencies"] or ()]
    return tuple(dict.fromkeys(str(c) for c in [*assigned, *evidenced]))


def check_competency_notes(notes: Any, assessed: Sequence[str]) -> dict[str, str]:
    """{competency: text} checked against what the interview assesses; blank notes are dropped."""
    if not isinstance(notes, Mapping):
        raise InterviewError(f"competency notes are a mapping of competency to text, not {notes!r}")
    unknown = sorted(str(c) for c in notes if c not in assessed)
    if unknown:
        which = ", ".join(assessed) or "none"
        raise InterviewError(f"this interview does not assess {', '.join(unknown)} (it assesses: {which})")
    return {str(c): str(text) for c, text in notes.items() if str(text or "").strip()}


@dataclass(frozen=True)
class NoteField:
    """One competency's note as the wrap-up edits it (plain data for the view)."""

    competency: str
    name: str
    assigned: bool  # one the loop assigned to this interview
    text: str


def competency_names(session: Session | None) -> dict[str, str]:
    """Competency id -> name, as people read them (none without a session)."""
    return dict(session.execute(select(Competency.id, Competency.name)).all()) if session is not None else {}


def note_fields(session: Session, interview: Interview) -> list[NoteField]:
    """The interview's competency notes, one field per competency it assesses: assigned ones
    first, then the others by name, as the scorecard lists its ratings per competency."""
    assessed = assessed_competencies(interview)
    assigned = set((interview.set.params or {}).get("competencies") or ()) if interview.set else set()
    names = competency_names(session)
    order = [c for c in assessed if c in assigned] + sorted(
        (c for c in assessed if c not in assigned), key=lambda c: names.get(c, c).lower())
    notes = interview.competency_notes or {}
    return [NoteField(c, names.get(c, c), c in assigned, str(notes.get(c, ""))) for c in order]
