"""The live interview and its sealed scorecard.

An interview is planned, then in progress (autosaved as it happens), then submitted: submitting
seals it with a SHA-256 digest of its content. A sealed scorecard never changes; corrections are
amendments (with author and reason) applied on top, each with its own digest chained to the seal.

Functions take a Session; the caller decides the transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from desktop.core.models import (
    RECOMMENDATIONS,
    Amendment,
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Loop,
    Role,
    utcnow,
)

RATING_ANCHORS = {
    1: "No evidence",
    2: "Partial, with gaps",
    3: "Solid, covers the key points",
    4: "Exceptional, beyond the rubric",
}
RECOMMENDATION_LABELS = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}
STATUS_LABELS = {"planned": "planned", "in_progress": "in progress", "submitted": "submitted"}
ANNOTATION_FIELDS = ("rating", "skipped", "covered", "notes", "seconds_spent")
AMENDABLE_ANNOTATION_FIELDS = ("rating", "skipped", "covered", "notes")

_UNSET: Any = object()  # "not given", so None can still mean "clear the rating"


class InterviewError(ValueError):
    """A request that cannot be done (sealed scorecard, missing summary, ...): one clear line."""


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


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(value: Any) -> str:
    return hashlib.sha256(_canonical(value)).hexdigest()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


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
def create_interview(
    session: Session, *, set_id: int, candidate_id: int, interviewer: str, loop_id: int | None = None
) -> Interview:
    """A planned interview with one empty annotation per question of the set, in set order.

    A set that belongs to a loop puts the interview in that loop unless a loop is given."""
    interview_set = session.get(InterviewSet, set_id)
    if interview_set is None:
        raise InterviewError(f"no set with id {set_id}")
    if not interview_set.items:
        raise InterviewError(f"the set {interview_set.name!r} has no questions")
    if session.get(Candidate, candidate_id) is None:
        raise InterviewError(f"no candidate with id {candidate_id}")
    interviewer = " ".join((interviewer or "").split())
    if not interviewer:
        raise InterviewError("an interview needs an interviewer name")
    loop_id = loop_id if loop_id is not None else interview_set.loop_id
    if loop_id is not None and session.get(Loop, loop_id) is None:
        raise InterviewError(f"no loop with id {loop_id}")
    interview = Interview(
        set_id=set_id, candidate_id=candidate_id, interviewer=interviewer, loop_id=loop_id,
        status="planned", current_position=0, elapsed_seconds=0.0, summary="",
    )
    interview.annotations = [
        Annotation(question_id=item.question_id, position=i, covered=[], notes="", skipped=False,
                   seconds_spent=0.0)
        for i, item in enumerate(interview_set.items)
    ]
    session.add(interview)
    session.flush()
    return interview


def begin_interview(session: Session, interview_id: int, now: datetime | None = None) -> Interview:
    """planned -> in_progress (started now). Beginning one already in progress is harmless."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is submitted and sealed")
    if interview.status == "planned":
        interview.status = "in_progress"
        interview.started_at = now or utcnow()
        session.flush()
    return interview


def _require_open(session: Session, interview_id: int) -> None:
    status = session.scalar(select(Interview.status).where(Interview.id == interview_id))
    if status is None:
        raise InterviewError(f"no interview with id {interview_id}")
    if status == "submitted":
        raise InterviewError(f"interview {interview_id} is submitted and sealed; amend it instead")


