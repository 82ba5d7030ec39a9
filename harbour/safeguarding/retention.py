"""How long a concern is kept (docs/safeguarding.md rule 11, docs/concerns.md "Retention"): each
organisation's retention rule, each closed concern's review date, the legal hold, the review (keep for N more
years, or destroy: two leads), and the nightly job that tells the leads how many are due.

Nothing is deleted silently: a concern is destroyed only here (`confirm_destroy`), after a lead asked with a
reason and a second lead confirmed, and a tombstone (`DestroyedConcern`) keeps its number, category, dates,
who and why. Every other way of deleting a concern or its record is refused (models.DESTROYING).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.lib.bidi import isolate
from harbour.safeguarding import access
from harbour.safeguarding.models import (
    DESTROYING,
    TEXT_LENGTH,
    Concern,
    DestroyedConcern,
    RetentionBasis,
    RetentionRule,
    Status,
)

MAX_YEARS = 100
KEEP_MORE_MAX = 25


@dataclass(frozen=True)
class Rule:
    basis: str
    years_after_birth: int
    years_after_closing: int
    is_default: bool = False

    def __str__(self) -> str:
        if self.basis == RetentionBasis.BIRTH:
            return (
                f"{self.years_after_birth} years after the young person's date of birth "
                f"({self.years_after_closing} years after closing where none is on record)"
            )
        return f"{self.years_after_closing} years after the concern was closed"


# Without a rule: 25 years after closing. Long on purpose: a record destroyed too early cannot come back,
# one kept too long is reviewed and destroyed then.
DEFAULT = Rule(RetentionBasis.CLOSED, 25, 25, is_default=True)


def rule_for(organisation_id: int) -> Rule:
    row = RetentionRule.objects.filter(organisation_id=organisation_id).first()
    if row is None:
        return DEFAULT
    return Rule(row.basis, row.years_after_birth, row.years_after_closing)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_date(concern: Concern, rule: Rule) -> datetime.date | None:
    """When the concern is due for review: None while it is open or held. A review that kept it moves the
    date on (keep_until), never back."""
    if concern.status != Status.CLOSED or concern.held_at is not None or concern.closed_at is None:
        return None
    birth = concern.young_person.date_of_birth if concern.young_person_id else None
    if rule.basis == RetentionBasis.BIRTH and birth is not None:
        due = _add_years(birth, rule.years_after_birth)
    else:
        due = _add_years(timezone.localdate(concern.closed_at), rule.years_after_closing)
    return max(due, concern.keep_until) if concern.keep_until else due


def due_for_review(organisation_id: int, today: datetime.date | None = None) -> list[Concern]:
    """The organisation's closed, unheld concerns whose review date has come, oldest first. Every concern of
    the organisation, whoever may read it (the nightly count); the page filters by access."""
    today = today or timezone.localdate()
    rule = rule_for(organisation_id)
    closed = (
        Concern.objects.filter(organisation_id=organisation_id, status=Status.CLOSED, held_at__isnull=True)
        .select_related("young_person")
        .order_by("closed_at", "pk")
    )
    return [concern for concern in closed if review_date(concern, rule) <= today]


# The rule


def may_set_rule(by: Membership | None) -> bool:
    return (
        by is not None
        and by.is_active
        and (by.can(Capability.HANDLE_CONCERNS) or by.can(Capability.EDIT_ORGANISATION))
    )


def _years(value, name: str) -> int:
    try:
        years = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"Enter {name} as a whole number of years.") from None
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"Enter {name} between 1 and {MAX_YEARS} years.")
    return years


@transaction.atomic(durable=True)
def set_rule(
    organisation: Organisation, *, by: Membership, basis: str, years_after_birth, years_after_closing
) -> RetentionRule:
    """The organisation's retention rule, set by a safeguarding lead or a manager; audited."""
    if not may_set_rule(by) or by.organisation_id != organisation.pk:
        raise NotAllowed("Only a safeguarding lead or a manager sets how long concerns are kept.")
    try:
        basis = RetentionBasis(basis)
    except ValueError:
        raise ValueError("Choose what the retention period counts from.") from None
    fields = {
        "basis": basis,
        "years_after_birth": _years(years_after_birth, "the years after the date of birth"),
        "years_after_closing": _years(years_after_closing, "the years after closing"),
        "set_by": by,
        "set_at": timezone.now(),
    }
    rule, _ = RetentionRule.objects.update_or_create(organisation=organisation, defaults=fields)
    record(
        "safeguarding.retention_rule_set",
        by=by.user,
        organisation=organisation,
        detail={
            "basis": basis.value,
            "years_after_birth": fields["years_after_birth"],
            "years_after_closing": fields["years_after_closing"],
        },
    )
    return rule


