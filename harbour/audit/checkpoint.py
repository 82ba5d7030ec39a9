"""Checkpoints: the audit chain's head, signed, for a manager to keep outside Harbour.

A checkpoint says "at this time the chain had this many events and the newest had this hash", for one
organisation, signed with an Ed25519 key derived from the audit key. Anyone can check the signature with
the public key written in it; `harbour audit verify --checkpoint FILE` also checks that the chain still
holds that hash at that position. Someone who holds the audit key can rewrite the chain so that it verifies,
but not so that it matches a checkpoint issued before the rewrite: the hash at that position changes.

The sequence number counts every organisation's events: a checkpoint tells a manager how many events the
installation had written, and nothing else about other organisations.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from harbour.audit.keys import Keyring, configured

FORMAT = "harbour-audit-checkpoint/1"
SIGNED_FIELDS = (
    "format",
    "organisation",
    "organisation_id",
    "issued_at",
    "sequence",
    "hash",
    "key_id",
    "public_key",
)


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read, whose signature does not hold, or that the chain contradicts."""


def _signed_bytes(checkpoint: dict) -> bytes:
    fields = {name: checkpoint[name] for name in SIGNED_FIELDS}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def issue(organisation, *, keyring: Keyring | None = None, now: datetime | None = None) -> dict:
    """A signed checkpoint of the chain's head as it is now. Call it after recording the event that says
    who asked for it, so the checkpoint covers that event too."""
    from harbour.audit.models import AuditChainHead

    keyring = keyring or configured()
    key = keyring.current
    head = AuditChainHead.objects.filter(pk=1).first()
    checkpoint = {
        "format": FORMAT,
        "organisation": organisation.name,
        "organisation_id": organisation.pk,
        "issued_at": (now or timezone.now()).astimezone(UTC).isoformat(),
        "sequence": head.sequence if head else 0,
        "hash": head.hash if head else "0" * 64,
        "key_id": key.id,
        "public_key": key.public_key_text(),
    }
    signature = key.signing_key().sign(_signed_bytes(checkpoint))
    checkpoint["signature"] = base64.b64encode(signature).decode("ascii")
    return checkpoint


def dumps(checkpoint: dict) -> str:
    return json.dumps(checkpoint, indent=2, ensure_ascii=False) + "\n"


def load(text: str) -> dict:
    """Parse a checkpoint file; CheckpointError says what is wrong with it."""
    try:
        checkpoint = json.loads(text)
    except (ValueError, RecursionError):
        raise CheckpointError("the file is not a Harbour audit checkpoint (it is not JSON)") from None
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        raise CheckpointError(f"the file is not a Harbour audit checkpoint (its format is not {FORMAT})")
    missing = [name for name in (*SIGNED_FIELDS, "signature") if name not in checkpoint]
    if missing:
        raise CheckpointError(f"the checkpoint has no {', '.join(missing)}")
    if type(checkpoint["sequence"]) is not int or checkpoint["sequence"] < 0:
        raise CheckpointError("the checkpoint's sequence is not a whole number")
    if not isinstance(checkpoint["hash"], str):
        raise CheckpointError("the checkpoint's hash is not text")
    return checkpoint


def check_signature(checkpoint: dict, keyring: Keyring | None = None) -> None:
    """Raise CheckpointError unless the checkpoint was signed with a configured audit key."""
    keyring = keyring or configured()
    key = keyring.get(str(checkpoint["key_id"]))
    if key is None:
        raise CheckpointError(
            f"the checkpoint was signed with audit key {str(checkpoint['key_id'])[:16]!r}, which is not in "
            "HARBOUR_AUDIT_KEY"
        )
    if checkpoint["public_key"] != key.public_key_text():
        raise CheckpointError(
            "the checkpoint's public key is not the one its audit key gives: it was altered"
        )
    verify_signature(checkpoint, key.public_key())


def verify_signature(checkpoint: dict, public_key: Ed25519PublicKey | None = None) -> None:
    """Check the signature with `public_key`, or with the key written in the checkpoint (anyone can)."""
    try:
        if public_key is None:
            public_key = Ed25519PublicKey.from_public_bytes(
                base64.b64decode(checkpoint["public_key"], validate=True)
            )
        public_key.verify(base64.b64decode(checkpoint["signature"], validate=True), _signed_bytes(checkpoint))
    except (InvalidSignature, ValueError, TypeError, binascii.Error):
        raise CheckpointError(
            "the checkpoint's signature does not match its contents: it was altered"
        ) from None


def check_against_chain(checkpoint: dict) -> None:
    """Raise CheckpointError unless the chain still has the checkpoint's hash at its sequence. Check the
    chain itself (verify_chain) as well: this compares one position only."""
    from harbour.audit.models import AuditChainHead, AuditEvent

    sequence, expected = checkpoint["sequence"], checkpoint["hash"]
    if sequence == 0:
        return
    event = AuditEvent.objects.filter(sequence=sequence).only("hash").first()
    if event is None:
        head = AuditChainHead.objects.filter(pk=1).first()
        raise CheckpointError(
            f"the checkpoint of {checkpoint['issued_at']} covers {sequence} events but the log now has "
            f"{head.sequence if head else 0}: events were removed"
        )
    if event.hash != expected:
        raise CheckpointError(
            f"event {sequence} is not the one the checkpoint of {checkpoint['issued_at']} recorded: "
            "the log was rewritten after the checkpoint was issued"
        )
