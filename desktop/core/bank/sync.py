"""Moving a checked bank in and out of the database.

Import is all or nothing (the caller's transaction, and nothing starts while the bank has
problems), idempotent, and upserts by id. A question a person edited in the app is never
overwritten by a re-import of the bundled bank.
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import JSON, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.core.bank import bundled
from desktop.core.collector import cycle_collector_paused
from desktop.core.storage import paths, sqlite_file
from desktop.core.bank.files import (
    Bank,
    BankError,
    BankReading,
    QuestionRecord,
    Reread,
    bank_files,
    dump_yaml,
    load_bank,
)
from desktop.core.progress import Cancelled
from desktop.core.bank.question_json import question_to_dict  # noqa: F401  (re-exported)
from desktop.core.storage.models import (
    Competency, Meta, Question, QuestionRole, QuestionTopic, Role, Topic, utcnow,
)
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


class ImportCancelled(Cancelled):
    """The person cancelled an import; nothing was imported."""


# Row by row, the index's triggers index a new question once for itself, then take it out and
# put it back for each topic and role link. Measured: 1,000 new questions into a bank of 10,000
# cost 7.3 s of CPU row by row, 4.0 s with one rebuild of all 11,000: a question through the
# triggers costs about twenty through a rebuild (without any prefix index: 4.5 s and 2.0 s,
# about twenty-five). So rebuild when the questions written are more than a twentieth of the
# table (every first start; 100,000 new ones; not 1,000 into 100,000).
TRIGGER_COST = 20
WRITE_CHUNK = 2000  # rows per executemany: bounded memory, and a chance to report and cancel


def import_bank(session: Session, bank: Bank, *, keep_user_edits: bool = True, progress: Any = None,
                bulk_threshold: int | None = None) -> ImportReport:
    """Upsert a checked bank inside the caller's transaction. Raises BankError if it has problems.

    Questions go in as Core executemany, not ORM objects. A large import (`bulk_threshold`
    questions written or more; by default, when rebuilding the index costs less than its
    triggers) writes with the search index's triggers off, indexes everything once, and
    refreshes the planner's statistics. `progress`, if given, is told `report(done, total, text)`
    and an import is abandoned (ImportCancelled, nothing kept) once its `cancelled` is true.
    """
    if bank.problems:
        raise BankError(bank.problems)
    return _import(session, bank, bank.questions, lambda: len(bank.questions), lambda: [],
                   keep_user_edits=keep_user_edits, progress=progress, bulk_threshold=bulk_threshold)


def import_reading(session: Session, reading: BankReading, *, keep_user_edits: bool = True, progress: Any = None,
                   bulk_threshold: int | None = None) -> ImportReport:
    """import_bank for files being read (files.BankReading): each batch of questions is written
    as it is read and checked, so a 100,000-question file is never held whole. Problems found
    on the way stop the writing; at the end they raise BankError, and the caller's transaction
    rolls back what was written (all or nothing, as import_bank). May raise Reread (see there)."""
    return _import(session, reading.bank, reading.questions(), reading.expected, reading.finish,
                   failing=lambda: bool(reading.problems), keep_user_edits=keep_user_edits,
                   progress=progress, bulk_threshold=bulk_threshold)


def _import(session: Session, sections: Bank, records: Iterable[QuestionRecord], expected: Callable[[], int],
            finish: Callable[[], list], *, failing: Callable[[], bool] = lambda: False, keep_user_edits: bool,
            progress: Any, bulk_threshold: int | None) -> ImportReport:
    report = ImportReport(roles=len(sections.roles), topics=len(sections.topics),
                          competencies=len(sections.competencies))
    writer = _Writer(session, report, keep_user_edits, _Steps(progress, expected), bulk_threshold)
    with ExitStack() as bulk:
        if not failing():
            _upsert_taxonomy(session, sections)
        for chunk in _batches(records, WRITE_CHUNK):
            if not failing():  # once the files have a problem nothing will be kept: just check on
                writer.write(chunk, bulk)
            writer.steps.advance(len(chunk), "writing questions")
        if problems := finish():
            raise BankError(problems)
    # Leaving `bulk` indexed everything once, if the import was large enough to write in bulk.
    if writer.large:
        _analyze(session)
    session.expire_all()  # question objects already loaded in this session may be stale now
    writer.steps.report(writer.steps.total, "imported")
    return report


def _analyze(session: Session) -> None:
    """Planner statistics for the bank's new shape (see migration 0002: without them, listing
    100,000 questions by id sorts them all)."""
    if session.get_bind().dialect.name == "sqlite":
        for table in ("questions", "question_topics", "question_roles"):
            session.execute(text(f"ANALYZE {table}"))
    else:
        session.execute(text("ANALYZE questions, question_topics, question_roles"))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Writer:
    """Writes batches of checked questions: adds the new ones, updates the changed ones, and
    once the import is large enough, turns the search index's triggers off for the rest."""

    def __init__(self, session: Session, report: ImportReport, keep_user_edits: bool, steps: _Steps,
                 bulk_threshold: int | None):
        self.session, self.report, self.keep_user_edits, self.steps = session, report, keep_user_edits, steps
        self.threshold = bulk_threshold
        self.stored = set(session.scalars(select(_QUESTIONS.c.id)))
        self.rows_before = len(self.stored)
        self.written = self.added = 0
        self.large = False
        self.sqlite = session.get_bind().dialect.name == "sqlite"

    def write(self, records: list[QuestionRecord], bulk: ExitStack) -> None:
        new, changed = _sort_out(self.session, records, self.stored, self.keep_user_edits, self.report)
        self.written += len(new) + len(changed)
        self.added += len(new)
        if not self.large and _is_large(self.written, self.rows_before + self.added, self.threshold):
            self.large = True
            from desktop.core.bank.search.fts5 import has_fts_index  # search loads with an import, not every command

            if self.sqlite and has_fts_index(self.session):
                self.steps.indexing_after(self.rows_before)
                bulk.enter_context(_bulk_indexing(self.session, self.steps))
        _insert_questions(self.session, new)
        _update_questions(self.session, changed)