# The legal hold and the review


def _readable(concern: Concern, by: Membership) -> Concern:
    require(by, Capability.HANDLE_CONCERNS, concern.organisation_id, "You cannot read this concern.")
    current = Concern.objects.select_for_update().filter(pk=concern.pk).first()
    if current is None or not access.can_read(by, current):
        raise NotAllowed("You cannot read this concern.")
    return current


def _reason(value, name: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValueError(f"Enter {name}.")
    if len(text) > TEXT_LENGTH:
        raise ValueError(f"Keep {name} to {TEXT_LENGTH:,} characters or fewer.")
    return text


@transaction.atomic(durable=True)
def set_hold(concern: Concern, *, by: Membership, reason: str) -> Concern:
    """A legal hold (a claim, an inquiry, a police investigation): never due for review until lifted."""
    current = _readable(concern, by)
    if current.held_at is not None:
        raise NotAllowed("This concern is already on hold.")
    reason = _reason(reason, "why it is held")
    Concern.objects.filter(pk=current.pk).update(
        held_at=timezone.now(),
        held_by=by,
        hold_reason=reason,
        destroy_requested_at=None,
        destroy_requested_by=None,
        destroy_reason="",
    )
    record("safeguarding.hold_set", by=by.user, organisation=current.organisation, obj=current)
    current.refresh_from_db()
    return current


@transaction.atomic(durable=True)
def lift_hold(concern: Concern, *, by: Membership, reason: str) -> Concern:
    current = _readable(concern, by)
    if current.held_at is None:
        raise NotAllowed("This concern is not on hold.")
    _reason(reason, "why the hold is lifted")
    Concern.objects.filter(pk=current.pk).update(held_at=None, held_by=None, hold_reason="")
    # The reason is the lead's to say here, not the audit log's: it may name the case.
    record("safeguarding.hold_lifted", by=by.user, organisation=current.organisation, obj=current)
    current.refresh_from_db()
    return current


def _due(current: Concern) -> None:
    day = review_date(current, rule_for(current.organisation_id))
    if day is None or day > timezone.localdate():
        raise NotAllowed("This concern is not due for review.")


@transaction.atomic(durable=True)
def keep(concern: Concern, *, by: Membership, years, reason: str) -> Concern:
    """Reviewed and kept for `years` more: its review date moves on; a pending request to destroy it ends."""
    current = _readable(concern, by)
    _due(current)
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise ValueError("Enter how many more years to keep it.") from None
    if not 1 <= years <= KEEP_MORE_MAX:
        raise ValueError(f"Keep it for between 1 and {KEEP_MORE_MAX} more years.")
    _reason(reason, "why it is kept")
    until = _add_years(timezone.localdate(), years)
    Concern.objects.filter(pk=current.pk).update(
        keep_until=until, destroy_requested_at=None, destroy_requested_by=None, destroy_reason=""
    )
    record(
        "safeguarding.retention_kept",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"years": years, "until": until.isoformat()},
    )
    current.refresh_from_db()
    return current


