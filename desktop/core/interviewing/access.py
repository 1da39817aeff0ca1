"""Every access rule, written once: who may see whose ratings, continue or amend an interview,
open a debrief and export a scorecard or a debrief. The app's views, the command line and the
PDF builders all ask here; none keeps a copy.

Identity is a name (the app's Preferences, or the command line's `--as`). Names match regardless
of case and spacing, and an empty name is nobody: it owns nothing and interviews no one, so it
sees only what an open debrief shows anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage.models import (
    Candidate,
    Interview,
    Loop,
    utcnow,
)
from desktop.core.figures import when
from desktop.core.interviewing.fields import InterviewError, STATUS_LABELS, _check_text, _get

__all__ = ["HIDDEN_DRAFT", "HIDDEN_UNTIL_DEBRIEF", "HIDDEN_UNTIL_YOU_SUBMIT", "AccessDenied",
           "DebriefClosed", "DebriefGate", "RatingsRule", "ScorecardAccess", "Verdict",
           "debrief_for_interview", "debrief_gate", "debrief_loop", "debrief_state", "may_amend",
           "may_continue", "may_export_debrief", "may_export_scorecard", "may_see_composite",
           "may_see_ratings", "override_debrief", "ratings_rule", "require_open_debrief", "same_person",
           "scorecard_access"]


class AccessDenied(InterviewError):
    """Not yours to see or change: one plain sentence that says why."""


class DebriefClosed(AccessDenied):
    """The debrief is still closed (no override recorded); `gate` says what it waits for."""

    def __init__(self, gate: "DebriefGate"):
        super().__init__(f"the debrief is not open yet: {gate.why}")
        self.gate = gate


@dataclass(frozen=True)
class Verdict:
    """May the reader do it, and if not, why (a sentence to show as it is)."""

    allowed: bool
    why: str = ""
    gate: "DebriefGate | None" = None  # set when only a closed debrief stands in the way

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        if not self.allowed:
            raise DebriefClosed(self.gate) if self.gate is not None else AccessDenied(self.why)


_YES = Verdict(True)

# What shows in place of ratings the reader may not see, and why.
HIDDEN_UNTIL_YOU_SUBMIT = "hidden until you submit"
HIDDEN_UNTIL_DEBRIEF = "hidden until the debrief opens"
HIDDEN_DRAFT = "hidden: not submitted yet"


def submitted_phrase(done: int, total: int) -> str:
    """How many of a debrief's interviews are in, read right for one: "all 4 interviews are
    submitted", "the interview is submitted", "0 of 1 interview submitted"."""
    if total and done == total:
        return "the interview is submitted" if total == 1 else f"all {total} interviews are submitted"
    return f"{done} of {total} interview{'' if total == 1 else 's'} submitted"


def same_person(a: str | None, b: str | None) -> bool:
    """Interviewer names match regardless of case and spacing; an empty name is nobody."""
    return bool((a or "").strip() and (b or "").strip()) and \
        " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _you(viewer: str | None) -> str:
    name = " ".join((viewer or "").split())
    return f"You are {name}" if name else "You have no interviewer name set"


# -- seeing ratings ----------------------------------------------------------------------------------
def may_see_ratings(viewer: str | None, owner: str | None, *, viewer_interviews_candidate: bool,
                    viewer_submitted: bool, debrief_open: bool) -> bool:
    """The one rule for whether `viewer` may see the ratings `owner` sealed for a candidate.

    Your own, always. If you interview this candidate too, others' only once you have
    submitted your own (independence holds even when the debrief was opened early); if you
    do not (a hiring manager), once the debrief is open."""
    if same_person(viewer, owner):
        return True
    if viewer_interviews_candidate:
        return viewer_submitted
    return debrief_open


@dataclass(frozen=True)
class RatingsRule:
    """`may_see_ratings` for one viewer and one candidate, worked out once for all their interviews.

    A draft (planned or in progress) is its interviewer's alone: nobody else sees its ratings or
    notes, whatever the debrief says."""

    viewer: str
    interviews_them: bool  # the viewer has an interview with this candidate
    submitted: bool  # ... and has submitted one
    loops_open: Mapping[int, bool] = field(default_factory=dict)  # each loop's debrief
    singles_open: bool = False  # the debrief of the candidate's interviews outside a loop

    def allows(self, interviewer: str | None, status: str, loop_id: int | None) -> bool:
        if same_person(self.viewer, interviewer):
            return True
        if status != "submitted":
            return False
        debrief_open = self.loops_open.get(loop_id, False) if loop_id is not None else self.singles_open
        return may_see_ratings(self.viewer, interviewer, viewer_interviews_candidate=self.interviews_them,
                               viewer_submitted=self.submitted, debrief_open=debrief_open)

    def hidden_reason(self, interviewer: str | None, status: str, loop_id: int | None) -> str | None:
        """None when the viewer may see the ratings; else what to show instead."""
        if self.allows(interviewer, status, loop_id):
            return None
        if status != "submitted":
            return HIDDEN_DRAFT
        return HIDDEN_UNTIL_YOU_SUBMIT if self.interviews_them else HIDDEN_UNTIL_DEBRIEF

    def allows_interview(self, interview) -> bool:
        """`interview`: an Interview, or a row with its interviewer, status and loop_id."""
        return self.allows(interview.interviewer, interview.status, interview.loop_id)


