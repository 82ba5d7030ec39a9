"""The hash chain: how an event's hash is computed, and how the whole chain is checked.

Each event's hash covers its content and the hash of the event before it. Since issue 15 the hash is an
HMAC under the audit key (harbour.audit.keys), so rewriting an event and recomputing the hashes after it
needs the key, which is not in the database. Events written before that (version 1, `LEGACY`) keep their
plain SHA-256 hashes and are checked as before; the migration that brought in keys sealed the old chain's
end with a keyed event, and the newest event must always be keyed. So editing an old event means
recomputing every later hash, keyed ones included: without the key, the check finds it.

What the key cannot stop, someone who holds it rewriting the whole chain, a checkpoint catches
(harbour.audit.checkpoint): a copy of the chain's head signed at a time and kept outside Harbour.
"""

import hashlib
import json
from dataclasses import dataclass

from harbour.audit.keys import AuditKey, Keyring

GENESIS = "0" * 64
LEGACY = 1  # plain SHA-256, before the audit key
KEYED = 2  # HMAC-SHA256 under the audit key named by key_id


def _payload(event, prev_hash: str) -> dict:
    return {
        "sequence": event.sequence,
        "created_at": event.created_at.isoformat(),
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organisation_id": event.organisation_id,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "ip_address": event.ip_address,
        "detail": event.detail,
        "prev_hash": prev_hash,
    }


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode(
        "utf-8"
    )


def legacy_hash(event, prev_hash: str) -> str:
    """The hash of a version 1 event: plain SHA-256, which anyone can recompute."""
    return hashlib.sha256(_canonical(_payload(event, prev_hash))).hexdigest()


def keyed_hash(event, prev_hash: str, key: AuditKey) -> str:
    """The hash of a version 2 event: HMAC-SHA256 under `key`, over the content, version and key id."""
    payload = _payload(event, prev_hash) | {"version": KEYED, "key_id": key.id}
    return key.seal(_canonical(payload))


def seal(event, prev_hash: str, keyring: Keyring) -> None:
    """Set the event's version, key id, previous hash and hash, with the current audit key."""
    key = keyring.current
    event.version = KEYED
    event.key_id = key.id
    event.prev_hash = prev_hash
    event.hash = keyed_hash(event, prev_hash, key)


@dataclass
class ChainReport:
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""
    head_sequence: int = 0
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.first_bad_sequence is None and not self.problem


def _problem_with(event, keyring: Keyring, seen_keyed: bool) -> str:
    n = event.sequence
    if event.version == LEGACY:
        if seen_keyed:
            return (
                f"event {n} is not keyed but comes after keyed events: it was written without the audit key"
            )
        if legacy_hash(event, event.prev_hash) != event.hash:
            return f"event {n} was altered after it was written"
        return ""
    if event.version != KEYED:
        return f"event {n} has an unknown version {event.version}"
    key = keyring.get(event.key_id)
    if key is None:
        return (
            f"event {n} was sealed with audit key {event.key_id or '(none)'}, which is not in HARBOUR_AUDIT_KEY: "
            "add that key back after the first to check it"
        )
    if keyed_hash(event, event.prev_hash, key) != event.hash:
        return f"event {n} was altered after it was written"
    return ""


def verify_chain(keyring: Keyring | None = None) -> ChainReport:
    """Walk every event in order; report the first one that was altered, removed or reordered."""
    from harbour.audit.keys import configured
    from harbour.audit.models import AuditChainHead, AuditEvent

    keyring = keyring or configured()
    expected_prev = GENESIS
    expected_sequence = 1
    checked = 0
    seen_keyed = False
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainReport(
                checked,
                expected_sequence,
                f"event {expected_sequence} is missing (next found is {event.sequence})",
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked, event.sequence, f"event {event.sequence} does not follow the one before it"
            )
        problem = _problem_with(event, keyring, seen_keyed)
        if problem:
            return ChainReport(checked, event.sequence, problem)
        seen_keyed = seen_keyed or event.version == KEYED
        expected_prev = event.hash
        expected_sequence += 1
        checked += 1
    if checked and not seen_keyed:
        # Every chain since keys came in ends with a keyed event (the migration added one to old chains).
        return ChainReport(
            checked,
            checked,
            f"the newest event ({checked}) is not keyed: the log was rewritten without the audit key",
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != checked or head.hash != expected_prev):
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at event {checked} but {head.sequence} events were written: events were removed from the end",
        )
    return ChainReport(checked, head_sequence=checked, head_hash=expected_prev)
