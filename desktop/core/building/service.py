"""The builder as the app and the command line call it: with a session, by role and level."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.building.balance import Balance, Line, Targets, balance_of, counted_topic, make_targets
from desktop.core.storage.models import Role
from desktop.core.bank.catalog import topic_names
from desktop.core.bank.usage import NEVER, candidate_question_ids, question_usage
from desktop.core.building.loops import build_loop, coverage_lines
from desktop.core.building.picker import build_set
from desktop.core.building.pool import pool_for
from desktop.core.building.requests import ANY_TOPIC, BEHAVIORAL, BuildError, BuiltLoop, BuiltSet, History, PoolQuestion, RoleSpec, SetRequest
from desktop.core.building.sets import SetDraft

def warm_pool(store) -> None:
    """Load the question pool now (after a bank change), so the next build, balance or swap
    finds it ready. For a worker: at 100,000 questions it takes a few hundred ms."""
    with store.session() as s:
        pool_for(s)


def role_spec(session: Session, role_id: str) -> RoleSpec:
    role = session.get(Role, role_id)
    if role is None:
        known = ", ".join(session.scalars(select(Role.id).order_by(Role.id)))
        raise BuildError(f"unknown role {role_id!r} (known: {known or 'none'})")
    return RoleSpec.from_row(role)


def _inputs(session: Session, request: SetRequest):
    role = role_spec(session, request.role)
    names = topic_names(session)
    unknown = [t for t in request.focus if t not in names]
    if unknown:
        raise BuildError(f"unknown topic {unknown[0]!r} (known: {', '.join(sorted(names))})")
    bank = pool_for(session)
    taken = candidate_question_ids(session, request.candidate_id) if request.candidate_id is not None else set()
    return role, bank, bank.role(session, role.id), question_usage(session), taken, names


def build_set_in(session: Session, request: SetRequest, history: History | None = None) -> BuiltSet:
    """`history`: exposure and signal for a request that rests or prefers by them (from
    `desktop.core.insight.advice.history_for`, which sits above the builder)."""
    role, bank, pool, usage, taken, names = _inputs(session, request)
    return build_set(pool, role, request, usage=usage, taken=taken, by_id=bank.by_id, topic_names=names,
                     twins=bank.twins, history=history)


def build_loop_in(session: Session, request: SetRequest, interviewers: int,
                  focuses: Sequence[Sequence[str]] | None = None, history: History | None = None) -> BuiltLoop:
    role, bank, pool, usage, taken, names = _inputs(session, request)
    return build_loop(pool, role, request, interviewers, focuses=focuses, usage=usage, taken=taken,
                      by_id=bank.by_id, topic_names=names, twins=bank.twins, history=history)


def swap_options(session: Session, role_id: str, level: str, set_ids: Sequence[str], index: int,
                 focus: Sequence[str] = (), limit: int = 20, seed: int = 0,
                 excluded: Sequence[str] = ()) -> list[PoolQuestion]:
    """Questions that could replace `set_ids[index]` and keep the balance: same difficulty,
    kind group and counted topic first, then same difficulty and kind group; best first.
    `excluded` (the ones swapped out before) are never offered again."""
    role = role_spec(session, role_id)
    bank = pool_for(session)
    current = bank.by_id.get(set_ids[index])
    if current is None:
        return []
    weights = {t: 1 for t in focus} if focus else {t: 1 for t, w in role.topic_weights.items() if w and w > 0}
    topic = counted_topic(current.topics, weights)
    behavioral = current.kind == BEHAVIORAL
    usage = question_usage(session)
    in_set = set(set_ids) | set(excluded)
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


def balance_in(session: Session, question_ids: Sequence[str], targets: Targets,
               competencies: Sequence[str] = ()) -> Balance:
    """`competencies`: the ones the set must assess (its build request's, kept in its params)."""
    bank = pool_for(session)
    return balance_of([bank.by_id[i] for i in question_ids if i in bank.by_id], targets, competencies)


@dataclass(frozen=True)
class LoopCoverage:
    interviewers: tuple[tuple[str, ...], ...]  # competency ids each interviewer assesses, in order
    lines: dict[str, Line]  # competency -> interviewers assessing it, against the target (2)


def loop_coverage_in(session: Session, drafts: Sequence[SetDraft]) -> LoopCoverage:
    """Who assesses which competency in a loop of drafts, from their build requests, counted
    only where the set still has a question evidencing it (a hand edit can take it away)."""
    bank = pool_for(session)
    assigned = [tuple((d.params or {}).get("competencies") or ()) for d in drafts]
    evidenced = [{c for i in d.ids if i in bank.by_id for c in bank.by_id[i].competencies} for d in drafts]
    return LoopCoverage(tuple(assigned), coverage_lines(assigned, evidenced))
