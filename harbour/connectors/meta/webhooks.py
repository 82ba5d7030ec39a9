"""Meta's webhooks (Instagram, Facebook Pages, Threads): the subscription handshake, the signature, and
the deliveries' shape (developers.facebook.com/docs/graph-api/webhooks/getting-started).

- Subscribing: Meta sends GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...; the answer is
  the challenge, only when the verify token is the one Harbour set (compared in constant time).
- A delivery: POST with JSON {"object": "instagram" | "page" | ..., "entry": [{"id": account or Page id,
  "time": ..., "changes": [{"field": "comments", "value": {...}}], "messaging": [...]}]} and
  X-Hub-Signature-256: "sha256=" + HMAC-SHA256 of the raw body keyed with the app secret. The signature is
  checked before the body is parsed; Meta sends no delivery id, so a replay is recognised by the body's
  hash (the channels app stores each one once).
- Threads' deliveries have their own shape: one change each, {"topic", "target_id", "values": {"field",
  "value"}} (changes() reads both; _threads_changes says how the account is found).

Plain functions, no Django: the channels app's view supplies the secrets, audits refusals and stores
deliveries (harbour/channels).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

MAX_BODY = 1_000_000  # bytes; Meta batches at most 1,000 changes in a delivery


class MetaWebhookRefused(Exception):
    """Not accepted. reason: a short code for the audit log; str(): for people."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Change:
    """One change in a delivery: whose account (`account_id`: the Instagram account or Page id in the
    entry), what (`field`: comments, mentions, messages, feed, replies...) and Meta's value, untrusted."""

    object: str
    account_id: str
    field: str
    value: dict


def challenge(params: Mapping[str, str], verify_token: str) -> str:
    """The hub.challenge to send back, or MetaWebhookRefused."""
    if params.get("hub.mode") != "subscribe":
        raise MetaWebhookRefused("not_subscribe", "This address only answers Meta's subscription check.")
    given = params.get("hub.verify_token", "")
    if not verify_token or not hmac.compare_digest(given.encode(), verify_token.encode()):
        raise MetaWebhookRefused("bad_verify_token", "The verify token is not the one Harbour set.")
    value = params.get("hub.challenge", "")
    if not value or len(value) > 200 or not value.isprintable():
        raise MetaWebhookRefused("bad_challenge", "The challenge is missing or malformed.")
    return value


def check_signature(body: bytes, header: str, app_secrets: list[str]) -> None:
    """MetaWebhookRefused unless `header` is "sha256=<hex>" of the body keyed with one of the app's secrets
    (more than one while a secret is being changed)."""
    if len(body) > MAX_BODY:
        raise MetaWebhookRefused("too_large", "The delivery is too large.")
    scheme, _, given = (header or "").partition("=")
    if scheme != "sha256" or not given:
        raise MetaWebhookRefused("unsigned", "The delivery is not signed (X-Hub-Signature-256).")
    for secret in app_secrets:
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if secret and hmac.compare_digest(expected, given.strip().lower()):
            return
    raise MetaWebhookRefused("bad_signature", "The delivery's signature does not match.")


def delivery_key(body: bytes) -> str:
    """What a delivery is remembered by, to refuse it the second time (Meta sends no id of its own)."""
    return hashlib.sha256(body).hexdigest()


def changes(body: bytes) -> list[Change]:
    """The changes in a signed delivery, each with its account; what cannot be read is left out."""
    try:
        data = json.loads(body)
    except ValueError:
        raise MetaWebhookRefused("not_json", "The delivery is not JSON.") from None
    if isinstance(data, dict) and isinstance(data.get("values"), dict):
        return _threads_changes(data)
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise MetaWebhookRefused("bad_shape", "The delivery has no entries.")
    kind = str(data.get("object") or "")
    found = []
    for entry in data["entry"]:
        if not isinstance(entry, dict) or not str(entry.get("id") or "").isdigit():
            continue
        account = str(entry["id"])
        for change in entry.get("changes") or []:
            if isinstance(change, dict) and isinstance(change.get("value"), dict):
                found.append(Change(kind, account, str(change.get("field") or ""), change["value"]))
        for message in entry.get("messaging") or []:
            if isinstance(message, dict):
                found.append(Change(kind, account, "messages", message))
    return found


def _threads_changes(data: dict) -> list[Change]:
    """Threads' own shape (developers.facebook.com/docs/threads/webhooks): {"app_id", "topic": "moderate" |
    "interaction", "target_id", "time", "values": {"field": "replies" | "mentions" | ..., "value": {...}}}, one
    change a delivery. The account is the owner of the reply's root post where the value names it (a reply
    on the organisation's thread), otherwise target_id (the account the subscription is for)."""
    values = data["values"]
    value = values.get("value")
    if not isinstance(value, dict):
        return []
    root = value.get("root_post") if isinstance(value.get("root_post"), dict) else {}
    account = str(root.get("owner_id") or "") if values.get("field") == "replies" else ""
    if not account.isdigit():
        account = str(data.get("target_id") or "")
    if not account.isdigit():
        return []
    return [Change("threads", account, str(values.get("field") or ""), value)]


def sign(body: bytes, app_secret: str) -> str:
    """The X-Hub-Signature-256 header Meta would send (for the simulator and tests)."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
