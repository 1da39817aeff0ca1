"""Small builders shared by the interview tests: a set of bundled questions, a candidate, a loop."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.models import InterviewSet, Loop, Question, SetItem


def make_set(session, name: str = "Test set", count: int = 3, loop: Loop | None = None) -> InterviewSet:
    ids = session.scalars(select(Question.id).order_by(Question.id).limit(count)).all()
    interview_set = InterviewSet(name=name, role_id="genai-engineer", level="mid", loop=loop,
                                 items=[SetItem(question_id=q, position=i) for i, q in enumerate(ids)])
    session.add(interview_set)
    session.flush()
    return interview_set


def make_candidate(session, name: str = "Ada Lovelace"):
    return create_candidate(session, name=name, role_id="genai-engineer")


def make_loop(session, candidate, sets: int = 2, name: str = "Loop") -> Loop:
    loop = Loop(name=name, role_id="genai-engineer", level="mid", candidate=candidate)
    session.add(loop)
    session.flush()
    for i in range(sets):
        make_set(session, name=f"{name} set {i + 1}", count=2, loop=loop)
    session.flush()
    return loop
