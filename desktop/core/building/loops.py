"""Loops: one set per interviewer, each with its focus, no question asked twice."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping, Sequence


from desktop.core.building.balance import Line, balance_of
from desktop.core.bank.usage import Usage
from desktop.core.building.picker import COMPETENCIES_TOOK_THE_SLOTS, build_set
from desktop.core.building.role_pool import RolePool, with_twins
from desktop.core.building.requests import BuildError, BuiltLoop, BuiltSet, History, PoolQuestion, RoleSpec, SetRequest

COVERAGE = 2  # interviewers per competency, when the loop has that many
FOCUS_RANGE = (2, 3)  # competencies each interviewer focuses on, where the role allows


def build_loop(pool: RolePool, role: RoleSpec, request: SetRequest, interviewers: int, *,
               focuses: Sequence[Sequence[str]] | None = None, usage: Mapping[str, Usage] | None = None,
               taken: Iterable[str] = (), by_id: Mapping[str, PoolQuestion] | None = None,
               topic_names: Mapping[str, str] | None = None,
               twins: Mapping[str, frozenset[str]] | None = None, history: History | None = None) -> BuiltLoop:
    """`interviewers` sets, each with its own topic focus and competencies, no question (nor a
    twin of one) twice in the loop; every competency of the role assessed by two interviewers.
    A focus the builder split out by itself may give way to the competencies without a word;
    one the user asked for says so."""
    if interviewers < 1:
        raise BuildError("a loop needs at least 1 interviewer")
    focuses = [tuple(f) for f in focuses] if focuses else split_focus(role, request.focus, interviewers, pool)
    if len(focuses) != interviewers:
        raise BuildError(f"{len(focuses)} focus groups for {interviewers} interviewers")
    twins = twins or {}
    assigned = assign_competencies(request.competencies or tuple(role.competencies), interviewers,
                                   role.competencies)
    taken = set(taken)
    sets: list[BuiltSet] = []
    for i, focus in enumerate(focuses):
        one = replace(request, focus=tuple(focus), seed=request.seed * 1000 + i,
                      pinned=request.pinned if i == 0 else (), competencies=assigned[i])
        built = build_set(pool, role, one, usage=usage, taken=taken, by_id=by_id, topic_names=topic_names,
                          twins=twins, strict_focus=bool(request.focus), history=history)
        taken |= with_twins(built.ids, twins)
        sets.append(built)
    targets = sets[0].targets
    for s in sets[1:]:
        targets = targets + s.targets
    everything = [q for s in sets for q in s.questions]
    shortfalls = [f.in_interview(i + 1) for i, s in enumerate(sets) for f in s.shortfalls
                  if request.focus or not f.why.startswith(COMPETENCIES_TOOK_THE_SLOTS)]
    return BuiltLoop(sets, balance_of(everything, targets), shortfalls)


def coverage_lines(assigned: Sequence[Sequence[str]], evidenced: Sequence[Iterable[str]]) -> dict[str, Line]:
    """Competency -> how many interviewers assess it: those assigned to it whose set has a
    question evidencing it, against COVERAGE (every interviewer, in a smaller loop).
    `assigned[i]` / `evidenced[i]`: interviewer i's competencies and what their set evidences."""
    target = min(COVERAGE, len(assigned))
    order = list(dict.fromkeys(c for one in assigned for c in one))
    return {c: Line(target, sum(c in one and c in set(got) for one, got in zip(assigned, evidenced)))
            for c in order}


def assign_competencies(competencies: Sequence[str], interviewers: int,
                        weights: Mapping[str, float] | None = None) -> list[tuple[str, ...]]:
    """Which competencies each interviewer assesses: each one by COVERAGE interviewers (or all
    of them in a smaller loop), heaviest first to the least loaded, then topped up so everyone
    has at least FOCUS_RANGE[0]. One interviewer assesses everything."""
    weights = weights or {}
    order = sorted(dict.fromkeys(competencies), key=lambda c: (-weights.get(c, 1), c))
    if interviewers <= 1 or not order:
        return [tuple(order)] * max(interviewers, 1)
    load: list[list[str]] = [[] for _ in range(interviewers)]
    covered = dict.fromkeys(order, 0)

    def next_for(c: str) -> int:
        """The least loaded interviewer not yet on `c`; among equals, the one sharing the fewest
        competencies with those already on it, so pairs of interviewers differ."""
        holders = [set(load[j]) for j in range(interviewers) if c in load[j]]
        free = [i for i in range(interviewers) if c not in load[i]]
        return min(free, key=lambda i: (len(load[i]), sum(len(h & set(load[i])) for h in holders), i))

    for _ in range(min(COVERAGE, interviewers)):
        for c in order:
            i = next_for(c)
            load[i].append(c)
            covered[c] += 1
    wanted = min(FOCUS_RANGE[0], len(order))
    for i in range(interviewers):
        while len(load[i]) < wanted:
            c = min((c for c in order if c not in load[i]), key=lambda c: (covered[c], order.index(c)))
            load[i].append(c)
            covered[c] += 1
    return [tuple(sorted(group, key=order.index)) for group in load]


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