def ratings_rule(session: Session, candidate_id: int, viewer: str | None, *, interviews: Iterable | None = None,
                 loops_open: Mapping[int, bool] | None = None) -> RatingsRule:
    """The rule for `viewer` and this candidate. A list of many candidates passes what it loaded
    already: the candidate's `interviews` (rows with interviewer, status, loop_id) and its
    loops' open/closed (`records.loop_debrief_open`, the same gate as `debrief_state`)."""
    if interviews is None:
        interviews = session.execute(select(Interview.interviewer, Interview.status, Interview.loop_id)
                                     .where(Interview.candidate_id == candidate_id)).all()
    interviews = list(interviews)
    if loops_open is None:
        loops_open = {loop_id: debrief_state(session, loop_id)[0]
                      for loop_id in {i.loop_id for i in interviews if i.loop_id is not None}}
    mine = [i for i in interviews if same_person(i.interviewer, viewer)]
    return RatingsRule(" ".join((viewer or "").split()), bool(mine), any(i.status == "submitted" for i in mine),
                       dict(loops_open), bool(interviews) and all(i.status == "submitted" for i in interviews))


@dataclass(frozen=True)
class ScorecardAccess:
    """May the reader see one scorecard, and where its loop's debrief stands."""

    visible: bool
    debrief_open: bool | None  # None: the interview is not part of a loop
    debrief_why: str


def scorecard_access(session: Session, interview_id: int, viewer: str) -> ScorecardAccess:
    """A sealed scorecard is visible to its interviewer, to whoever has submitted their own
    scorecard for the same candidate, and to everyone else once its debrief is open."""
    interview = _get(session, interview_id)
    debrief_open, why = debrief_state(session, interview.loop_id) if interview.loop_id else (None, "")
    rule = ratings_rule(session, interview.candidate_id, viewer)
    return ScorecardAccess(rule.allows_interview(interview), debrief_open, why)


def may_see_composite(session: Session, candidate_id: int, viewer: str | None) -> Verdict:
    """The composite (and so a decision) mixes every interviewer's ratings: an interviewer of
    this candidate sees it only once their own scorecard is in. (The debrief gate comes on top.)"""
    rule = ratings_rule(session, candidate_id, viewer)
    if rule.interviews_them and not rule.submitted:
        return Verdict(False, "You interview this candidate too: the composite shows once you have "
                              "submitted your own scorecard.")
    return _YES


# -- changing an interview ---------------------------------------------------------------------------
def may_continue(session: Session, interview_id: int, viewer: str | None) -> Verdict:
    """Only the interviewer continues (or edits) a planned or live interview: others would read
    their draft notes and type into their scorecard."""
    interview = _get(session, interview_id)
    if interview.status == "submitted":
        return Verdict(False, f"interview {interview_id} is submitted and sealed; amend it instead")
    if same_person(viewer, interview.interviewer):
        return _YES
    return Verdict(False, f"This interview is {interview.interviewer}'s and is not submitted yet; only "
                          f"{interview.interviewer} can continue it. {_you(viewer)}.")


def may_amend(session: Session, interview_id: int, viewer: str | None) -> Verdict:
    """Only the interviewer amends their own sealed scorecard."""
    interview = _get(session, interview_id)
    if interview.status != "submitted":
        return Verdict(False, f"interview {interview_id} is not submitted yet; only a sealed scorecard is amended")
    if same_person(viewer, interview.interviewer):
        return _YES
    return Verdict(False, f"This is {interview.interviewer}'s scorecard; only {interview.interviewer} "
                          f"can amend it. {_you(viewer)}.")


