"""Taking down live posts that no longer have consent (issue 21): a withdrawal, an expiry, a refusal that
replaces a consent or a new never-publish flag opens a `Takedown` for every live publication whose ledger
(`PublishedUse`) shows it named or showed the person in a way that no longer stands.

A publication is live while it is published and has no takedown done. One takedown at a time per
publication; a second cause is added to its `reasons`.

Also here: what happens once one is opened (`_after_opening`: the delete task of deleting.py queued, or
left for a person where the platform cannot delete, and the owners e-mailed), who sees and acts on
takedowns (`visible_to`, `may_act`), the two changes a person makes (`confirm_by_hand`, `try_again`), the
nightly expiry (`expire_consents`) and the scheduler's overdue alerts and lost deletes (tasks.py calls
them). docs/consent.md, part C.
"""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.consent import deleting
from harbour.consent.models import (
    NOTE_LENGTH,
    ConsentRecord,
    Decision,
    Person,
    PublishedUse,
    Takedown,
    TakedownReason,
    TakedownState,
)
from harbour.consent.rules import standing
from harbour.jobs.claims import claim
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib.bidi import isolate
from harbour.publishing.models import Publication, PublicationState

DUE_IN = timedelta(hours=24)  # a withdrawal is acted on within a day (the manager is alerted after)


def live_publications(person: Person):
    """The person's publications that are out and not taken down."""
    taken_down = Takedown.objects.filter(state=TakedownState.DONE).values("publication_id")
    ids = PublishedUse.objects.filter(person=person).values("publication_id")
    return (
        Publication.objects.filter(pk__in=ids, state=PublicationState.PUBLISHED)
        .exclude(pk__in=taken_down)
        .select_related("channel")
    )


def open_for(person: Person, *, reason: str, consent: ConsentRecord | None = None) -> list[Takedown]:
    """Inside the caller's transaction: a takedown for each live publication of `person` whose use of them
    no longer stands today. Returns the takedowns opened or added to."""
    today = timezone.localdate()
    now = timezone.now()
    opened = []
    for publication in live_publications(person):
        uses = set(
            PublishedUse.objects.filter(publication=publication, person=person).values_list("use", flat=True)
        )
        if all(standing(person, use, publication.channel_id, today).ok for use in uses):
            continue
        cause = [reason, person.pk]
        takedown = (
            Takedown.objects.select_for_update()
            .filter(publication=publication)
            .exclude(state=TakedownState.DONE)
            .first()
        )
        if takedown is None:
            takedown = Takedown.objects.create(
                organisation_id=publication.organisation_id,
                publication=publication,
                person=person,
                reason=reason,
                reasons=[cause],
                consent=consent,
                due_by=now + DUE_IN,
            )
            record(
                "takedown.opened",
                obj=takedown,
                organisation=publication.organisation,
                detail={"reason": reason},
            )
            _after_opening(takedown)
        elif cause not in takedown.reasons:
            takedown.reasons = [*takedown.reasons, cause]
            takedown.save(update_fields=["reasons"])
        opened.append(takedown)
    return opened


def _after_opening(takedown: Takedown) -> None:
    """Inside open_for's transaction: the connector's delete is queued where the platform allows it, else
    the takedown waits for a person (needs_hand); either way the channel's owners are told by e-mail once
    it commits."""
    if deleting.deletable(takedown):
        takedown.next_try_at = timezone.now()
        takedown.save(update_fields=["next_try_at"])
        enqueue_on_commit(deleting.delete_post, takedown_id=takedown.pk)
    else:
        label = takedown.publication.channel.platform_entry.label
        takedown.state = TakedownState.NEEDS_HAND
        takedown.error = f"{label} does not let Harbour delete posts, so a person must."
        takedown.save(update_fields=["state", "error"])
        record(
            "takedown.needs_hand",
            obj=takedown,
            organisation=takedown.publication.organisation,
            detail={"error": takedown.error},
        )
    enqueue_on_commit(deleting.email_owners, takedown_id=takedown.pk, what="opened")


