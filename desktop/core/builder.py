"""Building interview sets and loops from the bank.

The builder works on a pool of plain question records (no ORM objects), so it is fast and
easy to test; `pool_for` loads (and caches) the pool from a Session. Rules, in order:

1. pinned questions are always in; excluded ones (and a candidate's earlier ones) never are;
2. the required behavioral questions come first;
3. the difficulty mix is met exactly while the bank allows it (largest-remainder rounding);
4. each slot goes to the topic furthest behind its share of the role's (or focus) weights;
5. among equally good questions, the least often and least recently asked win, then a
   seeded shuffle, so the same inputs and seed give the same set.

When a rule cannot be met the builder still fills every slot with the closest questions and
reports each `Shortfall` (what, wanted, got, why).
"""

from __future__ import annotations

import gc
import random
import weakref
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain, repeat
from operator import itemgetter
from typing import Iterable, Mapping, NamedTuple, Sequence

from sqlalchemy import String, event, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.orm import Session

from desktop.core.balance import Balance, Targets, balance_of, counted_topic, make_targets
from desktop.core.models import DIFFICULTIES, KINDS, LEVELS, Question, QuestionRole, QuestionTopic, Role, Topic
from desktop.core.usage import NEVER, Usage, candidate_question_ids, question_usage

ANY_TOPIC = "*"
BEHAVIORAL = "behavioral"


class BuildError(ValueError):
    """A request that cannot be understood (unknown role, bad level, ...): one clear line."""


class PoolQuestion(NamedTuple):
    """A question as the builder sees it. A named tuple: 100,000 of them are made per load."""

    id: str
    difficulty: str
    kind: str
    minutes: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class RoleSpec:
    id: str
    topic_weights: dict[str, float]
    levels: dict[str, dict[str, float]]
    min_behavioral: int = 1
    default_minutes: int = 45

    @classmethod
    def from_row(cls, role: Role) -> RoleSpec:
        return cls(role.id, dict(role.topic_weights or {}), dict(role.levels or {}),
                   role.min_behavioral or 0, role.default_minutes or 45)


@dataclass(frozen=True)
class SetRequest:
    role: str
    level: str = "mid"
    count: int | None = None
    minutes: int | None = None  # fill to this budget when no count is given
    mix: Mapping[str, float] | None = None  # overrides the role's mix for the level
    focus: tuple[str, ...] = ()  # topics to concentrate on (weights from the role, else 1)
    kinds: tuple[str, ...] = ()  # only these kinds (empty: all)
    exclude_kinds: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    candidate_id: int | None = None
    seed: int = 0

    def params(self) -> dict:
        """JSON-safe, to store with a saved set."""
        return {
            "role": self.role, "level": self.level, "count": self.count, "minutes": self.minutes,
            "mix": dict(self.mix) if self.mix else None, "focus": list(self.focus),
            "kinds": list(self.kinds), "exclude_kinds": list(self.exclude_kinds),
            "pinned": list(self.pinned), "excluded": list(self.excluded),
            "candidate_id": self.candidate_id, "seed": self.seed,
        }


@dataclass(frozen=True)
class Shortfall:
    """`what` and `why` name topics by id (for JSON and scripts); `label` and `reason`, when
    set, say the same with the topics' display names, for people (str())."""

    what: str
    wanted: int
    got: int
    why: str
    label: str = field(default="", compare=False)
    reason: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {"what": self.what, "wanted": self.wanted, "got": self.got, "why": self.why}

    def in_interview(self, number: int) -> Shortfall:
        prefix = f"interview {number}: "
        return replace(self, what=prefix + self.what, label=prefix + (self.label or self.what))

    def __str__(self) -> str:
        return f"{self.label or self.what}: wanted {self.wanted}, got {self.got} ({self.reason or self.why})"


@dataclass
class BuiltSet:
    request: SetRequest
    questions: list[PoolQuestion]
    targets: Targets
    balance: Balance
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def focus_label(self) -> str:
        return ", ".join(self.request.focus)


@dataclass
class BuiltLoop:
    sets: list[BuiltSet]
    balance: Balance
    shortfalls: list[Shortfall]


# ---------------------------------------------------------------------------------------------
# The pool


