"""An import as the app runs it: every file checked before anything is written, what must be
asked worked out first, then each file imported on its own (docs/exchange.md).

`review_files` reads and checks every file (signatures, chains, keys) and writes nothing: per
file, why it would be refused, the keys it would trust on first use, a known person's key that
changed (which the person importing may accept), and whether it is already here; and the
candidates the person must place (a `CandidateQuestion` each). `import_each` then imports each
accepted file in a transaction of its own, so a bad file never keeps the good ones out, and
says per file what happened. The command line's all-or-nothing import is `import_packets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.interviewing.exchange import import_packets
from desktop.core.interviewing.exchange.cards import (
    ALREADY_HERE,
    AMENDED_APART,
    already_here,
    newer_amendments,
    read_card,
)
from desktop.core.interviewing.exchange.kits import read_kit
from desktop.core.interviewing.exchange.packets import KIND_LABELS, ExchangeError, Packet, read_packet
from desktop.core.interviewing.exchange.refs import CandidateQuestion, by_key, candidate_question
from desktop.core.interviewing.exchange.trust import KeyRefused, TrustCheck
from desktop.core.interviewing.fields import InterviewError
from desktop.core.interviewing.keys import KeyRing, fingerprint, local_keyring
from desktop.core.storage.models import Amendment, Interview, InterviewSet, Loop

DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Key:
    """A person's public key as a signature in a file names it."""

    name: str
    public_key: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class FileReview:
    path: str
    kind: str  # "card", "loop-kit", or "" when it could not be read
    reason: str = ""  # "" when it can be imported; else why not, in a word ("tampered", "duplicate", ...)
    message: str = ""  # why not, in a sentence (without the file's name)
    first_use: tuple[Key, ...] = ()  # keys it would trust on first use
    changed_keys: tuple[Key, ...] = ()  # people this machine knows by another key: imported only if accepted
    candidate_key: str = ""  # the stable key of the file's candidate

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def importable(self) -> bool:
        return not self.reason


@dataclass(frozen=True)
class CandidateAsk:
    """Who the files' candidate is here: one of `namesakes` ((id, name, role id)), or someone new."""

    key: str
    name: str
    namesakes: tuple[tuple[int, str, str | None], ...]
    files: tuple[str, ...]  # the names of the files that name them


@dataclass(frozen=True)
class Review:
    files: tuple[FileReview, ...]
    questions: tuple[CandidateAsk, ...]


def _words(exc: Exception, source: str) -> str:
    """The core's sentence without the file name it starts with (the summary names the file)."""
    text = str(exc)
    return text[len(source) + 2:] if text.startswith(f"{source}: ") else text


def _check(packet: Packet, keyring: KeyRing, accepted: set[str]):
    """(read card or kit, its TrustCheck, the changed keys it needs accepted), or raises."""
    changed: list[Key] = []
    while True:
        trust = TrustCheck(keyring, False, accepted)
        try:
            read = read_card(packet, trust) if packet.kind == "card" else read_kit(packet, trust)
        except KeyRefused as exc:
            if not exc.changed or exc.fingerprint.replace(" ", "") in accepted:
                raise
            changed.append(Key(exc.name, exc.public_key))  # look further, as if it were accepted
            accepted = accepted | {exc.fingerprint.replace(" ", "")}
            continue
        return read, trust, changed


def review_file(session: Session, path: str | Path, kinds: Sequence[str],
                keyring: KeyRing) -> tuple[FileReview, CandidateQuestion | None]:
    source = str(path)
    try:
        packet = read_packet(path)
    except ExchangeError as exc:
        return FileReview(source, "", exc.reason, _words(exc, source)), None
    if packet.kind not in kinds:
        wanted = " or ".join(KIND_LABELS[k] for k in kinds)
        return FileReview(source, packet.kind, f"not a {wanted}", f"a {KIND_LABELS[packet.kind]}, not a {wanted}"), None
    try:
        read, trust, changed = _check(packet, keyring, set())
        ref = packet.body.get("candidate") if isinstance(packet.body.get("candidate"), dict) else {}
        if packet.kind == "card" and (here := already_here(session, read)) is not None:
            newer = newer_amendments(read, here)
            if newer == 0:
                return FileReview(source, packet.kind, DUPLICATE, ALREADY_HERE.format(id=here.id)), None
            if newer is None:
                return FileReview(source, packet.kind, "amended differently", AMENDED_APART.format(id=here.id)), None
            question = None  # it lands on the scorecard that is here
        else:
            question = candidate_question(session, ref, source)
    except ExchangeError as exc:
        return FileReview(source, packet.kind, exc.reason, _words(exc, source)), None
    fresh = {k.public_key for k in changed}
    first_use = tuple(Key(name, key) for name, key in trust.new_keys.values() if key not in fresh)
    return FileReview(source, packet.kind, first_use=first_use, changed_keys=tuple(changed),
                      candidate_key=str(ref.get("key") or "")), question


