"""A scorecard by competency: each competency's rating, computed from the question ratings.

The formula is stated once, here, and printed on every page that shows the figures:
a competency's rating in one interview is the mean of the 1-4 ratings of the questions that
evidence it (a question evidencing two competencies counts for both; skipped and unrated
questions count for neither). Interviews from before per-question competencies have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Iterable, Mapping, Sequence

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
