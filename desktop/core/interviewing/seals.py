"""Sealed scorecards: what the seal covers, checking it, amendments and the effective scorecard.

Submitting signs the scorecard with the interviewer's Ed25519 key (keys.py, outside the
database): the signed content is every field of the interview and of each annotation, with the
snapshot of each question asked. Each amendment is signed by its author over its own fields and
the digest of the seal or amendment before it, so amendments form a chain. `seal_state` is the
one answer to "does this scorecard still hold": every view, export and command asks it.
Seals from before signatures (a SHA-256 digest only) still check, as "legacy (unsigned)".
See docs/seals.md for what this protects against and what it does not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field as default_field
from types import SimpleNamespace
from datetime import datetime
from statistics import mean
from typing import Any, Iterable

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import UnmappedInstanceError

from desktop.core.storage.models import (
    Amendment,
    Annotation,
    CardOrigin,
    Interview,
    utcnow,
)
from desktop.core.interviewing.access import may_amend
from desktop.core.interviewing.fields import AMENDABLE_ANNOTATION_FIELDS, InterviewError, _canonical, _check_covered, _check_rating, _check_recommendation, _check_text, _get, _iso, _sha256, asked
from desktop.core.interviewing.amendment_words import apply_changes, describe_amendment
from desktop.core.interviewing.competencies import (
    assessed_competencies,
    check_competency_notes,
    competency_names,
    note_fields,
)
from desktop.core.interviewing.keys import KeyRing, fingerprint, local_keyring, verify_signature

SEAL_FORMAT = 2  # 1: the legacy digest of `scorecard_content`; 2: signed `signed_content`
# Everything a signed seal covers. test_seals checks that no column of these tables is left out.
INTERVIEW_SEALED_FIELDS = (
    "id", "candidate_id", "set_id", "loop_id", "interviewer", "status", "current_position",
    "elapsed_seconds", "clock_paused", "started_at", "ended_at", "recommendation", "summary",
    "submitted_at", "updated_at", "competency_notes", "rating_scale",
)
# Added after signed seals began: in the signed content only when not at their default, so the
# seals signed before they existed still hold, and setting one on such a scorecard breaks them.
LATER_INTERVIEW_FIELDS = {"competency_notes": {}, "rating_scale": "anchored"}
ANNOTATION_SEALED_FIELDS = (
    "id", "interview_id", "question_id", "position", "rating", "skipped", "covered", "notes",
    "seconds_spent", "question_snapshot", "updated_at",
)
AMENDMENT_SEALED_FIELDS = ("id", "interview_id", "author", "reason", "changes", "created_at", "previous_digest")
SEAL_COLUMNS = ("digest", "seal_content", "seal_signature", "seal_key")  # the seal itself
# Not scorecard content: the seal, and an annotation's write counter (it only lets a save see
# that another window wrote first; a sealed scorecard is never written again anyway).
UNSEALED_COLUMNS = SEAL_COLUMNS + ("version",)


def scorecard_content(interview: Interview) -> dict:
    """The scorecard as plain JSON values: what the legacy digest covered, and the base that
    amendments apply to (`effective_scorecard`)."""
    return {
        "interview_id": interview.id,
        "candidate_id": interview.candidate_id,
        "interviewer": interview.interviewer,
        "set_id": interview.set_id,
        "loop_id": interview.loop_id,
        "recommendation": interview.recommendation,
        "summary": interview.summary or "",
        "submitted_at": _iso(interview.submitted_at),
        # Only when there are some: the legacy digests, from before them, never covered the key.
        **({"competency_notes": dict(notes)} if (notes := getattr(interview, "competency_notes", None)) else {}),
        "annotations": [
            {
                "position": a.position,
                "question_id": a.question_id,
                "rating": a.rating,
                "skipped": bool(a.skipped),
                "covered": sorted(int(i) for i in (a.covered or [])),
                "notes": a.notes or "",
                "seconds_spent": round(float(a.seconds_spent or 0.0), 1),
            }
            for a in sorted(interview.annotations, key=lambda a: a.position)
        ],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _fields(row: Any, names: Iterable[str]) -> dict:
    return {name: _plain(getattr(row, name)) for name in names}


def signed_content(interview: Interview) -> dict:
    """Everything a signed seal covers, as plain JSON values: exactly the stored values."""
    fields = _fields(interview, INTERVIEW_SEALED_FIELDS)
    for name, default in LATER_INTERVIEW_FIELDS.items():
        if fields[name] in (None, default):
            del fields[name]
    return {
        "seal": SEAL_FORMAT,
        "interview": fields,
        "annotations": [_fields(a, ANNOTATION_SEALED_FIELDS)
                        for a in sorted(interview.annotations, key=lambda a: (a.position, a.id or 0))],
    }


def amendment_content(amendment: Amendment) -> dict:
    return {"seal": SEAL_FORMAT, "amendment": _fields(amendment, AMENDMENT_SEALED_FIELDS)}


def _signed_ids(interview) -> dict:
    """For a scorecard imported from another database (exchange), the ids it was signed with
    there, by this database's ids (`CardOrigin`); {} for a scorecard made here."""
    if hasattr(interview, "signed_ids"):  # seal_states loads them with the rows
        return interview.signed_ids or {}
    try:
        session = object_session(interview)
    except UnmappedInstanceError:  # plain rows from elsewhere, without them: made here
        return {}
    if session is None or interview.id is None:
        return {}
    with session.no_autoflush:  # a check only reads: it must not write what the caller has pending
        origin = session.get(CardOrigin, interview.id)
    return (origin.signed_ids or {}) if origin is not None else {}