@dataclass
class RolePool:
    """One role's questions, grouped so each slot looks at a few hundred, not the whole bank."""

    role_id: str
    questions: list[PoolQuestion]
    # (behavioral?, difficulty, topic or ANY_TOPIC) -> questions sorted by id
    buckets: dict[tuple[bool, str, str], list[PoolQuestion]]
    minutes: dict[str, tuple[int, float]]  # kind -> (shortest, mean)
    technical_topics: frozenset[str]  # topics some non-behavioral question leads with

    def minutes_of(self, kinds: Iterable[str]) -> tuple[int, float]:
        stats = [self.minutes[k] for k in kinds if k in self.minutes]
        if not stats:
            return 1, 5.0
        return max(1, min(s[0] for s in stats)), sum(s[1] for s in stats) / len(stats)

    @classmethod
    def of(cls, role_id: str, questions: Iterable[PoolQuestion]) -> RolePool:
        qs = sorted(questions, key=_by_id)
        # Group by shape (everything but the id) first: a bank has a few hundred shapes, so
        # the buckets, minutes and topics are worked out per shape, not per question.
        shapes: dict[tuple, list[PoolQuestion]] = {}
        for q in qs:
            shape = q[1:]
            group = shapes.get(shape)
            if group is None:
                shapes[shape] = [q]
            else:
                group.append(q)
        parts: dict[tuple[bool, str, str], list[list[PoolQuestion]]] = {}
        per_kind: dict[str, list[int]] = {}  # kind -> [shortest, total minutes, questions]
        technical: set[str] = set()
        for (difficulty, kind, minutes, topics), group in shapes.items():
            b = kind == BEHAVIORAL
            for key in dict.fromkeys([(b, difficulty, ANY_TOPIC), *((b, difficulty, t) for t in topics)]):
                parts.setdefault(key, []).append(group)
            stats = per_kind.setdefault(kind, [minutes, 0, 0])
            stats[0] = min(stats[0], minutes)
            stats[1] += minutes * len(group)
            stats[2] += len(group)
            if not b and topics:
                technical.add(topics[0])
        buckets = {key: groups[0] if len(groups) == 1 else sorted(chain.from_iterable(groups), key=_by_id)
                   for key, groups in parts.items()}
        kind_minutes = {k: (low, total / n) for k, (low, total, n) in per_kind.items()}
        return cls(role_id, qs, buckets, kind_minutes, frozenset(technical))


_by_id = itemgetter(0)
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
    _role_pools: dict[str, RolePool] = field(default_factory=dict)

    def role(self, session: Session, role_id: str) -> RolePool:
        """A role's pool, read and grouped on first use (each role's first build pays for it)."""
        if role_id not in self._role_pools:
            ids = _split(session.connection().execute(select(_concat(_ROLE_LINKS.question_id))
                                                      .where(_ROLE_LINKS.role_id == role_id)).scalar())
            with _gc_paused():
                live = [q for q in map(self.by_id.get, ids) if q is not None]  # not retired
                self._role_pools[role_id] = RolePool.of(role_id, live)
        return self._role_pools[role_id]


def load_bank_pool(session: Session) -> BankPool:
    """Every live question as a plain record, fast on a big bank.

    Making Python objects one by one is what costs, not SQLite. So each query returns a few
    rows of GROUP_CONCATed columns, split in C, and the records are put together by C loops
    (map, zip), with no Python code run per question. A role's question ids are read when
    that role is first built (BankPool.role).
    """
    conn = session.connection()
    with _gc_paused():  # 100,000 new tuples would set off many needless cycle collections
        topics = _topics(conn)
        ids, difficulties, kinds, minutes = (_split(column) for column in conn.execute(
            select(_concat(_QUESTIONS.id), _concat(_QUESTIONS.difficulty), _concat(_QUESTIONS.kind),
                   _concat(_QUESTIONS.minutes)).where(_QUESTIONS.retired.is_(False))).one())
        # The four columns are NOT NULL, so the four lists line up.
        rows = zip(ids, difficulties, kinds, map(int, minutes), map(topics.__getitem__, ids))
        return BankPool(dict(zip(ids, map(tuple.__new__, repeat(PoolQuestion), rows))))


@contextmanager
def _gc_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def pool_for(session: Session) -> BankPool:
    """The bank pool, reloaded only when the bank changed since the last build."""
    engine = session.get_bind()
    fingerprint = _bank_fingerprint(session)
    cached = _pool_cache.get(engine)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, load_bank_pool(session))
        _pool_cache[engine] = cached
    return cached[1]