# Who sees and acts on takedowns


def visible_to(membership: Membership):
    """Every takedown of the organisation for those who keep or read the register or take down any post;
    for anyone else, the takedowns of the channels they own."""
    takedowns = Takedown.objects.for_org(membership.organisation).select_related(
        "publication__channel", "publication__post", "person"
    )
    if membership.can(Capability.TAKE_DOWN) or membership.can(Capability.VIEW_CONSENT):
        return takedowns
    return takedowns.filter(publication__channel__owners=membership)


def may_act(membership: Membership, takedown: Takedown) -> bool:
    """A channel's owners take down their own channel's posts; TAKE_DOWN (managers) any."""
    if (
        membership is None
        or not membership.is_active
        or membership.organisation_id != takedown.organisation_id
    ):
        return False
    if membership.can(Capability.TAKE_DOWN):
        return True
    return takedown.publication.channel.owners.filter(pk=membership.pk).exists()


def _require_actor(by: Membership, takedown: Takedown) -> None:
    if not may_act(by, takedown):
        raise NotAllowed("Only the channel's owners or a manager can act on this takedown.")


CONFIRMABLE = (TakedownState.OPEN, TakedownState.NEEDS_HAND)


@transaction.atomic(durable=True)
def confirm_by_hand(takedown: Takedown, *, by: Membership, note: str) -> Takedown:
    """A person deleted the post in the platform's app (or found it gone): the takedown is done."""
    _require_actor(by, takedown)
    takedown = Takedown.objects.select_for_update().get(pk=takedown.pk)
    if takedown.state == TakedownState.DONE:
        raise NotAllowed("This post has already been taken down.")
    if takedown.state not in CONFIRMABLE:
        raise NotAllowed("Harbour is deleting this post now. Wait a minute and look again.")
    note = note.strip()
    if not note:
        raise NotAllowed(
            "Say how and when you took the post down, for example 'Deleted in the app at 10:15'."
        )
    if len(note) > NOTE_LENGTH:
        raise NotAllowed(f"Keep the note to {NOTE_LENGTH:,} characters or fewer.")
    takedown.state, takedown.done_at, takedown.done_by = TakedownState.DONE, timezone.now(), by
    takedown.how, takedown.note = deleting.BY_HAND, note
    takedown.save(update_fields=["state", "done_at", "done_by", "how", "note"])
    record(
        "takedown.confirmed", by=by.user, obj=takedown, detail={"channel": takedown.publication.channel_id}
    )
    return takedown


@transaction.atomic(durable=True)
def try_again(takedown: Takedown, *, by: Membership) -> Takedown:
    """Ask Harbour to delete it through the connector again (after a reconnect, or an outage)."""
    _require_actor(by, takedown)
    takedown = Takedown.objects.select_for_update().select_related("publication__channel").get(pk=takedown.pk)
    if takedown.state != TakedownState.NEEDS_HAND:
        raise NotAllowed("Only a takedown left for a person can be tried again.")
    if not deleting.deletable(takedown):
        raise NotAllowed(
            f"{takedown.publication.channel.platform_entry.label} does not let Harbour delete posts: "
            "delete it in the app, then confirm it here."
        )
    takedown.state, takedown.error, takedown.next_try_at = TakedownState.OPEN, "", timezone.now()
    takedown.save(update_fields=["state", "error", "next_try_at"])
    record("takedown.retried", by=by.user, obj=takedown)
    enqueue_on_commit(deleting.delete_post, takedown_id=takedown.pk)
    return takedown


# The nightly expiry job (tasks.expire_consents)


def expired_consents(today):
    """Given consents whose last day has passed, not withdrawn, whose expiry has not been acted on."""
    return ConsentRecord.objects.filter(
        decision=Decision.GIVEN,
        expires__lt=today,
        expiry_handled_at__isnull=True,
        withdrawn_at__isnull=True,
    ).values_list("pk", flat=True)


