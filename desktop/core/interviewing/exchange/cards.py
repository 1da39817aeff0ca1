"""A sealed scorecard as a card: exported as its interviewer signed it, imported only if it holds.

The card carries the seal exactly as stored (the signed content, signature and public key),
each amendment likewise, and what the receiving database needs to place it: the candidate,
loop and set by their stable keys. The question snapshots are inside the signed content. On
import, every signature and the amendment chain are checked before anything is written; the
scorecard is stored under this database's ids, with the ids it was signed with kept beside it
(`CardOrigin`), and must then verify here, or nothing is written.
"""

from __future__ import annotations

import copy
import re

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing.access import same_person, scorecard_access
from desktop.core.interviewing.exchange.packets import ExchangeError, Packet, Tampered, field, seal_packet
from desktop.core.interviewing.exchange.refs import Resolver, candidate_ref, loop_ref, set_ref
from desktop.core.interviewing.exchange.trust import TrustCheck
from desktop.core.interviewing.fields import _get
from desktop.core.interviewing.keys import KeyRing, fingerprint, local_keyring, verify_signature
from desktop.core.interviewing.seals import (
    AMENDMENT_SEALED_FIELDS,
    ANNOTATION_SEALED_FIELDS,
    INTERVIEW_SEALED_FIELDS,
    LATER_INTERVIEW_FIELDS,
    SEAL_FORMAT,
    _amendments_in_order,
    _digest_of,
    seal_state,
)
from desktop.core.storage.models import Amendment, Annotation, CardOrigin, Interview, Loop, utcnow

_IDS = ("id", "candidate_id", "set_id", "loop_id")  # of the interview: this database's, not the signer's
_TIMES = ("started_at", "ended_at", "submitted_at", "updated_at", "created_at")


def _signed(row) -> dict:
    return {"content": row.seal_content, "signature": row.seal_signature, "public_key": row.seal_key,
            "digest": row.digest}


def export_card(session: Session, interview_id: int, *, reader: str, keyring: KeyRing | None = None) -> dict:
    """The card of one sealed scorecard, signed by `reader`, who must be allowed to see it."""
    keyring = keyring or local_keyring()
    interview = _get(session, interview_id)
    if interview.status != "submitted":
        raise ExchangeError(f"interview {interview_id} is not submitted: only a sealed scorecard can be exported")
    state = seal_state(interview, keyring)
    if state.status == "legacy":
        raise ExchangeError(f"interview {interview_id} has a legacy seal (unsigned): only signed scorecards travel")
    if not state.ok:
        raise ExchangeError(f"interview {interview_id}: {state.label}; a broken scorecard is not exported")
    reader = " ".join((reader or "").split())
    if not reader:
        raise ExchangeError("set your name first (Preferences): whoever exports a card signs it")
    if not scorecard_access(session, interview_id, reader).visible:
        raise ExchangeError(f"interview {interview_id} is {interview.interviewer}'s scorecard, hidden from {reader} "
                            "until they submit their own for this candidate or the debrief opens")
    interview_set = set_ref(session, interview.set)
    interview_set["question_ids"] = [a.question_id for a in sorted(interview.annotations, key=lambda a: a.position)]
    body = {
        "exported_at": utcnow().replace(microsecond=0).isoformat(), "exported_by": reader,
        "candidate": candidate_ref(session, interview.candidate),
        "loop": loop_ref(session, session.get(Loop, interview.loop_id) if interview.loop_id else None),
        "set": interview_set,
        "seal": _signed(interview),
        "amendments": [_signed(a) for a in _amendments_in_order(interview)],
    }
    return seal_packet("card", body, reader, keyring)


# -- reading a card back --------------------------------------------------------------------------
@dataclass(frozen=True)
class Signed:
    """One signed part of a card (the seal or an amendment), checked: `values` is what it signed."""

    text: str
    signature: str
    public_key: str
    digest: str
    values: dict


def _check_signed(part, source: str, what: str, section: str, names: tuple[str, ...]) -> Signed:
    if not isinstance(part, dict) or not all(isinstance(part.get(k), str) and part.get(k)
                                             for k in ("content", "signature", "public_key", "digest")):
        raise ExchangeError(f"{source}: the {what} is missing its signed content")
    text = part["content"]
    if not verify_signature(part["public_key"], part["signature"], text.encode()) or \
            _digest_of(text) != part["digest"]:
        raise Tampered(f"{source}: the {what} does not match its signature (it was changed)")
    try:
        content = json.loads(text)
    except ValueError:
        content = None
    values = content.get(section) if isinstance(content, dict) else None
    if not isinstance(values, dict) or content.get("seal") != SEAL_FORMAT or any(k not in values for k in names):
        raise ExchangeError(f"{source}: the {what} is in a seal format this app does not know")
    return Signed(text, part["signature"], part["public_key"], part["digest"], content)