# ---------------------------------------------------------------------------------------------
# Picking


class _Bucket:
    """One bucket in preference order, drawn lazily: least used first, then a seeded shuffle.

    Only the draws are paid for (a lazy Fisher-Yates), so big buckets cost almost nothing.
    """

    def __init__(self, items: list[PoolQuestion], rng: random.Random, usage: Mapping[str, Usage]):
        if usage:
            fresh = [q for q in items if q.id not in usage]
            used = [q for q in items if q.id in usage]
            keyed = [(usage[q.id].times, usage[q.id].last or datetime.min, rng.random(), q.id, q) for q in used]
            self.tail = [k[-1] for k in sorted(keyed)]
        else:
            fresh, self.tail = list(items), []
        self.fresh, self.rng, self.i, self.j = fresh, rng, 0, 0

    def draw(self, ok) -> PoolQuestion | None:
        """The best question `ok` accepts; ones refused now are never wanted later in this build
        (taken, wrong kind or topic, or too long for a budget that only shrinks)."""
        fresh = self.fresh
        while self.i < len(fresh):
            k = self.rng.randrange(self.i, len(fresh))
            fresh[self.i], fresh[k] = fresh[k], fresh[self.i]
            self.i += 1
            if ok(fresh[self.i - 1]):
                return fresh[self.i - 1]
        while self.j < len(self.tail):
            self.j += 1
            if ok(self.tail[self.j - 1]):
                return self.tail[self.j - 1]
        return None


@dataclass
class _Plan:
    """Everything fixed for one build: the role pool, weights, targets and what is off limits."""

    pool: RolePool
    role: RoleSpec
    request: SetRequest
    weights: dict[str, float]
    targets: Targets
    taken: set[str]  # excluded, candidate's, and already in another set of the loop
    kinds: frozenset[str]
    usage: Mapping[str, Usage]
    pinned: list[PoolQuestion]
    topic_names: Mapping[str, str]  # topic id -> display name, for shortfall text


class _Picker:
    def __init__(self, plan: _Plan, budget: int | None, min_minutes: int):
        self.plan = plan
        self.chosen: list[PoolQuestion] = []
        self.chosen_ids: set[str] = set()
        self.topic_got: Counter[str] = Counter()
        self.diff_got: Counter[str] = Counter()
        self.behavioral = 0
        self.budget_left = budget
        self.min_minutes = min_minutes
        self.buckets: dict[tuple[bool, str, str], _Bucket] = {}
        self.slots_left = 0
        for q in plan.pinned:
            self._take(q)

    def _take(self, q: PoolQuestion) -> None:
        self.chosen.append(q)
        self.chosen_ids.add(q.id)
        self.diff_got[q.difficulty] += 1
        self.topic_got[counted_topic(q.topics, self.plan.weights)] += 1
        self.behavioral += q.kind == BEHAVIORAL
        if self.budget_left is not None:
            self.budget_left -= q.minutes

    def _bucket(self, key: tuple[bool, str, str]) -> _Bucket | None:
        if key not in self.buckets:
            items = self.plan.pool.buckets.get(key)
            if not items:
                return None
            rng = random.Random(f"{self.plan.request.seed}|{key[0]}|{key[1]}|{key[2]}")
            self.buckets[key] = _Bucket(items, rng, self.plan.usage)
        return self.buckets[key]

    def _ok(self, topic: str):
        plan, taken, chosen = self.plan, self.plan.taken, self.chosen_ids
        limit = None if self.budget_left is None else self.budget_left - (self.slots_left - 1) * self.min_minutes

        def ok(q: PoolQuestion) -> bool:
            return (q.id not in taken and q.id not in chosen and q.kind in plan.kinds
                    and (limit is None or q.minutes <= limit)
                    and (topic == ANY_TOPIC or counted_topic(q.topics, plan.weights) == topic))
        return ok

    def _difficulty_order(self) -> list[str]:
        """Difficulties still owed first (most owed first), then the nearest to those owed."""
        owed = {d: self.plan.targets.difficulty.get(d, 0) - self.diff_got[d] for d in DIFFICULTIES}
        first = sorted((d for d in DIFFICULTIES if owed[d] > 0), key=lambda d: (-owed[d], DIFFICULTIES.index(d)))
        anchors = first or list(DIFFICULTIES)
        rest = sorted((d for d in DIFFICULTIES if d not in first),
                      key=lambda d: (min(abs(DIFFICULTIES.index(d) - DIFFICULTIES.index(a)) for a in anchors),
                                     owed[d] < 0 and -owed[d], DIFFICULTIES.index(d)))
        return first + rest

    def _topic_order(self) -> list[str]:
        t = self.plan.targets.topic
        w = self.plan.weights
        return sorted(w, key=lambda k: (-(t.get(k, 0) - self.topic_got[k]), -w[k], k))

    def pick(self, behavioral: bool) -> PoolQuestion | None:
        topics = self._topic_order() + [ANY_TOPIC]
        for d in self._difficulty_order():
            for topic in topics:
                bucket = self._bucket((behavioral, d, topic))
                q = bucket.draw(self._ok(topic)) if bucket else None
                if q is not None:
                    self._take(q)
                    return q
        return None

    def fill_behavioral(self, count: int) -> None:
        """The required behavioral questions go first: they are a rule, topics only a share."""
        while self.behavioral < self.plan.targets.min_behavioral and len(self.chosen) < count:
            self.slots_left = count - len(self.chosen)
            if self.pick(True) is None:
                break  # none left: reported as a shortfall; technical questions fill the slots

    def fill(self, count: int) -> None:
        while len(self.chosen) < count:
            self.slots_left = count - len(self.chosen)
            q = self.pick(False)
            if q is None:
                q = self.pick(True)  # behavioral as a last resort, rather than a short set
            if q is None:
                break


