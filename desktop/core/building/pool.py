"""The questions a set can be built from, loaded from the database in bulk and kept until the bank changes."""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from itertools import repeat

from sqlalchemy import String, Text, cast, event, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.orm import Session

from desktop.core.building import pool_file
from desktop.core.collector import cycle_collector_paused
from desktop.core.storage import sqlite_file
from desktop.core.storage.models import Question, QuestionRole, QuestionTopic
from desktop.core.building.requests import PoolQuestion
from desktop.core.building.role_pool import RolePool, with_twins  # noqa: F401 (where the builder found them)

# The pool's queries use the tables' columns (plain Core): no ORM compile step on first use.
_QUESTIONS, _TOPIC_LINKS, _ROLE_LINKS = Question.__table__.c, QuestionTopic.__table__.c, QuestionRole.__table__.c
_SEP = "\x1f"  # between values in a GROUP_CONCAT; no id or topic contains it


class _concat(FunctionElement):
    """GROUP_CONCAT(column, _SEP) as text; string_agg on PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(_concat)
def _group_concat(element, compiler, **kw) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, '{_SEP}')"


@compiles(_concat, "postgresql")
def _string_agg(element, compiler, **kw) -> str:
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), '{_SEP}')"


def _split(text: str | None) -> list[str]:
    return text.split(_SEP) if text else []


@dataclass
class BankPool:
    by_id: dict[str, PoolQuestion]
    # question id -> its near-duplicate twins (`related`, both ways): never together in a set,
    # a loop, or before a candidate who had one of them
    twins: dict[str, frozenset[str]] = field(default_factory=dict)
    kept_as: tuple | None = None  # (database file, stamp) of the pool file holding this pool
    _role_pools: dict[str, RolePool] = field(default_factory=dict)

    def role(self, session: Session, role_id: str) -> RolePool:
        """A role's pool, read and grouped on first use (each role's first build pays for it,
        the first in any process where the pool file holds the pool)."""
        if role_id not in self._role_pools:
            with cycle_collector_paused():
                pool = pool_file.read_role(self.kept_as, role_id, self.by_id) if self.kept_as else None
                if pool is None:
                    ids = _split(session.connection().execute(select(_concat(_ROLE_LINKS.question_id))
                                                              .where(_ROLE_LINKS.role_id == role_id)).scalar())
                    pool = RolePool.of(role_id, [q for q in map(self.by_id.get, ids) if q is not None])  # live
                    # Kept only while the file is as the pool was read: then these links are its too.
                    if self.kept_as and sqlite_file.file_stamp(self.kept_as[0]) == self.kept_as[1]:
                        pool_file.write_role(self.kept_as, pool, self.twins)
                self._role_pools[role_id] = pool
        return self._role_pools[role_id]


def load_bank_pool(session: Session) -> BankPool:
    """Every live question as a plain record, fast on a big bank.

    Making Python objects one by one is what costs, not SQLite. So each query returns a few
    rows of GROUP_CONCATed columns, split in C, and the records are put together by C loops
    (map, zip), with no Python code run per question. A role's question ids are read when
    that role is first built (BankPool.role).
    """
    conn = session.connection()
    with cycle_collector_paused():  # 100,000 new tuples would set off many needless cycle collections
        topics = _topics(conn)
        ids, difficulties, kinds, minutes, competencies = (_split(column) for column in conn.execute(
            select(_concat(_QUESTIONS.id), _concat(_QUESTIONS.difficulty), _concat(_QUESTIONS.kind),
                   _concat(_QUESTIONS.minutes), _concat(cast(_QUESTIONS.competencies, Text)))
            .where(_QUESTIONS.retired.is_(False))).one())
        # The five columns are NOT NULL, so the five lists line up. A bank has a few dozen
        # competency lists, so each JSON text is parsed once.
        parsed = {text: tuple(json.loads(text) or ()) for text in set(competencies)}
        rows = zip(ids, difficulties, kinds, map(int, minutes), map(topics.__getitem__, ids),
                   map(parsed.__getitem__, competencies))
        return BankPool(dict(zip(ids, map(tuple.__new__, repeat(PoolQuestion), rows))), _twins(conn))


def _twins(conn) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for qid, related in conn.execute(select(_QUESTIONS.id, cast(_QUESTIONS.related, Text))
                                     .where(cast(_QUESTIONS.related, Text) != "[]")):
        for other in json.loads(related or "[]"):
            if other != qid:
                pairs.setdefault(qid, set()).add(other)
                pairs.setdefault(other, set()).add(qid)
    return {qid: frozenset(others) for qid, others in pairs.items()}






class _Appended(dict):
    """(topics, topic) -> topics + (topic,), made once per combination and shared."""

    def __missing__(self, key: tuple[tuple[str, ...], str]) -> tuple[str, ...]:
        value = self[key] = (*key[0], key[1])
        return value


class _NoTopics(dict):
    def __missing__(self, key: str) -> tuple[str, ...]:
        return ()


def _topics(conn) -> _NoTopics:
    """Question id -> its topic ids in position order (ties by topic id, as a sort would).

    The links come one row per position, lowest first; appending each to the question's
    topics so far keeps them in order, with no sort per question."""
    topics, appended = _NoTopics(), _Appended()
    for qcol, tcol in conn.execute(select(_concat(_TOPIC_LINKS.question_id), _concat(_TOPIC_LINKS.topic_id))
                                   .group_by(_TOPIC_LINKS.position).order_by(_TOPIC_LINKS.position)):
        qids, tids = _split(qcol), _split(tcol)
        if len(set(qids)) < len(qids):  # some question has two topics at this position
            for q, t in sorted(zip(qids, tids)):
                topics[q] = appended[topics[q], t]
        else:  # (the first position needs no look-up: every question starts with no topics)
            so_far = map(topics.__getitem__, qids) if topics else repeat(())
            topics.update(zip(qids, map(appended.__getitem__, zip(so_far, tids))))
    return topics


_bank_generation = 0  # bumped by every flush that touches a question, in this process


@event.listens_for(Session, "after_flush")
def _note_bank_change(session: Session, _context) -> None:
    global _bank_generation
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(o, (Question, QuestionTopic, QuestionRole)) for o in changed):
        _bank_generation += 1


def _bank_fingerprint(session: Session) -> tuple:
    """Changes when the bank does: edits made through the app (the generation), and imports or
    retirements made anywhere (counts, newest link rows). A few ms on 100,000 questions,
    where max(updated_at) would scan the whole table."""
    # SQLite's newest rowid is free to read; other databases have no rowid, so count links there.
    sqlite = session.get_bind().dialect.name == "sqlite"
    link_ids = func.max(literal_column("rowid")) if sqlite else func.count()
    return (_bank_generation, *session.execute(select(
        select(func.count()).select_from(Question).scalar_subquery(),
        select(func.count()).select_from(Question).where(Question.retired.is_(True)).scalar_subquery(),
        select(link_ids).select_from(QuestionTopic).scalar_subquery(),
        select(link_ids).select_from(QuestionRole).scalar_subquery(),
    )).one())


_pool_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pool_is_ready(session: Session) -> bool:
    """True when the cached pool matches the bank: the next build will not load it."""
    cached = _pool_cache.get(session.get_bind())
    return cached is not None and cached[0] == _bank_fingerprint(session)


def pool_for(session: Session) -> BankPool:
    """The bank pool, reloaded only when the bank changed since the last build (and read from
    the pool file when another process read this very state of the database file)."""
    engine = session.get_bind()
    fingerprint = _bank_fingerprint(session)
    cached = _pool_cache.get(engine)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, _kept_or_loaded(session, engine))
        _pool_cache[engine] = cached
    return cached[1]


def _kept_or_loaded(session: Session, engine) -> BankPool:
    database = pool_file.database_file(engine)
    # No stamp while changes wait in the log, or in this session's own open transaction.
    writing = getattr(session.connection().connection.driver_connection, "in_transaction", True)
    stamp = None if writing else sqlite_file.file_stamp(database)
    with cycle_collector_paused():
        kept = pool_file.read(database, stamp) if stamp is not None else None
    if kept is not None:
        return BankPool(*kept, kept_as=(database, stamp))
    bank = load_bank_pool(session)
    if stamp is not None and stamp == sqlite_file.file_stamp(database):  # nobody wrote meanwhile
        pool_file.write(database, stamp, bank.by_id, bank.twins)
        bank.kept_as = (database, stamp)
    return bank
