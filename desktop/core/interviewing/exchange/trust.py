"""Whose keys an import accepts: trust on first use, or only keys this machine already knows.

Every signature in a packet (the exporter's, the seal's, each amendment's) names a person and
carries a public key. A person this machine knows a key for (their own key here, or one in
keys/known.json) must have signed with that key, or the import is refused. A person it knows no
key for is trusted on first use: the key is added to known.json once the import is written, and
the report shows its fingerprint to compare with that person. docs/exchange.md explains why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from desktop.core.interviewing.exchange.packets import ExchangeError
from desktop.core.interviewing.keys import KeyRing, fingerprint, identity


class KeyRefused(ExchangeError):
    """A signature by a key this machine does not accept for that person: `changed` when it
    knows them by another key (the app may ask to trust the new one), else a key list refuses
    a stranger (`known_keys_only`)."""

    def __init__(self, message: str, name: str, public_key: str, changed: bool):
        super().__init__(message)
        self.name, self.public_key, self.changed = name, public_key, changed
        self.fingerprint = fingerprint(public_key)
        self.reason = "signer's key changed" if changed else "unknown signer"


def _plain(fp: str) -> str:
    return "".join(fp.split()).lower()


@dataclass
class TrustCheck:
    """One import's decisions about keys; `new_keys` are trusted once the import is written."""

    keyring: KeyRing
    known_keys_only: bool = False
    accepted_fingerprints: Iterable[str] = ()
    new_keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # identity -> (name, key)

    def __post_init__(self):
        self.accepted_fingerprints = {_plain(f) for f in self.accepted_fingerprints}

    def check(self, name: str, public_key: str, source: str, what: str) -> None:
        who = identity(name)
        if not who:
            raise ExchangeError(f"{source}: the {what} names no signer")
        trusted = self.keyring.trusted_keys(name)
        accepted = _plain(fingerprint(public_key)) in self.accepted_fingerprints
        if public_key in trusted:
            return
        if trusted and not accepted:
            raise KeyRefused(
                f"{source}: the {what} is signed as {name} with key {fingerprint(public_key)}, but this machine "
                f"knows {name} by another key; if {name}'s key changed, check the fingerprint with them and run "
                f"again with --trust-key '{fingerprint(public_key)}'", name, public_key, changed=True)
        earlier = self.new_keys.get(who)
        if earlier and earlier[1] != public_key and not accepted:
            raise KeyRefused(f"{source}: the {what} is signed as {name} with key {fingerprint(public_key)}, but "
                             f"this import also has {name} signing with key {fingerprint(earlier[1])}",
                             name, public_key, changed=True)
        if self.known_keys_only and not accepted:
            raise KeyRefused(f"{source}: {name}'s key {fingerprint(public_key)} is not known on this machine "
                             "(--known-keys-only); add it with --trust-key after checking it with them",
                             name, public_key, changed=False)
        self.new_keys.setdefault(who, (name, public_key))

    def lines(self) -> list[str]:
        return [f"trusted {name}'s key {fingerprint(key)} (first use): compare it with {name}"
                for name, key in self.new_keys.values()]

    def trusted_keys(self, name: str) -> set[str]:
        """What the machine will trust once this import is written: so a KeyRing to check the
        imported seals with (`seal_state(..., trust)`)."""
        new = self.new_keys.get(identity(name))
        return self.keyring.trusted_keys(name) | ({new[1]} if new else set())

    def record(self) -> None:
        """Add the keys first seen in this import to known.json (after the import is written)."""
        for name, key in self.new_keys.values():
            self.keyring.trust_key(name, key)
