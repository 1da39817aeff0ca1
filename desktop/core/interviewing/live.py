"""What the live interview view loads: the interview with its questions and annotations."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    Role,
)
from desktop.core.interviewing.competencies import NoteField, note_fields
from desktop.core.interviewing.fields import _get, asked

@dataclass
class LiveQuestion:
    """One question of an interview with its annotation, as plain data for the live view."""

    position: int
    question_id: str
    prompt: str
    difficulty: str
    kind: str
    minutes: int
    rubric: list[str]
    follow_ups: list[str]
    anchors: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    competencies: list[str] = field(default_factory=list)
    rating: int | None = None
    skipped: bool = False
    covered: list[int] = field(default_factory=list)
    notes: str = ""
    seconds_spent: float = 0.0
    version: int = 0  # of the annotation as loaded (or last saved by this window)


@dataclass
class LiveInterview:
    id: int
    candidate_id: int
    candidate_name: str
    role_name: str
    interviewer: str
    set_name: str
    loop_id: int | None
    status: str
    current_position: int
    elapsed_seconds: float
    summary: str
    recommendation: str | None
    questions: list[LiveQuestion]
    clock_paused: bool = False
    competency_notes: list[NoteField] = field(default_factory=list)  # one per competency it assesses


def load_live_interview(session: Session, interview_id: int) -> LiveInterview:
    """Everything the live view shows, detached from the session (plain data). The questions are
    as they were asked (the interview's snapshot), whatever the bank says now."""
    interview = _get(session, interview_id)
    candidate = interview.candidate
    role = session.get(Role, candidate.role_id) if candidate.role_id else None
    questions = []
    for a in sorted(interview.annotations, key=lambda a: a.position):
        q = asked(a)
        questions.append(LiveQuestion(
            position=a.position, question_id=a.question_id, prompt=q["prompt"],
            difficulty=q["difficulty"], kind=q["kind"], minutes=q["minutes"] or 0,
            rubric=[str(p) for p in q["rubric"]], follow_ups=[str(f) for f in q["follow_ups"]],
            anchors=[str(x) for x in q["anchors"]], red_flags=[str(x) for x in q["red_flags"]],
            competencies=list(q["competencies"]),
            rating=a.rating, skipped=bool(a.skipped), covered=list(a.covered or []),
            notes=a.notes or "", seconds_spent=float(a.seconds_spent or 0.0),
            version=int(a.version or 0),
        ))
    return LiveInterview(
        id=interview.id, candidate_id=candidate.id, candidate_name=candidate.name,
        role_name=role.name if role else "", interviewer=interview.interviewer,
        set_name=interview.set.name, loop_id=interview.loop_id, status=interview.status,
        current_position=interview.current_position or 0,
        elapsed_seconds=float(interview.elapsed_seconds or 0.0), summary=interview.summary or "",
        recommendation=interview.recommendation, questions=questions,
        clock_paused=bool(interview.clock_paused), competency_notes=note_fields(session, interview),
    )
