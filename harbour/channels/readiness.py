"""A channel's readiness checklist: the guidance's "Points to Consider" (section 2), point by point.

`readiness(channel)` says how many points are done and which are missing; `activation_gaps`
(harbour/channels/services.py) includes it, so a channel cannot go active until every point is done.

Three kinds of point:
- points Harbour can see for itself (a current disclaimer, a named moderator) are read from the channel's
  records every time and can never be ticked by hand;
- points the planning records can show (harbour/planning): the aims and the resources from the channel's
  engagement plan, the policies from the organisation's policy register, each within its review date. An
  organisation that keeps them elsewhere confirms them by hand instead, as below;
- the others (procedures, content, consent) live in the organisation's own documents. A channel owner or a
  manager confirms each one with a short note of where it is written down; who and when are kept, and each
  confirmation is audited. A confirmation goes stale a year after it was made, or sooner when the
  channel's engagement plan is due for review, and then counts as missing again.

A stale point does not take an active channel off the air: it is shown as missing on the checklist and
the dashboard, the channel's owners are e-mailed (services.remind_readiness, daily), and it must be confirmed
again before the channel could be made active a second time.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.readiness_models import WHERE_WRITTEN, ReadinessConfirmation
from harbour.planning.models import NAMED_BY_GUIDANCE, Policy, PolicyKind

CONFIRMATION_LASTS = timedelta(days=365)


def prefetch() -> tuple[Prefetch, ...]:
    """For a caller reading many channels' checklists at once (the dashboard, the planning page): each
    channel's confirmations and named moderators in one query each, with
    `.prefetch_related(*readiness.prefetch())`. readiness(channel) reads them when they are there."""
    return (
        Prefetch(
            "readiness",
            queryset=ReadinessConfirmation.objects.select_related("confirmed_by"),
            to_attr="readiness_confirmations",
        ),
        Prefetch(
            "moderators",
            queryset=Membership.objects.active().able_to(Capability.BE_NAMED_MODERATOR),
            to_attr="named_moderators",
        ),
    )


@dataclass(frozen=True)
class Point:
    key: str
    heading: str  # the row of the guidance's table it comes from
    label: str  # what must be true, in words
    hint: str  # what to write in the note, or how Harbour sees it
    seen_by_harbour: bool = False
    from_planning: bool = False  # the planning records can show it done; a confirmation does too


AIMS = "Aims and objectives"
POLICIES = "Policies and procedures"
SAFEGUARDING = "Confidentiality and safeguarding"
CONTENT = "Content"
LEGAL = "Legal issues"

POINTS: tuple[Point, ...] = (
    Point(
        "aims",
        AIMS,
        "What the channel is for: its aims and objectives are written down",
        "Harbour reads them from the channel's engagement plan; if they are written elsewhere, confirm where.",
        from_planning=True,
    ),
    Point(
        "resources",
        AIMS,
        "How the channel's social media activity will be resourced: who, and for how many hours a week",
        "Harbour reads who and how many hours from the channel's engagement plan; if they are agreed "
        "elsewhere (a team rota), confirm where.",
        from_planning=True,
    ),
    Point(
        "policies",
        POLICIES,
        "The social media policy cross-references the code of conduct, safeguarding, communications, "
        "IT and network, and internet and email policies",
        "Harbour reads the policy register (Planning); if the policies are kept elsewhere, confirm which "
        "policy does the cross-referencing, and its date.",
        from_planning=True,
    ),
    Point(
        "safeguarding",
        SAFEGUARDING,
        "Safeguarding procedures are in place and the risks of this channel have been identified",
        "The safeguarding policy and the risk assessment for this channel.",
    ),
    Point(
        "cyber_bullying",
        SAFEGUARDING,
        "There is a procedure to deal with cyber bullying",
        "Where the cyber bullying procedure is written.",
    ),
    Point(
        "disclosures",
        SAFEGUARDING,
        "There is a procedure for when a young person makes a disclosure",
        "Where the disclosure procedure is written.",
    ),
    Point(
        "grooming",
        SAFEGUARDING,
        "There is a procedure to deal with online grooming and sexual exploitation",
        "Where the grooming and sexual exploitation procedure is written.",
    ),
    Point(
        "content",
        CONTENT,
        "Content will be engaging, informal, two-way and concise",
        "Where the content plan or style guide says so.",
    ),
    Point(
        "timescales",
        CONTENT,
        "The timescales for answering young people's questions are clear to them",
        "Where young people are told how soon they will get an answer, for example the disclaimer.",
    ),
    Point(
        "disclaimer",
        LEGAL,
        "A disclaimer states when and how posts are moderated",
        "Harbour checks that the channel has a published disclaimer.",
        seen_by_harbour=True,
    ),
    Point(
        "moderator",
        LEGAL,
        "A moderator is named and moderates at least daily",
        "Harbour checks that the channel names an active moderator.",
        seen_by_harbour=True,
    ),
    Point(
        "consent",
        LEGAL,
        "Consent is always sought before images or content of individuals or groups are uploaded",
        "Where the consent procedure is written, for example the consent register's process.",
    ),
)
POINT_KEYS = {point.key: point for point in POINTS}
CONFIRMED_POINTS = tuple(point for point in POINTS if not point.seen_by_harbour)


@dataclass
class PointState:
    point: Point
    done: bool
    # for a confirmed point: the confirmation (None when there is none), and when it must be confirmed again
    confirmation: ReadinessConfirmation | None = None
    due: date | None = None
    stale: bool = False
    # for a point Harbour sees or reads from the planning records: what it found, in words
    found: str = ""
    from_records: bool = False  # done because the planning records show it


@dataclass
class Readiness:
    complete: bool
    done: int
    total: int
    missing: list[str]  # each point not done, in words
    points: list[PointState] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.total - self.done

    def headings(self) -> list[tuple[str, list[PointState]]]:
        """The points grouped under the guidance's headings, in its order (for the page)."""
        groups: dict[str, list[PointState]] = {}
        for state in self.points:
            groups.setdefault(state.point.heading, []).append(state)
        return list(groups.items())