def review_files(session: Session, paths: Iterable[str | Path], *, kinds: Sequence[str] = ("card",),
                 keyring: KeyRing | None = None) -> Review:
    """Every file checked, nothing written: what would be refused and what must be asked."""
    keyring = keyring or local_keyring()
    files, asks = [], {}
    for path in paths:
        review, question = review_file(session, path, tuple(kinds), keyring)
        files.append(review)
        if question is not None:
            ask = asks.setdefault(question.key, [question, []])
            ask[1].append(review.name)
    return Review(tuple(files), tuple(CandidateAsk(q.key, q.name, tuple(q.namesakes), tuple(names))
                                      for q, names in asks.values()))


# -- importing, one file at a time ------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What one file's import did: `status` added, updated (newer amendments), duplicate or refused."""

    path: str
    status: str
    text: str  # in words, for the summary ("added to loop 'Ada loop' for Ada Lovelace ...")
    reason: str = ""  # when refused: why, in a word
    notes: tuple[str, ...] = ()  # what else to tell (keys trusted on first use, questions that differ)

    @property
    def name(self) -> str:
        return Path(self.path).name


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _card_words(session: Session, packet: Packet, amendments_before: int | None) -> tuple[str, str]:
    here = session.scalar(select(Interview).where(Interview.digest == packet.body["seal"]["digest"]))
    loop = session.get(Loop, here.loop_id) if here.loop_id else None
    whose = f"{here.interviewer}'s scorecard for {here.candidate.name}"
    if amendments_before is None:
        where = f"added to loop {loop.name!r}" if loop else "added"
        return "added", f"{where}: {whose} (interview {here.id}, seal verified)"
    added = len(here.amendments) - amendments_before
    if added <= 0:
        return DUPLICATE, ALREADY_HERE.format(id=here.id)
    return "updated", f"{added} newer amendment{'s' if added != 1 else ''} added to {whose} (interview {here.id})"


def _kit_words(session: Session, packet: Packet, before: tuple[int, int]) -> tuple[str, str]:
    loop = session.get(Loop, by_key(session, "loop", packet.body["loop"]["key"]))
    planned, sets = (n - b for n, b in zip(_kit_counts(session), before))
    who = f" for {loop.candidate.name}" if loop.candidate else ""
    if planned:
        return "added", (f"loop {loop.name!r}{who}: {planned} planned interview{'s' if planned != 1 else ''} "
                         "to start on the Interview page")
    if sets:
        return "added", f"loop {loop.name!r}{who}: {sets} set{'s' if sets != 1 else ''} added"
    return DUPLICATE, f"loop {loop.name!r}{who} is already here; nothing changed"


def _kit_counts(session: Session) -> tuple[int, int]:
    return _count(session, Interview), _count(session, InterviewSet)


def import_file(store, path: str | Path, *, kinds: Sequence[str] = ("card",),
                candidate_choices: Mapping[str, int | str] | None = None, trust_fingerprints: Iterable[str] = (),
                keyring: KeyRing | None = None) -> Outcome:
    """One file, all or nothing, in a transaction of its own; then the keys it trusted on
    first use are remembered. Refusals come back as an Outcome, never raised."""
    source = str(path)
    keyring = keyring or local_keyring()
    try:
        packet = read_packet(path)
        with store.transaction(durable=True) as s:
            before = None
            if packet.kind == "card" and isinstance(packet.body.get("seal"), dict):
                digest = packet.body["seal"].get("digest")
                here = s.scalar(select(Interview.id).where(Interview.digest == digest)) if digest else None
                before = _count_amendments(s, here) if here is not None else None
            kit_before = _kit_counts(s) if packet.kind == "loop-kit" else (0, 0)
            report = import_packets(s, [packet], kinds=tuple(kinds), candidate_choices=candidate_choices,
                                    trust_fingerprints=trust_fingerprints, keyring=keyring)
            status, text = (_card_words(s, packet, before) if packet.kind == "card"
                            else _kit_words(s, packet, kit_before))
    except ExchangeError as exc:
        return Outcome(source, "refused", _words(exc, source), exc.reason)
    except InterviewError as exc:  # e.g. a key file that cannot be read: this file only
        return Outcome(source, "refused", _words(exc, source), "refused")
    notes = [_words_line(line, source) for line in report.lines[1:]] if packet.kind == "loop-kit" else []
    try:
        report.trust.record()
        notes += report.trust.lines()
    except InterviewError as exc:  # imported; only remembering the new keys failed
        notes.append(f"{exc}; the keys first seen were not remembered")
    return Outcome(source, status, text, "", tuple(notes))


def _count_amendments(session: Session, interview_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Amendment)
                          .where(Amendment.interview_id == interview_id)) or 0


def _words_line(line: str, source: str) -> str:
    return line[len(source) + 2:] if line.startswith(f"{source}: ") else line


def import_each(store, reviews: Sequence[FileReview], *, kinds: Sequence[str] = ("card",),
                candidate_choices: Mapping[str, int | str] | None = None, trust_fingerprints: Iterable[str] = (),
                keyring: KeyRing | None = None) -> list[Outcome]:
    """The reviewed files that may be imported, kits first (a card may land in a kit's loop)."""
    fingerprints = tuple(trust_fingerprints)
    ordered = sorted((r for r in reviews if r.importable), key=lambda r: r.kind != "loop-kit")
    return [import_file(store, r.path, kinds=kinds, candidate_choices=candidate_choices,
                        trust_fingerprints=fingerprints, keyring=keyring) for r in ordered]