@transaction.atomic(durable=True)
def request_destroy(concern: Concern, *, by: Membership, reason: str) -> Concern:
    """The first of the two leads: asks for the concern to be destroyed, with the reason. Nothing is
    deleted until a second lead confirms (confirm_destroy)."""
    current = _readable(concern, by)
    _due(current)
    if current.destroy_requested_at is not None:
        raise NotAllowed("Destroying this concern has been asked for already: a second lead confirms it.")
    reason = _reason(reason, "why it can be destroyed")
    Concern.objects.filter(pk=current.pk).update(
        destroy_requested_at=timezone.now(), destroy_requested_by=by, destroy_reason=reason
    )
    record("safeguarding.destroy_requested", by=by.user, organisation=current.organisation, obj=current)
    current.refresh_from_db()
    return current


@transaction.atomic(durable=True)
def confirm_destroy(concern: Concern, *, by: Membership) -> DestroyedConcern:
    """The second lead: destroys the concern (its summary, outcome, evidence snapshots, entries and
    referrals) and keeps its tombstone. The one path that deletes a concern (models.DESTROYING)."""
    current = _readable(concern, by)
    _due(current)
    if current.destroy_requested_at is None:
        raise NotAllowed("Ask for it to be destroyed first, with a reason.")
    if current.destroy_requested_by_id == by.pk:
        raise NotAllowed("A second lead confirms destroying a concern: not the lead who asked.")
    tombstone = DestroyedConcern.objects.create(
        organisation_id=current.organisation_id,
        number=current.pk,
        category=current.category,
        raised_at=current.raised_at,
        closed_at=current.closed_at,
        requested_by_id=current.destroy_requested_by_id,
        requested_at=current.destroy_requested_at,
        reason=current.destroy_reason,
        destroyed_by=by,
        about_member_id=current.about_member_id,
    )
    token = DESTROYING.set(current.pk)
    try:
        Concern.objects.filter(pk=current.pk).delete()  # its evidence, entries and referrals with it
    finally:
        DESTROYING.reset(token)
    # Named as the concern's other events are (Concern #N), so its audit trail reads as one.
    record("safeguarding.concern_destroyed", by=by.user, organisation=current.organisation, obj=current)
    return tombstone


# The nightly job


def leads_of(organisation_id: int) -> list[str]:
    members = (
        Membership.objects.filter(organisation_id=organisation_id)
        .active()
        .able_to(Capability.HANDLE_CONCERNS)
        .select_related("user")
    )
    return sorted({m.user.email for m in members})


def review_link() -> str:
    path = reverse("safeguarding:retention")
    origins = settings.CSRF_TRUSTED_ORIGINS
    return f"{origins[0].rstrip('/')}{path}" if origins else path


def review_message(organisation: Organisation, count: int, to: list[str]) -> EmailMessage:
    noun = "concern is" if count == 1 else "concerns are"
    body = (
        f"{count} closed safeguarding {noun} due for review under {isolate(organisation.name)}'s retention "
        f"rule.\n\nReview them in Harbour: keep each for longer, with a reason, or destroy it (two leads). "
        f"Nothing is deleted until you do.\n{review_link()}\n\n"
        "Only the number is in this e-mail, on purpose.\n"
    )
    subject = f"Safeguarding concerns due for review in {isolate(organisation.name)}"
    return EmailMessage(subject=subject, body=body, to=to)


def email_reviews_due_now(today: datetime.date | None = None) -> dict[int, int]:
    """Tell each organisation's leads how many concerns are due for review (a number, never content);
    audited. Returns {organisation id: count} for those told."""
    told = {}
    organisation_ids = (
        Concern.objects.filter(status=Status.CLOSED, held_at__isnull=True)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)).order_by("pk"):
        count = len(due_for_review(organisation.pk, today))
        to = leads_of(organisation.pk)
        if not count or not to:
            continue
        with transaction.atomic():
            review_message(organisation, count, to).send()
            record(
                "safeguarding.retention_review_due",
                organisation=organisation,
                detail={"due": count, "sent_to": to},
            )
        told[organisation.pk] = count
    return told


@task()
def email_reviews_due() -> int:
    """The scheduler's nightly job (harbour/jobs/scheduler.py PERIODIC), claimed once a day."""
    return len(email_reviews_due_now())
