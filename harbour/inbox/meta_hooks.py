"""Meta's webhooks: one public address per Meta app, /hooks/meta/ (Instagram and Facebook Pages) and
/hooks/threads/ (Threads), set in the app dashboard (docs/connectors.md, "Connecting a Meta account").

- GET answers Meta's subscription check (hub.challenge) only with HARBOUR_META_WEBHOOK_VERIFY_TOKEN.
- POST: no session, no CSRF token: X-Hub-Signature-256 over the raw body, keyed with the app's secret, is
  the authentication, checked before the body is parsed. Each entry names an account (the Instagram
  account, the Page, the Threads user): the change goes to every active channel whose config has that
  account_id, through its connector module's items_from_change (and, for a change that names only ids,
  such as an Instagram mention, the connector's items_for_change, which reads them), and is screened and
  stored through the same ingest path as a poll (ingest.store_webhook_delivery), so it lands in the inbox
  without waiting for the next poll. A change that cannot be read asks for a poll of the channel instead.
- A delivery is stored once: its body's hash is claimed per channel with its items (Meta sends no delivery
  id). A second copy is refused and audited, but answered 200, because Meta resends what was not answered
  200 and documents that duplicates happen: a 409 would only make it send again.
- Bad signatures, bad shapes and replays are audited refusals (webhook.refused), as harbour/inbox/views.py's
  are; each app's address has a rate limit (429).

In the inbox app, not channels: storing items is the inbox's (channels imports nothing from the inbox).
"""

import math
from collections import defaultdict
from importlib import import_module

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from harbour.audit.services import record
from harbour.channels.connecting import connector_for
from harbour.channels.models import Channel, Status
from harbour.connectors import registry
from harbour.connectors.base import Batch, ConnectorError, IncomingItem, MalformedItem, Problem
from harbour.connectors.meta import webhooks
from harbour.inbox import ingest
from harbour.inbox.tasks import poll_channel
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib import net, ratelimit
from harbour.lib.crypto import DecryptionError
from harbour.lib.locked import is_locked

READ_TIMEOUT = 5.0  # seconds for reading a change's ids inside the request: Meta waits about 20 for the 200
STATUS_FOR = {"too_large": 413, "not_json": 400, "bad_shape": 400}


def _refuse(request, reason: str, message: str, status: int, channel: Channel | None = None) -> JsonResponse:
    # Signed by nobody: audited up to a limit per client address, as the channel webhook's unknown addresses.
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


def _too_many(request, refusal: ratelimit.Refusal) -> JsonResponse:
    if refusal.first:
        record("security.rate_limited", request=request, detail={"limit": refusal.limit})
    response = JsonResponse({"error": "Too many deliveries: wait, then send again"}, status=429)
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response


def _secret(app: str) -> str:
    return settings.HARBOUR_THREADS_APP_SECRET if app == "threads_login" else settings.HARBOUR_META_APP_SECRET


def _receive(request, app: str):
    if request.method == "GET":
        try:
            value = webhooks.challenge(request.GET, settings.HARBOUR_META_WEBHOOK_VERIFY_TOKEN)
        except webhooks.MetaWebhookRefused as refused:
            return _refuse(request, refused.reason, str(refused), 403)
        return HttpResponse(value, content_type="text/plain; charset=utf-8")
    if refusal := ratelimit.hit("webhook_source", f"meta:{app}"):
        return _too_many(request, refusal)
    body = request.body
    try:
        webhooks.check_signature(body, request.headers.get("X-Hub-Signature-256", ""), [_secret(app)])
        changes = webhooks.changes(body)
    except webhooks.MetaWebhookRefused as refused:
        return _refuse(request, refused.reason, str(refused), STATUS_FOR.get(refused.reason, 401))
    key = "meta:" + webhooks.delivery_key(body)
    by_account: dict[str, list[webhooks.Change]] = defaultdict(list)
    for change in changes:
        by_account[change.account_id].append(change)
    channels = Channel.objects.select_related("organisation").filter(
        status=Status.ACTIVE, platform__in=registry.meta_platforms(app)
    )
    stored, replayed, reached = 0, [], 0
    for channel in channels:
        mine = by_account.get(str(channel.config.get("account_id") or ""))
        if not mine:
            continue
        reached += 1
        batch, poll = _batch(channel, mine)
        try:
            stored += ingest.store_webhook_delivery(channel, key, batch)
        except ingest.DeliveryReplayed:
            replayed.append(channel)
            continue
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            response = JsonResponse(
                {"error": "Harbour is busy: send this delivery again shortly"}, status=503
            )
            response["Retry-After"] = "30"
            return response
        if poll:
            enqueue_on_commit(poll_channel, channel_id=channel.pk)
    for channel in replayed:
        _refuse(request, "replayed", "This delivery was received before", 200, channel)
    return JsonResponse({"stored": stored, "channels": reached, "replayed": len(replayed)}, status=200)


def _batch(channel: Channel, changes: list[webhooks.Change]) -> tuple[Batch, bool]:
    """The items of one channel's changes, and whether a poll should read what could not be read here."""
    module = import_module(registry.entry(channel.platform).connector.rpartition(".")[0])
    from_change = getattr(module, "items_from_change", None)
    items: list[IncomingItem] = []
    problems: list[Problem] = []
    poll = from_change is None
    connector = None
    for change in changes:
        try:
            found = from_change(change) if from_change else []
            if not found and hasattr(module, "items_from_change") and _reads_ids(channel):
                connector = connector or connector_for(channel, timeout=READ_TIMEOUT)
                found = connector.items_for_change(change)
        except MalformedItem as error:
            problems.append(Problem(f"{change.field} webhook", error.message))
            poll = True
            continue
        except (ConnectorError, DecryptionError):
            poll = True  # the poll reads it, and says what is wrong if it cannot
            continue
        items.extend(found)
    return Batch(items, None, problems=problems), poll


def _reads_ids(channel: Channel) -> bool:
    """Whether the channel's connector can read a change that names only ids (items_for_change)."""
    return hasattr(registry.connector_class(channel.platform), "items_for_change")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta(request):
    """Instagram's and Facebook Pages' deliveries (the Meta app's Facebook Login use case)."""
    return _receive(request, "facebook_login")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def threads(request):
    """Threads' deliveries (the app's Threads use case, signed with its own secret)."""
    return _receive(request, "threads_login")
