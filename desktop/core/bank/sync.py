"""Moving a checked bank in and out of the database.

Import is all or nothing (the caller's transaction, and nothing starts while the bank has
problems), idempotent, and upserts by id. A question a person edited in the app is never
overwritten by a re-import of the bundled bank.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage import paths
from desktop.core.bank.files import (
    Bank,
    BankError,
    QuestionRecord,
    bank_files,
    dump_yaml,
    load_bank,
)
from desktop.core.storage.models import Competency, Meta, Question, Role, Topic
from desktop.core.storage.store import Store

BUNDLED_FINGERPRINT_KEY = "bundled_bank_fingerprint"


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_user_edits: list[str] = field(default_factory=list)
    roles: int = 0
    topics: int = 0
    competencies: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{self.unchanged} unchanged"]
        if self.kept_user_edits:
            parts.append(f"{len(self.kept_user_edits)} kept as edited in the app")
        return (f"questions: {', '.join(parts)}; roles: {self.roles}; topics: {self.topics}; "
                f"competencies: {self.competencies}")


def question_to_dict(q: Question) -> dict[str, Any]:
    """The JSON shape of a question, shared by every command that prints questions."""
    return {
        "id": q.id, "prompt": q.prompt, "difficulty": q.difficulty, "kind": q.kind,
        "topics": q.topics, "roles": q.roles, "rubric": list(q.rubric or []),
        "answer": q.answer, "follow_ups": list(q.follow_ups or []),
        "related": list(q.related or []), "minutes": q.minutes, "source": q.source,
        "retired": bool(q.retired), "competencies": list(q.competencies or []),
        "anchors": list(q.anchors or []), "red_flags": list(q.red_flags or []),
    }


@dataclass(frozen=True)
class KnownIds:
    """Ids already in the database, that files being checked may refer to."""

    topics: set[str]
    roles: set[str]
    questions: set[str]
    competencies: set[str]


def known_ids(session: Session) -> KnownIds:
    return KnownIds(
        topics=set(session.scalars(select(Topic.id))),
        roles=set(session.scalars(select(Role.id))),
        questions=set(session.scalars(select(Question.id))),
        competencies=set(session.scalars(select(Competency.id))),
    )


def load_for_import(session: Session, paths_: Iterable[str | Path]) -> Bank:
    known = known_ids(session)
    return load_bank(paths_, known_topics=known.topics, known_roles=known.roles,
                     known_question_ids=known.questions, known_competencies=known.competencies)


def apply_record(q: Question, record: QuestionRecord) -> bool:
    """Copy a record onto a question; True when anything changed."""
    wanted = record.as_dict()
    wanted["roles"] = sorted(wanted["roles"])  # roles are a set; question_to_dict sorts them
    current = question_to_dict(q) if q.prompt is not None else {}
    if all(current.get(k) == v for k, v in wanted.items() if k != "id"):
        return False
    q.prompt, q.difficulty, q.kind = record.prompt, record.difficulty, record.kind
    q.rubric, q.answer = list(record.rubric), record.answer
    q.follow_ups, q.related = list(record.follow_ups), list(record.related)
    q.minutes, q.source, q.retired = record.minutes, record.source, record.retired
    q.competencies, q.anchors = list(record.competencies), list(record.anchors)
    q.red_flags = list(record.red_flags)
    if q.topics != record.topics:
        q.topics = list(record.topics)
    if sorted(q.roles) != sorted(record.roles):
        q.roles = list(record.roles)
    return True


def import_bank(session: Session, bank: Bank, *, keep_user_edits: bool = True) -> ImportReport:
    """Upsert a checked bank inside the caller's transaction. Raises BankError if it has problems."""
    if bank.problems:
        raise BankError(bank.problems)
    report = ImportReport(roles=len(bank.roles), topics=len(bank.topics),
                          competencies=len(bank.competencies))
    for c in bank.competencies:
        competency = session.get(Competency, c.id) or Competency(id=c.id)
        competency.name, competency.kind, competency.description = c.name, c.kind, c.description
        session.add(competency)
    for t in bank.topics:
        topic = session.get(Topic, t.id) or Topic(id=t.id)
        topic.name, topic.description = t.name, t.description
        session.add(topic)
    for r in bank.roles:
        role = session.get(Role, r.id) or Role(id=r.id)
        role.name, role.description = r.name, r.description
        role.default_minutes, role.min_behavioral = r.default_minutes, r.min_behavioral
        role.topic_weights, role.levels = dict(r.topic_weights), dict(r.levels)
        role.competencies = dict(r.competencies)
        session.add(role)
    session.flush()
    ids = [r.id for r in bank.questions]
    existing: dict[str, Question] = {}
    for start in range(0, len(ids), 500):  # stay under the database's bound-parameter limit
        chunk = select(Question).where(Question.id.in_(ids[start:start + 500]))
        existing.update((q.id, q) for q in session.scalars(chunk))
    for record in bank.questions:
        q = existing.get(record.id)
        if q is None:
            q = Question(id=record.id, user_edited=False)
            apply_record(q, record)
            session.add(q)
            report.added.append(record.id)
        elif q.user_edited and keep_user_edits:
            report.kept_user_edits.append(record.id)
        elif apply_record(q, record):
            report.updated.append(record.id)
        else:
            report.unchanged += 1
    session.flush()
    return report


