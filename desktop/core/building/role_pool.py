"""One role's questions grouped for the picker (`RolePool`), and twins: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Iterable

from desktop.core.building.requests import ANY_TOPIC, BEHAVIORAL, PoolQuestion


@dataclass
class RolePool:
    """One role's questions, grouped so each slot looks at a few hundred, not the whole bank."""

    role_id: str
    questions: list[PoolQuestion]
    # (behavioral?, difficulty, topic or ANY_TOPIC) -> questions sorted by id
    buckets: dict[tuple[bool, str, str], list[PoolQuestion]]
    minutes: dict[str, tuple[int, float]]  # kind -> (shortest, mean)
    technical_topics: frozenset[str]  # topics some non-behavioral question leads with
    # (competency, difficulty) -> questions evidencing it, sorted by id
    by_competency: dict[tuple[str, str], list[PoolQuestion]] = field(default_factory=dict)

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
        led: dict[bool, set[str]] = {True: set(), False: set()}  # behavioral? -> leading topics
        evidence: dict[tuple[str, str], list[list[PoolQuestion]]] = {}
        for (difficulty, kind, minutes, topics, competencies), group in shapes.items():
            for c in competencies:
                evidence.setdefault((c, difficulty), []).append(group)
            b = kind == BEHAVIORAL
            for key in dict.fromkeys([(b, difficulty, ANY_TOPIC), *((b, difficulty, t) for t in topics)]):
                parts.setdefault(key, []).append(group)
            stats = per_kind.setdefault(kind, [minutes, 0, 0])
            stats[0] = min(stats[0], minutes)
            stats[1] += minutes * len(group)
            stats[2] += len(group)
            if topics:
                led[b].add(topics[0])
        buckets = {key: _merged(groups) for key, groups in parts.items()}
        kind_minutes = {k: (low, total / n) for k, (low, total, n) in per_kind.items()}
        by_competency = {key: _merged(groups) for key, groups in evidence.items()}
        # A topic behavioral questions lead with (collaboration) is not a technical focus, even
        # where situational questions lead with it too.
        technical = frozenset(led[False] - led[True])
        return cls(role_id, qs, buckets, kind_minutes, technical, by_competency)


def _merged(groups: list[list[PoolQuestion]]) -> list[PoolQuestion]:
    return groups[0] if len(groups) == 1 else sorted(chain.from_iterable(groups), key=_by_id)


_by_id = itemgetter(0)


def with_twins(ids: Iterable[str], twins: dict[str, frozenset[str]]) -> set[str]:
    """`ids` and every twin of them."""
    out = set(ids)
    for qid in list(out):
        out |= twins.get(qid, frozenset())
    return out
