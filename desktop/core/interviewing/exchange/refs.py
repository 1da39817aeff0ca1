"""Candidates, loops, sets and questions as a packet names them, and found again on import.

Each candidate, loop and set gets a stable key the first time it leaves this database
(`exchange_keys`); a row that came from another database keeps the key it came with, so the
same candidate has one key on every laptop. On import: known by key, it is that row; else a
loop or set is created; a candidate is created unless one here has the same name, in which
case the person importing is asked (`CandidateQuestion`), never guessed for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.interviewing.exchange.packets import ExchangeError
from desktop.core.interviewing.fields import SNAPSHOT_FIELDS, question_snapshot
from desktop.core.storage.models import (
    DIFFICULTIES,
    KINDS,
    Candidate,
    ExchangeKey,
    InterviewSet,
    Loop,
    Question,
    Role,
    SetItem,
    Topic,
)

NEW = "new"  # the answer "a new candidate", as opposed to the id of one here
_COLUMN = {"candidate": "candidate_id", "loop": "loop_id", "set": "set_id"}


def key_of(session: Session, what: str, row_id: int) -> str:
    """The stable key of a candidate, loop or set: the one it has, else a new one."""
    column = getattr(ExchangeKey, _COLUMN[what])
    key = session.scalar(select(ExchangeKey.key).where(column == row_id).order_by(ExchangeKey.created_at,
                                                                                   ExchangeKey.key).limit(1))
    if key is None:
        key = uuid.uuid4().hex
        link(session, what, key, row_id)
    return key


def link(session: Session, what: str, key: str, row_id: int) -> None:
    session.add(ExchangeKey(key=key, **{_COLUMN[what]: row_id}))
    session.flush()


def by_key(session: Session, what: str, key: str) -> int | None:
    row = session.get(ExchangeKey, key)
    return getattr(row, _COLUMN[what]) if row is not None else None


# -- what a packet says about them ----------------------------------------------------------------
def candidate_ref(session: Session, candidate: Candidate) -> dict:
    return {"key": key_of(session, "candidate", candidate.id), "name": candidate.name, "role": candidate.role_id}


def loop_ref(session: Session, loop: Loop | None) -> dict | None:
    if loop is None:
        return None
    return {"key": key_of(session, "loop", loop.id), "name": loop.name, "role": loop.role_id,
            "level": loop.level, "params": dict(loop.params or {})}


def set_ref(session: Session, interview_set: InterviewSet) -> dict:
    return {"key": key_of(session, "set", interview_set.id), "name": interview_set.name,
            "role": interview_set.role_id, "level": interview_set.level, "focus": interview_set.focus or "",
            "params": dict(interview_set.params or {}), "loop_position": interview_set.loop_position,
            "question_ids": [item.question_id for item in interview_set.items]}


def question_entry(question: Question) -> dict:
    """A question as a kit carries it: what an interview snapshots, and the model answer."""
    return {"id": question.id, **question_snapshot(question), "answer": question.answer or ""}


# -- found again, or made, on import -------------------------------------------------------------
class CandidateQuestion(ExchangeError):
    """The packet's candidate is not known here by key, and someone here has the same name:
    the person importing says whether it is them (`choices[key] = id`) or someone new (NEW)."""

    def __init__(self, source: str, ref: dict, namesakes: list[Candidate]):
        ids = ", ".join(str(c.id) for c in namesakes)
        super().__init__(f"{source}: the candidate {ref['name']!r} is not known here by their key, and this "
                         f"database has a candidate of that name (id {ids}): say whether it is the same person")
        self.key, self.name = ref["key"], ref["name"]
        self.namesakes = [(c.id, c.name, c.role_id) for c in namesakes]


def candidate_question(session: Session, ref: dict, source: str) -> CandidateQuestion | None:
    """What an import must ask before it places a packet's candidate: None when the key is
    known here or nobody here has their name (then a new candidate is made)."""
    key = _text(ref, "key", source, "candidate", 64)
    if by_key(session, "candidate", key) is not None:
        return None
    name = _text(ref, "name", source, "candidate")
    namesakes = session.scalars(select(Candidate).where(
        func.lower(Candidate.name) == name.lower()).order_by(Candidate.id)).all()
    return CandidateQuestion(source, {"key": key, "name": name}, list(namesakes)) if namesakes else None


def _text(ref: dict, name: str, source: str, what: str, limit: int = 200) -> str:
    value = ref.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ExchangeError(f"{source}: the {what} has no {name}")
    return " ".join(value.split())[:limit]


def _known_role(session: Session, role_id) -> str | None:
    return role_id if isinstance(role_id, str) and session.get(Role, role_id) is not None else None


def _free_name(session: Session, model, name: str) -> str:
    """`name`, or `name (2)`, `(3)`...: names of loops and sets are unique in a database."""
    taken = set(session.scalars(select(model.name).where(model.name.like(f"{name[:180]}%"))))
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name[:190]} ({n})"
    return candidate


@dataclass
class Resolver:
    """Finds or makes the rows one import names, each once (several files may name the same)."""

    session: Session
    candidate_choices: Mapping[str, int | str]
    created: list[str]  # what was made, in words, for the report

    def candidate(self, ref: dict, source: str) -> Candidate:
        key = _text(ref, "key", source, "candidate", 64)
        found = by_key(self.session, "candidate", key)
        if found is not None:
            return self.session.get(Candidate, found)
        name = _text(ref, "name", source, "candidate")
        choice = self.candidate_choices.get(key)
        if choice is None:
            question = candidate_question(self.session, ref, source)
            if question is not None:
                raise question
            choice = NEW
        if choice == NEW:
            candidate = Candidate(name=name, role_id=_known_role(self.session, ref.get("role")), notes="")
            self.session.add(candidate)
            self.session.flush()
            self.created.append(f"candidate {candidate.id} ({name})")
        else:
            candidate = self.session.get(Candidate, int(choice))
            if candidate is None:
                raise ExchangeError(f"no candidate with id {choice}")
        link(self.session, "candidate", key, candidate.id)
        return candidate

    def loop(self, ref: dict | None, candidate: Candidate, source: str) -> Loop | None:
        if ref is None:
            return None
        key = _text(ref, "key", source, "loop", 64)
        found = by_key(self.session, "loop", key)
        if found is not None:
            return self.session.get(Loop, found)
        role = _known_role(self.session, ref.get("role"))
        if role is None:
            raise ExchangeError(f"{source}: the loop's role {ref.get('role')!r} is not in this database's bank; "
                                "import the bank it was built from first")
        level = ref.get("level") if isinstance(ref.get("level"), str) else ""
        params = ref.get("params") if isinstance(ref.get("params"), dict) else {}
        loop = Loop(name=_free_name(self.session, Loop, _text(ref, "name", source, "loop")), role_id=role,
                    level=level[:20], candidate_id=candidate.id, params=params)
        self.session.add(loop)
        self.session.flush()
        link(self.session, "loop", key, loop.id)
        self.created.append(f"loop {loop.id} ({loop.name})")
        return loop

    def set(self, ref: dict, loop: Loop | None, source: str) -> InterviewSet:
        key = _text(ref, "key", source, "set", 64)
        found = by_key(self.session, "set", key)
        if found is not None:
            return self.session.get(InterviewSet, found)
        ids = ref.get("question_ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(q, str) for q in ids):
            raise ExchangeError(f"{source}: the set has no questions")
        missing = [q for q in dict.fromkeys(ids) if self.session.get(Question, q) is None]
        if missing:
            raise ExchangeError(f"{source}: the set asks question {missing[0]}, which is neither in this "
                                "database nor in the file")
        level = ref.get("level") if isinstance(ref.get("level"), str) else None
        position = ref.get("loop_position") if isinstance(ref.get("loop_position"), int) else 0
        interview_set = InterviewSet(
            name=_free_name(self.session, InterviewSet, _text(ref, "name", source, "set")),
            role_id=_known_role(self.session, ref.get("role")), level=(level or None) and level[:20],
            params=ref.get("params") if isinstance(ref.get("params"), dict) else {},
            focus=str(ref.get("focus") or "")[:200], loop=loop, loop_position=position,
            items=[SetItem(question_id=q, position=i) for i, q in enumerate(dict.fromkeys(ids))])
        self.session.add(interview_set)
        self.session.flush()
        link(self.session, "set", key, interview_set.id)
        self.created.append(f"set {interview_set.id} ({interview_set.name})")
        return interview_set

    def questions(self, entries: list[dict], source: str) -> list[str]:
        """Add the questions this bank lacks, retired (kept for the sets and scorecards that ask
        them, out of search and the builder); returns the ids this bank holds differently."""
        differ, added = [], 0
        topics = set(self.session.scalars(select(Topic.id)))
        for entry in entries:
            qid = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(qid, str) or not qid or len(qid) > 100:
                raise ExchangeError(f"{source}: a question has no valid id")
            here = self.session.get(Question, qid)
            if here is not None:
                if {k: entry.get(k) for k in SNAPSHOT_FIELDS} != question_snapshot(here):
                    differ.append(qid)
                continue
            if not isinstance(entry.get("prompt"), str) or entry.get("kind") not in KINDS or \
                    entry.get("difficulty") not in DIFFICULTIES:
                raise ExchangeError(f"{source}: question {qid} has no valid prompt, kind or difficulty")
            question = Question(
                id=qid, prompt=entry["prompt"], kind=entry["kind"], difficulty=entry["difficulty"],
                minutes=int(entry.get("minutes") or 0), answer=str(entry.get("answer") or "") or None,
                **{k: [str(v) for v in entry.get(k) or []] for k in ("rubric", "anchors", "red_flags",
                                                                     "competencies", "follow_ups")},
                related=[], source=f"imported with {source.rsplit('/', 1)[-1]}"[:500], retired=True,
                user_edited=True)
            question.topics = [t for t in entry.get("topics") or [] if t in topics]
            self.session.add(question)
            added += 1
        if added:
            self.created.append(f"{added} question{'s' if added > 1 else ''} this bank lacked (retired)")
        self.session.flush()
        return differ
