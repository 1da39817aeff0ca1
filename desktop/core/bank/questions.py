"""Adding, editing, duplicating and retiring questions from the app.

Input is checked by the YAML loader's own rules (`bank_files._check_question`), so a question
made in the app is one the bank files would accept, and export/import round-trips it. Every
change made here sets `user_edited`, so a re-import of the bundled bank leaves it alone.

    with store.transaction() as s:
        q = add_question(s, {"prompt": "...", "difficulty": "beginner", "kind": "concept",
                             "topics": ["rag"], "roles": ["llm-app-engineer"], "rubric": ["..."]})

Problems raise `QuestionError`, whose `problems` say which field is wrong and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.bank.files import QUESTION_KEYS, QuestionRecord, _check_question, _Raw
from desktop.core.bank.sync import apply_record, known_ids, question_to_dict
from desktop.core.storage.models import Question

# The order fields are shown in, and what a problem with the whole entry is filed under.
FIELDS = ("id", "prompt", "difficulty", "kind", "topics", "competencies", "roles", "rubric",
          "anchors", "red_flags", "answer", "follow_ups", "related", "minutes", "source", "retired")
WHOLE = "question"


@dataclass(frozen=True)
class FieldProblem:
    field: str  # one of FIELDS, or WHOLE
    message: str

    def __str__(self) -> str:
        return self.message if self.field == WHOLE else f"{self.field}: {self.message}"


class QuestionError(ValueError):
    """The question was not saved; `problems` says why, field by field."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    def for_field(self, name: str) -> list[str]:
        return [p.message for p in self.problems if p.field == name]


def check_question(session: Session, data: Mapping[str, Any], *, new: bool) -> QuestionRecord:
    """The question `data` describes (keys as in a bank file), checked like the bank loader
    checks it, against the topics, roles and questions in the database."""
    known = known_ids(session)
    question_ids = known.questions
    # The loader reports problems by file line; give each field its own "line" to map back.
    line_of = {name: n for n, name in enumerate(FIELDS, 1)}
    raw = _Raw(dict(data), "", 0, line_of)  # unknown keys fall back to line 0: WHOLE
    found = []
    record = _check_question(raw, known.topics, known.roles, found, known.competencies)
    problems = [FieldProblem(FIELDS[p.line - 1] if 0 < p.line <= len(FIELDS) else WHOLE, p.message)
                for p in found]
    ident = data.get("id")
    if new and isinstance(ident, str) and ident in question_ids:
        problems.append(FieldProblem("id", f"id '{ident}' is already used by another question"))
    for other in (record.related if record else []):
        if other == ident:
            problems.append(FieldProblem("related", "related to itself"))
        elif other not in question_ids:
            problems.append(FieldProblem("related", f"related id '{other}' does not exist"))
    if problems:
        raise QuestionError(problems)
    return record


def _apply(q: Question, record: QuestionRecord) -> None:
    apply_record(q, record)
    q.user_edited = True  # so re-importing the bundled bank never overwrites it


def suggest_id(session: Session, base: str = "my") -> str:
    """A free id: `base-001`, `base-002`, ... (or `base-copy`, `base-copy-2` for a copy)."""
    base = re.sub(r"[^a-z0-9._-]+", "-", base.lower()).strip("-") or "my"
    taken = set(session.scalars(select(Question.id).where(Question.id.like(f"{base}%"))))
    if base.endswith("-copy"):
        candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
    else:
        candidates = (f"{base}-{n:03d}" for n in range(1, len(taken) + 2))
    return next(c for c in candidates if c not in taken)


def question_data(session: Session, question_id: str) -> dict[str, Any] | None:
    """A stored question as plain data, keys as in a bank file (what the app shows, edits and
    duplicates); None when there is no such question."""
    q = session.get(Question, question_id)
    return question_to_dict(q) if q is not None else None


def question_prompts(session: Session, question_ids: Iterable[str]) -> dict[str, str]:
    """Question id -> prompt for those of the ids that exist (to name related questions)."""
    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Question.id, Question.prompt).where(Question.id.in_(ids))).all())


def add_question(session: Session, data: Mapping[str, Any]) -> Question:
    """A new question; without an id it gets a free `my-NNN` one."""
    data = dict(data)
    if not data.get("id"):
        data["id"] = suggest_id(session)
    record = check_question(session, data, new=True)
    q = Question(id=record.id)
    _apply(q, record)
    session.add(q)
    session.flush()
    return q


def edit_question(session: Session, question_id: str, data: Mapping[str, Any]) -> Question:
    """Change a question; its id stays (sets and scorecards refer to it)."""
    q = _get(session, question_id)
    merged = {**question_to_dict(q), **data, "id": question_id}
    _apply(q, check_question(session, merged, new=False))
    session.flush()
    return q


def copy_of(session: Session, question_id: str, new_id: str | None = None) -> dict[str, Any]:
    """The fields of a new question copied from another, to adapt without touching the
    original: a free `ID-copy` id, and active even when the original is retired."""
    data = question_to_dict(_get(session, question_id))
    data["id"] = new_id or suggest_id(session, f"{question_id}-copy")
    data["retired"] = False
    return data


def duplicate_question(session: Session, question_id: str, new_id: str | None = None) -> Question:
    """A copy under a new id, saved at once (the app saves its copy when the dialog is)."""
    return add_question(session, copy_of(session, question_id, new_id))


def retire_question(session: Session, question_id: str, retired: bool = True) -> Question:
    """Hide a question from search and the builder (or bring it back); nothing is deleted,
    so past scorecards still show it."""
    q = _get(session, question_id)
    q.retired, q.user_edited = retired, True
    session.flush()
    return q


def _get(session: Session, question_id: str) -> Question:
    q = session.get(Question, question_id)
    if q is None:
        raise QuestionError([FieldProblem("id", f"no question with id '{question_id}'")])
    return q


assert set(FIELDS) == QUESTION_KEYS  # the loader and this module agree on the fields