def _as_signed(content: dict, ids: dict, amendment_id: int | None = None) -> dict:
    """`signed_content` or `amendment_content` with the ids the signer's database gave: the
    rest of the content must still match the signature as it is."""
    if not ids:
        return content
    if amendment_id is not None:
        content["amendment"].update((ids.get("amendments") or {}).get(str(amendment_id)) or {})
        return content
    local = ids.get("annotations") or {}
    for annotation in content["annotations"]:
        annotation.update(local.get(str(annotation["id"])) or {})
    content["interview"].update(ids.get("interview") or {})
    content["annotations"].sort(key=lambda a: (a["position"], a["id"] or 0))
    return content


def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _sign(row: Interview | Amendment, content: dict, signer: str, keyring: KeyRing) -> None:
    """Store the content, its digest, the signer's signature and public key on `row`."""
    text = _canonical(content).decode()
    row.seal_signature, row.seal_key = keyring.sign(signer, text.encode())
    row.seal_content = text
    row.digest = _digest_of(text)


def seal_interview(interview: Interview, keyring: KeyRing | None = None) -> str:
    """Sign the interview as it is stored now (reload it first: see `fields._get`)."""
    _sign(interview, signed_content(interview), interview.interviewer, keyring or local_keyring())
    return interview.digest


# -- checking a seal ------------------------------------------------------------------------------
SEAL_STATES = ("ok", "broken", "legacy", "unsealed")


@dataclass(frozen=True)
class SealState:
    """Does this scorecard still hold? status is one of SEAL_STATES; problems say what is wrong."""

    status: str
    problems: tuple[str, ...] = ()
    signer: str | None = None  # whose key signed the seal
    key_fingerprint: str | None = None
    key_known: bool = False  # this machine holds or trusts that key for the signer

    @property
    def ok(self) -> bool:
        """Holds (a legacy seal holds too, but proves much less: see `label`)."""
        return self.status in ("ok", "legacy")

    @property
    def broken(self) -> bool:
        return self.status == "broken"

    @property
    def label(self) -> str:
        if self.status == "ok":
            known = "" if self.key_known else ", a key not known on this machine"
            return f"seal verified: signed by {self.signer} (key {self.key_fingerprint}{known})"
        if self.status == "legacy":
            return "legacy seal (unsigned): a digest only, which anyone with the database can recompute"
        if self.status == "broken":
            return "SEAL BROKEN: " + "; ".join(self.problems)
        return "not sealed"


def _words(name: str) -> str:
    return name.replace("_", " ")


