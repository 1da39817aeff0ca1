"""The loop's composite, computed by formula before anyone discusses, and the decision taken.

The composite is the role's declared competency weights applied to the competency scores:
a competency's score is the mean of the interviewers' ratings of it (each from their own,
amended scorecard, `competencies.competency_ratings`), and the composite is the weighted mean
of those scores. At or above HIRE_LINE it points to hire, below it to no hire.

A decision that departs from that side (and every hold) carries a written reason: mechanical
combination beats holistic judgement, so a departure has to say what the numbers miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.access import debrief_state
from desktop.core.interviewing.competencies import FORMULA as COMPETENCY_FORMULA
from desktop.core.interviewing.competencies import CompetencyRating, competency_ratings
from desktop.core.interviewing.fields import _canonical, _iso, _sha256, asked
from desktop.core.interviewing.keys import local_keyring, verify_signature
from desktop.core.interviewing.seals import effective_scorecard
from desktop.core.storage.models import Candidate, Competency, Decision, Interview, Loop, Role, utcnow

HIRE_LINE = 2.5  # between "no" (2) and "yes" (3) on the 1-4 scale
DECISIONS = ("hire", "no_hire", "hold")
DECISION_LABELS = {"hire": "Hire", "no_hire": "No hire", "hold": "Hold"}
FORMULA = (COMPETENCY_FORMULA + " A competency's score is the mean of its interviewers' ratings; "
           f"the composite is the mean of the scores weighted by the role's weights. At {HIRE_LINE} "
           "or above it points to hire, below to no hire.")


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why in one line."""


@dataclass(frozen=True)
class InterviewerColumn:
    interview_id: int
    interviewer: str
    ratings: dict[str, CompetencyRating]
    amended: bool


@dataclass(frozen=True)
class Composite:
    candidate_id: int
    loop_id: int | None
    role_id: str | None
    competencies: tuple[str, ...]  # the role's, heaviest first, then any others rated
    names: dict[str, str]  # competency id -> name
    weights: dict[str, float]
    columns: list[InterviewerColumn]
    scores: dict[str, float | None]
    score: float | None  # None: no competency was rated (e.g. scorecards from before competencies)
    not_assessed: tuple[str, ...] = field(default=())  # the role's competencies nobody rated

    @property
    def side(self) -> str | None:
        if self.score is None:
            return None
        return "hire" if self.score >= HIRE_LINE else "no_hire"


def _loop_of(session: Session, candidate_id: int) -> Loop | None:
    """The candidate's latest loop (a candidate interviewed twice has two)."""
    ids = set(session.scalars(select(Loop.id).where(Loop.candidate_id == candidate_id)))
    ids |= set(session.scalars(select(Interview.loop_id).where(
        Interview.candidate_id == candidate_id, Interview.loop_id.is_not(None))))
    return session.get(Loop, max(ids)) if ids else None


def evidence_of(interview: Interview) -> dict[int, tuple[str, ...]]:
    """Question position -> the competencies that question evidences, as asked (`fields.asked`):
    a bank edit after the interview started does not move its ratings to other competencies."""
    return {a.position: tuple(asked(a)["competencies"]) for a in interview.annotations}


