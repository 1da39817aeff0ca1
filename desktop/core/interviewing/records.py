"""What the Candidates & Scorecards view shows, as plain data: candidates with their loops and
interviews, one scorecard in detail, and who may see which ratings.

Who may see which ratings is `access.ratings_rule`, the one rule the Interview view and
the command line ask too; here it is worked out once per candidate for a whole list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.core.figures import rating_figure
from desktop.core import interviewing
from desktop.core.interviewing.access import (HIDDEN_UNTIL_DEBRIEF, HIDDEN_UNTIL_YOU_SUBMIT, RatingsRule, ratings_rule,
                                            same_person, submitted_phrase)
from desktop.core.storage.models import Amendment, Annotation, Candidate, Interview, InterviewSet, Loop, Role

HIDDEN = HIDDEN_UNTIL_YOU_SUBMIT  # (HIDDEN_UNTIL_DEBRIEF too: the views read both from here)


@dataclass
class InterviewEntry:
    id: int
    candidate_id: int
    loop_id: int | None
    interviewer: str
    set_id: int
    set_name: str
    focus: str
    status: str  # stored value: planned / in_progress / submitted
    own: bool  # the viewer's own interview
    visible: bool  # may the viewer see its ratings and recommendation?
    hidden_text: str  # what to show instead when not visible
    recommendation: str | None  # effective (amended) value once submitted
    mean_rating: float | None
    amended: bool
    submitted_at: datetime | None
    seal: str = "unsealed"  # interviewing.seal_state(...).status: ok / broken / legacy / unsealed
    seal_problems: tuple[str, ...] = ()  # what is broken, in words ("question 2: notes changed")

    @property
    def seal_broken(self) -> bool:
        return self.seal == "broken"

    @property
    def seal_alarm(self) -> str:
        """The line a broken seal is shown with, everywhere: "SEAL BROKEN: what changed"."""
        if not self.seal_broken:
            return ""
        return "SEAL BROKEN: " + ("; ".join(self.seal_problems) or "the scorecard changed after it was sealed")

    @property
    def status_label(self) -> str:
        return interviewing.STATUS_LABELS.get(self.status, self.status)

    @property
    def recommendation_label(self) -> str:
        if self.status != "submitted":
            return ""
        if not self.visible:
            return self.hidden_text
        return interviewing.RECOMMENDATION_LABELS.get(self.recommendation or "", "")

    @property
    def score_label(self) -> str:
        if not self.visible:
            return "—" if self.status != "planned" else ""  # the recommendation column says why
        return "" if self.mean_rating is None else rating_figure(self.mean_rating)


@dataclass
class LoopEntry:
    id: int
    name: str
    level: str
    debrief_open: bool
    debrief_why: str
    interviews: list[InterviewEntry] = field(default_factory=list)

    @property
    def progress(self) -> str:
        done = sum(i.status == "submitted" for i in self.interviews)
        return f"{done} of {len(self.interviews)} submitted"


@dataclass
class CandidateEntry:
    id: int
    name: str
    role_id: str | None
    role_name: str
    notes: str
    loops: list[LoopEntry] = field(default_factory=list)
    singles: list[InterviewEntry] = field(default_factory=list)  # interviews outside any loop

    @property
    def interviews(self) -> list[InterviewEntry]:
        return [i for loop in self.loops for i in loop.interviews] + self.singles

    @property
    def progress(self) -> str:
        all_ = self.interviews
        if not all_:
            return "no interviews yet"
        done = sum(i.status == "submitted" for i in all_)
        live = sum(i.status == "in_progress" for i in all_)
        text = f"{done} of {len(all_)} submitted"
        return text + (f", {live} in progress" if live else "")


# -- the debrief gate for a whole candidate --------------------------------------------------------
def candidate_debrief_state(session: Session, candidate_id: int) -> tuple[bool, str, list[int]]:
    """(open?, why, ids of loops still closed). A candidate's debrief covers their loops; a
    candidate without a loop opens once every one of their interviews is submitted."""
    loop_ids = _candidate_loop_ids(session, candidate_id)
    if loop_ids:
        states = {loop_id: interviewing.debrief_state(session, loop_id) for loop_id in loop_ids}
        closed = [loop_id for loop_id, (is_open, _) in states.items() if not is_open]
        why = "; ".join(why for _, why in states.values())
        return not closed, why, closed
    statuses = list(session.scalars(select(Interview.status).where(Interview.candidate_id == candidate_id)))
    if not statuses:
        return False, "no interviews yet", []
    waiting = sum(s != "submitted" for s in statuses)
    if waiting:
        return False, submitted_phrase(len(statuses) - waiting, len(statuses)), []
    return True, submitted_phrase(len(statuses), len(statuses)), []


def _candidate_loop_ids(session: Session, candidate_id: int) -> list[int]:
    ids = set(session.scalars(select(Loop.id).where(Loop.candidate_id == candidate_id)))
    ids |= set(session.scalars(select(Interview.loop_id).where(
        Interview.candidate_id == candidate_id, Interview.loop_id.is_not(None))))
    return sorted(ids)


# -- the list ------------------------------------------------------------------------------------
def loop_debrief_open(session: Session, loop_ids: set[int]) -> dict[int, tuple[bool, str]]:
    """`interviewing.debrief_state`'s open/closed for many loops in three queries, with a short why.

    Same rule: open when every set of the loop has an interview and every interview is
    submitted, or after an override. (The list needs this for hundreds of loops at once; the
    detail pages ask `interviewing.debrief_state` for its full explanation.)"""
    if not loop_ids:
        return {}
    sets: dict[int, set[int]] = {loop_id: set() for loop_id in loop_ids}
    for set_id, loop_id in session.execute(
            select(InterviewSet.id, InterviewSet.loop_id).where(InterviewSet.loop_id.in_(loop_ids))):
        sets[loop_id].add(set_id)
    held: dict[int, list[tuple[int, str]]] = {loop_id: [] for loop_id in loop_ids}
    for loop_id, set_id, status in session.execute(
            select(Interview.loop_id, Interview.set_id, Interview.status).where(Interview.loop_id.in_(loop_ids))):
        held[loop_id].append((set_id, status))
    overridden = set(session.scalars(select(Loop.id).where(
        Loop.id.in_(loop_ids), Loop.debrief_override_at.is_not(None))))
    states = {}
    for loop_id in loop_ids:
        not_started = sets[loop_id] - {set_id for set_id, _ in held[loop_id]}
        total = len(held[loop_id]) + len(not_started)
        done = sum(status == "submitted" for _, status in held[loop_id])
        if total and done == total:
            states[loop_id] = (True, submitted_phrase(total, total))
        elif loop_id in overridden:
            states[loop_id] = (True, f"opened early; {submitted_phrase(done, total)}")
        else:
            states[loop_id] = (False, submitted_phrase(done, total) if total
                               else "the loop has no interviews yet")
    return states


def candidate_entries(session: Session, *, viewer: str, text: str = "") -> list[CandidateEntry]:
    """Candidates whose name or role matches `text` (any case), by name, with loops and interviews."""
    query = select(Candidate, Role.name).outerjoin(Role, Role.id == Candidate.role_id)
    words = text.split()
    for word in words:  # every word must match somewhere; LIKE wildcards in the text are literal
        pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(Candidate.name).like(pattern, escape="\\"),
                                func.lower(func.coalesce(Role.name, "")).like(pattern, escape="\\"),
                                func.lower(func.coalesce(Candidate.role_id, "")).like(pattern, escape="\\")))
    rows = session.execute(query.order_by(func.lower(Candidate.name), Candidate.id)).all()
    entries = {c.id: CandidateEntry(c.id, c.name, c.role_id, role_name or "", c.notes or "")
               for c, role_name in rows}
    if not entries:
        return []

    # Plain rows, not ORM objects: the list has to stay quick with thousands of interviews.
    loaded = session.execute(
        select(Interview.id, Interview.candidate_id, Interview.loop_id, Interview.interviewer, Interview.set_id,
               Interview.status, Interview.recommendation, Interview.submitted_at, Interview.digest)
        .where(Interview.candidate_id.in_(entries)).order_by(Interview.id)
    ).all()
    cards = _score_cards(session, loaded)
    seals = interviewing.seal_states(session, [i.id for i in loaded if i.status == "submitted" or i.digest])
    by_candidate: dict[int, list] = {cid: [] for cid in entries}
    for interview in loaded:
        by_candidate[interview.candidate_id].append(interview)
    set_info = {sid: (name, focus, position) for sid, name, focus, position in session.execute(
        select(InterviewSet.id, InterviewSet.name, InterviewSet.focus, InterviewSet.loop_position)
        .where(InterviewSet.id.in_({i.set_id for i in loaded})))}
    loops = {loop.id: loop for loop in session.scalars(select(Loop).where(or_(
        Loop.candidate_id.in_(entries), Loop.id.in_({i.loop_id for i in loaded if i.loop_id}))))}
    debrief = loop_debrief_open(session, set(loops))

    loop_entries: dict[int, LoopEntry] = {}
    loop_owner: dict[int, int] = {i.loop_id: i.candidate_id for i in loaded if i.loop_id}
    for loop in sorted(loops.values(), key=lambda loop: loop.id):
        owner = loop.candidate_id if loop.candidate_id in entries else loop_owner.get(loop.id)
        if owner is None:
            continue
        loop_entries[loop.id] = LoopEntry(loop.id, loop.name, loop.level, *debrief[loop.id])
        entries[owner].loops.append(loop_entries[loop.id])

    loops_open = {loop_id: is_open for loop_id, (is_open, _) in debrief.items()}
    visibility = {cid: ratings_rule(session, cid, viewer, interviews=by_candidate[cid], loops_open=loops_open)
                  for cid in entries}
    for interview in sorted(loaded, key=lambda i: (set_info[i.set_id][2], i.id)):
        entry = _interview_entry(interview, set_info[interview.set_id], visibility[interview.candidate_id],
                                 cards[interview.id], seals.get(interview.id))
        target = loop_entries.get(interview.loop_id) if interview.loop_id else None
        (target.interviews if target else entries[interview.candidate_id].singles).append(entry)
    return list(entries.values())


def _score_cards(session: Session, rows: list) -> dict[int, dict]:
    """For each interview: what `interviewing.effective_scorecard` says about its recommendation and
    ratings (amendments applied in order), without loading the notes."""
    cards = {row.id: {"recommendation": row.recommendation, "annotations": {}, "amended": False} for row in rows}
    ids = list(cards)
    for chunk in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        part = ids[chunk:chunk + 500]
        for interview_id, position, rating, skipped in session.execute(
                select(Annotation.interview_id, Annotation.position, Annotation.rating, Annotation.skipped)
                .where(Annotation.interview_id.in_(part))):
            cards[interview_id]["annotations"][position] = {"rating": rating, "skipped": bool(skipped)}
        for interview_id, changes in session.execute(
                select(Amendment.interview_id, Amendment.changes).where(Amendment.interview_id.in_(part))
                .order_by(Amendment.created_at, Amendment.id)):
            card = cards[interview_id]
            card["amended"] = True
            if "recommendation" in (changes or {}):
                card["recommendation"] = changes["recommendation"]
            for position, fields in ((changes or {}).get("annotations") or {}).items():
                target = card["annotations"].get(int(position))
                if target is not None:
                    target.update({k: v for k, v in fields.items() if k in ("rating", "skipped")})
    for card in cards.values():
        card["annotations"] = list(card["annotations"].values())
    return cards


def _interview_entry(interview, set_info: tuple, rule: RatingsRule, card: dict,
                     seal: interviewing.SealState | None = None) -> InterviewEntry:
    """`interview`: an Interview or a row with its columns; `card`: its (effective) scorecard;
    `seal`: its `interviewing.seal_state` (None: not sealed)."""
    sealed = interview.status == "submitted"
    visible = rule.allows_interview(interview)
    set_name, focus, _ = set_info
    return InterviewEntry(
        id=interview.id, candidate_id=interview.candidate_id, loop_id=interview.loop_id,
        interviewer=interview.interviewer, set_id=interview.set_id, set_name=set_name, focus=focus or "",
        status=interview.status, own=same_person(interview.interviewer, rule.viewer), visible=visible,
        hidden_text=HIDDEN_UNTIL_YOU_SUBMIT if rule.interviews_them else HIDDEN_UNTIL_DEBRIEF,
        recommendation=card["recommendation"] if sealed and visible else None,
        mean_rating=interviewing.mean_rating(card) if visible else None,
        amended=bool(sealed and card.get("amended")), submitted_at=interview.submitted_at,
        seal=seal.status if seal else "unsealed", seal_problems=tuple(seal.problems) if seal else (),
    )


# -- one scorecard -------------------------------------------------------------------------------
@dataclass
class QuestionScore:
    position: int
    question_id: str
    prompt: str
    minutes: int
    rubric: list[str]
    rating: int | None
    skipped: bool
    covered: list[int]
    notes: str
    seconds_spent: float
    amended: bool  # changed by an amendment

    @property
    def rating_label(self) -> str:
        if self.skipped:
            return "skipped"
        if self.rating is None:
            return ""
        return f"{self.rating} · {interviewing.RATING_ANCHORS[self.rating]}"


@dataclass
class AmendmentEntry:
    created_at: datetime
    author: str
    reason: str
    changes: str  # in words: `amendment_words.describe_amendment`, joined by "; "
    digest: str


@dataclass
class ScorecardDetail:
    entry: InterviewEntry
    candidate_name: str
    started_at: datetime | None
    elapsed_seconds: float
    digest: str | None
    seal_ok: bool | None  # None until sealed; True for a legacy seal too (see `seal`)
    seal: str  # interviewing.seal_state(...).status: ok / broken / legacy / unsealed
    seal_text: str  # what to print about it: who signed, "legacy seal (unsigned)", or what broke
    summary: str  # effective; "" when hidden
    questions: list[QuestionScore]  # ratings and notes blank when hidden
    amendments: list[AmendmentEntry]
    competency_notes: dict[str, str] = field(default_factory=dict)  # effective; {} when hidden
    rating_scale: str = "anchored"  # "global": rated before question anchors (competencies.scale_label)


def scorecard_detail(session: Session, interview_id: int, *, viewer: str) -> ScorecardDetail:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise LookupError(f"no interview with id {interview_id}")
    rule = ratings_rule(session, interview.candidate_id, viewer)
    interview_set = session.get(InterviewSet, interview.set_id)
    sealed = interview.status == "submitted"
    card = interviewing.effective_scorecard(interview) if sealed else interviewing.scorecard_content(interview)
    seal = interviewing.seal_state(interview)
    entry = _interview_entry(interview, (interview_set.name, interview_set.focus, interview_set.loop_position),
                             rule, card, seal)
    original = {a["position"]: a for a in interviewing.scorecard_content(interview)["annotations"]}
    asked = {a.position: interviewing.asked(a) for a in interview.annotations}  # as asked, not the bank now
    scores = []
    for a in card["annotations"]:
        q = asked.get(a["position"])
        shown = a if entry.visible else {"rating": None, "skipped": False, "covered": [], "notes": "",
                                         "seconds_spent": a["seconds_spent"]}
        scores.append(QuestionScore(
            position=a["position"], question_id=a["question_id"], prompt=q["prompt"] if q else a["question_id"],
            minutes=(q["minutes"] or 0) if q else 0, rubric=list(q["rubric"]) if q else [],
            rating=shown["rating"], skipped=bool(shown["skipped"]), covered=list(shown["covered"]),
            notes=shown["notes"], seconds_spent=float(shown["seconds_spent"]),
            amended=entry.visible and a != original.get(a["position"])))
    history = interviewing.amendment_history(interview)  # in words, as the PDF says them
    amendments = [AmendmentEntry(a.created_at, a.author, a.reason if entry.visible else entry.hidden_text,
                                 "; ".join(h["lines"]) if entry.visible else "", a.digest)
                  for a, h in zip(sorted(interview.amendments, key=lambda a: (a.created_at, a.id or 0)), history)]
    return ScorecardDetail(
        entry=entry, candidate_name=interview.candidate.name, started_at=interview.started_at,
        elapsed_seconds=interview.elapsed_seconds or 0.0, digest=interview.digest,
        seal_ok=None if seal.status == "unsealed" else seal.ok, seal=seal.status, seal_text=seal.label,
        summary=(card["summary"] if entry.visible else ""), questions=scores, amendments=amendments,
        competency_notes=dict(card.get("competency_notes") or {}) if entry.visible else {},
        rating_scale=interview.rating_scale or "anchored")