def _plan(pool: RolePool, role: RoleSpec, request: SetRequest, usage: Mapping[str, Usage],
          taken: set[str], by_id: Mapping[str, PoolQuestion],
          topic_names: Mapping[str, str]) -> tuple[_Plan, list[Shortfall]]:
    shortfalls: list[Shortfall] = []
    if request.focus:
        weights = {t: float(role.topic_weights.get(t, 1) or 1) for t in request.focus}
    else:
        weights = {t: float(w) for t, w in role.topic_weights.items() if w and w > 0}
    kinds = frozenset(request.kinds or KINDS) - set(request.exclude_kinds)
    pinned: list[PoolQuestion] = []
    for qid in dict.fromkeys(request.pinned):
        if qid in by_id:
            pinned.append(by_id[qid])
        else:
            shortfalls.append(Shortfall(f"pinned question {qid}", 1, 0, "it is not in the bank (or is retired)"))
    plan = _Plan(pool, role, request, weights, Targets({}, {}), taken - {q.id for q in pinned},
                 kinds, usage, pinned, topic_names)
    return plan, shortfalls


def _targets(plan: _Plan, count: int, budget: int | None, chosen: Sequence[PoolQuestion] = ()) -> Targets:
    role, request = plan.role, plan.request
    mix = request.mix or role.levels.get(request.level) or {}
    behavioral = role.min_behavioral if BEHAVIORAL in plan.kinds else 0
    topics = [counted_topic(q.topics, plan.weights) for q in chosen if q.kind == BEHAVIORAL]
    return make_targets(mix, plan.weights, count, min(behavioral, count), budget, topics)