def composite_for(session: Session, candidate_id: int) -> Composite:
    """The composite of the candidate's latest loop (or of all their interviews without one),
    from the submitted scorecards with their amendments."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise DecisionError(f"no candidate with id {candidate_id}")
    loop = _loop_of(session, candidate_id)
    query = select(Interview).where(Interview.status == "submitted")
    query = query.where(Interview.loop_id == loop.id) if loop else query.where(Interview.candidate_id == candidate_id)
    interviews = session.scalars(query.order_by(Interview.id)).all()
    role_id = (loop.role_id if loop else None) or candidate.role_id
    role = session.get(Role, role_id) if role_id else None
    weights = {c: float(w) for c, w in ((role.competencies if role else None) or {}).items()}
    assessed = tuple(sorted(weights, key=lambda c: (-weights[c], c)))
    columns = []
    for interview in interviews:
        card = effective_scorecard(interview)
        columns.append(InterviewerColumn(interview.id, interview.interviewer,
                                         competency_ratings(card["annotations"], evidence_of(interview), assessed),
                                         card["amended"]))
    rated = sorted({c for col in columns for c, r in col.ratings.items() if r.rated and c not in weights})
    competencies = assessed + tuple(rated)
    scores = {}
    for c in competencies:
        values = [col.ratings[c].rating for col in columns if c in col.ratings and col.ratings[c].rated]
        scores[c] = round(sum(values) / len(values), 2) if values else None
    counted = {c: s for c, s in scores.items() if s is not None and weights.get(c, 0 if weights else 1) > 0}
    total = sum(weights.get(c, 1) for c in counted)
    score = round(sum(s * weights.get(c, 1) for c, s in counted.items()) / total, 2) if total else None
    names = dict(session.execute(select(Competency.id, Competency.name)).all())
    return Composite(candidate_id, loop.id if loop else None, role_id, competencies, names, weights,
                     columns, scores, score, tuple(c for c in assessed if scores.get(c) is None))


def departs(decision: str, composite: Composite) -> bool:
    """True when the decision needs a written reason: it goes against the composite's side,
    it is a hold, or there is no composite to follow."""
    return decision == "hold" or composite.side is None or decision != composite.side


def _content(d: Decision) -> dict:
    return {
        "candidate_id": d.candidate_id, "loop_id": d.loop_id, "decision": d.decision,
        "reason": d.reason or "", "decided_by": d.decided_by, "decided_at": _iso(d.decided_at),
        "composite": d.composite, "composite_side": d.composite_side, "scores": dict(d.scores or {}),
    }


def verify_decision(d: Decision) -> bool:
    """The content is as it was signed, by the key stored with it (see docs/seals.md)."""
    content = _content(d)
    return (bool(d.digest) and _sha256(content) == d.digest and bool(d.signature and d.public_key)
            and verify_signature(d.public_key, d.signature, _canonical(content)))


def record_decision(session: Session, candidate_id: int, *, decision: str, by: str, reason: str = "",
                    now: datetime | None = None) -> Decision:
    """Record and seal the hiring decision for the candidate's loop, once its debrief is open."""
    if decision not in DECISIONS:
        raise DecisionError(f"unknown decision {decision!r} (choose hire, no_hire or hold)")
    by = " ".join((by or "").split())
    if not by:
        raise DecisionError("say who takes the decision")
    composite = composite_for(session, candidate_id)
    if composite.loop_id is not None:
        is_open, why = debrief_state(session, composite.loop_id)
        if not is_open:
            raise DecisionError(f"the debrief is not open yet: {why}")
    elif not composite.columns:
        raise DecisionError("the candidate has no submitted scorecard yet")
    same_loop = Decision.loop_id.is_(None) if composite.loop_id is None else Decision.loop_id == composite.loop_id
    existing = session.scalars(select(Decision).where(Decision.candidate_id == candidate_id, same_loop)).first()
    if existing is not None:
        raise DecisionError(f"already decided: {DECISION_LABELS[existing.decision]} by {existing.decided_by} "
                            f"on {_iso(existing.decided_at)}")
    reason = (reason or "").strip()
    if departs(decision, composite) and not reason:
        raise DecisionError(why_reason_needed(decision, composite))
    d = Decision(candidate_id=candidate_id, loop_id=composite.loop_id, decision=decision, reason=reason,
                 decided_by=by, decided_at=(now or utcnow()).replace(microsecond=0),
                 composite=composite.score, composite_side=composite.side,
                 scores={c: s for c, s in composite.scores.items() if s is not None})
    content = _content(d)
    d.digest = _sha256(content)
    d.signature, d.public_key = local_keyring().sign(by, _canonical(content))
    session.add(d)
    session.flush()
    return d


def why_reason_needed(decision: str, composite: Composite) -> str:
    label = DECISION_LABELS[decision]
    if composite.side is None:
        return f"{label}: there is no composite to follow (no competency was rated), so write the reason"
    side = DECISION_LABELS[composite.side].lower()
    if decision == "hold":
        return f"Hold: the composite is {composite.score:.2f} ({side}); write what would settle it"
    return (f"{label} departs from the composite ({composite.score:.2f} points to {side}): "
            "write the reason")


@dataclass(frozen=True)
class DecisionRow:
    id: int
    candidate_id: int
    candidate: str
    loop_id: int | None
    decision: str
    label: str
    reason: str
    decided_by: str
    decided_at: str | None
    composite: float | None
    composite_side: str | None
    sealed: bool

    def as_dict(self) -> dict:
        return {"id": self.id, "candidate_id": self.candidate_id, "candidate": self.candidate,
                "loop_id": self.loop_id, "decision": self.decision, "reason": self.reason,
                "decided_by": self.decided_by, "decided_at": self.decided_at,
                "composite": self.composite, "composite_side": self.composite_side,
                "seal": "ok" if self.sealed else "broken"}


def decision_rows(session: Session, candidate_ids: Sequence[int] | None = None) -> list[DecisionRow]:
    query = select(Decision, Candidate.name).join(Candidate, Candidate.id == Decision.candidate_id)
    if candidate_ids is not None:
        query = query.where(Decision.candidate_id.in_(list(candidate_ids)))
    return [DecisionRow(d.id, d.candidate_id, name, d.loop_id, d.decision, DECISION_LABELS[d.decision],
                        d.reason, d.decided_by, _iso(d.decided_at), d.composite, d.composite_side,
                        verify_decision(d))
            for d, name in session.execute(query.order_by(Decision.decided_at, Decision.id))]