def plan_of(channel):
    """The channel's engagement plan (harbour/planning), or None."""
    try:
        return channel.engagement_plan
    except (AttributeError, ObjectDoesNotExist):
        return None


def plan_review_date(channel) -> date | None:
    """The channel's engagement plan's review date, when it has a plan."""
    plan = plan_of(channel)
    return plan.review_date if plan is not None else None


def due_date(confirmation: ReadinessConfirmation, plan_review: date | None) -> date:
    """A year after confirming, or the plan's review date when that comes first."""
    due = timezone.localdate(confirmation.confirmed_at + CONFIRMATION_LASTS)
    return min(due, plan_review) if plan_review is not None else due


# The policies the "policies" point reads: the social media policy and the five the guidance says it
# cross-references.
POLICIES_NEEDED = (PolicyKind.SOCIAL_MEDIA, *NAMED_BY_GUIDANCE)


def policies_in_date(organisation_id: int, today: date) -> set[str]:
    """The kinds of policy the organisation's register holds within their review date."""
    return set(
        Policy.objects.filter(organisation_id=organisation_id, review_date__gte=today).values_list(
            "kind", flat=True
        )
    )


def _planned(channel, point: Point, today: date, policies: set[str]) -> tuple[bool, str]:
    """(done, what Harbour found) for a point the planning records can show."""
    if point.key == "policies":
        missing = [PolicyKind(kind).label for kind in POLICIES_NEEDED if kind not in policies]
        if missing:
            return False, "Not on the policy register, or past their review date: " + ", ".join(missing) + "."
        return (
            True,
            "The policy register holds the social media policy and the five it cross-references, each in date.",
        )
    plan = plan_of(channel)
    if plan is None:
        return False, "This channel has no engagement plan in Harbour."
    if plan.review_date < today:
        return False, f"The channel's engagement plan was due for review on {plan.review_date:%-d %B %Y}."
    if point.key == "aims":
        if not (plan.aims.strip() and plan.objectives.strip()):
            return False, "The channel's engagement plan has no aims or no objectives."
        return (
            True,
            f"The channel's engagement plan sets out its aims and objectives (review by {plan.review_date:%-d %B %Y}).",
        )
    resources = list(plan.resources.all())
    if not resources:
        return False, "The channel's engagement plan names nobody to run it."
    hours = sum(resource.hours_per_week for resource in resources)
    people = "person" if len(resources) == 1 else "people or roles"
    return (
        True,
        f"The channel's engagement plan names {len(resources)} {people}, {hours.normalize():f} hours a week in all.",
    )


def _seen(channel, point: Point) -> tuple[bool, str]:
    if point.key == "disclaimer":
        if channel.current_disclaimer_id is None:
            return False, "No disclaimer has been published."
        return True, "A disclaimer is published."
    if point.key == "moderator":
        moderators = getattr(channel, "named_moderators", None)
        if moderators is None:
            moderators = list(channel.moderators.active().able_to(Capability.BE_NAMED_MODERATOR))
        if not moderators:
            return False, "No active moderator is named."
        checks = channel.checks_per_day
        times = "once a day" if checks == 1 else f"{checks} times a day"
        return True, f"{len(moderators)} named, checking {times}."
    raise KeyError(point.key)


