"""The rota, the daily sign-off and the alerts (guidance section 2: "identify a moderator and moderate
daily"). Every change goes through a function here: one transaction with its audit event.

Times are read in the organisation's time zone (settings.TIME_ZONE, through timezone.localtime).
"""

import datetime

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.channels.models import Channel, Status
from harbour.inbox.models import Item, ItemStatus, overdue
from harbour.jobs.claims import claim
from harbour.lib.bidi import isolate
from harbour.rota.models import Alert, AlertReason, Rota, Shift, SignOff, Weekday

# Reading the rota


def local(at: datetime.datetime | None = None) -> datetime.datetime:
    """`at` (default now) on the organisation's clock."""
    return timezone.localtime(at or timezone.now())


def rota_of(channel: Channel) -> Rota | None:
    return Rota.objects.filter(channel=channel).first()


def _eligible(channel: Channel):
    return (
        Membership.objects.active()
        .for_org(channel.organisation)
        .able_to(Capability.MODERATE)
        .filter(Q(moderated_channels=channel) | Q(owned_channels=channel))
    )


def eligible_moderators(channel: Channel):
    """Who may be put on the channel's rota: its active moderators and owners whose role may moderate."""
    return _eligible(channel).select_related("user").distinct().order_by("user__full_name", "pk")


def shifts_of(channel: Channel):
    """The channel's shifts whose member may still moderate it: active, a role that moderates, and still
    one of its moderators or owners (a shift stays on the rota page's record of who was put on it, but
    someone taken off the channel covers nothing)."""
    still_eligible = _eligible(channel).values("pk")
    return Shift.objects.filter(rota__channel=channel, membership__in=still_eligible).select_related(
        "membership__user"
    )


def _covering(channel: Channel, at) -> list[Shift]:
    moment = local(at)
    today = moment.weekday()
    candidates = shifts_of(channel).filter(weekday__in=[today, (today - 1) % 7])
    return [shift for shift in candidates if shift.covers(moment)]


def is_monitored_now(channel: Channel, at: datetime.datetime | None = None) -> bool:
    """Whether someone on the channel's rota covers `at` (default now). A channel that is not active is
    never monitored; one with no rota has nobody on it."""
    return channel.status == Status.ACTIVE and bool(_covering(channel, at))


def on_rota(channel: Channel, at: datetime.datetime | None = None) -> list[Membership]:
    """The members on the channel's rota at `at` (default now), each once."""
    seen: dict[int, Membership] = {}
    for shift in _covering(channel, at):
        seen.setdefault(shift.membership_id, shift.membership)
    return list(seen.values())


def has_rota(channel: Channel) -> bool:
    return shifts_of(channel).exists()


