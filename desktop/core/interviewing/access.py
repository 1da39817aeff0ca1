"""Who may see whose ratings, and when a loop's debrief opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    Interview,
    Loop,
    utcnow,
)
from desktop.core.interviewing.fields import InterviewError, STATUS_LABELS, _check_text, _get, _iso

def same_person(a: str | None, b: str | None) -> bool:
    """Interviewer names match regardless of case and spacing; an empty name is nobody."""
    return bool((a or "").strip() and (b or "").strip()) and \
        " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def may_see_ratings(viewer: str | None, owner: str | None, *, viewer_interviews_candidate: bool,
                    viewer_submitted: bool, debrief_open: bool) -> bool:
    """The one rule for whether `viewer` may see the ratings `owner` gave a candidate.

    Your own, always. If you interview this candidate too, others' only once you have
    submitted your own (independence holds even when the debrief was opened early); if you
    do not (a hiring manager), once the debrief is open."""
    if same_person(viewer, owner):
        return True
    if viewer_interviews_candidate:
        return viewer_submitted
    return debrief_open


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


@dataclass(frozen=True)
class ScorecardAccess:
    """May the reader see one sealed scorecard, and where its loop's debrief stands."""

    visible: bool
    debrief_open: bool | None  # None: the interview is not part of a loop
    debrief_why: str


def scorecard_access(session: Session, interview_id: int, viewer: str) -> ScorecardAccess:
    """A sealed scorecard is visible to its interviewer, to whoever has submitted their own
    scorecard for the same candidate, and to everyone once its loop's debrief is open."""
    interview = _get(session, interview_id)
    debrief_open, why = debrief_state(session, interview.loop_id) if interview.loop_id else (None, "")
    theirs = [i for i in interview.candidate.interviews if same_person(i.interviewer, viewer)]
    gate_open = debrief_open if debrief_open is not None else \
        debrief_for_interview(session, interview_id).is_open
    visible = may_see_ratings(viewer, interview.interviewer, viewer_interviews_candidate=bool(theirs),
                              viewer_submitted=any(i.status == "submitted" for i in theirs),
                              debrief_open=bool(gate_open))
    return ScorecardAccess(visible, debrief_open, why)


@dataclass(frozen=True)
class DebriefGate:
    """The debrief an interview belongs to: its loop's, or else its candidate's."""

    candidate_id: int
    loop_id: int | None
    is_open: bool
    why: str  # why it is open, or what it waits for


def debrief_for_interview(session: Session, interview_id: int) -> DebriefGate:
    """A loop's debrief opens as `debrief_state` says; a candidate's interviews outside a loop
    open theirs once every one of them is submitted."""
    interview = _get(session, interview_id)
    if interview.loop_id is not None:
        is_open, why = debrief_state(session, interview.loop_id)
    else:
        waiting = [i.interviewer for i in interview.candidate.interviews if i.status != "submitted"]
        is_open = not waiting
        why = "waiting for " + ", ".join(waiting) if waiting else ""
    return DebriefGate(interview.candidate_id, interview.loop_id, is_open, why)