def readiness(channel, today: date | None = None, *, policies: set[str] | None = None) -> Readiness:
    """Where the channel stands on the checklist: every point, done or not, and what is missing. `policies`:
    policies_in_date(...) for the channel's organisation, when the caller reads many channels."""
    today = today or timezone.localdate()
    if policies is None:
        policies = policies_in_date(channel.organisation_id, today)
    plan_review = plan_review_date(channel)
    confirmations = getattr(channel, "readiness_confirmations", None)
    if confirmations is None:
        confirmations = channel.readiness.select_related("confirmed_by")
    confirmations = {c.point: c for c in confirmations}
    states = []
    for point in POINTS:
        if point.seen_by_harbour:
            done, found = _seen(channel, point)
            states.append(PointState(point, done, found=found))
            continue
        recorded, found = _planned(channel, point, today, policies) if point.from_planning else (False, "")
        confirmation = confirmations.get(point.key)
        if confirmation is None:
            states.append(PointState(point, recorded, found=found, from_records=recorded))
            continue
        due = due_date(confirmation, plan_review)
        stale = due < today
        states.append(
            PointState(
                point,
                recorded or not stale,
                confirmation=confirmation,
                due=due,
                stale=stale and not recorded,
                found=found,
                from_records=recorded,
            )
        )
    missing = [
        state.point.label + (" (confirmed, but due to be confirmed again)" if state.stale else "")
        for state in states
        if not state.done
    ]
    done = sum(state.done for state in states)
    return Readiness(complete=not missing, done=done, total=len(states), missing=missing, points=states)


def gap(channel) -> str | None:
    """The activation gap for the checklist, in words; None when it is complete."""
    state = readiness(channel)
    if state.complete:
        return None
    return f"Complete the readiness checklist: {state.left} of {state.total} points left"


# Confirming points: the channel's owners and the organisation's managers.


def can_confirm(channel, member: Membership) -> bool:
    if member.organisation_id != channel.organisation_id or not member.is_active:
        return False
    if member.can(Capability.MANAGE_CHANNELS):
        return True
    return member.can(Capability.PROPOSE_CHANNELS) and channel.owners.filter(pk=member.pk).exists()


def _require_confirmer(channel, by: Membership) -> None:
    if by.organisation_id != channel.organisation_id:
        raise NotAllowed("You can only confirm readiness for your own organisation's channels.")
    if not can_confirm(channel, by):
        raise NotAllowed("Only a manager or one of the channel's owners can confirm readiness points.")
    if not channel.is_editable:
        raise NotAllowed("A retired channel's checklist cannot be changed.")


def _confirmed_point(key: str) -> Point:
    point = POINT_KEYS.get(key)
    if point is None:
        raise NotAllowed("There is no such point on the readiness checklist.")
    if point.seen_by_harbour:
        raise NotAllowed(f"Harbour checks '{point.label}' from the channel's records; it cannot be ticked.")
    return point


@transaction.atomic(durable=True)
def confirm_point(channel, key: str, note: str, *, by: Membership) -> ReadinessConfirmation:
    """Confirm one point (or confirm it again, which restarts its year), saying where it is written."""
    _require_confirmer(channel, by)
    point = _confirmed_point(key)
    note = (note or "").strip()
    if not note:
        raise NotAllowed(f"Say where '{point.label}' is written down, for example a policy or a page.")
    if len(note) > WHERE_WRITTEN:
        raise NotAllowed(f"Where it is written must be {WHERE_WRITTEN:,} characters or fewer.")
    now = timezone.now()
    confirmation, created = ReadinessConfirmation.objects.select_for_update().get_or_create(
        channel=channel,
        point=key,
        defaults={
            "organisation": channel.organisation,
            "note": note,
            "confirmed_by": by.user,
            "confirmed_at": now,
        },
    )
    if not created:
        confirmation.note, confirmation.confirmed_by, confirmation.confirmed_at = note, by.user, now
        confirmation.save(update_fields=["note", "confirmed_by", "confirmed_at"])
    record(
        "channel.readiness_confirmed",
        by=by.user,
        obj=channel,
        detail={"point": key, "evidence": note, "repeated": not created},
    )
    return confirmation


@transaction.atomic(durable=True)
def withdraw_point(channel, key: str, *, by: Membership, reason: str) -> None:
    """Take back a confirmation (a policy was withdrawn, a procedure lapsed): the point is missing again."""
    _require_confirmer(channel, by)
    point = _confirmed_point(key)
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(f"Say why '{point.label}' no longer holds.")
    if len(reason) > WHERE_WRITTEN:
        raise NotAllowed(f"The reason must be {WHERE_WRITTEN:,} characters or fewer.")
    deleted, _ = ReadinessConfirmation.objects.filter(channel=channel, point=key).delete()
    if not deleted:
        raise NotAllowed(f"'{point.label}' is not confirmed.")
    record("channel.readiness_withdrawn", by=by.user, obj=channel, detail={"point": key, "reason": reason})
