"""Signed webhook deliveries (docs/security.md I1). No session, no CSRF token: the HMAC signature over
"id.timestamp.body" with the channel's own secret is the authentication, and a delivery id is
accepted once. Every refusal is written to the audit log. Each address has a rate limit (429)."""

import math

from django.db import OperationalError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from harbour.audit.services import record
from harbour.channels.credentials import secret_for
from harbour.channels.models import Channel, CredentialKind, Status
from harbour.channels.platforms import WEBHOOK_PLATFORMS
from harbour.connectors.file_import.parse import MAX_BYTES, WHOLE_FILE
from harbour.connectors.webhook.receive import WebhookRefused, parse_payload, verify
from harbour.inbox import ingest
from harbour.lib import net, ratelimit
from harbour.lib.crypto import DecryptionError
from harbour.lib.locked import is_locked

STATUS_FOR = {"replayed": 409, "missing_headers": 400, "bad_timestamp": 400}


def _refuse(request, channel, reason: str, message: str, status: int) -> JsonResponse:
    # A refusal for a known channel is bounded by that channel's rate limit. Addresses that match no
    # channel are endless (any UUID), so those are audited up to a limit per client address.
    if (
        channel is not None
        or ratelimit.hit("anonymous_refusals_audited_ip", net.client_ip(request) or "unknown") is None
    ):
        record(
            "webhook.refused",
            organisation=channel.organisation if channel else None,
            obj=channel,
            request=request,
            detail={"reason": reason, "path": request.path[:200]},
        )
    return JsonResponse({"error": message}, status=status)


def _too_many(request, channel, refusal: ratelimit.Refusal) -> JsonResponse:
    """429 over the per-source limit; audited once per window, so a flood is not a flood of audit rows."""
    if refusal.first:
        record(
            "security.rate_limited",
            organisation=channel.organisation if channel else None,
            obj=channel,
            request=request,
            detail={"limit": refusal.limit},
        )
    response = JsonResponse(
        {"error": "Too many deliveries to this address: wait, then send again"}, status=429
    )
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response


@csrf_exempt
@require_POST
def receive(request, channel_uuid):
    channel = (
        Channel.objects.select_related("organisation")
        .filter(uuid=channel_uuid, platform__in=WEBHOOK_PLATFORMS, status=Status.ACTIVE)
        .first()
    )
    # Counted per webhook address (the source: one per channel), before any signature is checked.
    if refusal := ratelimit.hit("webhook_source", str(channel_uuid)):
        return _too_many(request, channel, refusal)
    if channel is None:
        return _refuse(
            request, None, "unknown_channel", "There is no active webhook channel at this address", 404
        )
    if len(request.body) > MAX_BYTES:
        return _refuse(request, channel, "too_large", "The delivery is larger than 5 MB", 413)
    try:
        secret = secret_for(channel, CredentialKind.WEBHOOK_SECRET)
    except DecryptionError:
        secret = None
    if not secret:
        return _refuse(request, channel, "no_secret", "This channel has no signing secret yet", 401)
    try:
        # Only a read here: ingest claims the id with the items.
        delivery_id = verify(
            secret, request.headers, request.body, is_replay=lambda i: ingest.delivered_before(channel, i)
        )
    except WebhookRefused as refused:
        return _refuse(request, channel, refused.reason, str(refused), STATUS_FOR.get(refused.reason, 401))
    batch = parse_payload(request.body)
    if whole := [p for p in batch.problems if p.ref == WHOLE_FILE]:
        # The body as a whole cannot be read (not JSON, the wrong shape): the sender must fix it.
        return _refuse(request, channel, "unreadable", whole[0].message, 400)
    try:
        stored = ingest.store_webhook_delivery(channel, delivery_id, batch)
    except ingest.DeliveryReplayed:
        return _refuse(
            request,
            channel,
            "replayed",
            f"delivery {delivery_id!r} was received before",
            STATUS_FOR["replayed"],
        )
    except OperationalError as exc:
        if not is_locked(exc):
            raise
        # Nothing was stored and the id was not claimed: the sender's retry will be taken.
        response = JsonResponse({"error": "Harbour is busy: send this delivery again shortly"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse(
        {"stored": stored, "problems": [{"ref": p.ref, "message": p.message} for p in batch.problems]},
        status=202,
    )
