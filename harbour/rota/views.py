from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from harbour.accounts.access import (
    NotAllowed,
    get_object_for_org,
    member_required,
    trained_for,
    training_gaps,
)
from harbour.accounts.capabilities import Capability
from harbour.channels.models import Channel, Status
from harbour.lib.bidi import isolate
from harbour.rota import services
from harbour.rota.forms import ShiftForm, SignOffTimeForm
from harbour.rota.models import DEFAULT_SIGN_OFF_BY, Shift


def _channel(request, pk) -> Channel:
    return get_object_for_org(Channel.objects.select_related("organisation"), request, pk=pk)


@require_safe  # read only: a POST is a 405
@member_required()
def index(request):
    """Every channel's rota at a glance: who is on now, and whether today's queue is signed off."""
    today = services.local().date()
    rows = []
    for channel in Channel.objects.for_org(request.organisation).filter(
        status__in=[Status.APPROVED, Status.ACTIVE]
    ):
        rows.append(
            {
                "channel": channel,
                "has_rota": services.has_rota(channel),
                "on_rota": services.on_rota(channel),
                "monitored": services.is_monitored_now(channel),
                "signed_off": channel.sign_offs.filter(day=today)
                .select_related("signed_off_by__user")
                .first(),
            }
        )
    return render(
        request,
        "rota/index.html",
        {"rows": rows, "can_sign_off": request.membership.can(Capability.MODERATE)},
    )


@require_safe
@member_required()
def channel(request, pk):
    channel = _channel(request, pk)
    rota = services.rota_of(channel)
    return render(
        request,
        "rota/channel.html",
        {
            "channel": channel,
            "week": services.week_of(channel),
            "sign_off_by": rota.sign_off_by if rota else DEFAULT_SIGN_OFF_BY,
            "monitored": services.is_monitored_now(channel),
            "on_rota": services.on_rota(channel),
            "sign_offs": channel.sign_offs.select_related("signed_off_by__user")[:7],
            "can_manage": request.membership.can(Capability.MANAGE_CHANNELS) and channel.is_editable,
        },
    )


@member_required(Capability.MANAGE_CHANNELS)
def add_shift(request, pk):
    channel = _channel(request, pk)
    form = ShiftForm(request.POST or None, members=services.eligible_moderators(channel))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_shifts(
                channel,
                member=form.cleaned_data["member"],
                days=form.cleaned_data["days"],
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
                by=request.membership,
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The rota of {isolate(channel.name)} is changed.")
            return redirect("rota:channel", pk=channel.pk)
    return render(request, "rota/add_shift.html", {"form": form, "channel": channel})


@require_POST
@member_required(Capability.MANAGE_CHANNELS)
def remove_shift(request, pk):
    shift = get_object_for_org(
        Shift.objects.select_related("rota__channel", "membership__user"), request, pk=pk
    )
    try:
        services.remove_shift(shift, by=request.membership)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{isolate(shift.membership.user.full_name)}'s {shift} shift is removed.")
    return redirect("rota:channel", pk=shift.rota.channel_id)


@member_required(Capability.MANAGE_CHANNELS)
def sign_off_time(request, pk):
    channel = _channel(request, pk)
    rota = services.rota_of(channel)
    initial = {"sign_off_by": f"{(rota.sign_off_by if rota else DEFAULT_SIGN_OFF_BY):%H:%M}"}
    form = SignOffTimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_sign_off_by(channel, form.cleaned_data["sign_off_by"], by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{isolate(channel.name)} must now be signed off by {form.cleaned_data['sign_off_by']:%H:%M}.",
            )
            return redirect("rota:channel", pk=channel.pk)
    return render(request, "rota/sign_off_time.html", {"form": form, "channel": channel})


@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
def today(request):
    """The channels the member is on the rota for today, each with what still needs action and a button
    to sign its queue off."""
    return render(
        request,
        "rota/today.html",
        {"rows": services.to_sign_off(request.membership), "today": services.local().date()},
    )


@require_POST
@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
def sign_off(request, pk):
    channel = _channel(request, pk)
    try:
        done = services.sign_off(channel, by=request.membership)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        left = (
            "Nothing needed action."
            if done.needs_action == 0
            else f"{done.needs_action} items still needed action: that is recorded with it."
        )
        messages.success(request, f"{isolate(channel.name)} is signed off for today. {left}")
    return redirect("rota:today")


def alerts_panel(request) -> dict | None:
    """The console home's panel for managers: channels not signed off, or with items past their deadline,
    today or yesterday (harbour/console/panels.py)."""
    alerts = services.recent_alerts(request.organisation)
    if not alerts:
        return None
    # Overdue items are young people's messages: a manager without current moderation training is sent to
    # the rota (who is on it) instead of to an inbox that would refuse them.
    return {"alerts": alerts, "can_open_inbox": not training_gaps(request.membership, "moderate")}


def sign_off_panel(request) -> dict | None:
    """The console home's panel for a moderator on today's rota: the channels still to sign off."""
    waiting = [row for row in services.to_sign_off(request.membership) if row["sign_off"] is None]
    return {"rows": waiting} if waiting else None


def on_now_panel(request) -> dict | None:
    """The console home's panel for every member: who is on each active channel's rota now."""
    rows = [
        {"channel": channel, "on_rota": services.on_rota(channel), "has_rota": services.has_rota(channel)}
        for channel in Channel.objects.for_org(request.organisation).live()
    ]
    return {"rows": rows} if rows else None
