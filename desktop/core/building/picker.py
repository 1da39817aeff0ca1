"""Picking one balanced set from a pool: difficulty mix, topic weights, rotation, minutes."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping, Sequence


from desktop.core.building.balance import Targets, balance_of, counted_topic, make_targets
from desktop.core.storage.vocabulary import DIFFICULTIES, KINDS, LEVELS
from desktop.core.bank.usage import NEVER, Usage
from desktop.core.building.role_pool import RolePool, with_twins
from desktop.core.building.requests import (ANY_TOPIC, BEHAVIORAL, BuildError, BuiltSet, History, PoolQuestion, RoleSpec,
                                           SetRequest, Shortfall)

COMPETENCIES_TOOK_THE_SLOTS = "the competencies this set assesses took the slots"
RARE = 12  # a competency with fewer questions than this is kept for the sets that assess it


class _Bucket:
    """One bucket in preference order, drawn lazily: least used first, then a seeded shuffle.

    Only the draws are paid for (a lazy Fisher-Yates), so big buckets cost almost nothing.
    """

    def __init__(self, items: list[PoolQuestion], rng: random.Random, usage: Mapping[str, Usage], band=None):
        if band is not None:  # prefer signal: the higher band first, then least used (all sorted)
            keyed = [(-band(q.id), *_used(usage, q.id), rng.random(), q.id, q) for q in items]
            fresh, self.tail = [], [k[-1] for k in sorted(keyed)]
        elif usage:
            fresh = [q for q in items if q.id not in usage]
            used = [q for q in items if q.id in usage]
            keyed = [(usage[q.id].times, usage[q.id].last or datetime.min, rng.random(), q.id, q) for q in used]
            self.tail = [k[-1] for k in sorted(keyed)]
        else:
            fresh, self.tail = list(items), []
        self.fresh, self.rng, self.i, self.j = fresh, rng, 0, 0
        self.placed = False  # fresh[i] is this build's draw (the shuffle is lazy)

    def peek(self, ok) -> PoolQuestion | None:
        """The best question `ok` accepts, left in place until it is taken (then `ok` refuses
        it); ones refused now are never wanted later in this build (taken, wrong kind or
        topic, or too long for a budget that only shrinks)."""
        fresh = self.fresh
        while self.i < len(fresh):
            if not self.placed:
                k = self.rng.randrange(self.i, len(fresh))
                fresh[self.i], fresh[k] = fresh[k], fresh[self.i]
                self.placed = True
            if ok(fresh[self.i]):
                return fresh[self.i]
            self.i += 1
            self.placed = False
        while self.j < len(self.tail):
            if ok(self.tail[self.j]):
                return self.tail[self.j]
            self.j += 1
        return None


def _used(usage: Mapping[str, Usage], qid: str) -> tuple[int, datetime]:
    used = usage.get(qid, NEVER)
    return used.times, used.last or datetime.min


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
    twins: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # False when the focus is the builder's own split of a loop (nobody asked for it): then a
    # behavioral or competency slot goes to the least asked question on any topic, so the few
    # questions that evidence a rare competency on one interviewer's topics take turns with the
    # rest instead of being in nearly every loop.
    strict_focus: bool = True
    history: History = field(default_factory=History)
    rare: frozenset[str] = frozenset()  # the role's competencies with few questions (RARE)

    def band(self, qid: str) -> int:
        """How much a question discriminates, in bands (0 unless told to prefer signal)."""
        return self.history.signal_band(qid) if self.request.prefer_signal else 0

    def rank(self, q: PoolQuestion) -> tuple:
        """Among equally good questions, best first: more signal (when preferred), then least
        and least recently asked, then a seeded shuffle."""
        return (-self.band(q.id), *_used(self.usage, q.id), zlib.crc32(f"{self.request.seed}|{q.id}".encode()), q.id)


class _Picker:
    def __init__(self, plan: _Plan, budget: int | None, min_minutes: int):
        self.plan = plan
        self.chosen: list[PoolQuestion] = []
        self.chosen_ids: set[str] = set()
        self.blocked: set[str] = set()  # twins of what was chosen: never in the same set
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
        self.blocked |= self.plan.twins.get(q.id, frozenset())
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
            band = self.plan.band if self.plan.request.prefer_signal else None
            self.buckets[key] = _Bucket(items, rng, self.plan.usage, band)
        return self.buckets[key]

    def _ok(self, topic: str):
        plan, taken, chosen, blocked = self.plan, self.plan.taken, self.chosen_ids, self.blocked
        limit = None if self.budget_left is None else self.budget_left - (self.slots_left - 1) * self.min_minutes

        def ok(q: PoolQuestion) -> bool:
            return (q.id not in taken and q.id not in chosen and q.id not in blocked and q.kind in plan.kinds
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

    def _topic_tiers(self) -> list[list[str]]:
        """The topics in order of how much of their share is still owed; topics owed as much
        as each other are one tier (equally good), then any topic."""
        t, got = self.plan.targets.topic, self.topic_got
        tiers: list[list[str]] = []
        last = None
        for k in self._topic_order():
            owed = t.get(k, 0) - got[k]
            if tiers and owed == last:
                tiers[-1].append(k)
            else:
                tiers.append([k])
            last = owed
        return tiers + [[ANY_TOPIC]]

    def pick(self, behavioral: bool) -> PoolQuestion | None:
        """The next question: in a difficulty still owed, on a topic most owed; among equally good
        difficulties and topics the least asked question wins, so questions take turns."""
        # A behavioral question's topic never counts against the shares (make_targets sets its
        # slots aside), so without a focus asked for, any topic will do: the least asked wins.
        topic_tiers = [[ANY_TOPIC]] if behavioral and not self.plan.strict_focus else self._topic_tiers()
        # Within a minutes budget the most owed difficulty goes first (the budget keeps room for
        # it); without one, every difficulty still owed is equally good and their questions take turns.
        tiers = [[d] for d in self._difficulty_order()] if self.budget_left is not None else self._difficulty_tiers()
        for tier in tiers:
            for topics in topic_tiers:
                found = []
                for topic in topics:
                    ok = self._ok(topic)
                    for d in tier:
                        bucket = self._bucket((behavioral, d, topic))
                        q = bucket.peek(ok) if bucket else None
                        if q is not None:
                            found.append(q)
                if found:
                    q = min(found, key=lambda q: (self._spends_rare(q), self.plan.rank(q)))
                    self._take(q)
                    return q
        return None

    def _spends_rare(self, q: PoolQuestion) -> bool:
        """Whether `q` evidences a rare competency this set is not asked to assess: such a
        question fills an ordinary slot only when no other will, so the few questions of that
        competency stay for the sets (and the weeks) that must assess it."""
        rare = self.plan.rare
        return any(c in rare and c not in self.plan.request.competencies for c in q.competencies)

    def fill_behavioral(self, count: int) -> None:
        """The required behavioral questions go first: they are a rule, topics only a share."""
        while self.behavioral < self.plan.targets.min_behavioral and len(self.chosen) < count:
            self.slots_left = count - len(self.chosen)
            if self.pick(True) is None:
                break  # none left: reported as a shortfall; technical questions fill the slots

    def evidenced(self, competency: str) -> bool:
        return any(competency in q.competencies for q in self.chosen)

    def fill_competencies(self, count: int) -> None:
        """A question for each competency the set must evidence, the rarest competency first: in
        a difficulty still owed, on the topic most owed (so a focus asked for still gets its
        share), least used first (see `_preference`)."""
        plan = self.plan
        # The rarest first: it can then take its turn in any difficulty still owed, where a
        # common one has questions everywhere.
        size = {c: sum(len(plan.pool.by_competency.get((c, d), ())) for d in DIFFICULTIES)
                for c in plan.request.competencies}
        for competency in sorted(plan.request.competencies, key=lambda c: size[c]):
            if len(self.chosen) >= count or self.evidenced(competency):
                continue
            self.slots_left = count - len(self.chosen)
            ok = self._ok(ANY_TOPIC)
            topic_rank = {t: i for i, t in enumerate(self._topic_order())}
            for tier in self._difficulty_tiers():
                fits = [q for d in tier for q in plan.pool.by_competency.get((competency, d), ()) if ok(q)]
                if fits:
                    self._take(min(fits, key=lambda q: self._preference(q, topic_rank)))
                    break

    def _difficulty_tiers(self) -> list[list[str]]:
        """Every difficulty still owed is as good as another for the mix, so they are one tier
        (their questions, a rare competency's among them, take turns); then the others, nearest first."""
        order = self._difficulty_order()
        owed = [d for d in order if self.plan.targets.difficulty.get(d, 0) > self.diff_got[d]]
        return ([owed] if owed else []) + [[d] for d in order if d not in owed]

    def _preference(self, q: PoolQuestion, topic_rank: Mapping[str, int]) -> tuple:
        """Best first: on the most owed topic, then by `rank` (a focus asked for comes first);
        without one, by `rank` and the topic breaks ties."""
        topic = topic_rank.get(counted_topic(q.topics, self.plan.weights), len(topic_rank))
        rank = self.plan.rank(q)
        return (topic, *rank) if self.plan.strict_focus else (*rank[:-2], topic, *rank[-2:])

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
          topic_names: Mapping[str, str], twins: Mapping[str, frozenset[str]]) -> tuple[_Plan, list[Shortfall]]:
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
                 kinds, usage, pinned, topic_names, twins)
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
    for c in plan.request.competencies:
        if not picker.evidenced(c):
            out.append(Shortfall(f"competency {c}", 1, 0,
                                 f"no usable question for {role} evidences {c}{excluded_note}"))
    if picker.behavioral < plan.targets.min_behavioral:
        out.append(Shortfall("behavioral questions", plan.targets.min_behavioral, picker.behavioral,
                             f"no more behavioral questions for {role}{excluded_note}"))
    for t in plan.request.focus:
        want, have = plan.targets.topic.get(t, 0), picker.topic_got[t]
        if have >= want:
            continue
        name = plan.topic_names.get(t, t)
        if not any(counted_topic(q.topics, plan.weights) == t for q in left()):
            why = "no more {} questions for " + f"{role}{excluded_note}"
        elif plan.request.competencies:
            why = COMPETENCIES_TOOK_THE_SLOTS + " of the remaining {} questions"
        else:
            continue  # a share of a soft target lost to the mix or the minutes: not worth a line
        out.append(Shortfall(f"focus topic {t}", want, have, why.format(t), f"focus topic {name}", why.format(name)))
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
    if request.exposure_cap is not None and not 0 <= request.exposure_cap < 1:
        raise BuildError("the exposure cap must be a share from 0% to 99%")
    if request.exposure_loops < 1:
        raise BuildError("the exposure cap needs at least 1 loop to count")
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
              topic_names: Mapping[str, str] | None = None,
              twins: Mapping[str, frozenset[str]] | None = None, strict_focus: bool = True,
              history: History | None = None) -> BuiltSet:
    """Build one set from `pool` (pure: the same arguments always give the same set).
    `topic_names` (id -> display name) only changes the wording of shortfalls for people.
    `twins` (id -> related ids): no two twins in the set, and none of a taken question's.
    `strict_focus`: False for a loop's own split of the topics (see `_Plan.strict_focus`).
    `history`: what our interviews say (exposure, signal), used as the request asks."""
    _validate(role, request)
    usage = usage or {}
    by_id = by_id if by_id is not None else {q.id: q for q in pool.questions}
    twins = twins or {}
    history = history or History()
    rested = history.rested(request.exposure_cap) - set(request.pinned)
    off_limits = with_twins(taken, twins) | set(request.excluded) | rested  # a candidate never meets a twin
    plan, shortfalls = _plan(pool, role, request, usage, off_limits, by_id, topic_names or {}, twins)
    plan.strict_focus = strict_focus or not request.focus
    plan.history = history
    plan.rare = frozenset(c for c in role.competencies
                          if sum(len(pool.by_competency.get((c, d), ())) for d in DIFFICULTIES) < RARE)
    min_minutes, mean_minutes = pool.minutes_of(plan.kinds)

    def attempt(count: int, budget: int | None) -> tuple[_Picker, list[Shortfall]]:
        plan.targets = _targets(plan, count, budget)
        picker = _Picker(plan, budget, min_minutes)
        picker.fill_behavioral(count)
        plan.targets = _targets(plan, count, budget, picker.chosen)
        picker.fill_competencies(count)
        picker.fill(count)
        return picker, _shortfalls(plan, picker, count)

    if request.count is not None or request.minutes is None:
        count = request.count or max(len(plan.pinned), 8)
        picker, found = attempt(max(count, len(plan.pinned)), None)
    else:
        picker, found = _fill_minutes(plan, request.minutes, mean_minutes, attempt)
    targets = plan.targets
    questions = _ordered(picker.chosen)
    balance = balance_of(questions, targets, request.competencies)
    return BuiltSet(request, questions, targets, balance, shortfalls + found,
                    tuple(sorted(q for q in rested if q in by_id)))


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
                    or c.id in picker.chosen_ids or c.id in picker.blocked or c.kind not in plan.kinds \
                    or not set(q.competencies) <= set(c.competencies) \
                    or counted_topic(c.topics, plan.weights) != topic:
                continue
            rank = (*plan.rank(c)[:-2], -c.minutes, *plan.rank(c)[-2:])
            if best_rank is None or rank < best_rank:
                best, best_rank = c, rank
        if best is not None:
            picker.chosen[i] = best
            picker.chosen_ids.discard(q.id)
            picker.chosen_ids.add(best.id)
            slack -= best.minutes - q.minutes


