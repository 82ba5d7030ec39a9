"""Every change to the planning records: one durable transaction each, with its audit event.

`by` is always the acting Membership. Engagement plans (the organisation's and each channel's) are a
manager's to change (Capability.MANAGE_CHANNELS); the organisation's policies too
(Capability.EDIT_ORGANISATION, as the code of conduct is). Everyone who can see channels reads them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.channels.models import Channel
from harbour.lib.limits import too_long
from harbour.planning import documents
from harbour.planning.models import (
    NAMED_BY_GUIDANCE,
    EngagementPlan,
    Policy,
    PolicyKind,
    Resource,
    review_state,
)

PLAN_FIELDS = ("aims", "objectives", "audience", "success_measures")
PLAN_WORDS = {
    "aims": "the aims",
    "objectives": "the objectives",
    "audience": "who it is for",
    "success_measures": "how success is measured",
}


def _check_length(model, name: str, value) -> None:
    if problem := too_long(model, name, value):
        raise NotAllowed(problem)


def _check_review_date(value) -> None:
    if not isinstance(value, date):
        raise NotAllowed("Enter the review date.")


# Engagement plans


@transaction.atomic(durable=True)
def save_plan(
    organisation: Organisation, values: dict, *, by: Membership, channel: Channel | None = None
) -> EngagementPlan:
    """Write the organisation's plan (no channel) or the channel's, making it the first time."""
    require(by, Capability.MANAGE_CHANNELS, organisation.pk, "Only a manager can change an engagement plan.")
    if channel is not None and channel.organisation_id != organisation.pk:
        raise NotAllowed("You can only plan your own organisation's channels.")
    for name in PLAN_FIELDS:
        value = (values.get(name) or "").strip()
        if not value:
            raise NotAllowed(f"Enter {PLAN_WORDS[name]}.")
        _check_length(EngagementPlan, name, value)
    _check_review_date(values.get("review_date"))
    plan = (
        EngagementPlan.objects.select_for_update().filter(organisation=organisation, channel=channel).first()
    )
    created = plan is None
    if created:
        plan = EngagementPlan(organisation=organisation, channel=channel)
    changed = [
        name
        for name in (*PLAN_FIELDS, "review_date")
        if created or getattr(plan, name) != (values[name].strip() if name in PLAN_FIELDS else values[name])
    ]
    if not changed:
        return plan
    for name in PLAN_FIELDS:
        setattr(plan, name, values[name].strip())
    plan.review_date = values["review_date"]
    plan.updated_by, plan.updated_at = by.user, timezone.now()
    plan.save()
    record(
        "planning.plan_saved",
        by=by.user,
        obj=plan,
        detail={
            "channel": channel.pk if channel else None,
            "changed": changed,
            "due": plan.review_date.isoformat(),
        },
    )
    return plan


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise NotAllowed("Enter the hours a week as a number, like 6 or 2.5.") from None
    if not Decimal(0) < hours <= Decimal(168):
        raise NotAllowed("The hours a week must be more than 0 and at most 168.")
    return hours


@transaction.atomic(durable=True)
def add_resource(plan: EngagementPlan, who: str, hours, *, by: Membership) -> Resource:
    require(
        by, Capability.MANAGE_CHANNELS, plan.organisation_id, "Only a manager can change an engagement plan."
    )
    who = (who or "").strip()
    if not who:
        raise NotAllowed("Enter who will do the work: a person or a role.")
    _check_length(Resource, "who", who)
    resource = Resource.objects.create(plan=plan, who=who, hours_per_week=_hours(hours))
    record(
        "planning.resource_added",
        by=by.user,
        obj=plan,
        detail={"name": who, "hours": float(resource.hours_per_week)},
    )
    return resource


@transaction.atomic(durable=True)
def remove_resource(resource: Resource, *, by: Membership) -> None:
    plan = resource.plan
    require(
        by, Capability.MANAGE_CHANNELS, plan.organisation_id, "Only a manager can change an engagement plan."
    )
    who, hours = resource.who, float(resource.hours_per_week)
    resource.delete()
    record("planning.resource_removed", by=by.user, obj=plan, detail={"name": who, "hours": hours})


# Policies


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if urlsplit(url).scheme.lower() != "https":
        raise NotAllowed("Enter the policy's address starting with https://")
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise NotAllowed(
            "Enter the policy's address in full, like https://www.example.org/safeguarding"
        ) from None
    _check_length(Policy, "url", url)
    return url


def _policy_values(values: dict) -> tuple[str, str, str, date]:
    kind = values.get("kind")
    if kind not in PolicyKind.values:
        raise NotAllowed("Choose which policy this is.")
    title = (values.get("title") or "").strip()
    if not title:
        raise NotAllowed("Enter the policy's title.")
    _check_length(Policy, "title", title)
    _check_review_date(values.get("review_date"))
    return kind, title, _check_url(values.get("url", "")), values["review_date"]


@transaction.atomic(durable=True)
def add_policy(organisation: Organisation, values: dict, *, by: Membership, upload=None) -> Policy:
    """A policy as a link (https) or an uploaded PDF or Word document, with its review date."""
    require(by, Capability.EDIT_ORGANISATION, organisation.pk, "Only a manager can change the policies.")
    kind, title, url, review_date = _policy_values(values)
    if bool(url) == bool(upload):
        raise NotAllowed("Give the policy's address or upload the document: one of the two.")
    policy = Policy(
        organisation=organisation,
        kind=kind,
        title=title,
        url=url,
        review_date=review_date,
        updated_by=by.user,
        updated_at=timezone.now(),
    )
    if upload is not None:
        try:
            documents_stored = _save_document(policy, upload)
        except documents.BadUpload as error:
            raise NotAllowed(str(error)) from None
    else:
        documents_stored = None
    try:
        policy.save()
        record(
            "planning.policy_added",
            by=by.user,
            obj=policy,
            detail={"kind": kind, "name": title, "due": review_date.isoformat(), "file": bool(upload)},
        )
    except Exception:
        _discard(documents_stored)  # the stored file goes with the row that was never written
        raise
    return policy


def _save_document(policy: Policy, upload):
    clean = documents.check_document(upload)
    name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1][-200:]
    policy.document.save(name, clean, save=False)
    policy.document_name = name
    return policy.document.storage, policy.document.name


def _discard(stored) -> None:
    if stored:
        storage, name = stored
        storage.delete(name)


@transaction.atomic(durable=True)
def change_policy(policy: Policy, values: dict, *, by: Membership, upload=None) -> Policy:
    """Change a policy's details; a new link replaces a document, and a new document replaces either."""
    require(
        by, Capability.EDIT_ORGANISATION, policy.organisation_id, "Only a manager can change the policies."
    )
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    kind, title, url, review_date = _policy_values(values)
    if url and upload is not None:
        raise NotAllowed("Give the policy's address or upload the document: one of the two.")
    if not url and upload is None and not policy.document:
        raise NotAllowed("Give the policy's address or upload the document: one of the two.")
    old_document = policy.document.name if policy.document else ""
    storage = policy.document.storage
    stored = None
    if upload is not None:
        try:
            stored = _save_document(policy, upload)
        except documents.BadUpload as error:
            raise NotAllowed(str(error)) from None
    elif url:
        policy.document, policy.document_name = "", ""
    changed = [
        name
        for name, value in (("kind", kind), ("title", title), ("url", url), ("review_date", review_date))
        if getattr(policy, name) != value
    ] + (["document"] if stored or (url and old_document) else [])
    if not changed:
        return policy
    policy.kind, policy.title, policy.url, policy.review_date = kind, title, url, review_date
    policy.updated_by, policy.updated_at = by.user, timezone.now()
    try:
        policy.save()
        record(
            "planning.policy_changed",
            by=by.user,
            obj=policy,
            detail={"kind": kind, "changed": changed, "due": review_date.isoformat()},
        )
    except Exception:
        _discard(stored)
        raise
    if old_document and (stored or url):
        transaction.on_commit(lambda: storage.delete(old_document))
    return policy


