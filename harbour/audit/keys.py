"""The audit key: the secret that seals each event's hash, kept outside the database (HARBOUR_AUDIT_KEY).

Someone who can write the database but does not hold the key cannot rewrite an event and recompute the
chain: each hash is an HMAC under the key. The key also gives the Ed25519 key that signs checkpoints, so a
checkpoint can be checked by anyone with its public key and cannot be made without the audit key.

Keys rotate like the credentials key: HARBOUR_AUDIT_KEY is a comma-separated list, the first seals new
events, and every key in it is used to check older ones. Each event records the id of the key that sealed
it (a fingerprint, not the key), so `harbour audit verify` finds the right key after a rotation. Keep old
keys in the list after the first for as long as their events must be checkable. No Django import here.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MINIMUM_LENGTH = 32


class AuditKeyError(ValueError):
    """A configured audit key cannot be used, or an event names a key that is not configured."""


@dataclass(frozen=True)
class AuditKey:
    secret: bytes

    @property
    def id(self) -> str:
        """A fingerprint that names the key in each event it sealed; it reveals nothing about the key."""
        return hmac.new(self.secret, b"harbour audit key id", hashlib.sha256).hexdigest()[:16]

    def seal(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def signing_key(self) -> Ed25519PrivateKey:
        # A separate key derived for signing, so a signature never doubles as a chain hash.
        seed = hmac.new(self.secret, b"harbour audit checkpoint signing key", hashlib.sha256).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)

    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key().public_key()

    def public_key_text(self) -> str:
        raw = self.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")


def generate_key() -> str:
    return secrets.token_urlsafe(32)


@lru_cache(maxsize=8)
def parse_keys(raw: str) -> tuple[AuditKey, ...]:
    """Comma-separated keys, first one current. Raises AuditKeyError naming the bad key's position."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts:
        raise AuditKeyError("no key given")
    for position, part in enumerate(parts, start=1):
        if len(part) < MINIMUM_LENGTH:
            raise AuditKeyError(
                f"key {position} of {len(parts)} is shorter than {MINIMUM_LENGTH} characters; "
                "make one with `harbour audit generate-key`"
            )
    return tuple(AuditKey(part.encode("utf-8")) for part in parts)


class Keyring:
    """The configured keys: `current` seals new events, `get(id)` finds the key an older event names."""

    def __init__(self, raw: str):
        self.keys = parse_keys(raw)
        self._by_id = {key.id: key for key in self.keys}

    @property
    def current(self) -> AuditKey:
        return self.keys[0]

    def get(self, key_id: str) -> AuditKey | None:
        return self._by_id.get(key_id)


def configured() -> Keyring:
    from django.conf import settings  # only when called: this module stays importable without Django

    return Keyring(settings.HARBOUR_AUDIT_KEY)