# -- the debrief gate --------------------------------------------------------------------------------
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
        return True, submitted_phrase(total, total)
    if loop.debrief_override_at is not None:
        return True, (f"opened early by {loop.debrief_override_by} on "
                      f"{when(loop.debrief_override_at)}: {loop.debrief_override_reason}")
    if not total:
        return False, "the loop has no interviews yet"
    names = [f"{i.interviewer} ({STATUS_LABELS.get(i.status, i.status)})" for i in waiting]
    names += [f"{s.name} (not started)" for s in not_started]
    return False, submitted_phrase(done, total) + "; waiting for " + ", ".join(names)


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
class DebriefGate:
    """A debrief: its loop's (or, outside a loop, its candidate's), open or what it waits for."""

    candidate_id: int
    loop_id: int | None  # None: no loop, so no override either; it opens when all are in
    is_open: bool
    why: str  # why it is open, or what it waits for


def debrief_for_interview(session: Session, interview_id: int) -> DebriefGate:
    """The debrief an interview belongs to: a loop's opens as `debrief_state` says; a candidate's
    interviews outside a loop open theirs once every one of them is submitted."""
    interview = _get(session, interview_id)
    if interview.loop_id is not None:
        is_open, why = debrief_state(session, interview.loop_id)
    else:
        waiting = [i.interviewer for i in interview.candidate.interviews if i.status != "submitted"]
        is_open = not waiting
        why = "waiting for " + ", ".join(waiting) if waiting else ""
    return DebriefGate(interview.candidate_id, interview.loop_id, is_open, why)


def debrief_loop(session: Session, candidate_id: int) -> Loop | None:
    """The loop a candidate's debrief covers: their latest one (None: they have no loop)."""
    return session.scalars(
        select(Loop).where(Loop.candidate_id == candidate_id).order_by(Loop.created_at.desc(), Loop.id.desc())
    ).first()


def debrief_gate(session: Session, candidate_id: int) -> DebriefGate:
    """The gate of the debrief one exports for a candidate (the loop `debrief_loop` names)."""
    if session.get(Candidate, candidate_id) is None:
        raise InterviewError(f"no candidate with id {candidate_id}")
    loop = debrief_loop(session, candidate_id)
    if loop is not None:
        return DebriefGate(candidate_id, loop.id, *debrief_state(session, loop.id))
    statuses = session.execute(select(Interview.interviewer, Interview.status)
                               .where(Interview.candidate_id == candidate_id).order_by(Interview.id)).all()
    if not statuses:
        return DebriefGate(candidate_id, None, False, "the candidate has no interviews yet")
    waiting = [f"{name} ({STATUS_LABELS.get(status, status)})" for name, status in statuses if status != "submitted"]
    if waiting:
        return DebriefGate(candidate_id, None, False, submitted_phrase(len(statuses) - len(waiting), len(statuses))
                           + "; waiting for " + ", ".join(waiting))
    return DebriefGate(candidate_id, None, True, submitted_phrase(len(statuses), len(statuses)))


def require_open_debrief(session: Session, candidate_id: int) -> DebriefGate:
    """The gate, or `DebriefClosed` while it is closed and no override is recorded."""
    gate = debrief_gate(session, candidate_id)
    if not gate.is_open:
        raise DebriefClosed(gate)
    return gate


# -- exports -----------------------------------------------------------------------------------------
def may_export_scorecard(session: Session, interview_id: int, viewer: str | None) -> Verdict:
    """A scorecard is printed once sealed, by whoever may see its ratings (as the app shows it)."""
    interview = _get(session, interview_id)
    if interview.status != "submitted":
        return Verdict(False, f"interview {interview_id} is not submitted yet; only a sealed scorecard is exported")
    if scorecard_access(session, interview_id, viewer or "").visible:
        return _YES
    rule = ratings_rule(session, interview.candidate_id, viewer)
    if rule.interviews_them:
        why = f"you have not submitted your own scorecard for this candidate yet. {_you(viewer)}."
    else:
        why = f"its debrief is not open yet: {debrief_for_interview(session, interview_id).why}."
    return Verdict(False, f"{interview.interviewer}'s scorecard is hidden from you: {why}")


def may_export_debrief(session: Session, candidate_id: int, viewer: str | None) -> Verdict:
    """The debrief prints every submitted rating: an interviewer of the candidate exports it once
    their own scorecard is in; anyone, once the debrief is open (or opened early). Refused only
    for the gate, the verdict carries it (the caller may then record an override)."""
    if not may_see_composite(session, candidate_id, viewer):
        return Verdict(False, "the debrief shows every interviewer's ratings, and you interview this "
                              f"candidate and have not submitted your own scorecard yet. {_you(viewer)}.")
    gate = debrief_gate(session, candidate_id)
    if not gate.is_open:
        return Verdict(False, f"the debrief is not open yet: {gate.why}", gate)
    return _YES
