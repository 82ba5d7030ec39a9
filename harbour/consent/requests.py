"""Consent requests: a link sent by email to a parent or carer (or to the person themselves) to give or
refuse consent on a public page, without an account (issue 21; docs/consent.md).

The token is in the link only (secrets.token_urlsafe(32)); the database keeps its SHA-256. A link is valid
for VALID_FOR, answers once (services.record_consent claims it in the answer's own transaction) and, after
the answer, lets whoever holds it withdraw the consent it gave. Each request, resend, cancellation and
answer is audited; the email goes once the request is committed, as invitations do.
"""

import datetime
import hashlib
import logging
import secrets
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.models import Channel
from harbour.consent import services
from harbour.consent.models import (
    ConsentRecord,
    ConsentRequest,
    Decision,
    EvidenceKind,
    Guardianship,
    Person,
    RequestState,
    Use,
)
from harbour.consent.rules import never_published
from harbour.lib.bidi import isolate

logger = logging.getLogger(__name__)

VALID_FOR = datetime.timedelta(days=14)


class EmailNotSent(Exception):
    """The request stands, but its email could not be sent; the message says what to do. `.link` is the
    link, for the member to pass on another way."""

    link = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_link(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("consent_public:answer", args=[token])


def _new_token(request: ConsentRequest) -> str:
    token = secrets.token_urlsafe(32)
    request.token_hash = hash_token(token)
    request.expires_at = timezone.now() + VALID_FOR
    return token


def _require_keeper(by: Membership, organisation_id: int) -> None:
    require(
        by,
        Capability.MANAGE_CONSENT,
        organisation_id,
        "Only managers, safeguarding leads and authors can send consent requests.",
    )


def recipients(person: Person) -> list[Person]:
    """Who a request about `person` may go to: the person themselves and their parents and carers."""
    guardians = [
        link.guardian for link in Guardianship.objects.filter(child=person).select_related("guardian")
    ]
    return [person, *guardians]


def _refuse_if_never_publish(person: Person) -> None:
    """No request goes out about someone who must never be published: contacting their family could itself
    harm them (a looked-after or adopted child, a court order), and no answer could let them be shown."""
    if never_published([person.pk]):
        raise NotAllowed(
            f"{isolate(person.full_name)} is flagged do not publish, so no consent request can be sent about them."
        )


def send_request(
    person: Person,
    *,
    by: Membership,
    sent_to: Person,
    uses,
    channels=(),
    expires_consent: datetime.date | None = None,
    message: str = "",
    base_url: str,
) -> tuple[ConsentRequest, str]:
    """A new request, emailed once committed; returns (request, link). NotAllowed with a sentence for bad
    input; EmailNotSent (the request stands) if the mail server refuses."""
    _require_keeper(by, person.organisation_id)
    uses = list(dict.fromkeys(uses))
    channels = list(channels)
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request.")
    _refuse_if_never_publish(person)
    if sent_to.organisation_id != person.organisation_id or sent_to.pk not in {
        p.pk for p in recipients(person)
    }:
        raise NotAllowed("Send the request to the person themselves or to a parent or carer linked to them.")
    if not sent_to.email:
        raise NotAllowed(
            f"{isolate(sent_to.full_name)} has no email address in the register. Add one to their details first."
        )
    if not uses or any(use not in Use.values for use in uses):
        raise NotAllowed("Choose what you are asking consent for.")
    if any(channel.organisation_id != person.organisation_id for channel in channels):
        raise NotAllowed("Choose channels from your own organisation.")
    if expires_consent is not None and expires_consent <= timezone.localdate():
        raise NotAllowed("The date the consent ends must be in the future.")
    with transaction.atomic(durable=True):
        request = ConsentRequest(
            organisation_id=person.organisation_id,
            person=person,
            sent_to=sent_to,
            email=sent_to.email,
            uses=uses,
            all_channels=not channels,
            expires_consent=expires_consent,
            message=message.strip(),
            created_by=by,
        )
        token = _new_token(request)
        request.save()
        request.channels.set(channels)
        record(
            "consent.request_sent",
            by=by.user,
            obj=request,
            detail={"person": person.pk, "sent_to": sent_to.pk, "kind": uses},
        )
    link = request_link(token, base_url)
    _send(request, link)
    return request, link


def resend_request(request: ConsentRequest, *, by: Membership, base_url: str) -> str:
    """A new link (the old one stops working) valid for VALID_FOR again, emailed once committed."""
    _require_keeper(by, request.organisation_id)
    with transaction.atomic(durable=True):
        request = ConsentRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != RequestState.SENT:
            raise NotAllowed("This request has been answered or cancelled, so it cannot be sent again.")
        _refuse_if_never_publish(request.person)
        token = _new_token(request)
        request.save(update_fields=["token_hash", "expires_at"])
        record("consent.request_resent", by=by.user, obj=request, detail={"sent_to": request.sent_to_id})
    link = request_link(token, base_url)
    _send(request, link)
    return link


@transaction.atomic(durable=True)
def cancel_request(request: ConsentRequest, *, by: Membership) -> ConsentRequest:
    _require_keeper(by, request.organisation_id)
    request = ConsentRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.SENT:
        raise NotAllowed("This request has already been answered or cancelled.")
    request.state = RequestState.CANCELLED
    request.save(update_fields=["state"])
    record("consent.request_cancelled", by=by.user, obj=request)
    return request


def find_request(token: str) -> ConsentRequest | None:
    """The request this link's token names, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    return (
        ConsentRequest.objects.select_related("organisation", "person", "sent_to")
        .filter(token_hash=hash_token(token))
        .first()
    )


def is_open(request: ConsentRequest) -> bool:
    """Waiting for an answer and not expired."""
    return request.state == RequestState.SENT and request.expires_at > timezone.now()


def answer(request: ConsentRequest, *, decisions: dict[str, str], signed_name: str) -> list[ConsentRecord]:
    """The answer given through the link: one consent record per use, from today, on the request's channels,
    with the request and the typed name as evidence (services.record_consent claims the link once)."""
    if set(decisions) != set(request.uses):
        raise NotAllowed("Answer yes or no for each thing we asked about.")
    if any(decision not in Decision.values for decision in decisions.values()):
        raise NotAllowed("Answer yes or no for each thing we asked about.")
    if not signed_name.strip():
        raise NotAllowed("Type your full name to sign your answer.")
    return services.record_consent(
        request.person,
        by=None,
        request=request,
        given_by=request.sent_to,
        decisions={use: decisions[use] for use in request.uses},
        starts=timezone.localdate(),
        expires=request.expires_consent,
        channels=list(request.channels.all()) if not request.all_channels else None,
        evidence_kind=EvidenceKind.REQUEST,
        signed_name=signed_name,
    )


def given_through(request: ConsentRequest):
    """The consent records this request's answer made."""
    return ConsentRecord.objects.filter(evidence__request=request).order_by("pk")


def withdrawable(request: ConsentRequest):
    """The consents its answer gave that are still in force (not withdrawn, not expired)."""
    return given_through(request).in_force_on(timezone.localdate()).filter(decision=Decision.GIVEN)


def withdraw(request: ConsentRequest, consent: ConsentRecord, *, note: str = "") -> ConsentRecord:
    """Withdrawn by whoever holds the link (services.withdraw_consent checks it gave this consent)."""
    if consent.organisation_id != request.organisation_id:
        raise NotAllowed("Only consent given through this link can be withdrawn through it.")
    return services.withdraw_consent(consent, by=None, request=request, note=note)


def _send(request: ConsentRequest, link: str) -> None:
    context = {
        "request": request,
        "link": link,
        "organisation": request.organisation,
        "about_self": request.sent_to_id == request.person_id,
        "uses": [Use(use).label for use in request.uses],
        "channels": channel_names(request),
        "valid_until": timezone.localtime(request.expires_at),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("consent/email/request.txt", context)
    subject = f"{isolate(request.organisation.name)} asks for your consent"
    try:
        send_mail(subject, body, None, [request.email])
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Could not email consent request %s", request.pk, exc_info=True)
        failure = EmailNotSent(
            f"The request to {isolate(request.sent_to.full_name)} is saved, but the email could not be sent. "
            "Use Send again on their page in a few minutes; if it fails again, tell your Harbour administrator."
        )
        failure.link = link
        raise failure from error


def channel_names(request: ConsentRequest) -> list[str]:
    """The channels it asks about; empty: all of them."""
    if request.all_channels:
        return []
    return list(Channel.objects.filter(pk__in=request.channels.all()).values_list("display_name", flat=True))
