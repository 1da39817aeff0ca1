"""The fields of an interview and its annotations: labels, and the checks every change passes."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    RECOMMENDATIONS,
    Annotation,
    Interview,
)

RATING_ANCHORS = {
    1: "No evidence",
    2: "Partial, with gaps",
    3: "Solid, covers the key points",
    4: "Exceptional, beyond the rubric",
}
RECOMMENDATION_LABELS = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}
STATUS_LABELS = {"planned": "planned", "in_progress": "in progress", "submitted": "submitted"}
AMENDABLE_ANNOTATION_FIELDS = ("rating", "skipped", "covered", "notes")

_UNSET: Any = object()  # "not given", so None can still mean "clear the rating"


class InterviewError(ValueError):
    """A request that cannot be done (sealed scorecard, missing summary, ...): one clear line."""


class InterviewSealedError(InterviewError):
    """A change to an interview that is already submitted and sealed (e.g. an autosave that lost
    the race against Submit): the change was not written."""


# -- what was asked -------------------------------------------------------------------------------
SNAPSHOT_FIELDS = ("prompt", "kind", "difficulty", "minutes", "rubric", "anchors", "red_flags",
                   "competencies", "follow_ups", "topics")


def question_snapshot(question) -> dict:
    """A question as plain JSON values, kept with the scorecard so bank edits never change it."""
    return {
        "prompt": question.prompt, "kind": question.kind, "difficulty": question.difficulty,
        "minutes": question.minutes or 0, "rubric": [str(p) for p in (question.rubric or [])],
        "anchors": [str(a) for a in (question.anchors or [])],
        "red_flags": [str(f) for f in (question.red_flags or [])],
        "competencies": list(question.competencies or []),
        "follow_ups": [str(f) for f in (question.follow_ups or [])], "topics": list(question.topics),
    }


# What a snapshot that lacks a field (written before the field existed, or by hand) reads as:
# the field's empty value, never the bank's value now (the bank may have changed since the start).
# No competencies: the question evidenced none; no anchors: it was rated on the global scale.
_EMPTY_ASKED = {"prompt": "", "kind": "", "difficulty": "", "minutes": 0, "rubric": [], "anchors": [],
                "red_flags": [], "competencies": [], "follow_ups": [], "topics": []}


def asked(annotation: Annotation) -> dict:
    """What was asked at this annotation, every SNAPSHOT_FIELDS key present: its snapshot (the
    missing fields of an older one as in _EMPTY_ASKED, a missing prompt as the question id), or
    (no snapshot yet: a planned interview) the bank's question as it is now."""
    if annotation.question_snapshot:
        snapshot = {k: v for k, v in annotation.question_snapshot.items() if v is not None}
        return {**_EMPTY_ASKED, "prompt": annotation.question_id, **snapshot}
    if annotation.question is None:
        return {**_EMPTY_ASKED, "prompt": annotation.question_id}
    return question_snapshot(annotation.question)


# -- small helpers --------------------------------------------------------------------------------
def _get(session: Session, interview_id: int) -> Interview:
    """The interview and its annotations as the database has them now.

    Autosave writes with bulk UPDATEs, which can leave objects already in this session stale;
    sealing from stale objects would seal the wrong content, so reload both."""
    session.flush()
    interview = session.get(Interview, interview_id, populate_existing=True)
    if interview is None:
        raise InterviewError(f"no interview with id {interview_id}")
    session.scalars(
        select(Annotation).where(Annotation.interview_id == interview_id)
        .execution_options(populate_existing=True)
    ).all()
    return interview


def _check_rating(rating: Any) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 4:
        raise InterviewError(f"a rating is 1, 2, 3 or 4, not {rating!r}")
    return rating


def _check_covered(covered: Any, rubric_size: int | None = None) -> list[int]:
    try:
        points = sorted({int(i) for i in covered})
    except (TypeError, ValueError):
        raise InterviewError(f"covered must be a list of rubric point numbers, not {covered!r}") from None
    if points and (points[0] < 0 or (rubric_size is not None and points[-1] >= rubric_size)):
        raise InterviewError(f"covered points {points} are outside the rubric")
    return points


def _check_recommendation(recommendation: Any) -> str:
    if recommendation not in RECOMMENDATIONS:
        choices = ", ".join(RECOMMENDATIONS)
        raise InterviewError(f"the recommendation must be one of {choices} (no neutral option)")
    return recommendation


def _check_text(value: Any, what: str) -> str:
    text = str(value or "")
    if not text.strip():
        raise InterviewError(f"a {what} is required")
    return text


# -- lifecycle ------------------------------------------------------------------------------------
def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(value: Any) -> str:
    return hashlib.sha256(_canonical(value)).hexdigest()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


