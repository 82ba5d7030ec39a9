"""The hash chain: how an event's hash is computed, and how the whole chain is checked."""

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def event_hash(event, prev_hash: str) -> str:
    payload = {
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
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class ChainReport:
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_sequence is None and not self.problem


def verify_chain() -> ChainReport:
    """Walk every event in order; report the first one that was altered, removed or reordered."""
    from harbour.audit.models import AuditChainHead, AuditEvent

    expected_prev = GENESIS
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainReport(
                checked, expected_sequence, f"event {expected_sequence} is missing (next found is {event.sequence})"
            )
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.sequence, f"event {event.sequence} does not follow the one before it")
        if event_hash(event, event.prev_hash) != event.hash:
            return ChainReport(checked, event.sequence, f"event {event.sequence} was altered after it was written")
        expected_prev = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != checked or head.hash != expected_prev):
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at event {checked} but {head.sequence} events were written: events were removed from the end",
        )
    return ChainReport(checked)