def _shortfalls(plan: _Plan, picker: _Picker, count: int) -> list[Shortfall]:
    """What the set lacks against its targets, each with the reason the bank gives."""
    out: list[Shortfall] = []
    role, level = plan.role.id, plan.request.level
    got = picker.chosen

    def left() -> list[PoolQuestion]:  # only when something fell short: it scans the pool
        return [q for q in plan.pool.questions
                if q.id not in plan.taken and q.id not in picker.chosen_ids and q.kind in plan.kinds]
    excluded_note = " after exclusions" if plan.taken else ""
    if len(got) < count:
        out.append(Shortfall("questions", count, len(got),
                             f"the bank has only {len(got)} usable questions for {role}{excluded_note}"
                             + (" within the minutes budget" if picker.budget_left is not None else "")))
    pinned = Counter(q.difficulty for q in plan.pinned)
    for d in DIFFICULTIES:
        want, have = plan.targets.difficulty.get(d, 0), picker.diff_got[d]
        if have < want:
            n_left = sum(q.difficulty == d for q in left())
            why = (f"no more {d} questions for {role}{excluded_note}" if n_left == 0 else
                   f"the remaining {d} questions do not fit the minutes budget")
            out.append(Shortfall(f"{d} questions ({level} mix)", want, have, why))
        elif have > want and pinned[d] > want:
            out.append(Shortfall(f"{d} questions ({level} mix)", want, have,
                                 f"{pinned[d]} pinned {d} question(s) exceed the mix"))
    if picker.behavioral < plan.targets.min_behavioral:
        out.append(Shortfall("behavioral questions", plan.targets.min_behavioral, picker.behavioral,
                             f"no more behavioral questions for {role}{excluded_note}"))
    for t in plan.request.focus:
        want, have = plan.targets.topic.get(t, 0), picker.topic_got[t]
        if have < want and not any(counted_topic(q.topics, plan.weights) == t for q in left()):
            name = plan.topic_names.get(t, t)
            out.append(Shortfall(f"focus topic {t}", want, have, f"no more {t} questions for {role}{excluded_note}",
                                 f"focus topic {name}", f"no more {name} questions for {role}{excluded_note}"))
    budget = plan.targets.minutes_budget
    total = sum(q.minutes for q in got)
    if budget is not None and total > budget:
        out.append(Shortfall("minutes", budget, total, "the pinned questions alone exceed the budget"))
    return out


def _ordered(questions: list[PoolQuestion]) -> list[PoolQuestion]:
    """Interview order: warm up with easy questions, end with the behavioral ones."""
    rank = {q.id: i for i, q in enumerate(questions)}
    return sorted(questions, key=lambda q: (q.kind == BEHAVIORAL, DIFFICULTIES.index(q.difficulty), rank[q.id]))


def _validate(role: RoleSpec, request: SetRequest) -> None:
    if request.level not in LEVELS:
        raise BuildError(f"unknown level {request.level!r} (choose from {', '.join(LEVELS)})")
    if request.count is not None and request.count < 1:
        raise BuildError("the question count must be at least 1")
    if request.minutes is not None and request.minutes < 1:
        raise BuildError("the minutes must be at least 1")
    for k in (*request.kinds, *request.exclude_kinds):
        if k not in KINDS:
            raise BuildError(f"unknown kind {k!r} (choose from {', '.join(KINDS)})")
    if request.mix is not None:
        if any(d not in DIFFICULTIES for d in request.mix) or any(v < 0 for v in request.mix.values()) \
                or sum(request.mix.values()) <= 0:
            raise BuildError("a difficulty mix needs non-negative numbers for beginner/intermediate/advanced")
    elif request.level not in role.levels:
        raise BuildError(f"role {role.id} has no difficulty mix for level {request.level}")


def build_set(pool: RolePool, role: RoleSpec, request: SetRequest, *, usage: Mapping[str, Usage] | None = None,
              taken: Iterable[str] = (), by_id: Mapping[str, PoolQuestion] | None = None,
              topic_names: Mapping[str, str] | None = None) -> BuiltSet:
    """Build one set from `pool` (pure: the same arguments always give the same set).
    `topic_names` (id -> display name) only changes the wording of shortfalls for people."""
    _validate(role, request)
    usage = usage or {}
    by_id = by_id if by_id is not None else {q.id: q for q in pool.questions}
    plan, shortfalls = _plan(pool, role, request, usage, set(taken) | set(request.excluded), by_id,
                             topic_names or {})
    min_minutes, mean_minutes = pool.minutes_of(plan.kinds)

    def attempt(count: int, budget: int | None) -> tuple[_Picker, list[Shortfall]]:
        plan.targets = _targets(plan, count, budget)
        picker = _Picker(plan, budget, min_minutes)
        picker.fill_behavioral(count)
        plan.targets = _targets(plan, count, budget, picker.chosen)
        picker.fill(count)
        return picker, _shortfalls(plan, picker, count)

    if request.count is not None or request.minutes is None:
        count = request.count or max(len(plan.pinned), 8)
        picker, found = attempt(max(count, len(plan.pinned)), None)
    else:
        picker, found = _fill_minutes(plan, request.minutes, mean_minutes, attempt)
    targets = plan.targets
    questions = _ordered(picker.chosen)
    return BuiltSet(request, questions, targets, balance_of(questions, targets), shortfalls + found)