@dataclass(frozen=True)
class Card:
    packet: Packet
    seal: Signed
    amendments: tuple[Signed, ...]

    @property
    def interview(self) -> dict:
        """The sealed interview's fields, with the later ones a seal leaves out at their default."""
        later = {name: copy.deepcopy(default) for name, default in LATER_INTERVIEW_FIELDS.items()}
        return {**later, **self.seal.values["interview"]}

    @property
    def source(self) -> str:
        return self.packet.source


def read_card(packet: Packet, trust: TrustCheck) -> Card:
    """Every signature, the chain and the signers' keys checked; nothing read from the database."""
    body, source = packet.body, packet.source
    always = tuple(n for n in INTERVIEW_SEALED_FIELDS if n not in LATER_INTERVIEW_FIELDS)
    seal = _check_signed(body.get("seal"), source, "scorecard's seal", "interview", always)
    interview = seal.values["interview"]
    annotations = seal.values.get("annotations")
    if interview.get("status") != "submitted" or not isinstance(annotations, list) or not all(
            isinstance(a, dict) and all(k in a for k in ANNOTATION_SEALED_FIELDS) for a in annotations):
        raise ExchangeError(f"{source}: the sealed content is not a submitted scorecard")
    amendments, previous = [], seal.digest
    for number, part in enumerate(field(body, "amendments", list, source, "card"), start=1):
        amendment = _check_signed(part, source, f"amendment {number}", "amendment", AMENDMENT_SEALED_FIELDS)
        if amendment.values["amendment"]["previous_digest"] != previous:
            before = "the seal" if number == 1 else f"amendment {number - 1}"
            raise Tampered(f"{source}: amendment {number} does not follow {before} (one was removed or changed)")
        amendments.append(amendment)
        previous = amendment.digest
    for what in ("candidate", "set"):
        field(body, what, dict, source, "card")
    trust.check(packet.signer, packet.public_key, source, "card")
    trust.check(str(interview.get("interviewer") or ""), seal.public_key, source, "scorecard")
    for number, amendment in enumerate(amendments, start=1):
        trust.check(str(amendment.values["amendment"].get("author") or ""), amendment.public_key, source,
                    f"amendment {number}")
    return Card(packet, seal, tuple(amendments))


# -- writing it here ------------------------------------------------------------------------------
def _value(name: str, value):
    return datetime.fromisoformat(value) if name in _TIMES and isinstance(value, str) else value


def _row(model, values: dict, names: tuple[str, ...], skip: tuple[str, ...], **extra):
    return model(**{k: _value(k, values[k]) for k in names if k not in skip}, **extra)


def _add_amendments(session: Session, interview: Interview, amendments, origin: CardOrigin) -> None:
    signed_ids = {**(origin.signed_ids or {})}
    by_local = dict(signed_ids.get("amendments") or {})
    for part in amendments:
        values = part.values["amendment"]
        row = _row(Amendment, values, AMENDMENT_SEALED_FIELDS, ("id", "interview_id"), digest=part.digest, seal_content=part.text, seal_signature=part.signature,
                   seal_key=part.public_key)
        interview.amendments.append(row)
        session.flush()
        by_local[str(row.id)] = {"id": values["id"], "interview_id": values["interview_id"]}
    signed_ids["amendments"] = by_local
    origin.signed_ids = signed_ids


def _origin(session: Session, interview_id: int) -> CardOrigin:
    origin = session.get(CardOrigin, interview_id)
    if origin is None:
        origin = CardOrigin(interview_id=interview_id, signed_ids={})
        session.add(origin)
    return origin


def _holds_here(session: Session, interview_id: int, source: str, keyring):
    session.flush()
    state = seal_state(_get(session, interview_id), keyring)
    if not state.ok:
        raise ExchangeError(f"{source}: the scorecard would not verify here ({'; '.join(state.problems)}); "
                            "nothing was imported")
    return state


ALREADY_HERE = "already here as interview {id}; nothing changed"
AMENDED_APART = "interview {id} here and the card were amended differently since their last common amendment"


