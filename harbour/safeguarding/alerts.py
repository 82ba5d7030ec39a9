"""Who is told about a concern, when, and what the e-mail may say: who raised it and its category, never
what the concern says (its summary, evidence or record stay in Harbour's safeguarding pages).

- At once: a concern of high severity or above, one marked "immediate danger", or one a moderator handed
  over from the inbox (moderation's escalate, which always told the leads) e-mails the organisation's
  safeguarding leads after the commit that raised it (`after_raising`, called by services.raise_concern_in).
  `Concern.leads_told_at` is claimed as it is sent, so they are told once.
- On the console home: leads see the open concerns no lead has opened yet (`leads_panel`).
- After an hour that no lead has opened it: the scheduler's DUE hook (harbour/safeguarding/tasks.py
  `enqueue_due`) claims `Concern.unopened_alert_at` and enqueues the task `email_unopened`, which tells
  the deputies and the managers (and the leads again), once. The deputies hold the leads' capabilities, so
  "the leads" at once are every member who can handle concerns, deputies included; the hour's e-mail adds
  the managers (Capability.COUNT_CONCERNS), who get no link, as they cannot read it.

The member an allegation or a low-level concern names is never told of it. Each e-mail is audited
(`safeguarding.leads_alerted`, `safeguarding.unopened_alerted`) with the addresses, never the content.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.jobs.claims import claim
from harbour.lib.bidi import isolate
from harbour.safeguarding import access
from harbour.safeguarding.models import HIGH_SEVERITY, Concern, Source, Status

logger = logging.getLogger(__name__)

UNOPENED_AFTER = timedelta(hours=1)  # then the deputies and the managers are told

RAISED_BY_HARBOUR = {
    Source.SCREENING: "Harbour's screening",
    Source.GROOMING_TRACKER: "Harbour's grooming tracker",
}


def tells_leads_at_once(concern: Concern) -> bool:
    return concern.severity >= HIGH_SEVERITY or concern.immediate_danger or concern.source == Source.ESCALATED


def after_raising(concern: Concern, *, always: bool = False) -> None:
    """Inside the transaction that raised `concern` (or handed it over again: `always`): tell the leads once
    it commits, if it is that serious. They are told once whatever happens next (leads_told_at)."""
    if always or tells_leads_at_once(concern):
        transaction.on_commit(partial(tell_leads, concern.pk))


def _members(concern: Concern, capability: Capability):
    return (
        Membership.objects.filter(organisation_id=concern.organisation_id)
        .active()
        .able_to(capability)
        .exclude(pk=concern.about_member_id)  # never the member it names
        .select_related("user")
    )


def leads_of(concern: Concern) -> list[str]:
    return sorted({m.user.email for m in _members(concern, Capability.HANDLE_CONCERNS)})


def _who_raised(concern: Concern) -> str:
    if concern.raised_by_id is None:
        return RAISED_BY_HARBOUR.get(concern.source, "Harbour")
    user = concern.raised_by.user
    return isolate(user.full_name or user.email)


def link_to(concern: Concern) -> str:
    """The concern's address: the site's own origin (the first of CSRF_TRUSTED_ORIGINS) when one is set."""
    path = reverse("safeguarding:concern", args=[concern.pk])
    origins = settings.CSRF_TRUSTED_ORIGINS
    return f"{origins[0].rstrip('/')}{path}" if origins else path


def _what(concern: Concern) -> str:
    """The one line about the concern an e-mail may carry: who raised it, and its category."""
    what = (
        f"concern #{concern.pk}: {concern.get_category_display()}, "
        f"severity {concern.get_severity_display().lower()}."
    )
    if concern.source == Source.ESCALATED:
        return f"{_who_raised(concern)} escalated an inbox item to safeguarding as {what}"
    return f"{_who_raised(concern)} raised {what}"


DANGER = "It is marked as immediate danger: if a child is in danger now, call 999 first, then read the concern.\n\n"
NOT_HERE = (
    "What the concern says is not in this e-mail on purpose: it is only in Harbour, where opening it asks "
    "you to confirm it's you.\n"
)


def leads_message(concern: Concern, to: list[str]) -> EmailMessage:
    body = (
        f"{_what(concern)}\n\n"
        + (DANGER if concern.immediate_danger else "")
        + f"Read it in Harbour: {link_to(concern)}\n\n"
        + NOT_HERE
    )
    subject = f"A safeguarding concern needs a lead in {isolate(concern.organisation.name)}"
    return EmailMessage(subject=subject, body=body, to=to)


def tell_leads(concern_id: int) -> list[str]:
    """E-mail the leads about a concern just raised, once (claimed on leads_told_at and sent in the same
    transaction, so a refused e-mail leaves it unclaimed); returns who was told. After the commit that
    raised it, so a failure is logged (by number only) rather than undoing the concern: the hour's alert
    still tells the leads, the deputies and the managers if nobody opens it."""
    try:
        with transaction.atomic(durable=True):
            concern = Concern.objects.select_related("organisation", "raised_by__user").get(pk=concern_id)
            to = leads_of(concern)
            if not to or not claim(
                Concern, concern.pk, when={"leads_told_at": None}, change={"leads_told_at": timezone.now()}
            ):
                return []
            leads_message(concern, to).send()
            record(
                "safeguarding.leads_alerted",
                organisation=concern.organisation,
                obj=concern,
                detail={"sent_to": to},
            )
            return to
    except Exception:
        logger.exception("Could not e-mail the safeguarding leads about concern %s", concern_id)
        return []


# Unopened for an hour


def due_unopened(now) -> list[int]:
    """Open concerns no lead has opened within UNOPENED_AFTER, not alerted about yet."""
    return list(
        Concern.objects.filter(
            status=Status.OPEN,
            first_opened_at__isnull=True,
            unopened_alert_at__isnull=True,
            raised_at__lte=now - UNOPENED_AFTER,
        ).values_list("pk", flat=True)
    )


def claim_unopened(pk: int, now) -> bool:
    """Claim the hour's alert about concern `pk` (inside the transaction that enqueues its e-mail: tasks.py)."""
    return claim(
        Concern,
        pk,
        when={"unopened_alert_at": None, "first_opened_at": None, "status": Status.OPEN},
        change={"unopened_alert_at": now},
    )