def _sort_out(session: Session, records: list[QuestionRecord], stored_ids: set[str], keep_user_edits: bool,
              report: ImportReport) -> tuple[list[QuestionRecord], list[tuple[QuestionRecord, dict[str, list[str]]]]]:
    """Of a batch of records, those to add and those to update (with their stored links), noted
    in `report` in the bank's order. Only what an update needs is kept of the stored questions."""
    verdicts: dict[str, tuple[str, dict[str, list[str]] | None]] = {}
    by_id = {r.id: r for r in records}
    for qid, current in _stored_questions(session, [r.id for r in records if r.id in stored_ids]):
        verdict = _verdict(current, by_id[qid], keep_user_edits)
        links = {"topics": current["topics"], "roles": current["roles"]} if verdict == "updated" else None
        verdicts[qid] = (verdict, links)
    new, changed = [], []
    for record in records:
        verdict, links = verdicts.get(record.id, ("added", None))
        if verdict == "added":
            new.append(record)
            report.added.append(record.id)
        elif verdict == "kept":
            report.kept_user_edits.append(record.id)
        elif verdict == "updated":
            changed.append((record, links))
            report.updated.append(record.id)
        else:
            report.unchanged += 1
    return new, changed


def _verdict(current: dict[str, Any], record: QuestionRecord, keep_user_edits: bool) -> str:
    if current["user_edited"] and keep_user_edits:
        return "kept"
    return "updated" if any(current[k] != v for k, v in _fields(record).items()) else "unchanged"


def _is_large(written: int, rows_after: int, threshold: int | None) -> bool:
    if threshold is not None:
        return written >= threshold
    return written > 0 and written * TRIGGER_COST >= rows_after


class _Steps:
    """Progress over the questions read (and then indexed), for a duck-typed `progress` object."""

    def __init__(self, progress: Any, expected: Callable[[], int]):
        self.progress, self.expected, self.done = progress, expected, 0
        self.indexing = None  # rows in the table before the import, once it is known to index them all
        self.total = expected()

    def indexing_after(self, rows_before: int) -> None:
        self.indexing = rows_before

    def report(self, done: int, text_: str) -> None:
        if getattr(self.progress, "cancelled", False):
            raise ImportCancelled("import cancelled; nothing was imported")
        self.done = done
        if self.progress is not None:
            self.progress.report(done, self.total, text_)

    def advance(self, rows: int, text_: str) -> None:
        questions = max(self.expected(), self.done + rows)
        # While writing, the total counts the indexing to come (fts5.bulk_index: each row, then the merge).
        from desktop.core.bank.search.fts5 import OPTIMIZE_SHARE

        rebuild = 0 if self.indexing is None else (self.indexing + questions) * (OPTIMIZE_SHARE + 1) // OPTIMIZE_SHARE
        self.total = questions + rebuild
        self.report(self.done + rows, text_)


def _bulk_indexing(session: Session, steps: _Steps):
    """The rest of the import writes with the index's triggers off; then every question is indexed once."""
    base = None

    def indexed(done: int, total: int) -> None:
        nonlocal base
        if base is None:  # the questions are all written now
            base = steps.done
        steps.total = base + total
        steps.report(base + done, "indexing for search")

    from desktop.core.bank.search.fts5 import bulk_index

    return bulk_index(session, indexed)


