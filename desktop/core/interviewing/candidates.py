"""Candidates: the people being interviewed. Created on the spot, found by id or by name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Candidate, Role


def create_candidate(
    session: Session, *, name: str, role_id: str | None = None, notes: str = ""
) -> Candidate:
    """A new candidate. ValueError with one clear line for an empty name or an unknown role."""
    name = " ".join((name or "").split())
    if not name:
        raise ValueError("a candidate needs a name")
    role_id = (role_id or "").strip() or None
    if role_id is not None and session.get(Role, role_id) is None:
        raise ValueError(f"unknown role {role_id!r}")
    candidate = Candidate(name=name, role_id=role_id, notes=notes or "")
    session.add(candidate)
    session.flush()
    return candidate


def find_candidate(session: Session, name_or_id: str) -> Candidate:
    """By numeric id, else by exact name (case-insensitive). LookupError says what went wrong."""
    key = " ".join(str(name_or_id or "").split())
    if not key:
        raise LookupError("give a candidate name or id")
    if key.isdigit():
        candidate = session.get(Candidate, int(key))
        if candidate is not None:
            return candidate
    matches = session.scalars(
        select(Candidate).where(func.lower(Candidate.name) == key.lower()).order_by(Candidate.id)
    ).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(str(c.id) for c in matches)
        raise LookupError(f"several candidates are named {key!r} (ids {ids}); use the id")
    raise LookupError(f"no candidate {key!r}")


def list_candidates(session: Session) -> list[Candidate]:
    """Every candidate, by name (then by id for namesakes)."""
    return list(
        session.scalars(select(Candidate).order_by(func.lower(Candidate.name), Candidate.id))
    )


@dataclass(frozen=True)
class CandidateChoice:
    """A candidate as a list to pick from shows it."""

    id: int
    name: str
    role_id: str | None


def candidate_choices(session: Session) -> list[CandidateChoice]:
    """Every candidate as plain data, in `list_candidates`' order."""
    return [CandidateChoice(i, name, role_id) for i, name, role_id in session.execute(
        select(Candidate.id, Candidate.name, Candidate.role_id).order_by(func.lower(Candidate.name), Candidate.id))]
