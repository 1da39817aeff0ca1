"""The strictness-adjusted composite: shown beside the raw composite, never in its place.

Each interviewer's competency ratings are moved by minus their estimated leniency (an
interviewer with too few interviews is left as they rated), kept on the 1-4 scale, then
combined exactly as the raw composite is (decisions.py: the mean per competency, the role's
weights across competencies). The decision stays taken on the raw composite; the adjusted one
is context for the committee ("two strict interviewers in this loop").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core.insight import Insight, insight_for
from desktop.core.interviewing.decisions import Composite, composite_for

LABEL = "Adjusted for interviewer strictness (context only; the decision follows the raw composite)"


@dataclass(frozen=True)
class AdjustedComposite:
    raw: float | None
    score: float | None  # None: no rating, or nobody in the loop has a leniency estimate
    scores: dict[str, float | None]
    leniency: dict[str, float | None]  # interviewer -> what was taken off (None: too few interviews)
    label: str = LABEL


def adjust(composite: Composite, leniency: dict[str, float]) -> AdjustedComposite:
    by_person = {col.interviewer: leniency.get(col.interviewer) for col in composite.columns}
    scores: dict[str, float | None] = {}
    for c in composite.competencies:
        values = [min(4.0, max(1.0, col.ratings[c].rating - (by_person[col.interviewer] or 0.0)))
                  for col in composite.columns if c in col.ratings and col.ratings[c].rated]
        scores[c] = round(sum(values) / len(values), 2) if values else None
    weights = composite.weights
    counted = {c: s for c, s in scores.items() if s is not None and weights.get(c, 0 if weights else 1) > 0}
    total = sum(weights.get(c, 1) for c in counted)
    score = round(sum(s * weights.get(c, 1) for c, s in counted.items()) / total, 2) if total else None
    if all(v is None for v in by_person.values()):
        score = None  # nothing to adjust with: say so rather than repeat the raw figure
    return AdjustedComposite(composite.score, score, scores, by_person)


def adjusted_composite(session: Session, candidate_id: int, found: Insight | None = None) -> AdjustedComposite:
    composite = composite_for(session, candidate_id)
    found = found or insight_for(session, composite.role_id)
    return adjust(composite, found.leniency())


def adjusted_for(session: Session, candidate_id: int) -> AdjustedComposite | None:
    """The adjusted composite the debrief PDF and the app's decision area show, or None when
    Insight has nothing to adjust with (too little history to estimate anyone's strictness)."""
    try:
        adjusted = adjusted_composite(session, candidate_id)
    except (ValueError, LookupError, ZeroDivisionError):
        return None
    return adjusted if adjusted.score is not None else None


def adjusted_text(adjusted: AdjustedComposite | None) -> str:
    """One line for people, beside the raw composite (never in its place)."""
    if adjusted is None or adjusted.score is None:
        return ("Adjusted for interviewer strictness: not shown (too few interviews by these interviewers "
                "to estimate their strictness).")
    raw = "—" if adjusted.raw is None else f"{adjusted.raw:.2f}"
    return f"{adjusted.label}: {adjusted.score:.2f} (raw composite {raw})."
