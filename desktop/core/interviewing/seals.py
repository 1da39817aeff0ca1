"""Sealed scorecards: what the seal covers, checking it, amendments and the effective scorecard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import mean
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    Amendment,
    Interview,
    utcnow,
)
from desktop.core.interviewing.fields import AMENDABLE_ANNOTATION_FIELDS, InterviewError, RATING_ANCHORS, RECOMMENDATION_LABELS, _check_covered, _check_rating, _check_recommendation, _check_text, _get, _iso, _sha256

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


@dataclass(frozen=True)
class SealedScorecard:
    """A submitted interview as plain data: its effective scorecard, the prompts and rubrics of
    its questions in the card's order, the amendment history and whether the seal holds.
    Whoever shows it checks first that the reader may see it (`access.scorecard_access`)."""

    interview_id: int
    candidate: str
    interviewer: str
    set_name: str
    submitted_at: str | None  # ISO, to the second
    digest: str | None
    card: dict  # `effective_scorecard`
    prompts: list[str]
    rubrics: list[list[str]]
    history: list[dict]  # `amendment_history`
    seal_ok: bool

    @property
    def info(self) -> dict:
        """The facts a printed or shown scorecard heads with."""
        return {"candidate": self.candidate, "interviewer": self.interviewer, "set": self.set_name,
                "submitted_at": self.submitted_at, "digest": self.digest}


def sealed_scorecard(session: Session, interview_id: int) -> SealedScorecard:
    interview = _get(session, interview_id)
    annotations = sorted(interview.annotations, key=lambda a: a.position)
    return SealedScorecard(
        interview.id, interview.candidate.name, interview.interviewer, interview.set.name,
        _iso(interview.submitted_at), interview.digest, effective_scorecard(interview),
        [a.question.prompt if a.question else a.question_id for a in annotations],
        [list(a.question.rubric or []) if a.question else [] for a in annotations],
        amendment_history(interview), verify_seal(interview))
