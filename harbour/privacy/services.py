"""Subject access and erasure requests (docs/privacy.md), each change in one transaction with its audit
event. Retention's review is in retention.py.

A subject access request is never fulfilled automatically: a manager (HANDLE_DATA_REQUESTS) opens it; where
the person has a safeguarding record or a never-publish flag, a safeguarding lead (HANDLE_CONCERNS) reviews that part first and may
withhold items, each with its exemption (docs/safeguarding.md rule 31), then says the review is done; only
then can the manager download the export (JSON or PDF, each download audited) and close the request with the
date it was sent.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.consent import services as consent_services
from harbour.consent.models import ConsentRecord, Decision, MediaAsset, Person
from harbour.consent.takedowns import live_publications
from harbour.lib.bidi import isolate
from harbour.privacy import export, pdf
from harbour.privacy.models import (
    REASON_LENGTH,
    REQUESTER_LENGTH,
    AccessState,
    ErasureRequest,
    Exemption,
    SubjectAccessRequest,
    Withholding,
)
from harbour.safeguarding import retention as concern_retention
from harbour.safeguarding.models import Concern

MANAGERS_ONLY = "Only a manager handles subject access and erasure requests."
LEADS_ONLY = "Only a safeguarding lead reviews the safeguarding part of a subject access request."
FORMATS = ("json", "pdf")


def _clean_request(organisation: Organisation, person: Person, requester, received_on) -> str:
    if person.organisation_id != organisation.pk:
        raise NotAllowed("Choose a person from your own organisation's register.")
    requester = str(requester or "").strip()
    if not requester:
        raise ValueError("Enter who made the request.")
    if len(requester) > REQUESTER_LENGTH:
        raise ValueError(f"Keep who made the request to {REQUESTER_LENGTH} characters or fewer.")
    if received_on is None:
        raise ValueError("Enter the date the request was received.")
    if received_on > timezone.localdate():
        raise ValueError("The date the request was received cannot be in the future.")
    return requester


@transaction.atomic(durable=True)
def open_access_request(
    organisation: Organisation, *, by: Membership, person: Person, requester: str, received_on: datetime.date
) -> SubjectAccessRequest:
    require(by, Capability.HANDLE_DATA_REQUESTS, organisation.pk, MANAGERS_ONLY)
    requester = _clean_request(organisation, person, requester, received_on)
    request = SubjectAccessRequest.objects.create(
        organisation=organisation,
        person=person,
        requester=requester,
        received_on=received_on,
        state=AccessState.LEAD_REVIEW if export.needs_lead_review(person) else AccessState.READY,
        opened_by=by,
    )
    record(
        "privacy.access_opened",
        by=by.user,
        obj=request,
        detail={"person": person.pk, "status": request.state},
    )
    if request.state == AccessState.LEAD_REVIEW:
        message = _leads_message(request)
        transaction.on_commit(message.send, robust=True)  # a refused e-mail leaves the request standing
    return request


def _leads_message(request: SubjectAccessRequest) -> EmailMessage:
    """The safeguarding leads told that a request waits for their review: its number and link, never whose."""
    path = reverse("privacy:lead_review", kwargs={"pk": request.pk})
    origins = settings.CSRF_TRUSTED_ORIGINS
    link = f"{origins[0].rstrip('/')}{path}" if origins else path
    return EmailMessage(
        subject=f"A subject access request needs a safeguarding lead's review in {isolate(request.organisation.name)}",
        body=(
            f"{request.audit_label()} is about someone with a safeguarding record or a do-not-publish flag. Before the export is made, a "
            f"safeguarding lead reviews that part and may withhold items, with the exemption.\n{link}\n\n"
            "Who it is about is not in this e-mail, on purpose.\n"
        ),
        to=concern_retention.leads_of(request.organisation_id),
    )


def _for_lead(request: SubjectAccessRequest, by: Membership) -> SubjectAccessRequest:
    require(by, Capability.HANDLE_CONCERNS, request.organisation_id, LEADS_ONLY)
    current = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if current.state != AccessState.LEAD_REVIEW:
        raise NotAllowed("The safeguarding review of this request is finished.")
    return current


def review_items(request: SubjectAccessRequest, by: Membership) -> list[dict]:
    """The safeguarding items for the lead's review, each with `withheld` (its Withholding or None). A concern
    the lead may not read (an allegation about them) cannot be reviewed by them: NotAllowed."""
    require(by, Capability.HANDLE_CONCERNS, request.organisation_id, LEADS_ONLY)
    items = export.safeguarding_items(request.person)
    about_them = set(
        Concern.objects.filter(organisation_id=request.organisation_id, about_member=by).values_list(
            "pk", flat=True
        )
    )
    if any(item["key"] in {f"concern:{pk}" for pk in about_them} for item in items):
        raise NotAllowed("A concern in this record is about you: another safeguarding lead must review it.")
    withheld = {w.item: w for w in request.withheld.select_related("by__user")}
    return [
        {
            **item,
            "withheld": withheld.get(item["key"]),
            "fields": [(pdf.label(k), v) for k, v in item["data"].items()],
        }
        for item in items
    ]


@transaction.atomic(durable=True)
def withhold(
    request: SubjectAccessRequest, *, by: Membership, item: str, exemption: str, note: str = ""
) -> Withholding:
    current = _for_lead(request, by)
    if item not in {i["key"] for i in review_items(current, by)}:
        raise NotAllowed("Choose an item of this person's safeguarding record.")
    if exemption not in Exemption.values:
        raise ValueError("Choose the exemption that applies.")
    note = str(note or "").strip()
    if len(note) > REASON_LENGTH:
        raise ValueError(f"Keep the note to {REASON_LENGTH:,} characters or fewer.")
    if current.withheld.filter(item=item).exists():
        raise NotAllowed("This item is already withheld.")
    withholding = Withholding.objects.create(
        organisation_id=current.organisation_id,
        request=current,
        item=item,
        exemption=exemption,
        note=note,
        by=by,
    )
    record("privacy.access_withheld", by=by.user, obj=current, detail={"kind": item, "reason": exemption})
    return withholding


@transaction.atomic(durable=True)
def release(request: SubjectAccessRequest, *, by: Membership, item: str) -> None:
    current = _for_lead(request, by)
    deleted, _ = current.withheld.filter(item=item).delete()
    if not deleted:
        raise NotAllowed("This item is not withheld.")
    record("privacy.access_released", by=by.user, obj=current, detail={"kind": item})


@transaction.atomic(durable=True)
def finish_review(request: SubjectAccessRequest, *, by: Membership) -> SubjectAccessRequest:
    current = _for_lead(request, by)
    review_items(current, by)  # refuses a lead a concern is about
    current.state, current.reviewed_by, current.reviewed_at = AccessState.READY, by, timezone.now()
    current.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    record("privacy.access_reviewed", by=by.user, obj=current, detail={"items": current.withheld.count()})
    return current


@transaction.atomic(durable=True)
def make_export(request: SubjectAccessRequest, *, by: Membership, kind: str) -> bytes:
    """The export as JSON or PDF bytes, for download; audited each time."""
    require(by, Capability.HANDLE_DATA_REQUESTS, request.organisation_id, MANAGERS_ONLY)
    current = SubjectAccessRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if kind not in FORMATS:
        raise ValueError("Choose JSON or PDF.")
    if current.state == AccessState.LEAD_REVIEW:
        raise NotAllowed("A safeguarding lead must review the safeguarding part before the export is made.")
    data = export.build(current)
    body = export.as_json(data) if kind == "json" else pdf.render(data)
    if current.exported_at is None:
        current.exported_at = timezone.now()
        current.save(update_fields=["exported_at"])
    record("privacy.access_exported", by=by.user, obj=current, detail={"kind": kind, "bytes": len(body)})
    return body


@transaction.atomic(durable=True)
def close_access_request(
    request: SubjectAccessRequest, *, by: Membership, sent_on: datetime.date
) -> SubjectAccessRequest:
    require(by, Capability.HANDLE_DATA_REQUESTS, request.organisation_id, MANAGERS_ONLY)
    current = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if current.state == AccessState.SENT:
        raise NotAllowed("This request is already closed.")
    if current.exported_at is None:
        raise NotAllowed("Download the export before closing the request.")
    if not isinstance(sent_on, datetime.date) or sent_on > timezone.localdate():
        raise ValueError("Enter the date it was sent: today or earlier.")
    if sent_on < current.received_on:
        raise ValueError("The date it was sent cannot be before the request was received.")
    current.state, current.sent_on, current.closed_by = AccessState.SENT, sent_on, by
    current.save(update_fields=["state", "sent_on", "closed_by"])
    record("privacy.access_closed", by=by.user, obj=current, detail={"day": sent_on.isoformat()})
    return current


# Erasure

SAFEGUARDING_KEPT = (
    "Safeguarding records, if there are any",
    (
        "Kept under the organisation's safeguarding retention rule, and longer under any legal hold: the right to "
        "erasure does not apply where the law requires them to be kept or they are needed for a legal claim "
        "(UK GDPR Article 17(3)(b) and (e))."
    ),
)
REQUEST_KEPT = (
    "A record of this request: who asked, when, and this statement",
    "Kept to show that we did what you asked (UK GDPR Article 5(2)).",
)
AUDIT_KEPT = (
    "The audit log of what was done in Harbour",
    "Kept: it shows who did what and when, and names people only by a number, never by name.",
)


def statement(facts: dict, requester: str) -> dict:
    """What was erased and what was kept and why, in words for the requester."""
    erased = [
        "Your name, date of birth or age band, contact details, role, notes and groups in the consent register.",
    ]
    kept = []
    if facts["withdrawn"]:
        erased.append(
            f"{len(facts['withdrawn'])} consents were withdrawn, so nothing can use your image or name again."
        )
    if facts["evidence_cleared"]:
        erased.append(f"{len(facts['evidence_cleared'])} consent forms or signatures were deleted.")
    if facts["evidence_kept"]:
        kept.append(
            (
                f"{len(facts['evidence_kept'])} records of a refusal or a withdrawal, with their evidence",
                "Kept so that the refusal or withdrawal goes on being honoured.",
            )
        )
    if facts["requests"]:
        erased.append(
            "The e-mail addresses consent requests were sent to; requests waiting for an answer were cancelled."
        )
    if facts["media_archived"]:
        erased.append(f"{len(facts['media_archived'])} photographs or videos showing you were deleted.")
    if facts["media_kept"]:
        kept.append(
            (
                f"{len(facts['media_kept'])} photographs or videos in posts still online",
                "Kept until the posts are taken down (see below); then they are deleted on review.",
            )
        )
    if facts["takedowns"]:
        kept.append(
            (
                f"{len(facts['takedowns'])} posts that are online now",
                (
                    "They are being taken down from the platforms; we do this within a day, by hand where a "
                    "platform does not let us delete them."
                ),
            )
        )
    kept.append(
        (
            'A numbered entry, "Erased person", and the record of which posts used it',
            "Kept without your name, so that the posts taken down can be tracked and nothing is used again.",
        )
    )
    kept += [SAFEGUARDING_KEPT, AUDIT_KEPT, REQUEST_KEPT]
    return {"requester": requester, "erased": erased, "kept": [list(k) for k in kept]}


@transaction.atomic(durable=True)
def erase(
    organisation: Organisation, *, by: Membership, person: Person, requester: str, received_on: datetime.date
) -> ErasureRequest:
    """Erasure on request: consent.services.erase_person removes what may be removed; safeguarding records
    stay under their own retention (harbour/safeguarding/retention.py) and legal hold; the audit log stays.
    The statement says what was erased and what was kept and why."""
    require(by, Capability.HANDLE_DATA_REQUESTS, organisation.pk, MANAGERS_ONLY)
    requester = _clean_request(organisation, person, requester, received_on)
    facts = consent_services.erase_person(person, by=by)
    request = ErasureRequest.objects.create(
        organisation=organisation,
        person=person,
        requester=requester,
        received_on=received_on,
        done_by=by,
        statement=statement(facts, requester),
    )
    record(
        "privacy.erased",
        by=by.user,
        obj=request,
        detail={"person": person.pk, "items": len(facts["withdrawn"]) + len(facts["media_archived"])},
    )
    return request


def erasure_preview(person: Person) -> dict:
    """What erasing the person would touch, counted before the manager confirms (nothing is written)."""
    consents = ConsentRecord.objects.filter(Q(person=person) | Q(given_by=person))
    return {
        "consents": consents.filter(decision=Decision.GIVEN, withdrawn_at__isnull=True).count(),
        "kept": consents.filter(Q(decision=Decision.REFUSED) | Q(withdrawn_at__isnull=False)).count(),
        "live_posts": live_publications(person).count(),
        "media": MediaAsset.objects.filter(tags__person=person).exclude(file="").distinct().count(),
    }


def safeguarding_kept(person: Person) -> list[dict]:
    """For the manager's page, not the requester: how many of the person's concerns stay and until when
    (their review date under the concerns' rule, or a legal hold). Numbers and dates, never content."""
    young = person.safeguarding_record
    if young is None:
        return []
    rule = concern_retention.rule_for(person.organisation_id)
    return [
        {
            "label": c.audit_label(),
            "held": c.held_at is not None,
            "review": concern_retention.review_date(c, rule),
        }
        for c in Concern.objects.filter(young_person=young).order_by("pk")
    ]