@transaction.atomic(durable=True)
def handle_expiry(consent_id: int, now=None) -> list[Takedown] | None:
    """One expired consent: claimed (expiry_handled_at set) so that it is handled once, audited, and every
    live post that no longer stands without it taken down. None: another run had it."""
    now = now or timezone.now()
    if not claim(
        ConsentRecord, consent_id, when={"expiry_handled_at": None}, change={"expiry_handled_at": now}
    ):
        return None
    consent = ConsentRecord.objects.select_related("person", "organisation").get(pk=consent_id)
    record("consent.expired", obj=consent, detail={"kind": consent.use})
    return open_for(consent.person, reason=TakedownReason.EXPIRED, consent=consent)


def expire_consents(now=None) -> int:
    """Every consent that expired: each in its own transaction. Returns how many were handled."""
    now = now or timezone.now()
    handled = 0
    for pk in list(expired_consents(timezone.localdate(now))):
        if handle_expiry(pk, now) is not None:
            handled += 1
    return handled


# Overdue takedowns (tasks.enqueue_due): the managers are told once


def overdue(now) -> list[int]:
    return list(
        Takedown.objects.exclude(state=TakedownState.DONE)
        .filter(due_by__lte=now, overdue_alert_at__isnull=True)
        .values_list("pk", flat=True)
    )


def claim_overdue(takedown_id: int, now) -> bool:
    """Inside the caller's transaction: marks the alert as sent, once, with its audit event."""
    if not claim(
        Takedown,
        takedown_id,
        when={"overdue_alert_at": None, "due_by__lte": now},
        change={"overdue_alert_at": now},
    ):
        return False
    takedown = Takedown.objects.select_related("organisation").get(pk=takedown_id)
    if takedown.state == TakedownState.DONE:  # done between the read and the claim: no alert
        return False
    record("takedown.overdue", obj=takedown, detail={"due": takedown.due_by.isoformat()})
    return True


def email_overdue(takedown_id: int) -> int:
    """Tell the organisation's managers that a takedown is past its time (nothing about the person)."""
    takedown = (
        Takedown.objects.select_related("publication__channel", "organisation").filter(pk=takedown_id).first()
    )
    if takedown is None or takedown.state == TakedownState.DONE:
        return 0
    to = deleting.manager_emails(takedown.organisation_id)
    if not to:
        return 0
    channel = isolate(takedown.publication.channel.name)
    due = timezone.localtime(takedown.due_by).strftime("%-d %B %Y, %H:%M")
    owners = ", ".join(isolate(m.user.full_name or m.user.email) for m in deleting.owners_of(takedown)[:5])
    body = (
        f"A post on {channel} should have been taken down by {due} "
        f"({takedown.get_reason_display().lower()}), and it is not done: {takedown.get_state_display().lower()}."
        f"\n\n{takedown.error + chr(10) + chr(10) if takedown.error else ''}"
        f"The channel's owners: {owners or 'none'}. Make sure someone takes it down today, and confirm it in "
        f"Harbour: {deleting.link_to(takedown)}\n\nNothing about the person is in this e-mail.\n"
    )
    EmailMessage(subject=f"A takedown on {channel} is overdue", body=body, to=to).send()
    return len(to)


# Delete tasks that were lost (tasks.enqueue_due)


def lost_deletes(now) -> list[tuple[int, object]]:
    """Open takedowns whose delete task should have run long ago, as (id, next_try_at): their task was
    lost (a queue that lost it between the commit and the send, a worker gone before the retry)."""
    late = now - deleting.OVERDUE
    return list(
        Takedown.objects.filter(state=TakedownState.OPEN, next_try_at__lte=late).values_list(
            "pk", "next_try_at"
        )
    )


def claim_lost_delete(takedown_id: int, next_try_at, now) -> bool:
    """Inside the caller's transaction: move its time to now, so that one scheduler enqueues it."""
    return claim(
        Takedown,
        takedown_id,
        when={"state": TakedownState.OPEN, "next_try_at": next_try_at},
        change={"next_try_at": now},
    )