@transaction.atomic(durable=True)
def remove_policy(policy: Policy, *, by: Membership) -> None:
    require(
        by, Capability.EDIT_ORGANISATION, policy.organisation_id, "Only a manager can change the policies."
    )
    document = policy.document.name if policy.document else ""
    storage = policy.document.storage
    detail = {"kind": policy.kind, "name": policy.title}
    record("planning.policy_removed", by=by.user, obj=policy, detail=detail)
    policy.delete()
    if document:
        transaction.on_commit(lambda: storage.delete(document))


# What is due


@dataclass
class Due:
    what: str  # "Safeguarding policy", "Engagement plan: Youth Voice demo feed"
    url: str
    review_date: date
    state: str  # overdue or due_soon


def reviews_due(organisation: Organisation, today: date | None = None) -> list[Due]:
    """Plans and policies whose review is overdue or due within 30 days, overdue first, soonest first."""
    today = today or timezone.localdate()
    due = []
    for plan in EngagementPlan.objects.for_org(organisation).select_related("channel"):
        state = review_state(plan.review_date, today)
        if state != "current":
            what = (
                f"Engagement plan: {plan.channel.name}"
                if plan.channel_id
                else "The organisation's engagement plan"
            )
            url = (
                reverse("planning:channel_plan", args=[plan.channel_id])
                if plan.channel_id
                else reverse("planning:organisation_plan")
            )
            due.append(Due(what, url, plan.review_date, state))
    for policy in Policy.objects.for_org(organisation):
        state = review_state(policy.review_date, today)
        if state != "current":
            due.append(
                Due(
                    f"{policy.get_kind_display()} policy: {policy.title}",
                    reverse("planning:index") + f"#policy-{policy.pk}",
                    policy.review_date,
                    state,
                )
            )
    return sorted(due, key=lambda d: (d.state != "overdue", d.review_date))


def missing_policies(organisation: Organisation) -> list[str]:
    """The policies the guidance names that the organisation has not recorded, in words."""
    have = set(Policy.objects.for_org(organisation).values_list("kind", flat=True))
    return [PolicyKind(kind).label for kind in NAMED_BY_GUIDANCE if kind not in have]
