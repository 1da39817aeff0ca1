"""What the live view shows beside each question: the competencies it evidences (by name), its
own rating anchors (the global scale where it has none), its red flags, and what the ticked
rubric points suggest.

The suggestion is only that: the interviewer rates. Ticks measure coverage of the rubric, so
they can point to 1, 2 or 3; a 4 ("beyond the rubric") is something only the interviewer saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.fields import RATING_ANCHORS, _get, asked
from desktop.core.storage.models import Competency

SUGGESTION_RULE = ("No point ticked suggests 1, some suggest 2, three quarters or more suggest 3; "
                   "a 4 goes beyond the rubric, so only you can give it.")
MOST = 0.75  # share of the rubric that counts as "covers the key points"


def rubric_suggestion(ticked: int, points: int) -> int | None:
    """The rating the ticked share of the rubric points to (see SUGGESTION_RULE); None when the
    question has no rubric to go by."""
    if points <= 0:
        return None
    share = min(max(ticked, 0), points) / points
    if share == 0:
        return 1
    return 3 if share >= MOST else 2


@dataclass(frozen=True)
class QuestionGuide:
    position: int
    competencies: tuple[str, ...]  # names, as people read them
    anchors: dict[int, str]  # 1..4 -> what such an answer looks like for this question
    own_anchors: bool  # False: the question has none, these are the global scale
    red_flags: tuple[str, ...]
    answer: str = ""  # the bank's model answer: a help to the interviewer, not part of what was asked


def anchors_of(anchors: list | None) -> tuple[dict[int, str], bool]:
    """A question's four anchors as 1..4, or the global scale when it has no full set."""
    texts = [" ".join(str(a).split()) for a in (anchors or [])]
    if len(texts) == len(RATING_ANCHORS) and all(texts):
        return {value: text for value, text in zip(RATING_ANCHORS, texts)}, True
    return dict(RATING_ANCHORS), False


def question_guides(session: Session, interview_id: int) -> list[QuestionGuide]:
    """One guide per question of the interview, in the interview's order (plain data), from the
    questions as asked (`fields.asked`): a bank edit after the start changes no guide."""
    interview = _get(session, interview_id)
    names = dict(session.execute(select(Competency.id, Competency.name)).all())
    guides = []
    for a in sorted(interview.annotations, key=lambda a: a.position):
        q = asked(a)
        anchors, own = anchors_of(q["anchors"])
        guides.append(QuestionGuide(a.position, tuple(names.get(c, c) for c in q["competencies"]),
                                    anchors, own, tuple(str(f) for f in q["red_flags"]),
                                    (a.question.answer or "").strip() if a.question else ""))
    return guides
