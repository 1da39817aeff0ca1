"""Loop reliability: how much of the composite's spread is the candidate, from observed agreement.

A single interview's reliability is the ICC(1) of interview scores of the same candidate
(different interviewers, different questions). The loop averages k of them, so by
Spearman-Brown its reliability is k*rho / (1 + (k-1)*rho), and reaching a target R takes
k = R(1-rho) / (rho(1-R)) interviews. The same per competency: with its interviewers, and
with its questions (single question ratings of the same candidate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from desktop.core.insight.calibration import competency_scores, icc_oneway, interview_means
from desktop.core.insight.data import Ratings

TARGET = 0.8


def spearman_brown(rho: float, k: float) -> float:
    return k * rho / (1 + (k - 1) * rho)


def needed_for(rho: float | None, target: float = TARGET) -> int | None:
    """How many parallel measurements reach `target` (None: no positive agreement to build on)."""
    if rho is None or rho <= 0:
        return None
    if rho >= target:
        return 1
    return math.ceil(target * (1 - rho) / (rho * (1 - target)) - 1e-9)


@dataclass(frozen=True)
class CompetencyReliability:
    competency: str
    interviewers: int  # in the role's loop, on average
    single_interview: float | None  # ICC(1) of the interviewers' ratings of it
    reliability: float | None  # of its score with that many interviewers
    interviewers_needed: int | None
    single_question: float | None
    questions_per_loop: float
    questions_needed: int | None

    def as_dict(self) -> dict:
        def r(v):
            return None if v is None else round(float(v), 3)
        return {"competency": self.competency, "interviewers": self.interviewers,
                "single_interview": r(self.single_interview), "reliability": r(self.reliability),
                "interviewers_needed": self.interviewers_needed, "single_question": r(self.single_question),
                "questions_per_loop": r(self.questions_per_loop), "questions_needed": self.questions_needed}


@dataclass(frozen=True)
class LoopReliability:
    role: str | None
    loops: int
    loop_size: float  # interviews per loop, on average
    single_interview: float | None
    composite: float | None  # the loop's composite, by Spearman-Brown from single_interview
    interviewers_needed: int | None
    curve: list[tuple[int, float]]  # loop size -> reliability, 1..8
    competencies: list[CompetencyReliability]

    def as_dict(self) -> dict:
        def r(v):
            return None if v is None else round(float(v), 3)
        return {"role": self.role, "loops": self.loops, "loop_size": r(self.loop_size),
                "single_interview": r(self.single_interview), "composite": r(self.composite),
                "target": TARGET, "interviewers_needed": self.interviewers_needed,
                "curve": [{"interviewers": k, "reliability": r(v)} for k, v in self.curve],
                "competencies": [c.as_dict() for c in self.competencies]}


def loop_reliability(r: Ratings) -> LoopReliability:
    mean, _, _ = interview_means(r)
    loops = r.interview_loop
    rho = icc_oneway(loops, mean) if mean.size else None
    _, per_loop = np.unique(loops, return_counts=True)
    size = float(per_loop.mean()) if per_loop.size else 0.0
    composite = spearman_brown(rho, size) if rho is not None and size else None
    curve = [(k, spearman_brown(rho, k)) for k in range(1, 9)] if rho is not None else []
    competencies = []
    loop_of_rating = loops[r.interview]
    for c, (c_loops, _, scores) in competency_scores(r).items():
        if r.role_competencies and c not in r.role_competencies:
            continue
        _, counts = np.unique(c_loops, return_counts=True)
        k = max(1, round(float(counts.mean()))) if counts.size else 0
        single = icc_oneway(c_loops, scores)
        has = r.evidences(c)
        q_single = icc_oneway(loop_of_rating[has], r.rating[has])
        _, q_counts = np.unique(loop_of_rating[has], return_counts=True)
        competencies.append(CompetencyReliability(
            c, k, single, spearman_brown(single, k) if single is not None and k else None, needed_for(single),
            q_single, float(q_counts.mean()) if q_counts.size else 0.0, needed_for(q_single)))
    return LoopReliability(r.role, int(per_loop.size), size, rho, composite, needed_for(rho), curve,
                           sorted(competencies, key=lambda c: c.competency))
