"""Loops: one set per interviewer, each with its focus, no question asked twice."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping, Sequence


from desktop.core.building.balance import balance_of
from desktop.core.bank.usage import Usage
from desktop.core.building.picker import build_set
from desktop.core.building.pool import RolePool
from desktop.core.building.requests import BuildError, BuiltLoop, BuiltSet, PoolQuestion, RoleSpec, SetRequest

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
