"""Each interviewer's Ed25519 signing key, kept OUTSIDE the database (see docs/seals.md).

One private key file per person, `keys/<name>-<hash>.pem` in the user data folder, readable by
its owner only; it is created the first time that person seals or amends on this machine. The
public key travels in the database with every seal, so another machine can check the
signature; `known.json` in the same folder lists public keys this machine trusts for others
(`trust_key`). A seal whose key is neither this machine's own key for that person nor one it
trusts for them, while it does know a key for them, was signed by someone else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.core.storage import paths
from desktop.core.interviewing.fields import InterviewError

KNOWN_KEYS_FILE = "known.json"


class SigningKeyError(InterviewError):
    """A key file that cannot be read, written or parsed: one clear line."""


def identity(name: str | None) -> str:
    """Whose key: the name regardless of case and spacing (as `same_person` compares them)."""
    return " ".join((name or "").split()).casefold()


def fingerprint(public_key: str) -> str:
    """A short, readable name for a public key (to compare by eye, or read out on the phone)."""
    raw = hashlib.sha256(public_key.encode()).hexdigest()[:16]
    return " ".join(raw[i:i + 4] for i in range(0, 16, 4))


def verify_signature(public_key: str, signature: str, message: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), message)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def _public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


class KeyRing:
    """The signing keys of one key folder, loaded once and kept for the life of the process."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._keys: dict[str, Ed25519PrivateKey] = {}
        self._lock = threading.Lock()

    def key_path(self, name: str) -> Path:
        who = identity(name)
        slug = re.sub(r"[^a-z0-9]+", "-", who).strip("-")[:40] or "key"
        return self.folder / f"{slug}-{hashlib.sha256(who.encode()).hexdigest()[:12]}.pem"

    def _load(self, name: str, create: bool) -> Ed25519PrivateKey | None:
        who = identity(name)
        with self._lock:
            if who in self._keys:
                return self._keys[who]
            path = self.key_path(who)
            try:
                if not path.exists():
                    if not create:
                        return None
                    self._create(path)
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            except OSError as exc:
                raise SigningKeyError(f"cannot use the signing key {path}: {exc.strerror or exc}") from exc
            except ValueError as exc:
                raise SigningKeyError(f"the signing key {path} is damaged: {exc}") from exc
            if not isinstance(key, Ed25519PrivateKey):
                raise SigningKeyError(f"the signing key {path} is not an Ed25519 key")
            self._keys[who] = key
            return key

    def _create(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:  # O_EXCL: two threads (or apps) creating the same person's key keep the first one
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        os.chmod(path, 0o600)

    def sign(self, name: str, message: bytes) -> tuple[str, str]:
        """(signature, public key), both base64, with this person's key (created if need be)."""
        key = self._load(name, create=True)
        return base64.b64encode(key.sign(message)).decode(), _public_text(key)

    def own_public_key(self, name: str) -> str | None:
        key = self._load(name, create=False)
        return _public_text(key) if key else None

    def _known(self) -> dict[str, list[str]]:
        path = self.folder / KNOWN_KEYS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SigningKeyError(f"cannot read the trusted keys {path}: {exc}") from exc
        return {identity(k): list(v) for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}

    def trusted_keys(self, name: str) -> set[str]:
        """Public keys this machine accepts for this person: its own, and those in known.json."""
        own = self.own_public_key(name)
        return {*self._known().get(identity(name), []), *([own] if own else [])}

    def trust_key(self, name: str, public_key: str) -> None:
        """Accept `public_key` as this person's (e.g. a colleague's, compared by fingerprint)."""
        known = self._known()
        keys = known.setdefault(identity(name), [])
        if public_key not in keys:
            keys.append(public_key)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.folder / KNOWN_KEYS_FILE
        path.write_text(json.dumps(known, indent=2, ensure_ascii=False), encoding="utf-8")
        os.chmod(path, 0o600)


_RINGS: dict[Path, KeyRing] = {}
_RINGS_LOCK = threading.Lock()


def keys_folder() -> Path:
    return paths.user_data_dir() / "keys"


def local_keyring() -> KeyRing:
    """The key folder of this user on this machine (it follows INTERVIEW_DESK_HOME)."""
    folder = keys_folder()
    with _RINGS_LOCK:
        return _RINGS.setdefault(folder, KeyRing(folder))