def next_covered(channel: Channel, at: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the next shift starts after `at`, on the local clock; None when the rota is empty."""
    moment = local(at)
    shifts = list(shifts_of(channel))
    for ahead in range(8):
        date = moment.date() + datetime.timedelta(days=ahead)
        starts = sorted(shift.starts for shift in shifts if shift.weekday == date.weekday())
        for start in starts:
            when = timezone.make_aware(datetime.datetime.combine(date, start))
            if when > moment:
                return when
    return None


def covers_day(channel: Channel, day: datetime.date) -> bool:
    """Whether the rota has a shift starting on `day`'s weekday: a day on which a sign-off is expected."""
    return shifts_of(channel).filter(weekday=day.weekday()).exists()


def needs_action_count(channel: Channel) -> int:
    return Item.objects.filter(channel=channel, status=ItemStatus.NEEDS_ACTION).count()


def overdue_count(channel: Channel, at: datetime.datetime | None = None) -> int:
    """The channel's overdue items (harbour.inbox.models.overdue)."""
    return Item.objects.filter(overdue(at or timezone.now()), channel=channel).count()


def week_of(channel: Channel) -> list[dict]:
    """The rota as a week: each day with its shifts, for the rota page. Every shift is listed, so a manager
    can remove one; a shift whose member may no longer moderate the channel has `still_covers` False."""
    covering = set(shifts_of(channel).values_list("pk", flat=True))
    shifts = list(Shift.objects.filter(rota__channel=channel).select_related("membership__user"))
    for shift in shifts:
        shift.still_covers = shift.pk in covering
    return [
        {"weekday": day, "shifts": [shift for shift in shifts if shift.weekday == day.value]}
        for day in Weekday
    ]


def to_sign_off(by: Membership, at: datetime.datetime | None = None) -> list[dict]:
    """The channels `by` is on the rota for today, each with its needs-action count and today's sign-off."""
    today = local(at).date()
    channels = (
        Channel.objects.for_org(by.organisation)
        .live()
        .filter(rota__shifts__membership=by, rota__shifts__weekday=today.weekday())
        .distinct()
    )
    sign_offs = {
        s.channel_id: s
        for s in SignOff.objects.filter(channel__in=channels, day=today).select_related("signed_off_by__user")
    }
    return [
        {
            "channel": channel,
            "needs_action": needs_action_count(channel),
            "sign_off": sign_offs.get(channel.pk),
        }
        for channel in channels
        if shifts_of(channel).filter(membership=by, weekday=today.weekday()).exists()  # still on it
    ]


def recent_alerts(organisation: Organisation, at: datetime.datetime | None = None) -> list[Alert]:
    """Today's and yesterday's alerts, for the console home page."""
    since = local(at).date() - datetime.timedelta(days=1)
    return list(
        Alert.objects.for_org(organisation)
        .filter(day__gte=since)
        .select_related("channel")
        .order_by("-raised_at")
    )


# Changing the rota


def _require_manager(by: Membership, channel: Channel) -> None:
    require(
        by, Capability.MANAGE_CHANNELS, channel.organisation_id, "Only a manager can change a channel's rota."
    )


def _rota_for_change(channel: Channel) -> Rota:
    rota, _ = Rota.objects.get_or_create(channel=channel, defaults={"organisation": channel.organisation})
    return Rota.objects.select_for_update().get(pk=rota.pk)


@transaction.atomic(durable=True)
def add_shifts(
    channel: Channel,
    *,
    member: Membership,
    days: list[int],
    starts: datetime.time,
    ends: datetime.time,
    by: Membership,
) -> list[Shift]:
    """Put `member` on the channel's rota on each of `days` (0 is Monday) from `starts` to `ends`."""
    _require_manager(by, channel)
    if not channel.is_editable:
        raise NotAllowed("A retired channel has no rota.")
    if not eligible_moderators(channel).filter(pk=member.pk).exists():
        raise NotAllowed(
            f"{isolate(member.user.full_name)} is not one of this channel's moderators or owners who may moderate."
        )
    days = sorted({Weekday(day).value for day in days})
    if not days:
        raise NotAllowed("Choose at least one day.")
    if starts == ends:
        raise NotAllowed("A shift must end at a different time from when it starts.")
    rota = _rota_for_change(channel)
    shifts = [
        Shift.objects.create(
            organisation=channel.organisation,
            rota=rota,
            membership=member,
            weekday=day,
            starts=starts,
            ends=ends,
        )
        for day in days
    ]
    record(
        "rota.changed",
        by=by.user,
        obj=rota,
        detail={
            "changed": "shifts added",
            "member": member.user.email,
            "days": [Weekday(day).label for day in days],
            "starts": f"{starts:%H:%M}",
            "ends": f"{ends:%H:%M}",
        },
    )
    return shifts


@transaction.atomic(durable=True)
def remove_shift(shift: Shift, *, by: Membership) -> None:
    channel = shift.rota.channel
    _require_manager(by, channel)
    rota = _rota_for_change(channel)
    record(
        "rota.changed",
        by=by.user,
        obj=rota,
        detail={
            "changed": "shift removed",
            "member": shift.membership.user.email,
            "days": [shift.get_weekday_display()],
            "starts": f"{shift.starts:%H:%M}",
            "ends": f"{shift.ends:%H:%M}",
        },
    )
    shift.delete()


@transaction.atomic(durable=True)
def set_sign_off_by(channel: Channel, time: datetime.time, *, by: Membership) -> Rota:
    """The time of day by which the channel's queue must be signed off, or its managers are alerted."""
    _require_manager(by, channel)
    rota = _rota_for_change(channel)
    was = rota.sign_off_by
    rota.sign_off_by = time
    rota.save(update_fields=["sign_off_by"])
    record(
        "rota.changed",
        by=by.user,
        obj=rota,
        detail={"changed": "sign-off time", "was": f"{was:%H:%M}", "to": f"{time:%H:%M}"},
    )
    return rota


# The daily sign-off


@transaction.atomic(durable=True)
def sign_off(channel: Channel, *, by: Membership, at: datetime.datetime | None = None) -> SignOff:
    """`by`, on the channel's rota today, confirms that its queue was reviewed today. Allowed with items
    still needing action: how many is recorded with the sign-off. Once a channel a day."""
    require(
        by, Capability.MODERATE, channel.organisation_id, "Only a moderator can sign off a channel's queue."
    )
    moment = local(at)
    today = moment.date()
    if channel.status != Status.ACTIVE:
        raise NotAllowed("Only an active channel's queue is signed off.")
    on_today = shifts_of(channel).filter(membership=by, weekday=today.weekday()).exists()
    if not on_today:
        raise NotAllowed(
            f"You are not on the rota for {isolate(channel.name)} today, so you cannot sign it off."
        )
    done = SignOff.objects.filter(channel=channel, day=today).select_related("signed_off_by__user").first()
    if done is not None:
        raise NotAllowed(
            f"{isolate(done.signed_off_by.user.full_name)} already signed off {isolate(channel.name)} today "
            f"at {local(done.signed_off_at):%H:%M}."
        )
    count = needs_action_count(channel)
    try:
        with transaction.atomic():
            made = SignOff.objects.create(
                organisation=channel.organisation,
                channel=channel,
                day=today,
                signed_off_by=by,
                signed_off_at=moment,
                needs_action=count,
            )
    except IntegrityError:  # a second moderator's click at the same moment
        raise NotAllowed(f"{isolate(channel.name)} was signed off today a moment ago.") from None
    record("rota.signed_off", by=by.user, obj=channel, detail={"day": today.isoformat(), "items": count})
    return made


# Alerts


def due_alerts(now: datetime.datetime) -> list[tuple[Rota, AlertReason, int]]:
    """What should alert now and has not today: each active channel with a rota that was not signed off
    by its time on a day the rota covers, or that has items past their deadline; with the count."""
    moment = local(now)
    today = moment.date()
    rotas = (
        Rota.objects.filter(channel__status=Status.ACTIVE)
        .filter(
            Q(sign_off_alerted_on__isnull=True)
            | Q(sign_off_alerted_on__lt=today)
            | Q(overdue_alerted_on__isnull=True)
            | Q(overdue_alerted_on__lt=today)
        )
        .select_related("channel")
    )
    due = []
    for rota in rotas:
        channel = rota.channel
        if (
            rota.sign_off_alerted_on != today
            and moment.time() >= rota.sign_off_by
            and covers_day(channel, today)
            and not SignOff.objects.filter(channel=channel, day=today).exists()
        ):
            due.append((rota, AlertReason.NO_SIGN_OFF, needs_action_count(channel)))
        if rota.overdue_alerted_on != today:
            overdue = overdue_count(channel, now)
            if overdue:
                due.append((rota, AlertReason.OVERDUE, overdue))
    return due


CLAIM_FIELD = {AlertReason.NO_SIGN_OFF: "sign_off_alerted_on", AlertReason.OVERDUE: "overdue_alerted_on"}


def raise_alert(rota: Rota, reason: AlertReason, count: int, *, now: datetime.datetime) -> Alert | None:
    """Claim today's alert of this reason for the rota's channel and record it; None when another
    scheduler claimed it first. Called inside the transaction that enqueues its e-mail."""
    today = local(now).date()
    field = CLAIM_FIELD[reason]
    if not claim(Rota, rota.pk, when={field: getattr(rota, field)}, change={field: today}):
        return None
    channel = rota.channel
    alert, made = Alert.objects.get_or_create(
        channel=channel,
        day=today,
        reason=reason,
        defaults={"organisation": channel.organisation, "count": count, "raised_at": now},
    )
    if not made:
        return None
    record(
        "rota.alert_raised",
        obj=channel,
        detail={"reason": reason.value, "day": today.isoformat(), "items": count},
    )
    return alert


def channel_managers(channel: Channel) -> list[str]:
    members = Membership.objects.active().for_org(channel.organisation).able_to(Capability.MANAGE_CHANNELS)
    return sorted({member.user.email for member in members.select_related("user")})


def alert_message(alert: Alert, to: list[str]) -> EmailMessage:
    name = isolate(alert.channel.name)
    day = f"{alert.day:%A %-d %B}"
    if alert.reason == AlertReason.NO_SIGN_OFF:
        subject = f"{name} was not signed off today"
        what = (
            f"Nobody on the rota signed off the queue of {name} by {alert.channel.rota.sign_off_by:%H:%M} on "
            f"{day}. {alert.count} items still need action."
        )
    else:
        subject = f"{name} has items past their deadline"
        what = f"{alert.count} items on {name} are past the time the channel promises to respond by ({day})."
    body = (
        f"{what}\n\nCheck that the channel's queue is being worked: sign in to Harbour and open the inbox "
        "(with current moderation training), or the channel's rota from the home page to see who is on it "
        "and ask them. You are told once a day for each reason.\n"
    )
    return EmailMessage(subject=subject, body=body, to=to)


@transaction.atomic(durable=True)
def email_alert(alert: Alert, *, now: datetime.datetime | None = None) -> list[str]:
    """E-mail the alert to the channel's managers, once: claimed first, and sent inside the transaction,
    so that a refused e-mail leaves it unclaimed for a retry."""
    now = now or timezone.now()
    to = channel_managers(alert.channel)
    if not claim(Alert, alert.pk, when={"emailed_at": None}, change={"emailed_at": now, "emailed_to": to}):
        return []
    if to:
        alert_message(alert, to).send()
    return to
