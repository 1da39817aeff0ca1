"""What the Candidates view shows about a decision, as plain data: the competency × interviewer
matrix with the composite, the decision recorded (if any), and each scorecard's ratings per
competency.

Who may see it follows the scorecards' rule: the composite shows every interviewer's ratings,
so it waits for the candidate's debrief to open, and an interviewer of this candidate sees it
only once their own scorecard is in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.access import may_see_composite
from desktop.core.interviewing.competencies import FORMULA as COMPETENCY_FORMULA
from desktop.core.interviewing.competencies import competency_ratings
from desktop.core.interviewing.decisions import (
    DECISION_LABELS,
    FORMULA,
    HIRE_LINE,
    Composite,
    DecisionRow,
    composite_for,
    decision_rows,
    departs,
    evidence_of,
    why_reason_needed,
)
from desktop.core.interviewing.records import ScorecardDetail, candidate_debrief_state
from desktop.core.storage.models import Competency, Interview, InterviewSet

__all__ = ["COMPETENCY_FORMULA", "DECISION_LABELS", "FORMULA", "HIRE_LINE", "CompetencyLine", "DecisionPanel",
           "MatrixRow", "decision_panel", "scorecard_competencies"]


@dataclass(frozen=True)
class MatrixRow:
    competency: str
    name: str
    weight: float | None  # None: the role does not weigh it (it counts with weight 1 only without weights)
    cells: tuple[float | None, ...]  # one per interviewer column; None: not rated by them
    score: float | None  # the mean of the cells that are rated


@dataclass(frozen=True)
class DecisionPanel:
    candidate_id: int
    available: bool
    why: str  # why the matrix is not shown yet (or, when shown, how far the debrief is)
    interviewers: tuple[str, ...] = ()  # column headings, "(amended)" where a scorecard was amended
    rows: tuple[MatrixRow, ...] = ()
    composite: float | None = None
    side: str | None = None  # hire | no_hire | None (nothing rated)
    not_assessed: tuple[str, ...] = ()  # names of the role's competencies nobody rated
    decision: DecisionRow | None = None
    needs_reason: dict[str, str] | None = None  # decision -> why it needs a written reason

    @property
    def side_label(self) -> str:
        return DECISION_LABELS[self.side] if self.side else "none (nothing rated)"


def _rows(composite: Composite) -> tuple[MatrixRow, ...]:
    rows = []
    for c in composite.competencies:
        cells = tuple(col.ratings[c].rating if c in col.ratings else None for col in composite.columns)
        rows.append(MatrixRow(c, composite.names.get(c, c), composite.weights.get(c), cells, composite.scores.get(c)))
    return tuple(rows)


def decision_panel(session: Session, candidate_id: int, *, viewer: str) -> DecisionPanel:
    """The decision area of one candidate, for `viewer` (the name in Preferences)."""
    is_open, why, _closed = candidate_debrief_state(session, candidate_id)
    if not is_open:
        return DecisionPanel(candidate_id, False, f"The debrief is not open yet: {why}.")
    if not (independent := may_see_composite(session, candidate_id, viewer)):
        return DecisionPanel(candidate_id, False, independent.why)
    composite = composite_for(session, candidate_id)
    decided = [row for row in decision_rows(session, [candidate_id]) if row.loop_id == composite.loop_id]
    needs = {d: why_reason_needed(d, composite) for d in DECISION_LABELS if departs(d, composite)}
    return DecisionPanel(
        candidate_id, True, why,
        tuple(col.interviewer + (" (amended)" if col.amended else "") for col in composite.columns),
        _rows(composite), composite.score, composite.side,
        tuple(composite.names.get(c, c) for c in composite.not_assessed),
        decided[-1] if decided else None, needs)


@dataclass(frozen=True)
class CompetencyLine:
    name: str
    rating: float | None
    questions: int  # rated questions behind the rating
    assigned: bool  # one of the competencies this interview was built to assess
    note: str = ""  # the interviewer's note on it (as amended)


def scorecard_competencies(session: Session, detail: ScorecardDetail) -> list[CompetencyLine]:
    """The scorecard's rating per competency (COMPETENCY_FORMULA), from the ratings the detail
    shows (effective, amendments applied); nothing while its ratings are hidden from the viewer."""
    if not detail.entry.visible:
        return []
    evidenced = evidence_of(session.get(Interview, detail.entry.id))  # as asked, not the bank now
    params = session.scalar(select(InterviewSet.params).where(InterviewSet.id == detail.entry.set_id)) or {}
    assigned = tuple(params.get("competencies") or ())
    ratings = competency_ratings(
        [{"position": q.position, "rating": q.rating, "skipped": q.skipped} for q in detail.questions],
        {q.position: evidenced.get(q.position, ()) for q in detail.questions}, assigned)
    names = dict(session.execute(select(Competency.id, Competency.name)).all())
    order = list(assigned) + sorted((c for c in ratings if c not in assigned), key=lambda c: names.get(c, c))
    return [CompetencyLine(names.get(c, c), ratings[c].rating, ratings[c].questions, c in assigned,
                           detail.competency_notes.get(c, "")) for c in order]
