"""`interview-desk simulate`: a database of loops, sealed scorecards and decisions drawn from a
known truth, so the Insight figures can be checked against what really happened.

Each candidate has an ability, each interviewer a leniency, each question a difficulty and a
discrimination; one question leaks part-way through and its ratings then rise month by month.
A rating is the anchored 1-4 cut of

    latent = discrimination * ability + leniency - difficulty + leak(t) + noise.

The data is made with the core's own functions (the builder picks each loop, interviews are
created, rated, submitted and sealed, the decision follows the composite), all in the
caller's transaction, with explicit times so loops spread over months.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import interviewing
from desktop.core.bank.catalog import topic_names
from desktop.core.bank.usage import NEVER, Usage
from desktop.core.building import SetRequest, build_loop, pool_for, role_spec
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.decisions import record_decision
from desktop.core.storage.models import InterviewSet, Loop, SetItem, utcnow

CUTS = (-1.0, 0.0, 1.0)  # latent -> rating 1 | 2 | 3 | 4
NOISE = 0.6
LENIENCY_SD = 0.45
LEAK_SIZE = 2.5  # latent points the leaked question gains by the end of the period
LOOP_SIZE = 4

_FIRST = ("Priya", "Marcus", "Elena", "David", "Aiko", "Tomás", "Grace", "Omar", "Lena", "Ravi",
          "Chloé", "Noah", "Fatima", "Ivan", "Mei", "Samuel", "Ingrid", "Kwame", "Sofia", "Yusuf")
_LAST = ("Raman", "Webb", "Sokolova", "Okafor", "Tanaka", "Ruiz", "Hopper", "Haddad", "Berg", "Iyer",
         "Moreau", "Fischer", "Zahra", "Petrov", "Chen", "Mensah", "Larsen", "Boateng", "Rossi", "Demir")


class SimulationError(ValueError):
    """The simulation cannot run here: one clear line for the user."""


@dataclass
class Truth:
    """What the simulation drew; `as_json()` is what `--truth FILE` writes."""

    seed: int
    leniency: dict[str, float]
    leaked: list[str]
    discrimination: dict[str, float] = field(default_factory=dict)
    difficulty: dict[str, float] = field(default_factory=dict)
    candidates: int = 0
    interviews: int = 0
    decisions: int = 0
    halo: list[str] = field(default_factory=list)
    central_tendency: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"seed": self.seed, "leniency": self.leniency, "leaked": self.leaked,
                "discrimination": self.discrimination, "difficulty": self.difficulty,
                "candidates": self.candidates, "interviews": self.interviews, "decisions": self.decisions,
                "halo": self.halo, "central_tendency": self.central_tendency}


def interviewer_names(count: int) -> list[str]:
    names = [f"{f} {l}" for l, f in zip(_LAST, _FIRST)]
    names += [f"{f} {l}" for f in _FIRST for l in _LAST if f"{f} {l}" not in names]
    if count > len(names):
        raise SimulationError(f"at most {len(names)} interviewers")
    return names[:count]


def rating_of(latent: float) -> int:
    return 1 + sum(latent > c for c in CUTS)


def simulate(session: Session, *, candidates: int, interviewers: int, seed: int = 0,
             role: str = "genai-engineer", level: str = "mid", questions_per_interview: int = 5,
             days: int = 365, now: datetime | None = None, decide: bool = True, quirks: bool = False) -> Truth:
    """Fill the database (the caller commits); returns the truth it drew.

    `quirks`: the first interviewer rates every question of an interview alike (halo) and the
    second never gives a 1 or a 4 (central tendency)."""
    if candidates < 1:
        raise SimulationError("--candidates must be at least 1")
    if interviewers < LOOP_SIZE:
        raise SimulationError(f"--interviewers must be at least {LOOP_SIZE} (one loop has {LOOP_SIZE})")
    prefix = f"Simulated {seed}"
    if session.scalar(select(Loop.id).where(Loop.name.like(f"{prefix} ·%"))) is not None:
        raise SimulationError(f"this database already holds the simulation with seed {seed}; use another seed")
    rng = random.Random(seed)
    spec = role_spec(session, role)
    bank = pool_for(session)
    pool = bank.role(session, role)
    names = topic_names(session)
    people = interviewer_names(interviewers)
    raw = [rng.gauss(0, LENIENCY_SD) for _ in people]
    centre = sum(raw) / len(raw)
    leniency = {p: round(v - centre, 3) for p, v in zip(people, raw)}
    ids = sorted(q.id for q in pool.questions)
    difficulty = {q: round(rng.gauss(0, 0.35), 3) for q in ids}
    discrimination = {q: round(rng.uniform(0.4, 1.4), 3) for q in ids}
    end = (now or utcnow()).replace(microsecond=0)
    start = end - timedelta(days=days)

    def moment(c: int) -> datetime:
        return (start + timedelta(days=days * c / max(1, candidates - 1))).replace(hour=9, minute=0, second=0)

    # First every loop, as the builder rotates questions through them (least asked first)...
    usage: dict[str, Usage] = {}
    loops = []
    for c in range(candidates):
        request = SetRequest(role=role, level=level, count=questions_per_interview, seed=seed * 100_003 + c)
        built = build_loop(pool, spec, request, LOOP_SIZE, usage=usage, by_id=bank.by_id,
                           topic_names=names, twins=bank.twins)
        for q in (q for b in built.sets for q in b.ids):
            usage[q] = Usage(usage.get(q, NEVER).times + 1, moment(c))
        loops.append(built)
    # ... then the leak: a technical question the builder asks often, so its rise is visible.
    technical = sorted((q.id for q in pool.questions if q.kind != "behavioral" and usage.get(q.id)),
                       key=lambda q: (-usage[q].times, q))
    leaked = rng.choice(technical[:max(1, len(technical) // 4)])
    leak_from = 0.25  # the share of the period after which the question is out
    truth = Truth(seed, leniency, [leaked], discrimination, difficulty)
    if quirks:
        truth.halo, truth.central_tendency = people[:1], people[1:2]

    for c, built in enumerate(loops):
        t = c / max(1, candidates - 1)
        when = moment(c)
        ability = rng.gauss(0, 1)
        person = create_candidate(session, name=f"Simulated candidate {seed}-{c + 1:04d}", role_id=role,
                                  notes="Made by interview-desk simulate.")
        # The loop and its sets as the builder made them, saved the way the demo saves its own
        # (one flush for the loop, not the name and question checks of a set edited by hand).
        loop = Loop(name=f"{prefix} · {c + 1:04d}", role_id=role, level=level, candidate_id=person.id,
                    params={"simulated": True, "seed": seed, "interviews": LOOP_SIZE})
        loop.sets = [InterviewSet(name=f"{loop.name} · {i + 1}", role_id=role, level=level, focus=b.focus_label[:200],
                                  params=b.request.params(), loop_position=i,
                                  items=[SetItem(question_id=q, position=n) for n, q in enumerate(b.ids)])
                     for i, b in enumerate(built.sets)]
        session.add(loop)
        session.flush()
        panel = rng.sample(people, LOOP_SIZE)
        for position, (interview_set, interviewer) in enumerate(zip(loop.sets, panel)):
            began = when + timedelta(hours=position)
            interview = interviewing.create_interview(session, set_id=interview_set.id, candidate_id=person.id,
                                                      interviewer=interviewer, loop_id=loop.id)
            # The interview's annotations were just created: rate them before they are first
            # written (one INSERT each, not an INSERT and an autosave UPDATE); submitting reloads
            # them from the database and seals what is stored.
            ratings = []
            for annotation in interview.annotations:
                q = annotation.question_id
                leak = LEAK_SIZE * (t - leak_from) / (1 - leak_from) if q == leaked and t > leak_from else 0.0
                latent = (discrimination.get(q, 1.0) * ability + leniency[interviewer] - difficulty.get(q, 0.0)
                          + leak + rng.gauss(0, NOISE))
                annotation.skipped = rng.random() < 0.02
                annotation.rating = None if annotation.skipped else rating_of(latent)
                if interviewer in truth.central_tendency and annotation.rating is not None:
                    annotation.rating = min(3, max(2, annotation.rating))  # never a 1 or a 4
                annotation.seconds_spent = 300.0
                ratings += [] if annotation.skipped else [annotation.rating]
            if interviewer in truth.halo and ratings:  # one impression, every question rated alike
                overall = round(sum(ratings) / len(ratings))
                for annotation in interview.annotations:
                    annotation.rating = None if annotation.skipped else overall
                ratings = [overall] * len(ratings)
            interview.started_at = began  # when it was held (submitting keeps it)
            mean = sum(ratings) / len(ratings) if ratings else 2.5
            verdict = "strong_yes" if mean >= 3.25 else "yes" if mean >= 2.5 else "no" if mean >= 1.75 else "strong_no"
            interviewing.submit_interview(session, interview.id, recommendation=verdict,
                                          summary="Simulated interview: ratings drawn from a known truth.",
                                          now=began + timedelta(minutes=45))
            truth.interviews += 1
        if decide:
            # The committee knows more than the loop saw: it decides on the true ability (with
            # some error), and says so, so a decision may depart from the composite.
            hire = ability + rng.gauss(0, 0.5) > 0.3
            record_decision(session, person.id, decision="hire" if hire else "no_hire", by="Hiring committee",
                            reason="Simulated: decided on the candidate's true ability.",
                            now=when + timedelta(days=1))
            truth.decisions += 1
        truth.candidates += 1
    session.flush()
    return truth
