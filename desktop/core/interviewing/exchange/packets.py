"""The files that travel between laptops: a signed JSON packet holding a card or a loop kit.

A packet is `{"format", "version", "kind", "body", "signature"}`. The signature is Ed25519 by
whoever exported it, over the kind and the canonical JSON of the body, so a changed byte in
what matters (any value of the body) is refused before anything is read from it. The format is
in docs/exchange.md; a newer version than this app knows is refused, never guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.core.interviewing.fields import InterviewError, _canonical
from desktop.core.interviewing.keys import KeyRing, fingerprint, verify_signature
from desktop.core.storage.files import write_private_file

FORMAT = "interview-desk-exchange"
VERSION = 1
KINDS = ("card", "loop-kit")
KIND_LABELS = {"card": "scorecard card", "loop-kit": "loop kit"}


class ExchangeError(InterviewError):
    """A card or kit that cannot be exported or imported: one clear line, nothing written."""

    reason = "refused"  # in a word, for the app's summary of an import


class Tampered(ExchangeError):
    """A file, a seal or an amendment that does not match its signature: changed after signing."""

    reason = "tampered"


class Unreadable(ExchangeError):
    """Not a card or kit this app reads: no such file, not JSON, another format, a newer version."""

    reason = "not a card or kit"


def _message(kind: str, body: dict) -> bytes:
    """What the exporter signs: the kind too, so a body cannot pass for another kind."""
    return f"{FORMAT} {VERSION} {kind}\n".encode() + _canonical(body)


@dataclass(frozen=True)
class Packet:
    """A packet read back and checked: its exporter's signature holds over `body`."""

    source: str  # where it came from, for messages: a file name
    kind: str
    body: dict
    signer: str
    public_key: str

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.public_key)


def seal_packet(kind: str, body: dict, signer: str, keyring: KeyRing) -> dict:
    """The packet as JSON values, signed with the exporter's key (created if need be)."""
    signature, public_key = keyring.sign(signer, _message(kind, body))
    return {"format": FORMAT, "version": VERSION, "kind": kind, "body": body,
            "signature": {"signer": signer, "public_key": public_key, "signature": signature}}


def write_packet(path: str | Path, packet: dict) -> Path:
    """Written private to its owner (it names a candidate) and never half written."""
    path = Path(path)
    try:
        write_private_file(path, json.dumps(packet, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise ExchangeError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def open_packet(data: dict, source: str) -> Packet:
    """Check a packet's shape, version and exporter's signature; ExchangeError says what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Unreadable(f"{source}: not an Interview Desk card or loop kit")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise Unreadable(f"{source}: made by a newer Interview Desk (format version {version}); "
                            "update this one to import it")
    kind, body, sig = data.get("kind"), data.get("body"), data.get("signature")
    if kind not in KINDS or not isinstance(body, dict) or not isinstance(sig, dict):
        raise Unreadable(f"{source}: not an Interview Desk card or loop kit (its parts are missing)")
    signer, key, signature = sig.get("signer"), sig.get("public_key"), sig.get("signature")
    if not all(isinstance(v, str) and v for v in (signer, key, signature)) or \
            not verify_signature(key, signature, _message(kind, body)):
        raise Tampered(f"{source}: the {KIND_LABELS[kind]} was changed after it was exported "
                            "(its signature does not match); ask for a fresh copy")
    return Packet(source, kind, body, signer, key)


def read_packet(path: str | Path) -> Packet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Unreadable(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Unreadable(f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Unreadable(f"{path}: not an Interview Desk card or loop kit (not JSON: line {exc.lineno})") from None
    return open_packet(data, str(path))


def field(body: dict, name: str, kind: type | tuple, source: str, what: str):
    """A required value of a body, of the right type (a signed body can still be malformed if
    someone signed it with their own key)."""
    value = body.get(name)
    if not isinstance(value, kind):
        raise ExchangeError(f"{source}: the {what} has no valid {name.replace('_', ' ')}")
    return value
