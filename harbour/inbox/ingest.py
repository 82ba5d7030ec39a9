"""Ingest: fetch each active channel's new items, screen each one, store it exactly once.

Safe to repeat and safe to kill. Items are keyed by (channel, platform id) and inserted with
ON CONFLICT DO NOTHING; each page's items and the cursor that follows them commit in one transaction,
so a worker killed mid-batch leaves either the whole page or none of it. A poll that finds the cursor
moved under it (another worker stored the page first) stores nothing.

Screening runs outside the database transaction, which is kept short (store_batch says how an
author's running state still counts each message once), so a slow item never holds SQLite's write
lock.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.connecting import connector_for
from harbour.channels.models import Channel, Status
from harbour.channels.platforms import PUSHED as PUSHED_PLATFORMS
from harbour.connectors.base import AuthFailed, Batch, ConnectorError, IncomingItem
from harbour.connectors.registry import UnknownPlatform
from harbour.inbox.models import Author, AuthorState, IngestCursor, Item, ItemCategory, WebhookDelivery
from harbour.inbox.screened import Screened, ScreeningAction, categories_of, screen_stored
from harbour.lib.backoff import backoff
from harbour.lib.bidi import isolate
from harbour.lib.crypto import DecryptionError
from harbour.safeguarding.intake import arrives_as_concern, raise_from_ingest
from harbour.screening import needs_reply
from harbour.screening.verdict import Direction

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
MAX_PAGES_PER_POLL = 20  # then let other channels have the worker; the next poll carries on
MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
PROBLEMS_KEPT = 20
POLL_LEASE = timedelta(minutes=15)  # a claimed or continuing poll is not enqueued again for this long


def position_for(channel: Channel) -> IngestCursor:
    position, _ = IngestCursor.objects.get_or_create(
        channel=channel, defaults={"organisation": channel.organisation}
    )
    return position


def _screened(
    channel: Channel, item: IncomingItem, state: dict | None, parents: dict[str, str] | None = None
) -> Screened:
    return screen_stored(
        item.text,
        direction=Direction.INCOMING,
        channel=channel,
        author=item.author_id,  # the platform's id: store_batch keeps one channel's authors apart by it
        thread=item.thread_id or item.platform_id,
        author_state=state,
        parent_text=(parents or {}).get(item.parent_id) if item.parent_id else None,
        about=f"item {item.platform_id} on channel {channel.pk}",
    )


def _parent_texts(channel: Channel, batch: Batch) -> dict[str, str]:
    """The texts of the items this batch's items reply to, by platform id, where Harbour holds them (in this
    batch, or stored from this channel before): a reply is screened with what it replies to (pile-ons)."""
    wanted = {i.parent_id for i in batch.items if i.parent_id}
    if not wanted:
        return {}
    texts = {i.platform_id: i.text for i in batch.items if i.platform_id in wanted}
    missing = list(wanted - texts.keys())
    if missing:
        texts.update(
            Item.objects.filter(channel=channel, platform_id__in=missing).values_list("platform_id", "text")
        )
    return texts


def _deadline(channel: Channel, item: IncomingItem) -> dict:
    """An item that needs a reply is due within the hours the channel's disclaimer promises, counted
    from when it was posted (an imported old comment can be overdue at once: it has waited that long)."""
    if not needs_reply(item.text, str(item.kind)):
        return {"needs_reply": False, "due_at": None}
    return {"needs_reply": True, "due_at": item.created_at + timedelta(hours=channel.response_hours)}


PUSHED = object()  # store_batch's fetched_with for items pushed to Harbour (webhooks, imports): no cursor

# How many times store_batch screens outside the write transaction before it stops being optimistic and
# screens the authors whose state keeps changing inside it (see store_batch).
OPTIMISTIC_ROUNDS = 3


def store_pushed(channel: Channel, batch: Batch, *, within: Callable[[int], None] | None = None) -> int:
    """Screen and store items that were pushed rather than fetched; returns how many were new.

    within(stored), if given, runs inside the write transaction after the items are written (an audit
    event, claiming a webhook delivery id): if it raises, nothing is stored."""
    position_for(channel)
    return store_batch(channel, PUSHED, batch, within=within)


DELIVERY_ID_LENGTH = 200  # WebhookDelivery.delivery_id's; a longer id is kept by its first 200 characters


class DeliveryReplayed(Exception):
    """A webhook delivery id that was accepted before: nothing was stored."""


def delivered_before(channel: Channel, delivery_id: str) -> bool:
    return WebhookDelivery.objects.filter(
        channel=channel, delivery_id=delivery_id[:DELIVERY_ID_LENGTH]
    ).exists()


def store_webhook_delivery(channel: Channel, delivery_id: str, batch: Batch) -> int:
    """Screen and store one signed webhook delivery's items and claim its delivery id, in one
    transaction; returns how many items were new. Raises DeliveryReplayed, storing nothing, if the id
    was claimed before (a concurrent copy of the delivery that got past the sender's check). If storing
    fails the id stays unclaimed, so the sender's retry is taken, not refused as a replay."""

    def claim(stored: int) -> None:
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(
                    organisation=channel.organisation,
                    channel=channel,
                    delivery_id=delivery_id[:DELIVERY_ID_LENGTH],
                )
        except IntegrityError:
            raise DeliveryReplayed(delivery_id) from None

    return store_pushed(channel, batch, within=claim)


@dataclass
class _Chain:
    """One author's new items in a batch, screened in order from `basis`: the author's stored state as
    it was read (None: no state yet)."""

    basis: dict | None
    ids: tuple[str, ...]
    results: dict[str, Screened]  # by the item's platform id
    state: dict | None  # the author's state after the last of these items

    def still_valid(self, items: list[IncomingItem], stored_state: dict | None) -> bool:
        """Whether screening these items from the author's state now would give these results."""
        return self.basis == stored_state and self.ids == tuple(i.platform_id for i in items)


def _screen_chain(
    channel: Channel, items: list[IncomingItem], basis: dict | None, parents: dict[str, str] | None = None
) -> _Chain:
    state, results = basis, {}
    for item in items:
        screened = results[item.platform_id] = _screened(channel, item, state, parents)
        if screened.author_state is not None:
            state = screened.author_state
    return _Chain(basis, tuple(i.platform_id for i in items), results, state)


def _fresh(channel: Channel, batch: Batch) -> tuple[list[IncomingItem], dict[str, list[IncomingItem]]]:
    """The batch's items not stored yet, each platform id once, in batch order; and the same grouped
    by their platform author id (one channel's: Author.objects.of_channel says whose they are)."""
    seen = set(
        Item.objects.filter(
            channel=channel, platform_id__in=[i.platform_id for i in batch.items]
        ).values_list("platform_id", flat=True)
    )
    fresh: list[IncomingItem] = []
    by_author: dict[str, list[IncomingItem]] = {}
    for item in batch.items:
        if item.platform_id not in seen:
            seen.add(item.platform_id)
            fresh.append(item)
            by_author.setdefault(item.author_id, []).append(item)
    return fresh, by_author


def _cursor_of(channel: Channel):
    return IngestCursor.objects.filter(channel=channel).values_list("cursor", flat=True).get()


def store_batch(
    channel: Channel, fetched_with, batch: Batch, *, within: Callable[[int], None] | None = None
) -> int:
    """Screen and store one fetched page, and move the cursor; returns how many items were new.

    Screening happens outside the database transaction. On SQLite a write transaction holds the one
    write lock, so slow items screened inside it made every other writer (sign-ins, the worker) wait
    and fail with "database is locked". So it is optimistic: read which items are new and each
    author's running state, screen each author's new items in order from that state with no
    transaction open, then in one short transaction lock the cursor, those authors (made if new, by
    Author.objects.for_incoming) and their states, and check that neither the new items nor any
    author's state changed meanwhile. If nothing changed it
    writes; if an author's state changed (a delivery with the same author committed first), that
    author alone is screened again from the new state, outside the transaction, up to
    OPTIMISTIC_ROUNDS times. After that the changed authors' items are screened inside the
    transaction, so a busy author cannot starve a delivery. Either way an author's running state
    counts each message once, items already stored are not screened into it, and each item is
    stored once (ON CONFLICT DO NOTHING on channel and platform id).
    """
    chains: dict[str, _Chain] = {}
    parents = _parent_texts(channel, batch)
    for _ in range(OPTIMISTIC_ROUNDS):
        if fetched_with is not PUSHED and _cursor_of(channel) != fetched_with:
            return 0  # another poll stored this page and moved on
        _, by_author = _fresh(channel, batch)
        stored_states = dict(
            AuthorState.objects.filter(
                author__in=Author.objects.of_channel(channel).filter(platform_author_id__in=list(by_author))
            ).values_list("author__platform_author_id", "state")
        )
        for key, items in by_author.items():
            chain = chains.get(key)
            if chain is None or not chain.still_valid(items, stored_states.get(key)):
                chains[key] = _screen_chain(channel, items, stored_states.get(key), parents)
        try:
            return _write(channel, fetched_with, batch, chains, within, last_resort=False, parents=parents)
        except _Stale:
            continue
    return _write(channel, fetched_with, batch, chains, within, last_resort=True, parents=parents)


class _Stale(Exception):
    """An author's state or the new items changed since they were screened: nothing is written."""


def _write(
    channel: Channel,
    fetched_with,
    batch: Batch,
    chains: dict[str, _Chain],
    within,
    *,
    last_resort: bool,
    parents: dict[str, str] | None = None,
):
    """store_batch's transaction. Raises _Stale, rolling back, if an author's state or new items
    changed since they were screened; with last_resort, screens that author again here instead."""
    # durable: a caller's transaction around this one would hold the write lock through the screening.
    with transaction.atomic(durable=True):
        # The locks keep two deliveries for one channel, or for one author, from writing at once: the
        # cursor's, then the authors' (for_incoming locks them), then their states.
        position = IngestCursor.objects.select_for_update().get(channel=channel)
        if fetched_with is not PUSHED and position.cursor != fetched_with:
            return 0
        fresh, by_author = _fresh(channel, batch)
        now = timezone.now()
        authors = Author.objects.for_incoming(channel, fresh, seen_at=now)
        states = {
            s.author_id: s
            for s in AuthorState.objects.select_for_update()
            .filter(author__in=[a.pk for a in authors.values()])
            .order_by("author_id")
        }
        for author_id, items in by_author.items():
            current = states.get(authors[author_id].pk)
            current = None if current is None else current.state
            chain = chains.get(author_id)
            if chain is None or not chain.still_valid(items, current):
                if not last_resort:
                    raise _Stale
                chains[author_id] = _screen_chain(channel, items, current, parents)
        changed: list[AuthorState] = []
        for author_id in by_author:
            chain, author = chains[author_id], authors[author_id]
            current = states.get(author.pk)
            if chain.state is not None and (current is None or chain.state != current.state):
                # A new state is inserted under the author's lock, so no other writer can add it first.
                current = current or AuthorState(author=author)
                current.state, current.updated_at = chain.state, now
                changed.append(current)
        rows = []
        hosted = channel.platform_entry.hosted
        for item in fresh:
            screened = chains[item.author_id].results[item.platform_id]
            row = Item(
                organisation=channel.organisation,
                channel=channel,
                platform_id=item.platform_id,
                kind=str(item.kind),
                text=item.text,
                author=authors[item.author_id],
                thread_id=item.thread_id,
                parent_id=item.parent_id,
                url=item.url,
                media=[{"url": m.url, "alt_text": m.alt_text, "mime_type": m.mime_type} for m in item.media],
                received_at=item.created_at,
                created_at=now,
                # On Harbour's own pages nothing screening flags is shown before a moderator has seen it.
                hidden_on_arrival=item.hidden or (hosted and screened.action != ScreeningAction.ALLOW),
                **_deadline(channel, item),
            )
            row.store(screened)
            rows.append(row)
        Item.objects.bulk_create(rows, ignore_conflicts=True)
        _store_categories(channel, rows)
        AuthorState.objects.bulk_create([s for s in changed if s.pk is None])
        AuthorState.objects.bulk_update([s for s in changed if s.pk is not None], ["state", "updated_at"])
        # Screening's escalations and the grooming tracker's alerts become concerns, committed with the items.
        if alerting := [row.platform_id for row in rows if arrives_as_concern(row.verdict, row.action)]:
            raise_from_ingest(channel, alerting)
        if fetched_with is not PUSHED and batch.next_cursor is not None:
            position.cursor = batch.next_cursor
        position.items_stored += len(rows)
        if batch.problems:
            for problem in batch.problems:
                logger.warning("Skipped an unreadable item on channel %s: %s", channel.pk, problem.ref)
            noted = [{"ref": p.ref, "message": p.message, "at": now.isoformat()} for p in batch.problems]
            position.problems = (noted + list(position.problems))[:PROBLEMS_KEPT]
        position.save(update_fields=["cursor", "items_stored", "problems"])
        if within is not None:
            within(len(rows))
    return len(rows)


def _store_categories(channel: Channel, rows: list[Item]) -> None:
    """ItemCategory rows for items just bulk-inserted (which skips Item.save): their ids are read back
    first, as an insert that ignores conflicts does not return them."""
    flagged = {row.platform_id: row for row in rows if categories_of(row.verdict)}
    if not flagged:
        return
    ids = Item.objects.filter(channel=channel, platform_id__in=list(flagged)).values_list("platform_id", "pk")
    for platform_id, pk in ids:
        flagged[platform_id].pk = pk
    ItemCategory.objects.bulk_create(
        ItemCategory.rows_for(row for row in flagged.values() if row.pk is not None), ignore_conflicts=True
    )


@dataclass
class PollResult:
    stored: int = 0
    pages: int = 0
    outcome: str = "ok"  # ok | continued | skipped | retry | reconnect | failed
    retry_in: float | None = None

    def as_dict(self) -> dict:
        return {
            "stored": self.stored,
            "pages": self.pages,
            "outcome": self.outcome,
            "retry_in": self.retry_in,
        }


class IngestFailing(Exception):
    """A channel's platform kept failing through every retry; managers have been told."""


def poll(channel_id: int, attempt: int = 0) -> PollResult:
    """Fetch and store every page available now (up to MAX_PAGES_PER_POLL).

    A temporary failure asks for a retry with backoff (retry_in: the task enqueues it); pages stored before
    it stay stored. A refused credential flags the channel for reconnection and stops: no retry can fix that.
    """
    channel = Channel.objects.select_related("organisation").get(pk=channel_id)
    result = PollResult()
    if channel.status != Status.ACTIVE or channel.reconnect_needed or channel.platform in PUSHED_PLATFORMS:
        result.outcome = "skipped"  # a push-only channel has nothing to fetch: its items are sent to Harbour
        return result
    position = position_for(channel)
    IngestCursor.objects.filter(pk=position.pk).update(last_polled_at=timezone.now())
    try:
        connector = connector_for(channel)
        while True:
            fetched_with = position.cursor
            batch = connector.fetch(fetched_with, limit=PAGE_SIZE)
            result.stored += store_batch(channel, fetched_with, batch)
            result.pages += 1
            position.refresh_from_db(fields=["cursor"])
            if not batch.has_more or result.pages >= MAX_PAGES_PER_POLL:
                break
    except UnknownPlatform:
        _failed(channel, f"Harbour cannot collect from {channel.get_platform_display()} channels", attempt)
        result.outcome = "failed"
        return result
    except DecryptionError as exc:
        needs_reconnect(channel, str(exc))
        result.outcome = "reconnect"
        return result
    except AuthFailed as exc:
        needs_reconnect(channel, exc.message)
        result.outcome = "reconnect"
        return result
    except ConnectorError as exc:
        if exc.permanent:
            _failed(channel, exc.message, attempt)
            result.outcome = "failed"
            return result
        if attempt + 1 >= MAX_ATTEMPTS:
            _failed(channel, exc.message, attempt)
            raise IngestFailing(f"{channel} failed {MAX_ATTEMPTS} times: {exc.message}") from None
        result.retry_in = backoff(
            attempt, first=RETRY_BASE_SECONDS, longest=RETRY_CAP_SECONDS, retry_after=exc.retry_after
        )
        _schedule_retry(channel, exc.message, attempt + 1, result.retry_in)
        result.outcome = "retry"
        return result
    more = batch.has_more  # stopped at the page limit: carry on in a new task, behind other channels' work
    wait = POLL_LEASE if more else timedelta(seconds=settings.HARBOUR_POLL_SECONDS)
    with transaction.atomic():
        IngestCursor.objects.filter(pk=position.pk).update(
            last_success_at=timezone.now(), failures=0, last_error="", next_poll_at=timezone.now() + wait
        )
        fixed = _collecting_again(channel)
        if more:
            result.outcome = "continued"  # the task enqueues the next poll (harbour/inbox/tasks.py)
    if fixed:
        _tell_managers(
            channel,
            f"Harbour is collecting from {isolate(channel.name)} again",
            f"Harbour is collecting new comments and messages from {isolate(channel.name)} "
            f"({channel.get_platform_display()}) again. Items posted while it could not collect them are "
            "collected now, if the platform still has them: look at the inbox for the time it was failing.\n",
        )
    return result


def _schedule_retry(channel: Channel, message: str, attempt: int, delay: float) -> None:
    run_after = timezone.now() + timedelta(seconds=delay)
    with transaction.atomic():
        IngestCursor.objects.filter(channel=channel).update(
            failures=attempt, last_error=message[:2000], next_poll_at=run_after + timedelta(seconds=60)
        )
        _failing_from_now(channel)
    logger.info("Channel %s: %s; retry %d in %.0f s", channel.pk, message, attempt, delay)


def _managers(channel: Channel) -> list[str]:
    members = Membership.objects.active().for_org(channel.organisation).able_to(Capability.MANAGE_CHANNELS)
    return sorted(m.user.email for m in members.select_related("user"))


def _tell_managers(channel: Channel, subject: str, body: str) -> None:
    recipients = _managers(channel)
    if recipients:
        EmailMessage(subject=subject, body=body, to=recipients).send()


def _failing_from_now(channel: Channel) -> None:
    """Note when the current problem began (kept while it lasts)."""
    IngestCursor.objects.filter(channel=channel, failing_since__isnull=True).update(
        failing_since=timezone.now()
    )


def _first_alert(channel: Channel) -> bool:
    """Claim the one alert of the current problem: True the first time, False once managers were told.
    A conditional update, so two workers failing at once send one e-mail."""
    _failing_from_now(channel)
    return bool(
        IngestCursor.objects.filter(channel=channel, alerted_at__isnull=True).update(
            alerted_at=timezone.now()
        )
    )


def _collecting_again(channel: Channel) -> bool:
    """After a good poll, in its transaction: clear the problem. True if managers had been told about it,
    so they are told it is fixed (with its audit event)."""
    problem = (
        IngestCursor.objects.select_for_update()
        .filter(channel=channel)
        .values("alerted_at", "failing_since")
        .first()
    )
    if problem is None or (problem["alerted_at"] is None and problem["failing_since"] is None):
        return False
    IngestCursor.objects.filter(channel=channel).update(alerted_at=None, failing_since=None)
    if problem["alerted_at"] is None:
        return False  # a short outage that the retries got past: nobody was told
    since = problem["failing_since"]
    record(
        "channel.ingest_recovered",
        obj=channel,
        detail={"failing_since": since.isoformat() if since else None},
    )
    return True


def _failed(channel: Channel, message: str, attempt: int) -> None:
    """Collection failed for good (a permanent refusal, or every retry used). Managers are e-mailed once
    per problem; send_reminders reminds them at most daily; a good poll tells them it is fixed."""
    with transaction.atomic():
        IngestCursor.objects.filter(channel=channel).update(
            failures=attempt + 1,
            last_error=message[:2000],
            next_poll_at=timezone.now() + timedelta(seconds=settings.HARBOUR_POLL_SECONDS),
        )
        first = _first_alert(channel)
        if first:
            record(
                "channel.ingest_failed", obj=channel, detail={"error": message[:500], "attempts": attempt + 1}
            )
    if not first:
        return
    _tell_managers(
        channel,
        f"Harbour cannot collect comments from {isolate(channel.name)}",
        f"Harbour could not collect new comments and messages from {isolate(channel.name)} "
        f"({channel.get_platform_display()}): {isolate(message)}\n\nUntil this is fixed, check the account in the "
        "platform's own app. Harbour will keep trying at its usual interval.\n",
    )


def needs_reconnect(channel: Channel, message: str) -> None:
    """The platform refused the credential: stop polling, flag the channel, tell the managers."""
    with transaction.atomic():
        updated = Channel.objects.filter(pk=channel.pk, reconnect_needed=False).update(reconnect_needed=True)
        IngestCursor.objects.filter(channel=channel).update(last_error=message[:2000])
        if not updated:
            return  # already flagged and told
        _failing_from_now(channel)
        IngestCursor.objects.filter(channel=channel).update(alerted_at=timezone.now())
        record("channel.reconnect_needed", obj=channel, detail={"error": message[:500]})
    _tell_managers(
        channel,
        f"Reconnect {isolate(channel.name)} in Harbour",
        f"{channel.get_platform_display()} refused Harbour's credential for {isolate(channel.name)}: {isolate(message)}\n\n"
        "Harbour has stopped collecting its comments and messages. A manager must enter a new credential "
        "(Channels, then the channel, then Credentials). Until then, check the account in the platform's "
        "own app.\n",
    )


REMIND_EVERY = timedelta(days=1)


def send_reminders(now=None) -> int:
    """Remind the managers of each active channel still failing, or still needing reconnection, a day
    after they were last told (the scheduler runs this hourly). Returns how many reminders were sent."""
    now = now or timezone.now()
    due = IngestCursor.objects.filter(
        alerted_at__lte=now - REMIND_EVERY, channel__status=Status.ACTIVE
    ).select_related("channel", "channel__organisation")
    sent = 0
    for position in due:
        channel = position.channel
        if not (channel.reconnect_needed or position.failing_since):
            continue
        # Claimed with a conditional update, so two schedulers' jobs send one reminder.
        if not IngestCursor.objects.filter(pk=position.pk, alerted_at=position.alerted_at).update(
            alerted_at=now
        ):
            continue
        since = timezone.localtime(position.failing_since or position.alerted_at).strftime(
            "%-d %B %Y at %H:%M"
        )
        if channel.reconnect_needed:
            subject = f"Reconnect {isolate(channel.name)} in Harbour: it is still not collecting"
            what = (
                f"{channel.get_platform_display()} still refuses Harbour's credential for {isolate(channel.name)}, "
                f"so nothing has been collected since {since}: {isolate(position.last_error)}\n\nA manager must enter a "
                "new credential (Channels, then the channel, then Credentials)."
            )
        else:
            subject = f"Harbour still cannot collect comments from {isolate(channel.name)}"
            what = (
                f"Harbour has not been able to collect new comments and messages from {isolate(channel.name)} "
                f"({channel.get_platform_display()}) since {since}: {isolate(position.last_error)}\n\nHarbour keeps "
                "trying at its usual interval and will tell you when it works again."
            )
        _tell_managers(
            channel,
            subject,
            f"{what} Until then, check the account in the platform's own app. This reminder comes at most "
            "once a day.\n",
        )
        sent += 1
    return sent
