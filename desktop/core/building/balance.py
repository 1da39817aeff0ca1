"""How balanced a set is: counts per difficulty, kind and topic against targets, and minutes.

Targets come from percentages or weights, rounded to whole questions by the largest
remainder, so they always add up to the set's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Protocol, Sequence

from desktop.core.storage.vocabulary import DIFFICULTIES, KINDS


class BalancedQuestion(Protocol):
    id: str
    difficulty: str
    kind: str
    minutes: int
    topics: Sequence[str]
    competencies: Sequence[str]


def largest_remainder(weights: Mapping[str, float], total: int) -> dict[str, int]:
    """Split `total` in proportion to `weights`; leftovers go to the largest remainders.

    Ties go to the larger weight, then to the key that comes first in `weights`, so the
    result never depends on hash order.
    """
    positive = {k: float(w) for k, w in weights.items() if w and w > 0}
    result = {k: 0 for k in weights}
    whole = sum(positive.values())
    if total <= 0 or whole <= 0:
        return result
    order = {k: i for i, k in enumerate(weights)}
    exact = {k: total * w / whole for k, w in positive.items()}
    for k, x in exact.items():
        result[k] = int(x)
    left = total - sum(result.values())
    by_remainder = sorted(positive, key=lambda k: (-(exact[k] - int(exact[k])), -positive[k], order[k]))
    for k in by_remainder[:left]:
        result[k] += 1
    return result


def counted_topic(topics: Sequence[str], weights: Mapping[str, float]) -> str:
    """The one topic a question counts for: its first topic the targets care about."""
    for t in topics:
        if weights.get(t, 0) > 0:
            return t
    return topics[0] if topics else ""


@dataclass(frozen=True)
class Line:
    target: int | None
    actual: int

    @property
    def off(self) -> int:
        return 0 if self.target is None else self.actual - self.target

    def state(self, at_least: bool = False) -> str:
        """"none" when there is nothing to judge (no target, or none wanted and none there: a
        set that asks no beginner question has not succeeded at anything), else "good" on
        target (or above it, where the target is a minimum), "over" or "under"."""
        if self.target is None or (self.target == 0 and self.actual == 0):
            return "none"
        if self.actual == self.target or (at_least and self.actual > self.target):
            return "good"
        return "over" if self.actual > self.target else "under"


@dataclass
class Balance:
    count: int
    minutes: int
    minutes_budget: int | None = None
    difficulty: dict[str, Line] = field(default_factory=dict)
    kind: dict[str, Line] = field(default_factory=dict)
    topic: dict[str, Line] = field(default_factory=dict)
    # competency -> questions evidencing it; the target is 1 where the set must assess it
    competency: dict[str, Line] = field(default_factory=dict)

    @property
    def mix_is_exact(self) -> bool:
        return all(line.off == 0 for line in self.difficulty.values())

    def as_dict(self) -> dict[str, Any]:
        def lines(d: dict[str, Line]) -> dict[str, dict[str, int | None]]:
            return {k: {"target": v.target, "actual": v.actual} for k, v in d.items()}

        return {
            "count": self.count, "minutes": self.minutes, "minutes_budget": self.minutes_budget,
            "difficulty": lines(self.difficulty), "kind": lines(self.kind), "topic": lines(self.topic),
            "competency": lines(self.competency),
        }


@dataclass(frozen=True)
class Targets:
    """What a set of a given size should hold."""

    difficulty: dict[str, int]
    topic: dict[str, int]
    min_behavioral: int = 0
    minutes_budget: int | None = None

    def __add__(self, other: Targets) -> Targets:
        def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in {**a, **b}}

        budget = None if self.minutes_budget is None or other.minutes_budget is None \
            else self.minutes_budget + other.minutes_budget
        return Targets(add(self.difficulty, other.difficulty), add(self.topic, other.topic),
                       self.min_behavioral + other.min_behavioral, budget)


def make_targets(mix: Mapping[str, float], topic_weights: Mapping[str, float], count: int,
                 min_behavioral: int = 0, minutes_budget: int | None = None,
                 behavioral_topics: Sequence[str] = ()) -> Targets:
    """`behavioral_topics`: the topics of the required behavioral questions. Those slots are
    spoken for, so the role's weights share out only the rest (else "collaboration" would
    always be over its share and a technical topic under)."""
    difficulty = largest_remainder({d: mix.get(d, 0) for d in DIFFICULTIES}, count)
    fixed = Counter(behavioral_topics[:max(0, min(min_behavioral, count))])
    topic = largest_remainder(topic_weights, count - sum(fixed.values()))
    for t, n in fixed.items():
        topic[t] = topic.get(t, 0) + n
    return Targets(difficulty, topic, min_behavioral, minutes_budget)


def balance_of(questions: Iterable[BalancedQuestion], targets: Targets,
               competencies: Sequence[str] = ()) -> Balance:
    """`competencies`: the ones the set must assess (each wants at least one question)."""
    questions = list(questions)
    evidence = Counter(c for q in questions for c in getattr(q, "competencies", ()))
    competency = {c: Line(1, evidence[c]) for c in competencies}
    competency.update((c, Line(None, n)) for c, n in sorted(evidence.items()) if c not in competency)
    weights = dict.fromkeys(targets.topic, 1)  # every weighted topic, even one too small for a slot
    difficulty = Counter(q.difficulty for q in questions)
    kind = Counter(q.kind for q in questions)
    topic = Counter(counted_topic(q.topics, weights) for q in questions)
    topics = [t for t, n in sorted(targets.topic.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0]
    topics += sorted(t for t in topic if t not in topics and t)
    return Balance(
        count=len(questions),
        minutes=sum(q.minutes for q in questions),
        minutes_budget=targets.minutes_budget,
        difficulty={d: Line(targets.difficulty.get(d, 0), difficulty[d]) for d in DIFFICULTIES},
        kind={k: Line(targets.min_behavioral if k == "behavioral" else None, kind[k]) for k in KINDS},
        topic={t: Line(targets.topic.get(t, 0), topic[t]) for t in topics},
        competency=competency,
    )
