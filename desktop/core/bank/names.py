"""What a person types for a role, topic, competency, candidate, set, loop or level: its id or
its display name, in any case, or a prefix that only one of them starts with.

One rule for every command: `resolve` finds the one thing meant, or raises `NameNotFound` with
a one-line message that lists the choices ("no role 'Promt Engineer' (roles: ...)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.bank.name_key import name_key as _key
from desktop.core.storage.models import LEVELS, Candidate, Competency, InterviewSet, Loop, Role, Topic

_SHOWN = 25  # choices listed in a message; a long list (candidates, sets) is cut


class NameNotFound(LookupError):
    """None, or several, of the choices match what was typed: one line for the user."""


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    value: Any = None  # what the caller wants back (a row, an int id); the id when None

    @property
    def result(self) -> Any:
        return self.id if self.value is None else self.value


def _shown(text: str) -> str:
    """Bytes the terminal could not decode arrive as lone surrogates: show them escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _listing(choices: Sequence[Choice], numbered: bool) -> str:
    labels = [f"{c.name} (#{c.id})" if numbered else (c.name or c.id) for c in choices]
    labels = sorted(dict.fromkeys(labels), key=str.casefold)
    more = len(labels) - _SHOWN
    return ", ".join(labels[:_SHOWN]) + (f", and {more} more" if more > 0 else "")


def matches(text: str, choices: Iterable[Choice]) -> list[Choice]:
    """Exact id, else exact name, else ids and names that start with the text (all case-insensitive)."""
    key = _key(text)
    choices = list(choices)
    if not key:
        return []
    for same in (lambda c: _key(c.id) == key, lambda c: _key(c.name) == key):
        found = [c for c in choices if same(c)]
        if found:
            return found
    return [c for c in choices if _key(c.id).startswith(key) or _key(c.name).startswith(key)]


def resolve(text: str, choices: Iterable[Choice], what: str, plural: str | None = None, *,
            numbered: bool = False, hint: str = "") -> Any:
    """The one choice `text` means (its `result`); NameNotFound lists the choices otherwise.

    `numbered`: ids are numbers that mean nothing to a person (candidates, sets), so the
    message shows "name (#id)" and a leading '#' on the text is allowed."""
    choices = list(choices)
    plural = plural or f"{what}s"
    raw = str(text or "")
    typed = raw.strip()
    if numbered and typed.startswith("#") and typed[1:].strip().isdigit():
        typed = typed[1:].strip()
    found = matches(typed, choices)
    if len(found) == 1:
        return found[0].result
    shown = _shown(" ".join(raw.split()))
    tail = f"; {hint}" if hint else ""
    if not found:
        known = _listing(choices, numbered) if choices else "none yet"
        raise NameNotFound(f"no {what} '{shown}' ({plural}: {known}){tail}")
    several = _listing(found, numbered)
    give = "give the id" if numbered else "type more of the name"
    raise NameNotFound(f"'{shown}' matches {len(found)} {plural} ({several}); {give}")


# -- the things a command names ------------------------------------------------------------


def role_choices(session: Session) -> list[Choice]:
    return [Choice(r.id, r.name) for r in session.scalars(select(Role).order_by(Role.name))]


def topic_choices(session: Session) -> list[Choice]:
    return [Choice(t.id, t.name) for t in session.scalars(select(Topic).order_by(Topic.name))]


def competency_choices(session: Session) -> list[Choice]:
    return [Choice(c.id, c.name) for c in session.scalars(select(Competency).order_by(Competency.name))]


def level_choices() -> list[Choice]:
    return [Choice(level, level.capitalize()) for level in LEVELS]


def role_id(session: Session, text: str) -> str:
    return resolve(text, role_choices(session), "role")


def topic_id(session: Session, text: str) -> str:
    return resolve(text, topic_choices(session), "topic")


def competency_id(session: Session, text: str) -> str:
    return resolve(text, competency_choices(session), "competency", "competencies")


def level_id(text: str) -> str:
    return resolve(text, level_choices(), "level")


def candidate_id(session: Session, text: str) -> int:
    choices = [Choice(str(c.id), " ".join(c.name.split()), c.id)
               for c in session.scalars(select(Candidate).order_by(Candidate.id))]
    return resolve(text, choices, "candidate", numbered=True, hint="see: interview-desk list candidates")


def set_id(session: Session, text: str) -> int:
    choices = [Choice(str(i), name, i) for i, name in session.execute(select(InterviewSet.id, InterviewSet.name))]
    return resolve(text, choices, "set", numbered=True, hint="see: interview-desk list sets")


def find_loop(session: Session, text: str) -> Loop:
    """A saved loop by name or id (a unique name prefix too)."""
    loops = session.scalars(select(Loop).order_by(Loop.id)).all()
    return resolve(text, [Choice(str(x.id), x.name, x) for x in loops], "loop", numbered=True)


def topic_labels(session: Session, topic_ids: Iterable[str]) -> list[str]:
    """Display names for topic ids, in order (an id the bank does not know stays as it is)."""
    names = dict(session.execute(select(Topic.id, Topic.name)).all())
    return [names.get(t, t) for t in topic_ids]


def competency_labels(session: Session, ids: Iterable[str]) -> list[str]:
    names = dict(session.execute(select(Competency.id, Competency.name)).all())
    return [names.get(c, c) for c in ids]


def name_to_id(names: dict[str, str], text: str) -> str:
    """For bank files: `text` as an id if it is one, else the id whose display name it is
    (case-insensitive), else unchanged, for the checker to report. No prefixes in files."""
    if text in names:
        return text
    key = _key(text)
    found = [i for i, name in names.items() if _key(name) == key or _key(i) == key]
    return found[0] if len(found) == 1 else text
