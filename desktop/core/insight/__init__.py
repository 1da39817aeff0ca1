"""Insight: learn from our own interviews.

    with store.session() as s:
        insight = insight_for(s, role="genai-engineer")
    insight.interviewers, insight.questions, insight.reliability

Everything is computed from one read of the ratings (`data.load_ratings`) with numpy, so the
whole report over 10,000 interviews takes well under a second. Pure functions over plain
arrays, no Qt, no ORM objects in the results: the app, the command line and the PDF share them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core.insight.calibration import (
    MIN_INTERVIEWS,
    TOO_FEW,
    InterviewerFigure,
    competency_agreement,
    fit_additive,
    interviewer_figures,
)
from desktop.core.insight.data import Ratings, load_ratings
from desktop.core.insight.questions import MIN_USES, QuestionFigure, question_figures
from desktop.core.insight.reliability import LoopReliability, loop_reliability


@dataclass(frozen=True)
class Insight:
    role: str | None
    ratings: int
    interviews: int
    interviewers: list[InterviewerFigure]
    questions: list[QuestionFigure]
    reliability: LoopReliability
    competency_agreement: dict[str, float | None]
    data: Ratings  # for the charts (a question's ratings over time)

    def leniency(self) -> dict[str, float]:
        """Interviewer -> estimated leniency, for those with enough interviews."""
        return {f.interviewer: f.leniency for f in self.interviewers if f.leniency is not None}

    def question(self, qid: str) -> QuestionFigure | None:
        return next((q for q in self.questions if q.id == qid), None)

    def question_series(self, qid: str) -> tuple[list[float], list[float]]:
        """(days since the first interview, rating) of every rating of one question, for drift charts."""
        if qid not in self.data.questions:
            return [], []
        q = self.data.questions.index(qid)
        mask = self.data.question == q
        return self.data.day[mask].tolist(), self.data.rating[mask].tolist()


def insight_for(session: Session, role: str | None = None) -> Insight:
    data = load_ratings(session, role)
    return insight_of(data)


def insight_of(data: Ratings) -> Insight:
    fit = fit_additive(data)
    return Insight(data.role, data.size, len(data.interviews), interviewer_figures(data, fit),
                   question_figures(data, fit), loop_reliability(data), competency_agreement(data), data)


__all__ = [
    "MIN_INTERVIEWS",
    "MIN_USES",
    "TOO_FEW",
    "Insight",
    "InterviewerFigure",
    "LoopReliability",
    "QuestionFigure",
    "insight_for",
    "insight_of",
    "load_ratings",
]