def _fill_minutes(plan: _Plan, budget: int, mean: float, attempt):
    """The most questions that fit the budget with every target met; else the closest try."""
    start = max(1, len(plan.pinned), round(budget / mean) + 1)
    best = None
    for count in range(start, max(len(plan.pinned), 1) - 1, -1):
        picker, found = attempt(count, budget)
        if not found:
            _stretch(plan, picker, budget)
            return picker, found
        if best is None or len(found) < len(best[1]):
            best = (picker, found, plan.targets)
    picker, found, plan.targets = best
    return picker, found


def _stretch(plan: _Plan, picker: _Picker, budget: int) -> None:
    """Spend leftover minutes: trade questions for longer ones of the same difficulty, kind
    group and topic (so the balance stays as it is), least used first."""
    slack = budget - sum(q.minutes for q in picker.chosen)
    pinned = {q.id for q in plan.pinned}
    for i in reversed(range(len(picker.chosen))):
        if slack <= 0:
            return
        q = picker.chosen[i]
        if q.id in pinned:
            continue
        topic = counted_topic(q.topics, plan.weights)
        key = (q.kind == BEHAVIORAL, q.difficulty, topic if topic in plan.weights else ANY_TOPIC)
        best, best_rank = None, None
        for c in plan.pool.buckets.get(key, ()):
            if not (q.minutes < c.minutes <= q.minutes + slack) or c.id in plan.taken \
                    or c.id in picker.chosen_ids or c.kind not in plan.kinds \
                    or counted_topic(c.topics, plan.weights) != topic:
                continue
            used = plan.usage.get(c.id, NEVER)
            rank = (used.times, used.last or datetime.min, -c.minutes,
                    zlib.crc32(f"{plan.request.seed}|{c.id}".encode()), c.id)
            if best_rank is None or rank < best_rank:
                best, best_rank = c, rank
        if best is not None:
            picker.chosen[i] = best
            picker.chosen_ids.discard(q.id)
            picker.chosen_ids.add(best.id)
            slack -= best.minutes - q.minutes


def build_loop(pool: RolePool, role: RoleSpec, request: SetRequest, interviewers: int, *,
               focuses: Sequence[Sequence[str]] | None = None, usage: Mapping[str, Usage] | None = None,
               taken: Iterable[str] = (), by_id: Mapping[str, PoolQuestion] | None = None,
               topic_names: Mapping[str, str] | None = None) -> BuiltLoop:
    """`interviewers` sets, each with its own focus, no question twice in the loop."""
    if interviewers < 1:
        raise BuildError("a loop needs at least 1 interviewer")
    focuses = [tuple(f) for f in focuses] if focuses else split_focus(role, request.focus, interviewers, pool)
    if len(focuses) != interviewers:
        raise BuildError(f"{len(focuses)} focus groups for {interviewers} interviewers")
    taken = set(taken)
    sets: list[BuiltSet] = []
    for i, focus in enumerate(focuses):
        one = replace(request, focus=tuple(focus), seed=request.seed * 1000 + i, pinned=request.pinned if i == 0 else ())
        built = build_set(pool, role, one, usage=usage, taken=taken, by_id=by_id, topic_names=topic_names)
        taken.update(built.ids)
        sets.append(built)
    targets = sets[0].targets
    for s in sets[1:]:
        targets = targets + s.targets
    everything = [q for s in sets for q in s.questions]
    shortfalls = [f.in_interview(i + 1) for i, s in enumerate(sets) for f in s.shortfalls]
    return BuiltLoop(sets, balance_of(everything, targets), shortfalls)


def split_focus(role: RoleSpec, topics: Sequence[str], groups: int,
                pool: RolePool | None = None) -> list[tuple[str, ...]]:
    """Share the role's topics among interviewers so each gets about the same weight.

    Topics only behavioral questions lead with (collaboration) are left out: every set
    already holds its behavioral questions."""
    weights = {t: role.topic_weights.get(t, 1) for t in topics} if topics else \
        {t: w for t, w in role.topic_weights.items() if w and w > 0}
    if pool is not None and not topics:
        weights = {t: w for t, w in weights.items() if t in pool.technical_topics} or weights
    if groups == 1:
        return [tuple(weights)]
    out: list[list[str]] = [[] for _ in range(groups)]
    load = [0.0] * groups
    for t in sorted(weights, key=lambda t: (-weights[t], t)):
        i = min(range(groups), key=lambda g: (load[g], g))
        out[i].append(t)
        load[i] += weights[t]
    return [tuple(g) for g in out]