def import_paths(store: Store, paths_: Iterable[str | Path]) -> ImportReport:
    """Check and import files in one transaction: all of them, or nothing."""
    with store.transaction() as s:
        bank = load_for_import(s, list(paths_))
        return import_bank(s, bank)


# -- the bundled bank -----------------------------------------------------------------------


def bank_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    files, _ = bank_files([folder])
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sync_bundled_bank(store: Store, folder: Path | None = None) -> ImportReport | None:
    """Import the bundled bank when it changed since the last start (first start included).

    Returns None when nothing needed doing. Raises BankError if the shipped files are broken.
    """
    folder = folder or paths.bundled_bank_dir()
    if not folder.is_dir():
        return None
    fingerprint = bank_fingerprint(folder)
    with store.transaction() as s:
        meta = s.get(Meta, BUNDLED_FINGERPRINT_KEY)
        if meta is not None and meta.value == fingerprint:
            return None
        report = import_bank(s, load_for_import(s, [folder]))
        s.merge(Meta(key=BUNDLED_FINGERPRINT_KEY, value=fingerprint))
        return report


# -- export ---------------------------------------------------------------------------------


def export_bank(session: Session, out: Path) -> list[Path]:
    """Write the whole bank (retired questions included) so that importing it reproduces it.

    A path ending in .yaml/.yml gets one file; any other path is a folder with topics.yaml,
    roles.yaml and questions.yaml.
    """
    topics = [
        {"id": t.id, "name": t.name, "description": t.description}
        for t in session.scalars(select(Topic).order_by(Topic.id))
    ]
    competencies = [
        {"id": c.id, "name": c.name, "kind": c.kind, "description": c.description}
        for c in session.scalars(select(Competency).order_by(Competency.id))
    ]
    roles = [
        {"id": r.id, "name": r.name, "description": r.description,
         "default_minutes": r.default_minutes, "min_behavioral": r.min_behavioral,
         "competencies": dict(r.competencies or {}),
         "topic_weights": dict(r.topic_weights), "levels": dict(r.levels)}
        for r in session.scalars(select(Role).order_by(Role.id))
    ]
    questions = []
    for q in session.scalars(select(Question).order_by(Question.id)):
        entry = {k: v for k, v in question_to_dict(q).items() if v not in (None, [], "")}
        if not entry.get("retired"):
            entry.pop("retired", None)
        questions.append(entry)
    if out.suffix.lower() in (".yaml", ".yml"):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(dump_yaml({"topics": topics, "competencies": competencies, "roles": roles,
                                  "questions": questions}), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, key, items in (("topics.yaml", "topics", topics),
                             ("competencies.yaml", "competencies", competencies),
                             ("roles.yaml", "roles", roles), ("questions.yaml", "questions", questions)):
        path = out / name
        path.write_text(dump_yaml({key: items}), encoding="utf-8")
        written.append(path)
    return written