def _chunks(items: list, size: int = WRITE_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _fields(record: QuestionRecord) -> dict[str, Any]:
    """A record as the fields a stored question is compared on (the shape of question_to_dict)."""
    wanted = record.as_dict()
    del wanted["id"]
    wanted["roles"] = sorted(wanted["roles"])  # roles are a set; question_to_dict sorts them
    return wanted


_QUESTIONS = Question.__table__
_TOPIC_LINKS = QuestionTopic.__table__
_ROLE_LINKS = QuestionRole.__table__
_COMPARED = ("prompt", "difficulty", "kind", "rubric", "answer", "follow_ups", "related", "minutes",
             "source", "retired", "competencies", "anchors", "red_flags", "user_edited")


def _stored_questions(session: Session, present: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, stored fields) of questions in the database, read with Core."""
    columns = [_QUESTIONS.c.id, *(_QUESTIONS.c[name] for name in _COMPARED)]
    for chunk in _chunks(present, 500):  # stay under the database's bound-parameter limit
        stored: dict[str, dict[str, Any]] = {}
        for row in session.execute(select(*columns).where(_QUESTIONS.c.id.in_(chunk))):
            fields = dict(row._mapping)
            fields["retired"], fields["user_edited"] = bool(fields["retired"]), bool(fields["user_edited"])
            fields["topics"], fields["roles"] = [], []
            for key in ("rubric", "follow_ups", "related", "competencies", "anchors", "red_flags"):
                fields[key] = list(fields[key] or [])
            stored[fields.pop("id")] = fields
        topics = select(_TOPIC_LINKS.c.question_id, _TOPIC_LINKS.c.topic_id).where(
            _TOPIC_LINKS.c.question_id.in_(chunk)).order_by(
            _TOPIC_LINKS.c.question_id, _TOPIC_LINKS.c.position, _TOPIC_LINKS.c.topic_id)
        for qid, topic in session.execute(topics):
            stored[qid]["topics"].append(topic)
        roles = select(_ROLE_LINKS.c.question_id, _ROLE_LINKS.c.role_id).where(
            _ROLE_LINKS.c.question_id.in_(chunk)).order_by(_ROLE_LINKS.c.question_id, _ROLE_LINKS.c.role_id)
        for qid, role in session.execute(roles):
            stored[qid]["roles"].append(role)
        yield from stored.items()


def _upsert_taxonomy(session: Session, bank: Bank) -> None:
    """Competencies, topics and roles: a few dozen rows, through the ORM (each table read once)."""
    competencies = {c.id: c for c in session.scalars(select(Competency))}
    for c in bank.competencies:
        competency = competencies.get(c.id) or Competency(id=c.id)
        competency.name, competency.kind, competency.description = c.name, c.kind, c.description
        session.add(competency)
    topics = {t.id: t for t in session.scalars(select(Topic))}
    for t in bank.topics:
        topic = topics.get(t.id) or Topic(id=t.id)
        topic.name, topic.description = t.name, t.description
        session.add(topic)
    roles = {r.id: r for r in session.scalars(select(Role))}
    for r in bank.roles:
        role = roles.get(r.id) or Role(id=r.id)
        role.name, role.description = r.name, r.description
        role.default_minutes, role.min_behavioral = r.default_minutes, r.min_behavioral
        role.topic_weights, role.levels = dict(r.topic_weights), dict(r.levels)
        role.competencies = dict(r.competencies)
        session.add(role)
    session.flush()


def _columns(record: QuestionRecord) -> dict[str, Any]:
    """The questions-table columns a record sets (the links are written apart)."""
    return {
        "prompt": record.prompt, "difficulty": record.difficulty, "kind": record.kind,
        "rubric": list(record.rubric), "answer": record.answer,
        "follow_ups": list(record.follow_ups), "related": list(record.related),
        "minutes": record.minutes, "source": record.source, "retired": record.retired,
        "competencies": list(record.competencies), "anchors": list(record.anchors),
        "red_flags": list(record.red_flags),
    }


def _topic_links(records: list[QuestionRecord]) -> list[dict[str, Any]]:
    return [{"question_id": r.id, "topic_id": t, "position": n}
            for r in records for n, t in enumerate(r.topics)]


def _role_links(records: list[QuestionRecord]) -> list[dict[str, Any]]:
    return [{"question_id": r.id, "role_id": role} for r in records for role in r.roles]


def _insert_questions(session: Session, records: list[QuestionRecord]) -> None:
    now = utcnow()
    for chunk in _chunks(records):
        _insert(session, _QUESTIONS, [
            {"id": r.id, **_columns(r), "user_edited": False, "created_at": now, "updated_at": now}
            for r in chunk
        ])
        _insert(session, _TOPIC_LINKS, _topic_links(chunk))
        _insert(session, _ROLE_LINKS, _role_links(chunk))


def _insert(session: Session, table, rows: list[dict[str, Any]]) -> None:
    """executemany of `rows` (dicts with the same keys). On SQLite the values are converted a
    column at a time, by each column's own type as SQLAlchemy would, and go to the driver as
    tuples: SQLAlchemy's handling of every row's parameters cost more than SQLite's inserting
    (10,000 questions and their links: 1.1 s of CPU that way, 0.7 s this way)."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(names))})'
    by_column = [[row[name] for row in rows] for name in names]
    for n, name in enumerate(names):
        if convert := _converter(table.c[name], dialect):
            by_column[n] = list(map(convert, by_column[n]))
    session.connection().exec_driver_sql(sql, list(zip(*by_column)))  # errors come wrapped, as from execute()


def _converter(column, dialect) -> Callable[[Any], Any] | None:
    """What SQLAlchemy turns a value of this column into for the driver, or None for as it is."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is not None and isinstance(column.type, JSON):
        # Most lists of a question are empty ('related', 'anchors'...): "[]" with any serializer.
        return lambda value: "[]" if value == [] else process(value)
    return process


def _update_questions(session: Session, changed: list[tuple[QuestionRecord, dict[str, Any]]]) -> None:
    now = utcnow()
    by_id = _QUESTIONS.c.id == bindparam("question_key")
    for chunk in _chunks(changed):
        session.execute(update(_QUESTIONS).where(by_id), [
            {"question_key": r.id, **_columns(r), "updated_at": now} for r, _ in chunk
        ])
        # Links are replaced only where they changed: each change re-indexes the question.
        topics = [r for r, current in chunk if current["topics"] != list(r.topics)]
        roles = [r for r, current in chunk if current["roles"] != sorted(r.roles)]
        for table, records, links in ((_TOPIC_LINKS, topics, _topic_links),
                                      (_ROLE_LINKS, roles, _role_links)):
            for part in _chunks(records, 500):
                session.execute(delete(table).where(table.c.question_id.in_([r.id for r in part])))
                if rows := links(part):
                    _insert(session, table, rows)




def import_paths(store: Store, paths_: Iterable[str | Path], *, progress: Any = None,
                 bulk_threshold: int | None = None) -> ImportReport:
    """Check and import files in one transaction: all of them, or nothing."""
    return _in_transaction(store, list(paths_), lambda s, reading: import_reading(
        s, reading, progress=progress, bulk_threshold=bulk_threshold), progress)


def _in_transaction(store: Store, paths_: list, work: Callable[[Session, BankReading], Any], progress: Any = None):
    """`work(session, reading)` in one transaction; again from the start, with the file read
    the ordinary way, should a file read the fast way need it (files.Reread)."""
    ordinary: set[Path] = set()
    while True:
        try:
            with cycle_collector_paused(), store.transaction() as s, sqlite_file.not_mapped(s):
                if progress is not None:
                    progress.report(0, 0, "reading and checking files")  # total 0: not known yet
                known = known_ids(s)
                reading = BankReading(paths_, known_topics=known.topics, known_roles=known.roles,
                                      known_question_ids=known.questions, known_competencies=known.competencies,
                                      ordinary=ordinary)
                return work(s, reading)
        except Reread as again:
            ordinary.add(again.path)


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
    stamp = bundled.folder_stamp(folder)
    fingerprint = bundled.known_fingerprint(folder, stamp)
    if fingerprint is None:  # a new or changed bundled bank (or a first start): hash it
        fingerprint = bank_fingerprint(folder)
        bundled.remember_fingerprint(folder, stamp, fingerprint)
    if bundled.holds(store.path, fingerprint):  # the database file unchanged since it held it
        return None
    seen = sqlite_file.file_stamp(store.path)  # before the read: a write meanwhile makes a new stamp
    with store.session() as s:
        meta = s.get(Meta, BUNDLED_FINGERPRINT_KEY)
        if meta is not None and meta.value == fingerprint:
            bundled.remember_holds(store.path, seen, fingerprint)
            return None

    def work(s: Session, reading: BankReading) -> ImportReport | None:
        meta = s.get(Meta, BUNDLED_FINGERPRINT_KEY)
        if meta is not None and meta.value == fingerprint:
            return None  # another process imported it meanwhile
        report = import_reading(s, reading)
        s.merge(Meta(key=BUNDLED_FINGERPRINT_KEY, value=fingerprint))
        return report

    return _in_transaction(store, [folder], work)


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