def unopened_recipients(concern: Concern) -> tuple[list[str], list[str]]:
    """(who may read it: the leads and deputies; who may not: the managers, who count concerns)."""
    readers = leads_of(concern)
    others = sorted({m.user.email for m in _members(concern, Capability.COUNT_CONCERNS)} - set(readers))
    return readers, others


def unopened_messages(concern: Concern) -> list[EmailMessage]:
    readers, others = unopened_recipients(concern)
    subject = (
        f"A safeguarding concern has not been opened for an hour in {isolate(concern.organisation.name)}"
    )
    danger = DANGER if concern.immediate_danger else ""
    messages = []
    if readers:
        body = (
            f"{_what(concern)}\n\nNo safeguarding lead has opened it in the hour since. {danger}"
            f"Read it in Harbour now, or make sure a lead or deputy does: {link_to(concern)}\n\n{NOT_HERE}"
        )
        messages.append(EmailMessage(subject=subject, body=body, to=readers))
    if others:
        body = (
            f"{_what(concern)}\n\nNo safeguarding lead has opened it in the hour since. {danger}"
            "You cannot read concerns in Harbour: ring your safeguarding lead or deputy now so that one of "
            "them opens it.\n\n"
            "Nothing the concern says is in this e-mail.\n"
        )
        messages.append(EmailMessage(subject=subject, body=body, to=others))
    return messages


@transaction.atomic(durable=True)
def email_unopened(concern_id: int) -> list[str]:
    """Send the hour's alert (claimed by enqueue_due) unless a lead has opened the concern since; audited."""
    concern = Concern.objects.select_related("organisation", "raised_by__user").filter(pk=concern_id).first()
    if concern is None or concern.first_opened_at is not None or concern.status != Status.OPEN:
        return []
    sent = []
    for message in unopened_messages(concern):
        message.send()
        sent += message.to
    if sent:
        record(
            "safeguarding.unopened_alerted",
            organisation=concern.organisation,
            obj=concern,
            detail={"sent_to": sorted(sent)},
        )
    return sorted(sent)


# The console home


def leads_panel(request) -> dict | None:
    """Open concerns that no lead has opened yet, for a lead's home page (harbour/console/panels.py)."""
    waiting = (
        access.readable_concerns(request.membership)
        .filter(status=Status.OPEN, first_opened_at__isnull=True)
        .order_by("-immediate_danger", "-severity", "raised_at", "pk")
    )
    count = waiting.count()
    if not count:
        return None
    return {"count": count, "concerns": list(waiting[:10])}
