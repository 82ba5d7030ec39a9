"""The readiness checklist's pages (harbour/channels/readiness.py): everyone who sees channels reads a
channel's checklist; its owners and the managers confirm a point, or withdraw a confirmation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.channels import readiness
from harbour.channels.models import Channel
from harbour.channels.readiness_models import WHERE_WRITTEN
from harbour.forms import GovukForm


class ConfirmForm(GovukForm):
    note = forms.CharField(
        label="Where is this written down?",
        max_length=WHERE_WRITTEN,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter where this is written down, for example a policy and its section",
            "max_length": f"Where it is written must be {WHERE_WRITTEN:,} characters or fewer",
        },
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why does this no longer hold?",
        max_length=WHERE_WRITTEN,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why this point no longer holds",
            "max_length": f"The reason must be {WHERE_WRITTEN:,} characters or fewer",
        },
    )


def _channel(request, pk) -> Channel:
    return get_object_for_org(Channel.objects.select_related("organisation"), request, pk=pk)


def _point_state(channel, key):
    point = readiness.POINT_KEYS.get(key)
    if point is None or point.seen_by_harbour:
        raise Http404("No such point to confirm.")
    state = readiness.readiness(channel)
    return state, next(s for s in state.points if s.point.key == key)


def _confirmer(request, channel):
    if not readiness.can_confirm(channel, request.membership) or not channel.is_editable:
        raise PermissionDenied("Only a manager or one of the channel's owners can confirm readiness points.")


@require_safe
@member_required(Capability.VIEW_CHANNELS)
def checklist(request, pk):
    channel = _channel(request, pk)
    return render(
        request,
        "channels/readiness.html",
        {
            "channel": channel,
            "state": readiness.readiness(channel),
            "can_confirm": channel.is_editable and readiness.can_confirm(channel, request.membership),
        },
    )


@member_required(Capability.PROPOSE_CHANNELS)
def confirm(request, pk, key):
    channel = _channel(request, pk)
    _confirmer(request, channel)
    _, point_state = _point_state(channel, key)
    initial = {"note": point_state.confirmation.note} if point_state.confirmation else None
    form = ConfirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            readiness.confirm_point(channel, key, form.cleaned_data["note"], by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            state = readiness.readiness(channel)
            messages.success(
                request,
                f"Confirmed: {point_state.point.label}. {state.done} of {state.total} points are done.",
            )
            return redirect("channels:readiness", pk=channel.pk)
    return render(
        request,
        "channels/readiness_confirm.html",
        {"channel": channel, "point_state": point_state, "point": point_state.point, "form": form},
    )


@member_required(Capability.PROPOSE_CHANNELS)
def withdraw(request, pk, key):
    channel = _channel(request, pk)
    _confirmer(request, channel)
    _, point_state = _point_state(channel, key)
    if point_state.confirmation is None:
        raise Http404("This point is not confirmed.")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            readiness.withdraw_point(channel, key, reason=form.cleaned_data["reason"], by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Withdrawn: {point_state.point.label}. The point is missing again.")
            return redirect("channels:readiness", pk=channel.pk)
    return render(
        request,
        "channels/readiness_withdraw.html",
        {"channel": channel, "point_state": point_state, "point": point_state.point, "form": form},
    )
