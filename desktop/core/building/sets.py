"""Saved interview sets and loops, and the editing of a set.

A `SetDraft` is the set being edited (plain data, no database): add, remove, reorder, pin
and swap. `save_set`/`load_draft` move drafts in and out of the database; names are unique
and a clash is a `NameTakenError` the caller shows as "choose another name".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Interview, InterviewSet, Loop, Question, Role, SetItem


class SetError(ValueError):
    """A request about sets that cannot be done: one clear line for the user."""


class NameTakenError(SetError):
    def __init__(self, name: str, what: str = "set"):
        super().__init__(f"a {what} named {name!r} already exists; choose another name")
        self.name = name


@dataclass
class DraftItem:
    question_id: str
    pinned: bool = False


@dataclass
class SetDraft:
    role_id: str | None = None
    level: str | None = None
    items: list[DraftItem] = field(default_factory=list)
    focus: str = ""
    params: dict = field(default_factory=dict)
    set_id: int | None = None  # the saved set this draft edits, if any
    name: str = ""

    @classmethod
    def of(cls, question_ids: Iterable[str], pinned: Iterable[str] = (), **kw) -> SetDraft:
        pins = set(pinned)
        return cls(items=[DraftItem(q, q in pins) for q in dict.fromkeys(question_ids)], **kw)

    @property
    def ids(self) -> list[str]:
        return [i.question_id for i in self.items]

    @property
    def focus_topics(self) -> list[str]:
        """The topic ids the set was built to focus on ([]: the role's own weights).

        From the build request kept in `params`: `focus` is only a label for people (the demo's
        sets say "LLM fundamentals" there), never to be split back into ids."""
        return list((self.params or {}).get("focus") or [])

    @property
    def excluded(self) -> list[str]:
        """Questions a rebuild of this set must leave out: the ones swapped out of it."""
        return list((self.params or {}).get("excluded") or [])

    def add(self, question_ids: Iterable[str]) -> list[str]:
        """Append questions not already in the set; returns the ones added (a question swapped
        out and added back by hand is wanted again)."""
        have = set(self.ids)
        added = [q for q in dict.fromkeys(question_ids) if q not in have]
        self.items.extend(DraftItem(q) for q in added)
        if added and self.excluded:
            self.params = {**self.params, "excluded": [q for q in self.excluded if q not in added]}
        return added

    def remove(self, index: int) -> str:
        return self.items.pop(index).question_id

    def move(self, source: int, target: int) -> None:
        """Move the item at `source` so it ends up at index `target`."""
        item = self.items.pop(source)
        self.items.insert(max(0, min(target, len(self.items))), item)

    def set_pinned(self, index: int, pinned: bool = True) -> None:
        self.items[index].pinned = pinned

    def swap(self, index: int, question_id: str) -> str:
        """Replace one question by another (kept in place, unpinned); returns the old id. The
        old one is remembered as excluded, so generating again (same seed) does not bring it back."""
        if question_id in self.ids:
            raise SetError(f"question {question_id} is already in the set")
        old = self.items[index].question_id
        self.items[index] = DraftItem(question_id)
        excluded = [q for q in self.excluded if q != question_id]
        self.params = {**(self.params or {}), "excluded": list(dict.fromkeys([*excluded, old]))}
        return old


@dataclass(frozen=True)
class SetSummary:
    id: int
    name: str
    role_id: str | None
    level: str | None
    questions: int
    minutes: int
    loop: str | None
    focus: str
    updated_at: datetime

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role_id, "level": self.level,
                "questions": self.questions, "minutes": self.minutes, "loop": self.loop,
                "focus": self.focus, "updated_at": self.updated_at.isoformat(timespec="seconds")}


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SetError("a set needs a name")
    if len(name) > 200:
        raise SetError("a name can be at most 200 characters")
    return name


def _check_name(session: Session, name: str, set_id: int | None = None) -> None:
    clash = session.scalar(select(InterviewSet.id).where(InterviewSet.name == name))
    if clash is not None and clash != set_id:
        raise NameTakenError(name)


def _check_questions(session: Session, ids: Sequence[str]) -> None:
    known = set(session.scalars(select(Question.id).where(Question.id.in_(list(ids))))) if ids else set()
    missing = [q for q in ids if q not in known]
    if missing:
        raise SetError(f"unknown question id(s): {', '.join(missing[:5])}")


def save_set(session: Session, draft: SetDraft, name: str, *, loop: Loop | None = None,
             loop_position: int = 0) -> InterviewSet:
    """Create the draft's saved set, or overwrite it when `draft.set_id` is set."""
    name = clean_name(name)
    _check_name(session, name, draft.set_id)
    _check_questions(session, draft.ids)
    row = session.get(InterviewSet, draft.set_id) if draft.set_id is not None else None
    if row is None:
        row = InterviewSet(name=name)
        session.add(row)
    row.name, row.role_id, row.level = name, draft.role_id, draft.level
    row.focus, row.params = draft.focus[:200], dict(draft.params)
    if loop is not None:
        row.loop, row.loop_position = loop, loop_position
    row.items.clear()
    session.flush()  # the unique (set, question) rows must go before the new ones come
    row.items.extend(SetItem(question_id=it.question_id, position=i, pinned=it.pinned)
                     for i, it in enumerate(draft.items))
    session.flush()
    draft.set_id, draft.name = row.id, name
    return row


def save_loop(session: Session, name: str, drafts: Sequence[SetDraft], *, role_id: str, level: str,
              candidate_id: int | None = None, params: dict | None = None) -> Loop:
    """A loop and one set per interviewer, named "NAME · 1 (focus)"."""
    name = clean_name(name)
    if session.scalar(select(Loop.id).where(Loop.name == name)) is not None:
        raise NameTakenError(name, "loop")
    seen: set[str] = set()
    for d in drafts:
        if seen & set(d.ids):
            raise SetError("a question appears in two interviews of the loop")
        seen |= set(d.ids)
    loop = Loop(name=name, role_id=role_id, level=level, candidate_id=candidate_id, params=params or {})
    session.add(loop)
    for i, draft in enumerate(drafts):
        label = f"{name} · {i + 1}" + (f" ({draft.focus})" if draft.focus else "")
        save_set(session, draft, label[:200], loop=loop, loop_position=i)
    return loop


def load_draft(session: Session, set_id: int) -> SetDraft:
    row = session.get(InterviewSet, set_id)
    if row is None:
        raise SetError(f"no set with id {set_id}")
    return SetDraft(row.role_id, row.level, [DraftItem(i.question_id, i.pinned) for i in row.items],
                    row.focus, dict(row.params or {}), row.id, row.name)


def default_name(session: Session, draft: SetDraft, now: datetime, what: str = "set") -> str:
    """A name for a set saved without one (to start an interview at once): the role, level and
    time, unique in the database. The user can rename it later."""
    role = session.get(Role, draft.role_id) if draft.role_id else None
    base = " · ".join(x for x in ((role.name if role else "") or "", (draft.level or "").capitalize(),
                                 f"{now:%Y-%m-%d %H:%M}") if x)
    base = f"{'Loop' if what == 'loop' else 'Set'} {base}"
    model = Loop if what == "loop" else InterviewSet
    name, n = base, 1
    while session.scalar(select(model.id).where(model.name == name)) is not None:
        n += 1
        name = f"{base} ({n})"
    return name


def list_sets(session: Session) -> list[SetSummary]:
    counts = (
        select(SetItem.set_id, func.count(SetItem.id).label("n"), func.sum(Question.minutes).label("m"))
        .join(Question, Question.id == SetItem.question_id).group_by(SetItem.set_id).subquery()
    )
    rows = session.execute(
        select(InterviewSet, counts.c.n, counts.c.m, Loop.name)
        .outerjoin(counts, counts.c.set_id == InterviewSet.id)
        .outerjoin(Loop, Loop.id == InterviewSet.loop_id)
        .order_by(InterviewSet.updated_at.desc(), InterviewSet.id.desc())
    )
    return [SetSummary(s.id, s.name, s.role_id, s.level, n or 0, m or 0, loop, s.focus or "", s.updated_at)
            for s, n, m, loop in rows]


def rename_set(session: Session, set_id: int, name: str) -> None:
    row = session.get(InterviewSet, set_id)
    if row is None:
        raise SetError(f"no set with id {set_id}")
    name = clean_name(name)
    _check_name(session, name, set_id)
    row.name = name


def delete_set(session: Session, set_id: int) -> None:
    """Delete a set that no interview uses (their scorecards need it)."""
    row = session.get(InterviewSet, set_id)
    if row is None:
        raise SetError(f"no set with id {set_id}")
    used = session.scalar(select(func.count(Interview.id)).where(Interview.set_id == set_id))
    if used:
        raise SetError(f"set {row.name!r} is used by {used} interview(s) and cannot be deleted")
    session.delete(row)
    session.flush()


@dataclass(frozen=True)
class QuestionBrief:
    """What a set list shows about a question."""

    id: str
    prompt: str
    difficulty: str
    kind: str
    topics: tuple[str, ...]
    minutes: int


def question_briefs(session: Session, question_ids: Iterable[str]) -> dict[str, QuestionBrief]:
    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return {}
    return {q.id: QuestionBrief(q.id, q.prompt, q.difficulty, q.kind, tuple(q.topics), q.minutes or 0)
            for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
