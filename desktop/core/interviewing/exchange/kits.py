"""A loop kit: what an interviewer on another laptop needs to run their part of a loop.

The loop, its candidate, and each set with its questions (as the bank has them, with the model
answer) and who runs it. Imported, it creates what the database lacks (found again by key the
next time) and a planned interview for each interviewer named, so they can start it there and
later send back their card. No ratings travel in a kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.access import same_person
from desktop.core.interviewing.exchange.packets import ExchangeError, Packet, field, seal_packet
from desktop.core.interviewing.exchange.refs import Resolver, candidate_ref, loop_ref, question_entry, set_ref
from desktop.core.interviewing.exchange.trust import TrustCheck
from desktop.core.interviewing.keys import KeyRing, local_keyring
from desktop.core.interviewing.lifecycle import create_interview
from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop, utcnow


def assignments(session: Session, loop: Loop, assign: Mapping[int, str] | None = None) -> dict[int, str]:
    """Set id -> who runs it: the interviewer of its first interview here, unless `assign`
    (set position in the loop, from 1 -> name) says otherwise."""
    who: dict[int, str] = {}
    for set_id, name in session.execute(select(Interview.set_id, Interview.interviewer).where(
            Interview.loop_id == loop.id).order_by(Interview.id)):
        who.setdefault(set_id, name)
    for position, name in (assign or {}).items():
        if not 1 <= position <= len(loop.sets):
            raise ExchangeError(f"the loop {loop.name!r} has {len(loop.sets)} sets; there is no set {position}")
        who[loop.sets[position - 1].id] = " ".join(name.split())
    return who


@dataclass(frozen=True)
class KitPlan:
    """What handing out a loop would send: its candidate (None: it has none yet) and, per set
    in loop order, its name and who runs it ("" when nobody is named yet)."""

    loop_id: int
    loop_name: str
    candidate_id: int | None
    candidate_name: str
    sets: tuple[tuple[str, str], ...]


def kit_plan(session: Session, loop_id: int) -> KitPlan:
    loop = session.get(Loop, loop_id)
    if loop is None:
        raise ExchangeError(f"no loop with id {loop_id}")
    who = assignments(session, loop)
    return KitPlan(loop.id, loop.name, loop.candidate_id, loop.candidate.name if loop.candidate else "",
                   tuple((s.name, who.get(s.id, "")) for s in loop.sets))


def _give_candidate(session: Session, loop: Loop, candidate_id: int | None) -> None:
    """A loop saved without a candidate (the Builder saves them so) is handed out for one."""
    if candidate_id is None or loop.candidate_id == candidate_id:
        return
    if loop.candidate_id is not None:
        raise ExchangeError(f"the loop {loop.name!r} is {loop.candidate.name}'s; it cannot be handed out "
                            "for another candidate")
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise ExchangeError(f"no candidate with id {candidate_id}")
    loop.candidate = candidate
    session.flush()


def export_loop_kit(session: Session, loop_id: int, *, reader: str, assign: Mapping[int, str] | None = None,
                    split: bool = False, keyring: KeyRing | None = None,
                    candidate_id: int | None = None) -> list[tuple[str, dict]]:
    """[(file name, packet)]: the whole loop in one kit, or (split) one kit per set.
    `candidate_id` gives a loop without a candidate its candidate (and keeps it)."""
    loop = session.get(Loop, loop_id)
    if loop is None:
        raise ExchangeError(f"no loop with id {loop_id}")
    _give_candidate(session, loop, candidate_id)
    if loop.candidate is None:
        raise ExchangeError(f"the loop {loop.name!r} has no candidate; give it one before handing it out")
    if not loop.sets:
        raise ExchangeError(f"the loop {loop.name!r} has no sets")
    reader = " ".join((reader or "").split())
    if not reader:
        raise ExchangeError("set your name first (Preferences): whoever exports a kit signs it")
    who = assignments(session, loop, assign)
    sets = [{**set_ref(session, s), "questions": [question_entry(item.question) for item in s.items],
             "interviewer": who.get(s.id, "")} for s in loop.sets]
    head = {"exported_at": utcnow().replace(microsecond=0).isoformat(), "exported_by": reader,
            "candidate": candidate_ref(session, loop.candidate), "loop": loop_ref(session, loop)}
    stem = _slug(loop.name)
    keyring = keyring or local_keyring()
    if not split:
        return [(f"{stem}.kit.json", seal_packet("loop-kit", {**head, "sets": sets}, reader, keyring))]
    return [(f"{stem}-{i + 1}{'-' + _slug(entry['interviewer']) if entry['interviewer'] else ''}.kit.json",
             seal_packet("loop-kit", {**head, "sets": [entry]}, reader, keyring))
            for i, entry in enumerate(sets)]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "loop"


@dataclass(frozen=True)
class Kit:
    packet: Packet
    sets: tuple[dict, ...]

    @property
    def source(self) -> str:
        return self.packet.source


def read_kit(packet: Packet, trust: TrustCheck) -> Kit:
    body, source = packet.body, packet.source
    field(body, "candidate", dict, source, "kit")
    field(body, "loop", dict, source, "kit")
    sets = field(body, "sets", list, source, "kit")
    if not sets or not all(isinstance(s, dict) and isinstance(s.get("questions"), list) for s in sets):
        raise ExchangeError(f"{source}: the kit holds no sets")
    trust.check(packet.signer, packet.public_key, source, "kit")
    return Kit(packet, tuple(sets))


def import_kit(session: Session, kit: Kit, resolver: Resolver) -> list[str]:
    """Create what this database lacks; lines for the report."""
    body, source = kit.packet.body, kit.source
    made = len(resolver.created)
    candidate = resolver.candidate(body["candidate"], source)
    loop = resolver.loop(body["loop"], candidate, source)
    lines, differ = [], []
    for entry in kit.sets:
        differ += resolver.questions(entry["questions"], source)
        interview_set = resolver.set(entry, loop, source)
        name = " ".join(str(entry.get("interviewer") or "").split())
        if not name:
            continue
        planned = session.scalars(select(Interview.interviewer).where(Interview.set_id == interview_set.id)).all()
        if not any(same_person(p, name) for p in planned):
            interview = create_interview(session, set_id=interview_set.id, candidate_id=candidate.id,
                                         interviewer=name, loop_id=loop.id)
            lines.append(f"{source}: interview {interview.id} planned for {name} ({interview_set.name})")
    created = resolver.created[made:]
    head = f"{source}: loop {loop.name!r} for {candidate.name}: " + (
        "created " + ", ".join(created) if created else "already here")
    if differ:
        lines.append(f"{source}: {len(differ)} question(s) differ from this bank's copy ({', '.join(differ[:3])}"
                     f"{'…' if len(differ) > 3 else ''}); this bank's version is asked")
    return [head, *lines]


def loop_of_set(session: Session, set_id: int) -> int | None:
    """The loop a saved set belongs to (the Builder hands out a loop from any of its sets)."""
    row = session.get(InterviewSet, set_id)
    return row.loop_id if row is not None else None