# ---------------------------------------------------------------------------------------------
# From a Session


def role_spec(session: Session, role_id: str) -> RoleSpec:
    role = session.get(Role, role_id)
    if role is None:
        known = ", ".join(session.scalars(select(Role.id).order_by(Role.id)))
        raise BuildError(f"unknown role {role_id!r} (known: {known or 'none'})")
    return RoleSpec.from_row(role)


def topic_names(session: Session) -> dict[str, str]:
    """Topic id -> display name ("rag" -> "RAG and retrieval"), for what people read."""
    return dict(session.execute(select(Topic.id, Topic.name)).all())


def _inputs(session: Session, request: SetRequest):
    role = role_spec(session, request.role)
    names = topic_names(session)
    unknown = [t for t in request.focus if t not in names]
    if unknown:
        raise BuildError(f"unknown topic {unknown[0]!r} (known: {', '.join(sorted(names))})")
    bank = pool_for(session)
    taken = candidate_question_ids(session, request.candidate_id) if request.candidate_id is not None else set()
    return role, bank, bank.role(session, role.id), question_usage(session), taken, names


def build_set_in(session: Session, request: SetRequest) -> BuiltSet:
    role, bank, pool, usage, taken, names = _inputs(session, request)
    return build_set(pool, role, request, usage=usage, taken=taken, by_id=bank.by_id, topic_names=names)


def build_loop_in(session: Session, request: SetRequest, interviewers: int,
                  focuses: Sequence[Sequence[str]] | None = None) -> BuiltLoop:
    role, bank, pool, usage, taken, names = _inputs(session, request)
    return build_loop(pool, role, request, interviewers, focuses=focuses, usage=usage, taken=taken,
                      by_id=bank.by_id, topic_names=names)


def swap_options(session: Session, role_id: str, level: str, set_ids: Sequence[str], index: int,
                 focus: Sequence[str] = (), limit: int = 20, seed: int = 0) -> list[PoolQuestion]:
    """Questions that could replace `set_ids[index]` and keep the balance: same difficulty,
    kind group and counted topic first, then same difficulty and kind group; best first."""
    role = role_spec(session, role_id)
    bank = pool_for(session)
    current = bank.by_id.get(set_ids[index])
    if current is None:
        return []
    weights = {t: 1 for t in focus} if focus else {t: 1 for t, w in role.topic_weights.items() if w and w > 0}
    topic = counted_topic(current.topics, weights)
    behavioral = current.kind == BEHAVIORAL
    usage = question_usage(session)
    in_set = set(set_ids)
    rng = random.Random(f"swap|{seed}|{current.id}")
    candidates = [q for q in bank.role(session, role.id).buckets.get((behavioral, current.difficulty, ANY_TOPIC), [])
                  if q.id not in in_set]
    keyed = [(counted_topic(q.topics, weights) != topic, usage.get(q.id, NEVER).times,
              usage.get(q.id, NEVER).last or datetime.min, rng.random(), q.id, q) for q in candidates]
    return [k[-1] for k in sorted(keyed)[:limit]]


def targets_for(session: Session, role_id: str, level: str, question_ids: Sequence[str], focus: Sequence[str] = (),
                minutes_budget: int | None = None, mix: Mapping[str, float] | None = None) -> Targets:
    """The targets an edited set is measured against."""
    role = role_spec(session, role_id)
    weights = {t: role.topic_weights.get(t, 1) or 1 for t in focus} if focus else \
        {t: w for t, w in role.topic_weights.items() if w and w > 0}
    bank = pool_for(session)
    questions = [bank.by_id[i] for i in question_ids if i in bank.by_id]
    topics = [counted_topic(q.topics, weights) for q in questions if q.kind == BEHAVIORAL]
    return make_targets(mix or role.levels.get(level, {}), weights, len(question_ids),
                        min(role.min_behavioral, len(question_ids)), minutes_budget, topics)


def balance_in(session: Session, question_ids: Sequence[str], targets: Targets) -> Balance:
    bank = pool_for(session)
    return balance_of([bank.by_id[i] for i in question_ids if i in bank.by_id], targets)