def newer_amendments(card: Card, here: Interview) -> int | None:
    """How many amendments the card adds to the scorecard this database has: 0 when it adds
    nothing (a duplicate), None when each has amendments the other lacks (a chain has one order)."""
    ours = [a.digest for a in _amendments_in_order(here)]
    theirs = [a.digest for a in card.amendments]
    if theirs[:len(ours)] == ours:
        return len(theirs) - len(ours)
    return 0 if ours[:len(theirs)] == theirs else None


def already_here(session: Session, card: Card) -> Interview | None:
    """The scorecard of this card, if this database has it (a card is known by its seal's digest)."""
    return session.scalar(select(Interview).where(Interview.digest == card.seal.digest))


def _merge(session: Session, card: Card, here: Interview, keyring) -> str:
    """The card of a scorecard this database has: add the amendments it has and this one lacks."""
    ours = [a.digest for a in _amendments_in_order(here)]
    theirs = [a.digest for a in card.amendments]
    if newer_amendments(card, here):
        new = card.amendments[len(ours):]
        _add_amendments(session, here, new, _origin(session, here.id))
        _holds_here(session, here.id, card.source, keyring)
        return f"{card.source}: interview {here.id}: {len(new)} newer amendment{'s' if len(new) > 1 else ''} added"
    if ours[:len(theirs)] == theirs:
        newer = " (this database has newer amendments)" if len(ours) > len(theirs) else ""
        return f"{card.source}: {ALREADY_HERE.format(id=here.id)}{newer}"
    raise ExchangeError(f"{card.source}: {AMENDED_APART.format(id=here.id)}; nothing was imported")


def import_card(session: Session, card: Card, resolver: Resolver, keyring: KeyRing | TrustCheck) -> str:
    """Write one checked card here; returns a line for the report. `keyring` checks the seal
    once written (the import's `TrustCheck`: with the keys it will trust)."""
    here = already_here(session, card)
    if here is not None:
        return _merge(session, card, here, keyring)
    body, values = card.packet.body, card.interview
    candidate = resolver.candidate(body["candidate"], card.source)
    loop = resolver.loop(body.get("loop"), candidate, card.source)
    annotations = sorted(card.seal.values["annotations"], key=lambda a: (a["position"], a["id"]))
    resolver.questions([{**(a["question_snapshot"] or {}), "id": a["question_id"]} for a in annotations], card.source)
    interview_set = resolver.set(body["set"], loop, card.source)
    for placeholder in session.scalars(select(Interview).where(
            Interview.set_id == interview_set.id, Interview.status == "planned")).all():
        if same_person(placeholder.interviewer, values["interviewer"]):  # planned here, run on their laptop
            session.delete(placeholder)
    interview = _row(Interview, values, INTERVIEW_SEALED_FIELDS, _IDS, candidate_id=candidate.id,
                     set_id=interview_set.id, loop_id=loop.id if loop else None, digest=card.seal.digest,
                     seal_content=card.seal.text, seal_signature=card.seal.signature, seal_key=card.seal.public_key)
    interview.annotations = [_row(Annotation, a, ANNOTATION_SEALED_FIELDS, ("id", "interview_id")) for a in annotations]
    session.add(interview)
    session.flush()
    signed_ids = {"interview": {k: values[k] for k in _IDS},
                  "annotations": {str(row.id): {"id": a["id"], "interview_id": a["interview_id"]}
                                  for row, a in zip(interview.annotations, annotations)}}
    origin = CardOrigin(interview_id=interview.id, signed_ids=signed_ids)
    session.add(origin)
    _add_amendments(session, interview, card.amendments, origin)
    _holds_here(session, interview.id, card.source, keyring)
    amended = f", {len(card.amendments)} amendment{'s' if len(card.amendments) != 1 else ''}" if card.amendments else ""
    return (f"{card.source}: {values['interviewer']}'s scorecard for {candidate.name} imported as interview "
            f"{interview.id}{amended}; seal verified (key {fingerprint(card.seal.public_key)})")


def card_file_name(session: Session, interview_id: int, *, anonymous: bool = False) -> str:
    """A file name that says whose card it is ("Card - Ada Lovelace - Bea.card.json"); an
    anonymous one names the candidate by number only, as the anonymous PDFs do."""
    interview = _get(session, interview_id)
    candidate = interview.candidate
    who = f"Candidate {candidate.id}" if anonymous or not candidate.name.strip() else candidate.name
    name = " - ".join(" ".join(p.split()) for p in ("Card", who, interview.interviewer) if p and p.strip())
    name = " ".join(re.sub(r'[\\/:*?"<>|#\x00-\x1f]+', " ", name).split()).strip(" .")
    return (name[:120].rstrip() or "card") + ".card.json"
