"""Signed webhook deliveries, Standard Webhooks style: verify first, then parse (docs/security.md I1).

A sender signs f"{webhook-id}.{webhook-timestamp}.{raw body}" with HMAC-SHA256 and a secret shared
with one channel ("whsec_" + base64 key). The headers are webhook-id, webhook-timestamp (Unix seconds)
and webhook-signature ("v1,<base64>", several separated by spaces while a secret is being rotated).
The body is the JSON import format: {"items": [...]} (docs/connectors.md).

These are plain functions; the channels app's view supplies the channel's secret, records every
refusal in the audit log, and remembers delivery ids (is_replay) to refuse a repeat.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping

from harbour.connectors.base import Batch
from harbour.connectors.file_import.parse import parse_export
from harbour.connectors.webhook.platform import WEBHOOK

TOLERANCE = 300  # seconds either side of now
PREFIX = "whsec_"


class WebhookRefused(Exception):
    """The delivery is not accepted. reason is a short code for the audit log; str() is for people."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def generate_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a webhook secret is 'whsec_' followed by base64") from None


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value for a delivery."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE,
    is_replay: Callable[[str], bool] | None = None,
) -> str:
    """Return the delivery's webhook-id, or raise WebhookRefused.

    is_replay(msg_id) is asked only after the signature has been checked, so that unsigned requests
    cannot fill the caller's table of seen ids; it returns True if the id was seen before.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signatures = (
        lowered.get(h, "") for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (msg_id and stamp and signatures):
        raise WebhookRefused(
            "missing_headers", "webhook-id, webhook-timestamp and webhook-signature are required"
        )
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookRefused("bad_timestamp", "webhook-timestamp is not a whole number of seconds") from None
    now = time.time() if now is None else now
    if timestamp < now - tolerance:
        raise WebhookRefused("too_old", "the delivery is more than 5 minutes old")
    if timestamp > now + tolerance:
        raise WebhookRefused("too_new", "the delivery is timestamped more than 5 minutes ahead")
    expected = sign(secret, msg_id, timestamp, body).encode()
    # Compare with every candidate (no early exit on the first match).
    matched = [hmac.compare_digest(expected, candidate.encode()) for candidate in signatures.split()]
    if not any(matched):
        raise WebhookRefused("bad_signature", "the signature does not match this channel's secret")
    if is_replay is not None and is_replay(msg_id):
        raise WebhookRefused("replayed", f"delivery {msg_id!r} was received before")
    return msg_id


def parse_payload(body: bytes) -> Batch:
    """The items in a verified delivery; bad items are Problems, as in a JSON import."""
    return parse_export(body, format="json", platform=WEBHOOK.key)
