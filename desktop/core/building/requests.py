"""What the builder is asked for and what it answers: requests, sets, loops, shortfalls."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Mapping, NamedTuple

from desktop.core.building.balance import Balance, Targets

if TYPE_CHECKING:  # the builder itself runs without the database layer
    from desktop.core.storage.models import Role

ANY_TOPIC = "*"
SIGNAL_BAND = 0.2
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
    competencies: tuple[str, ...] = ()  # what an answer gives evidence of


@dataclass(frozen=True)
class RoleSpec:
    id: str
    topic_weights: dict[str, float]
    levels: dict[str, dict[str, float]]
    min_behavioral: int = 1
    default_minutes: int = 45
    competencies: dict[str, float] = field(default_factory=dict)  # assessed, with weights

    @classmethod
    def from_row(cls, role: Role) -> RoleSpec:
        return cls(role.id, dict(role.topic_weights or {}), dict(role.levels or {}),
                   role.min_behavioral or 0, role.default_minutes or 45, dict(role.competencies or {}))


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
    competencies: tuple[str, ...] = ()  # each must be evidenced by at least one question
    # Learning from our interviews (the figures come in a `History`, from desktop.core.insight):
    exposure_cap: float | None = None  # rest questions asked in more than this share of ...
    exposure_loops: int = 20  # ... the role's last this many loops (None: rest nothing)
    prefer_signal: bool = False  # among equally good questions, those that discriminate first

    @property
    def needs_history(self) -> bool:
        """Whether building it reads what our interviews say (a `History`): only to rest
        questions over an exposure cap or to prefer signal."""
        return self.exposure_cap is not None or self.prefer_signal

    def params(self) -> dict:
        """JSON-safe, to store with a saved set."""
        return {
            "role": self.role, "level": self.level, "count": self.count, "minutes": self.minutes,
            "mix": dict(self.mix) if self.mix else None, "focus": list(self.focus),
            "kinds": list(self.kinds), "exclude_kinds": list(self.exclude_kinds),
            "pinned": list(self.pinned), "excluded": list(self.excluded),
            "candidate_id": self.candidate_id, "seed": self.seed,
            "competencies": list(self.competencies),
            "exposure_cap": self.exposure_cap, "exposure_loops": self.exposure_loops,
            "prefer_signal": self.prefer_signal,
        }


@dataclass(frozen=True)
class History:
    """What our own interviews say about the questions, as plain data. The builder sits below
    desktop.core.insight, which computes it (`insight.advice.history_for`)."""

    exposure: Mapping[str, float] = field(default_factory=dict)  # share of the last loops asking it
    loops: int = 0  # how many loops `exposure` is a share of
    signal: Mapping[str, float] = field(default_factory=dict)  # discrimination, where measured

    def rested(self, cap: float | None) -> set[str]:
        """The questions over the exposure cap: left out of new sets until they fall under it."""
        return set() if cap is None else {q for q, share in self.exposure.items() if share > cap}

    def signal_band(self, qid: str) -> int:
        """Bands of 0.2 of discrimination, so questions of about the same signal still take
        turns; one not measured yet sits in the middle band (neither preferred nor penalised)."""
        value = self.signal.get(qid)
        return int(max(-1.0, min(1.0, self._middle if value is None else value)) // SIGNAL_BAND)

    @cached_property
    def _middle(self) -> float:
        """The median signal: where a question not measured yet stands."""
        known = sorted(self.signal.values())
        return known[len(known) // 2] if known else 0.0


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
    rested: tuple[str, ...] = ()  # left out for being over the exposure cap

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def focus_label(self) -> str:
        return ", ".join(self.request.focus)

    @property
    def competencies(self) -> tuple[str, ...]:
        return self.request.competencies


@dataclass
class BuiltLoop:
    sets: list[BuiltSet]
    balance: Balance
    shortfalls: list[Shortfall]

    @property
    def rested(self) -> tuple[str, ...]:
        return tuple(sorted({q for s in self.sets for q in s.rested}))

    def coverage(self) -> dict[str, list[int]]:
        """Competency -> the interviewers (1-based) assigned to assess it."""
        out: dict[str, list[int]] = {}
        for number, built in enumerate(self.sets, 1):
            for c in built.competencies:
                out.setdefault(c, []).append(number)
        return out