def update_annotation(
    session: Session, interview_id: int, position: int, *,
    rating: Any = _UNSET, skipped: Any = _UNSET, covered: Any = _UNSET,
    notes: Any = _UNSET, seconds_spent: Any = _UNSET,
) -> None:
    """Change only the given fields of one question's annotation: one small UPDATE (autosave)."""
    _require_open(session, interview_id)
    values: dict[str, Any] = {}
    if rating is not _UNSET:
        values["rating"] = _check_rating(rating)
    if skipped is not _UNSET:
        values["skipped"] = bool(skipped)
    if covered is not _UNSET:
        values["covered"] = _check_covered(covered)
    if notes is not _UNSET:
        values["notes"] = str(notes or "")
    if seconds_spent is not _UNSET:
        values["seconds_spent"] = max(0.0, float(seconds_spent))
    if not values:
        return
    result = session.execute(
        update(Annotation)
        .where(Annotation.interview_id == interview_id, Annotation.position == position)
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount == 0:
        raise InterviewError(f"interview {interview_id} has no question at position {position}")


def update_progress(
    session: Session, interview_id: int, *,
    current_position: int | None = None, elapsed_seconds: float | None = None,
    clock_paused: bool | None = None, summary: str | None = None, recommendation: str | None = None,
) -> None:
    """Where the interviewer is, how long it has run (and whether its clock is paused), and the
    draft wrap-up (summary and recommendation typed before submitting), autosaved with every change."""
    _require_open(session, interview_id)
    values: dict[str, Any] = {}
    if current_position is not None:
        values["current_position"] = max(0, int(current_position))
    if elapsed_seconds is not None:
        values["elapsed_seconds"] = max(0.0, float(elapsed_seconds))
    if clock_paused is not None:
        values["clock_paused"] = bool(clock_paused)
    if summary is not None:
        values["summary"] = str(summary)
    if recommendation is not None:
        values["recommendation"] = _check_recommendation(recommendation)
    if values:
        session.execute(
            update(Interview).where(Interview.id == interview_id)
            .values(**values, updated_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )


def submit_interview(
    session: Session, interview_id: int, *, recommendation: str, summary: str,
    now: datetime | None = None,
) -> str:
    """Seal the scorecard: forced four-point recommendation, a written summary, a digest."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        raise InterviewError(f"interview {interview_id} is already submitted")
    interview.recommendation = _check_recommendation(recommendation)
    interview.summary = _check_text(summary, "written summary of the evidence")
    moment = (now or utcnow()).replace(microsecond=0)
    interview.started_at = interview.started_at or moment
    interview.status = "submitted"
    interview.submitted_at = moment
    interview.ended_at = moment
    interview.digest = _sha256(scorecard_content(interview))
    session.flush()
    return interview.digest


# -- the sealed content ---------------------------------------------------------------------------
def scorecard_content(interview: Interview) -> dict:
    """Everything the seal covers, as plain JSON values in a canonical shape."""
    return {
        "interview_id": interview.id,
        "candidate_id": interview.candidate_id,
        "interviewer": interview.interviewer,
        "set_id": interview.set_id,
        "loop_id": interview.loop_id,
        "recommendation": interview.recommendation,
        "summary": interview.summary or "",
        "submitted_at": _iso(interview.submitted_at),
        "annotations": [
            {
                "position": a.position,
                "question_id": a.question_id,
                "rating": a.rating,
                "skipped": bool(a.skipped),
                "covered": sorted(int(i) for i in (a.covered or [])),
                "notes": a.notes or "",
                "seconds_spent": round(float(a.seconds_spent or 0.0), 1),
            }
            for a in sorted(interview.annotations, key=lambda a: a.position)
        ],
    }


def verify_seal(interview: Interview) -> bool:
    """True when the stored scorecard still matches the digest taken when it was submitted."""
    return bool(interview.digest) and _sha256(scorecard_content(interview)) == interview.digest


def _amendments_in_order(interview: Interview) -> list[Amendment]:
    return sorted(interview.amendments, key=lambda a: (a.created_at, a.id or 0))


def _validated_changes(interview: Interview, changes: dict) -> dict:
    if not isinstance(changes, dict) or not changes:
        raise InterviewError("an amendment must change something")
    unknown = set(changes) - {"recommendation", "summary", "annotations"}
    if unknown:
        raise InterviewError(f"cannot amend {', '.join(sorted(unknown))}")
    clean: dict[str, Any] = {}
    if "recommendation" in changes:
        clean["recommendation"] = _check_recommendation(changes["recommendation"])
    if "summary" in changes:
        clean["summary"] = _check_text(changes["summary"], "written summary of the evidence")
    if "annotations" in changes:
        by_position = {a.position: a for a in interview.annotations}
        clean_annotations: dict[str, dict] = {}
        for key, fields in (changes["annotations"] or {}).items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                raise InterviewError(f"{key!r} is not a question position") from None
            annotation = by_position.get(position)
            if annotation is None:
                raise InterviewError(f"the scorecard has no question at position {position}")
            if not isinstance(fields, dict) or not fields:
                raise InterviewError(f"nothing to change for question {position + 1}")
            bad = set(fields) - set(AMENDABLE_ANNOTATION_FIELDS)
            if bad:
                raise InterviewError(f"cannot amend {', '.join(sorted(bad))} of a question")
            entry: dict[str, Any] = {}
            if "rating" in fields:
                entry["rating"] = _check_rating(fields["rating"])
            if "skipped" in fields:
                entry["skipped"] = bool(fields["skipped"])
            if "covered" in fields:
                rubric = annotation.question.rubric if annotation.question is not None else None
                entry["covered"] = _check_covered(fields["covered"], len(rubric) if rubric else None)
            if "notes" in fields:
                entry["notes"] = str(fields["notes"] or "")
            clean_annotations[str(position)] = entry
        if not clean_annotations:
            raise InterviewError("an amendment must change something")
        clean["annotations"] = clean_annotations
    return clean


def amend_interview(
    session: Session, interview_id: int, *, author: str, reason: str, changes: dict,
    now: datetime | None = None,
) -> Amendment:
    """Record a correction to a sealed scorecard; the sealed row and its digest stay untouched."""
    interview = _get(session, interview_id)
    if interview.status != "submitted":
        raise InterviewError("only a submitted scorecard can be amended; edit it directly until then")
    author = _check_text(" ".join((author or "").split()), "name for who amends")
    reason = _check_text(reason, "reason for the amendment")
    clean = _validated_changes(interview, changes)
    created = (now or utcnow()).replace(microsecond=0)
    earlier = _amendments_in_order(interview)
    if earlier and created < earlier[-1].created_at:
        created = earlier[-1].created_at  # history stays in order even if the clock jumps back
    previous = earlier[-1].digest if earlier else interview.digest
    digest = _sha256({
        "previous": previous, "interview_id": interview.id, "author": author, "reason": reason,
        "changes": clean, "created_at": _iso(created),
    })
    amendment = Amendment(interview_id=interview.id, author=author, reason=reason, changes=clean,
                          created_at=created, digest=digest)
    session.add(amendment)
    interview.amendments.append(amendment)
    session.flush()
    return amendment


def effective_scorecard(interview: Interview) -> dict:
    """The sealed content with every amendment applied in order, plus "amended": bool."""
    card = scorecard_content(interview)
    by_position = {a["position"]: a for a in card["annotations"]}
    amendments = _amendments_in_order(interview)
    for amendment in amendments:
        changes = amendment.changes or {}
        for key in ("recommendation", "summary"):
            if key in changes:
                card[key] = changes[key]
        for position, fields in (changes.get("annotations") or {}).items():
            target = by_position.get(int(position))
            if target is not None:
                target.update(fields)
    card["amended"] = bool(amendments)
    return card


def _describe(field_name: str, value: Any) -> str:
    if field_name == "recommendation":
        return RECOMMENDATION_LABELS.get(value, str(value))
    if field_name == "rating":
        return f"{value} ({RATING_ANCHORS[value]})" if value in RATING_ANCHORS else "not rated"
    if field_name == "covered":
        return ", ".join(str(i + 1) for i in value) or "none"
    if field_name == "skipped":
        return "yes" if value else "no"
    return repr(value) if isinstance(value, str) else str(value)


def amendment_history(interview: Interview) -> list[dict]:
    """Each amendment, oldest first, with human lines saying what changed from what to what."""
    card = scorecard_content(interview)
    by_position = {a["position"]: a for a in card["annotations"]}
    history = []
    for amendment in _amendments_in_order(interview):
        changes = amendment.changes or {}
        lines = []
        for key in ("recommendation", "summary"):
            if key in changes:
                lines.append(f"{key.capitalize()}: {_describe(key, card[key])} → {_describe(key, changes[key])}")
                card[key] = changes[key]
        for position, fields in sorted((changes.get("annotations") or {}).items(), key=lambda kv: int(kv[0])):
            target = by_position.get(int(position))
            if target is None:
                continue
            for name, value in fields.items():
                lines.append(f"Question {int(position) + 1} {name}: {_describe(name, target[name])} → "
                             f"{_describe(name, value)}")
                target[name] = value
        history.append({"created_at": _iso(amendment.created_at), "author": amendment.author,
                        "reason": amendment.reason, "digest": amendment.digest, "lines": lines,
                        "changes": changes})
    return history


def mean_rating(card: dict) -> float | None:
    """Mean of the rated, not skipped, questions of a scorecard dict (None when nothing rated)."""
    ratings = [a["rating"] for a in card["annotations"] if a["rating"] and not a["skipped"]]
    return round(mean(ratings), 2) if ratings else None


# -- independence and the debrief gate ------------------------------------------------------------
def same_person(a: str | None, b: str | None) -> bool:
    """Interviewer names match regardless of case and spacing."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def ratings_visible_to(session: Session, *, candidate_id: int, interviewer: str) -> bool:
    """Independence: others' ratings of this candidate stay hidden from an interviewer until
    they have submitted their own interview with this candidate."""
    if not (interviewer or "").strip():
        return False
    rows = session.execute(
        select(Interview.interviewer).where(
            Interview.candidate_id == candidate_id, Interview.status == "submitted"
        )
    ).scalars()
    return any(same_person(name, interviewer) for name in rows)


def debrief_state(session: Session, loop_id: int) -> tuple[bool, str]:
    """(open?, why). Open when every interview of the loop is submitted, or after an override."""
    loop = session.get(Loop, loop_id)
    if loop is None:
        raise InterviewError(f"no loop with id {loop_id}")
    interviews = session.scalars(
        select(Interview).where(Interview.loop_id == loop_id).order_by(Interview.id)
    ).all()
    started_sets = {i.set_id for i in interviews}
    not_started = [s for s in loop.sets if s.id not in started_sets]
    waiting = [i for i in interviews if i.status != "submitted"]
    total = len(interviews) + len(not_started)
    done = total - len(waiting) - len(not_started)
    if total and not waiting and not not_started:
        return True, f"all {total} interviews are submitted"
    if loop.debrief_override_at is not None:
        return True, (f"opened early by {loop.debrief_override_by} on "
                      f"{_iso(loop.debrief_override_at)}: {loop.debrief_override_reason}")
    if not total:
        return False, "the loop has no interviews yet"
    names = [f"{i.interviewer} ({STATUS_LABELS.get(i.status, i.status)})" for i in waiting]
    names += [f"{s.name} (not started)" for s in not_started]
    return False, f"{done} of {total} interviews submitted; waiting for " + ", ".join(names)


def override_debrief(
    session: Session, loop_id: int, *, by: str, reason: str, now: datetime | None = None
) -> None:
    """Open the debrief before every interview is in; who, why and when are recorded."""
    loop = session.get(Loop, loop_id)
    if loop is None:
        raise InterviewError(f"no loop with id {loop_id}")
    loop.debrief_override_by = _check_text(" ".join((by or "").split()), "name for who opens the debrief")
    loop.debrief_override_reason = _check_text(reason, "reason to open the debrief early")
    loop.debrief_override_at = (now or utcnow()).replace(microsecond=0)
    session.flush()


# -- listing --------------------------------------------------------------------------------------
def interview_rows(session: Session) -> list[dict]:
    """One plain dict per interview (for `list interviews` and the scorecards view).

    status is the stored value (planned / in_progress / submitted); STATUS_LABELS has the
    words for people. Scores of a sealed scorecard include its amendments."""
    # Load everything the rows need in a handful of queries, not a few per interview.
    interviews = session.scalars(
        select(Interview).order_by(Interview.id).options(
            selectinload(Interview.candidate),
            selectinload(Interview.set).lazyload("*"),
            selectinload(Interview.annotations).lazyload(Annotation.question),
            selectinload(Interview.amendments),
        )
    ).all()
    loop_names = {loop_id: name for loop_id, name in session.execute(select(Loop.id, Loop.name))}
    rows = []
    for interview in interviews:
        sealed = interview.status == "submitted"
        card = effective_scorecard(interview) if sealed else scorecard_content(interview)
        rows.append({
            "id": interview.id,
            "candidate": interview.candidate.name,
            "candidate_id": interview.candidate_id,
            "interviewer": interview.interviewer,
            "set": interview.set.name,
            "set_id": interview.set_id,
            "status": interview.status,
            "digest": interview.digest if sealed else None,
            "loop": loop_names.get(interview.loop_id),
            "loop_id": interview.loop_id,
            "submitted_at": _iso(interview.submitted_at),
            "recommendation": card["recommendation"] if sealed else None,
            "mean_rating": mean_rating(card),
            "amended": bool(sealed and card.get("amended")),
        })
    return rows


@dataclass(frozen=True)
class UnfinishedInterview:
    """An interview not yet submitted, as the Interview view's start page lists it."""

    id: int
    candidate: str
    interviewer: str
    set_name: str
    status: str  # planned / in_progress
    position: int  # the question it stopped at; == total at the wrap-up
    total: int
    elapsed_seconds: float
    clock_paused: bool
    updated_at: datetime | None

    @property
    def where(self) -> str:
        if self.status == "planned":
            return "not started"
        if self.position >= self.total:
            return "at the recommendation and summary"
        return f"at question {self.position + 1} of {self.total}"


def unfinished_interviews(session: Session, interviewer: str | None = None) -> list[UnfinishedInterview]:
    """Interviews in progress (most recently touched first), then planned ones; only this
    interviewer's when one is given, since nobody else may continue them."""
    rows = session.scalars(
        select(Interview).where(Interview.status.in_(("in_progress", "planned")))
        .options(selectinload(Interview.candidate), selectinload(Interview.set).lazyload("*"),
                 selectinload(Interview.annotations).lazyload(Annotation.question))
        .order_by((Interview.status == "planned"), Interview.updated_at.desc(), Interview.id.desc())
    )
    return [
        UnfinishedInterview(i.id, i.candidate.name, i.interviewer, i.set.name, i.status, i.current_position,
                            len(i.annotations), i.elapsed_seconds or 0.0, bool(i.clock_paused), i.updated_at)
        for i in rows if not interviewer or same_person(i.interviewer, interviewer)
    ]


def interrupted_interview(session: Session, interviewer: str | None = None) -> UnfinishedInterview | None:
    """The most recently touched interview still in progress (to offer resuming it), of this
    interviewer when one is given."""
    return next((u for u in unfinished_interviews(session, interviewer) if u.status == "in_progress"), None)


# -- the live view's snapshot ---------------------------------------------------------------------
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
    rating: int | None = None
    skipped: bool = False
    covered: list[int] = field(default_factory=list)
    notes: str = ""
    seconds_spent: float = 0.0


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


def load_live_interview(session: Session, interview_id: int) -> LiveInterview:
    """Everything the live view shows, detached from the session (plain data)."""
    interview = _get(session, interview_id)
    candidate = interview.candidate
    role = session.get(Role, candidate.role_id) if candidate.role_id else None
    questions = [
        LiveQuestion(
            position=a.position, question_id=a.question_id, prompt=a.question.prompt,
            difficulty=a.question.difficulty, kind=a.question.kind, minutes=a.question.minutes or 0,
            rubric=[str(p) for p in (a.question.rubric or [])],
            follow_ups=[str(f) for f in (a.question.follow_ups or [])],
            rating=a.rating, skipped=bool(a.skipped), covered=list(a.covered or []),
            notes=a.notes or "", seconds_spent=float(a.seconds_spent or 0.0),
        )
        for a in sorted(interview.annotations, key=lambda a: a.position)
    ]
    return LiveInterview(
        id=interview.id, candidate_id=candidate.id, candidate_name=candidate.name,
        role_name=role.name if role else "", interviewer=interview.interviewer,
        set_name=interview.set.name, loop_id=interview.loop_id, status=interview.status,
        current_position=interview.current_position or 0,
        elapsed_seconds=float(interview.elapsed_seconds or 0.0), summary=interview.summary or "",
        recommendation=interview.recommendation, questions=questions,
        clock_paused=bool(interview.clock_paused),
    )