def _differences(sealed: dict, current: dict) -> list[str]:
    """What changed since signing, in words: 'summary changed', 'question 2: notes changed'
    (questions numbered as the amendments number them, amendment_words)."""
    out = []
    before, now = sealed.get("interview") or {}, current["interview"]
    out += [f"{_words(k)} changed" for k in INTERVIEW_SEALED_FIELDS if before.get(k) != now.get(k)]
    then = {a.get("id"): a for a in sealed.get("annotations") or []}
    still = {a["id"]: a for a in current["annotations"]}
    for key, a in sorted(then.items(), key=lambda kv: (kv[1].get("position") or 0, kv[0] or 0)):
        number = (a.get("position") or 0) + 1
        if key not in still:
            out.append(f"question {number}: removed")
            continue
        for field in ANNOTATION_SEALED_FIELDS:
            old, new = a.get(field), still[key].get(field)
            if old == new:
                continue
            if field == "question_snapshot" and isinstance(old, dict) and isinstance(new, dict):
                out += [f"question {number}: {_words(k)} as asked changed"
                        for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
            else:
                out.append(f"question {number}: {_words(field)} changed")
    out += [f"question {a['position'] + 1}: added" for key, a in still.items() if key not in then]
    return out


def _has_signed_seal(row: Interview | Amendment) -> bool:
    return bool(row.seal_signature or row.seal_content or row.seal_key)


class _TrustedKeys:
    """Who this machine trusts with which public key, looked up once per person per check."""

    def __init__(self, keyring: KeyRing):
        self.keyring, self._known = keyring, {}

    def __call__(self, name: str) -> set[str]:
        if name not in self._known:
            self._known[name] = self.keyring.trusted_keys(name)
        return self._known[name]


_VERIFIED: dict[tuple[str, str, str], bool] = {}  # (key, signature, digest of content) -> holds?


def _signature_holds(public_key: str, signature: str, text: str, digest: str) -> bool:
    """Ed25519 verification, remembered: a list re-checks the same unchanged seals every refresh."""
    key = (public_key, signature, digest)
    if key not in _VERIFIED:
        if len(_VERIFIED) > 100_000:
            _VERIFIED.clear()
        _VERIFIED[key] = verify_signature(public_key, signature, text.encode())
    return _VERIFIED[key]


def _check_signed(row: Interview | Amendment, current: dict, what: str, signer_field: str,
                  trusted_keys: _TrustedKeys) -> tuple[list[str], str | None, bool]:
    """(problems, signer, key known?) for a row with a signed seal; `what` prefixes each problem."""
    text = row.seal_content or ""
    digest = _digest_of(text)
    if not (row.seal_key and row.seal_signature and _signature_holds(row.seal_key, row.seal_signature, text, digest)):
        return [f"{what}content does not match its signature"], None, False
    try:
        sealed = json.loads(text)
    except ValueError:
        return [f"{what}content does not match its signature"], None, False
    problems = [] if digest == row.digest else [f"{what}digest changed"]
    if _canonical(current).decode() != text:  # something changed: say what
        if "amendment" in current:
            before, now = sealed.get("amendment") or {}, current["amendment"]
            changed = [f"{what}{_words(k)} changed" for k in AMENDMENT_SEALED_FIELDS if before.get(k) != now.get(k)]
        else:
            changed = [f"{what}{p}" for p in _differences(sealed, current)]
        problems += changed or ([f"{what}content changed"] if sealed != current else [])
    body = sealed.get("amendment" if "amendment" in current else "interview") or {}
    signer = body.get(signer_field)
    trusted = trusted_keys(signer or "")
    if trusted and row.seal_key not in trusted:
        problems.append(f"{what}signed with a key that is not {signer}'s (key {fingerprint(row.seal_key)})")
    return problems, signer, row.seal_key in trusted


def _legacy_amendment_digest(amendment: Amendment, previous: str | None) -> str:
    return _sha256({
        "previous": previous, "interview_id": amendment.interview_id, "author": amendment.author,
        "reason": amendment.reason, "changes": amendment.changes, "created_at": _iso(amendment.created_at),
    })


def _check_amendments(interview: Interview, signed_seal: bool, trusted_keys: _TrustedKeys,
                      ids: dict | None = None) -> list[str]:
    """Each amendment holds, and follows the seal or amendment before it."""
    problems = []
    previous = interview.digest
    for number, amendment in enumerate(_amendments_in_order(interview), start=1):
        what = f"amendment {number} "
        if _has_signed_seal(amendment):
            current = _as_signed(amendment_content(amendment), ids or {}, amendment.id)
            found, _, _ = _check_signed(amendment, current, what, "author", trusted_keys)
            problems += found
            if not found and amendment.previous_digest != previous:
                before = "the seal" if number == 1 else f"amendment {number - 1}"
                problems.append(f"{what}no longer follows {before} (one was removed or changed)")
        else:
            if signed_seal:
                problems.append(f"{what}is not signed")
            if _legacy_amendment_digest(amendment, previous) != amendment.digest:
                problems.append(f"{what}content does not match its digest")
        previous = amendment.digest
    return problems


def seal_state(interview: Interview, keyring: KeyRing | None = None) -> SealState:
    """The one answer to "does this scorecard's seal hold?", for every view, export and command.

    `interview` is an Interview, or any object with its columns as attributes and lists of
    `annotations` and `amendments` shaped alike (`seal_states` passes plain rows)."""
    return _seal_state(interview, _TrustedKeys(keyring or local_keyring()))


def _seal_state(interview: Interview, trusted_keys: _TrustedKeys) -> SealState:
    submitted = interview.status == "submitted"
    signed = _has_signed_seal(interview)
    if not submitted and not signed and not interview.digest:
        return SealState("unsealed")
    problems: list[str] = []
    signer, known, key = None, False, None
    ids = _signed_ids(interview) if signed else {}
    if signed:
        current = _as_signed(signed_content(interview), ids)
        problems, signer, known = _check_signed(interview, current, "", "interviewer", trusted_keys)
        key = fingerprint(interview.seal_key) if interview.seal_key else None
    elif interview.digest:
        if _sha256(scorecard_content(interview)) != interview.digest:
            problems.append("content does not match its seal")
        if not submitted:
            problems.append("status changed after sealing")
    else:
        problems.append("submitted without a seal")
    problems += _check_amendments(interview, signed, trusted_keys, ids)
    status = "broken" if problems else ("ok" if signed else "legacy")
    return SealState(status, tuple(problems), signer, key, known)


def verify_seal(interview: Interview) -> bool:
    """True when the stored scorecard still holds its seal (signed, or a legacy digest)."""
    return seal_state(interview).ok


def _rows(session: Session, model, where, raw: bool = False) -> list:
    """Rows of a table as objects with its columns as attributes; raw: as the driver returns them
    (JSON as text on SQLite), not parsed, which is what a fingerprint of the rows needs."""
    columns = model.__table__.columns
    if raw:
        return list(session.execute(select(*[type_coerce(c, String) for c in columns]).where(where)))
    return [SimpleNamespace(**row._mapping) for row in session.execute(select(*columns).where(where))]


def _chunked(session: Session, model, column, ids: list[int], raw: bool = False) -> list:
    rows: list = []
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        rows += _rows(session, model, column.in_(ids[start:start + 500]), raw)
    return rows


def _row_text(rows: list) -> str:
    """Every value of these rows, unambiguously, as one string to fingerprint."""
    return "\x1e".join("" if row is None else "\x1f".join("\x00" if v is None else str(v) for v in row)
                        for row in rows)


# (fingerprint of every stored column of an interview, its annotations and amendments, and the
# keys trusted for its people) -> its SealState. Equal rows and trust give an equal verdict, so
# a list that refreshes checks each unchanged scorecard only once.
_STATES: dict[tuple, SealState] = {}


def seal_states(session: Session, interview_ids: Iterable[int] | None = None) -> dict[int, SealState]:
    """`seal_state` of many interviews at once (all of them when no ids are given).

    Reads plain rows, not ORM objects, and checks in full only what changed since this process
    last checked it: the lists ask this for thousands of interviews at every refresh."""
    trusted_keys = _TrustedKeys(local_keyring())
    if interview_ids is None:
        interviews = _rows(session, Interview, Interview.id.is_not(None), raw=True)
    else:
        interviews = _chunked(session, Interview, Interview.id, list(interview_ids), raw=True)
    states: dict[int, SealState] = {}
    sealed = {}
    for row in interviews:
        if row.status != "submitted" and not row.digest and not _has_signed_seal(row):
            states[row.id] = SealState("unsealed")
        else:
            sealed[int(row.id)] = (row, [], [])
    ids = list(sealed)
    for row in _chunked(session, Annotation, Annotation.interview_id, ids, raw=True):
        sealed[int(row.interview_id)][1].append(row)
    for row in _chunked(session, Amendment, Amendment.interview_id, ids, raw=True):
        sealed[int(row.interview_id)][2].append(row)
    origins = {int(row.interview_id): row for row in _chunked(session, CardOrigin, CardOrigin.interview_id, ids, raw=True)}
    keys, stale = {}, []
    for interview_id, (interview, annotations, amendments) in sealed.items():
        people = {interview.interviewer, *(a.author for a in amendments)}
        trust = tuple(sorted((name or "", tuple(sorted(trusted_keys(name or "")))) for name in people))
        rows = [interview, *sorted(annotations, key=lambda a: a.id), None, *sorted(amendments, key=lambda a: a.id),
                None, origins.get(interview_id)]
        keys[interview_id] = (hashlib.sha256(_row_text(rows).encode()).digest(), trust)
        if keys[interview_id] in _STATES:
            states[interview_id] = _STATES[keys[interview_id]]
        else:
            stale.append(interview_id)
    if stale:
        loaded = {i.id: i for i in _chunked(session, Interview, Interview.id, stale)}
        for interview in loaded.values():
            interview.annotations, interview.amendments = [], []
            origin = origins.get(interview.id)
            interview.signed_ids = {} if origin is None else (
                json.loads(origin.signed_ids) if isinstance(origin.signed_ids, str) else origin.signed_ids)
        for a in _chunked(session, Annotation, Annotation.interview_id, stale):
            loaded[a.interview_id].annotations.append(a)
        for a in _chunked(session, Amendment, Amendment.interview_id, stale):
            loaded[a.interview_id].amendments.append(a)
        if len(_STATES) > 100_000:
            _STATES.clear()
        for interview_id, interview in loaded.items():
            states[interview_id] = _STATES[keys[interview_id]] = _seal_state(interview, trusted_keys)
    return states


def _amendments_in_order(interview: Interview) -> list[Amendment]:
    return sorted(interview.amendments, key=lambda a: (a.created_at, a.id or 0))


def _validated_changes(interview: Interview, changes: dict) -> dict:
    if not isinstance(changes, dict) or not changes:
        raise InterviewError("an amendment must change something")
    unknown = set(changes) - {"recommendation", "summary", "annotations", "competency_notes"}
    if unknown:
        raise InterviewError(f"cannot amend {', '.join(sorted(unknown))}")
    clean: dict[str, Any] = {}
    if "recommendation" in changes:
        clean["recommendation"] = _check_recommendation(changes["recommendation"])
    if "summary" in changes:
        clean["summary"] = _check_text(changes["summary"], "written summary of the evidence")
    if "competency_notes" in changes:  # each given note replaces its competency's; a blank one removes it
        notes = changes["competency_notes"]
        check_competency_notes(notes, assessed_competencies(interview))
        if not notes:
            raise InterviewError("an amendment must change something")
        clean["competency_notes"] = {str(c): str(text or "") for c, text in notes.items()}
    if "annotations" in changes:
        by_position = {a.position: a for a in interview.annotations}
        clean_annotations: dict[str, dict] = {}
        for key, fields in (changes["annotations"] or {}).items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                raise InterviewError(f"{key!r} is not a question position") from None
            annotation = by_position.get(position)
            if annotation is None:
                raise InterviewError(f"the scorecard has no question at position {position}")
            if not isinstance(fields, dict) or not fields:
                raise InterviewError(f"nothing to change for question {position + 1}")
            bad = set(fields) - set(AMENDABLE_ANNOTATION_FIELDS)
            if bad:
                raise InterviewError(f"cannot amend {', '.join(sorted(bad))} of a question")
            entry: dict[str, Any] = {}
            if "rating" in fields:
                entry["rating"] = _check_rating(fields["rating"])
            if "skipped" in fields:
                entry["skipped"] = bool(fields["skipped"])
            if "covered" in fields:
                rubric = asked(annotation)["rubric"]
                entry["covered"] = _check_covered(fields["covered"], len(rubric) if rubric else None)
            if "notes" in fields:
                entry["notes"] = str(fields["notes"] or "")
            clean_annotations[str(position)] = entry
        if not clean_annotations:
            raise InterviewError("an amendment must change something")
        clean["annotations"] = clean_annotations
    return clean


def amend_interview(
    session: Session, interview_id: int, *, author: str, reason: str, changes: dict,
    now: datetime | None = None, keyring: KeyRing | None = None,
) -> Amendment:
    """Record a correction to a sealed scorecard, signed by its author and chained to the seal or
    amendment before it; the sealed row and its seal stay untouched."""
    interview = _get(session, interview_id)
    if interview.status != "submitted":
        raise InterviewError("only a submitted scorecard can be amended; edit it directly until then")
    author = _check_text(" ".join((author or "").split()), "name for who amends")
    may_amend(session, interview_id, author).require()  # the rule itself: no one amends for another
    reason = _check_text(reason, "reason for the amendment")
    clean = _validated_changes(interview, changes)
    created = (now or utcnow()).replace(microsecond=0)
    earlier = _amendments_in_order(interview)
    if earlier and created < earlier[-1].created_at:
        created = earlier[-1].created_at  # history stays in order even if the clock jumps back
    previous = earlier[-1].digest if earlier else interview.digest
    amendment = Amendment(interview_id=interview.id, author=author, reason=reason, changes=clean,
                          created_at=created, previous_digest=previous, digest="")
    session.add(amendment)
    interview.amendments.append(amendment)
    session.flush()  # its id is part of what is signed
    _sign(amendment, amendment_content(amendment), author, keyring or local_keyring())
    session.flush()
    return amendment


def effective_scorecard(interview: Interview) -> dict:
    """The sealed content with every amendment applied in order, plus "amended": bool and
    "competency_notes" ({competency: note}, possibly empty)."""
    card = scorecard_content(interview)
    card["competency_notes"] = dict(card.get("competency_notes") or {})
    amendments = _amendments_in_order(interview)
    for amendment in amendments:
        apply_changes(card, amendment.changes or {})
    card["amended"] = bool(amendments)
    return card


def amendment_history(interview: Interview) -> list[dict]:
    """Each amendment, oldest first, with its lines in words (`amendment_words.describe_amendment`)."""
    card = scorecard_content(interview)
    card["competency_notes"] = dict(card.get("competency_notes") or {})
    names = competency_names(object_session(interview)) if any(
        "competency_notes" in (a.changes or {}) for a in interview.amendments) else {}
    history = []
    for amendment in _amendments_in_order(interview):
        changes = amendment.changes or {}
        lines = describe_amendment(card, changes, names)
        apply_changes(card, changes)
        history.append({"created_at": _iso(amendment.created_at), "author": amendment.author,
                        "reason": amendment.reason, "digest": amendment.digest, "lines": lines,
                        "changes": changes})
    return history


def mean_rating(card: dict) -> float | None:
    """Mean of the rated, not skipped, questions of a scorecard dict (None when nothing rated)."""
    ratings = [a["rating"] for a in card["annotations"] if a["rating"] and not a["skipped"]]
    return round(mean(ratings), 2) if ratings else None


@dataclass(frozen=True)
class SealedScorecard:
    """A submitted interview as plain data: its effective scorecard, the prompts and rubrics of
    its questions in the card's order, the amendment history and whether the seal holds.
    Whoever shows it checks first that the reader may see it (`access.scorecard_access`)."""

    interview_id: int
    candidate: str
    interviewer: str
    set_name: str
    submitted_at: str | None  # ISO, to the second
    digest: str | None
    card: dict  # `effective_scorecard`
    prompts: list[str]
    rubrics: list[list[str]]
    history: list[dict]  # `amendment_history`
    seal_ok: bool
    rating_scale: str = "anchored"  # or "global": rated before question anchors (competencies.scale_label)
    competency_names: dict[str, str] = default_field(default_factory=dict)  # id -> name, for card["competency_notes"]

    @property
    def info(self) -> dict:
        """The facts a printed or shown scorecard heads with."""
        return {"candidate": self.candidate, "interviewer": self.interviewer, "set": self.set_name,
                "submitted_at": self.submitted_at, "digest": self.digest, "rating_scale": self.rating_scale,
                "competency_names": self.competency_names}


def sealed_scorecard(session: Session, interview_id: int) -> SealedScorecard:
    interview = _get(session, interview_id)
    annotations = sorted(interview.annotations, key=lambda a: a.position)
    return SealedScorecard(
        interview.id, interview.candidate.name, interview.interviewer, interview.set.name,
        _iso(interview.submitted_at), interview.digest, effective_scorecard(interview),
        [asked(a)["prompt"] for a in annotations],  # as asked, not the bank now
        [list(asked(a)["rubric"]) for a in annotations],
        amendment_history(interview), verify_seal(interview), interview.rating_scale or "anchored",
        {f.competency: f.name for f in note_fields(session, interview)})
