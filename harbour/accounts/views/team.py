"""The team (managers only): members, roles, deactivation, invitations and organisation settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from harbour.accounts import conduct, services, sessions, training
from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.accounts.forms import InviteForm, OrganisationSettingsForm, RoleForm
from harbour.accounts.models import ConductAcknowledgement, Invitation, Membership
from harbour.accounts.two_factor import has_two_factor
from harbour.accounts.views import limits
from harbour.lib.bidi import isolate


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@member_required(Capability.MANAGE_TEAM)
def team(request):
    org = request.organisation
    code = conduct.current_code(org)
    acknowledged = set()
    if code.pk:
        acknowledged = set(
            ConductAcknowledgement.objects.filter(code=code).values_list("membership_id", flat=True)
        )
    members = []
    for membership in (
        Membership.objects.for_org(org).active().select_related("user").order_by("user__full_name")
    ):
        members.append(
            {
                "membership": membership,
                "two_factor": has_two_factor(membership.user),
                "training": training.member_training(membership),
                "acknowledged": membership.pk in acknowledged,
            }
        )
    context = {
        "members": members,
        "former": Membership.objects.for_org(org).filter(is_active=False).select_related("user"),
        "invitations": Invitation.objects.filter(organisation=org, accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .order_by("email"),
        "now": timezone.now(),
    }
    return render(request, "accounts/team.html", context)


@member_required(Capability.MANAGE_TEAM)
def invite(request):
    if request.method == "POST" and (
        refused := limits.check(request, "invitation_manager", str(request.user.pk), user=request.user)
    ):
        return refused
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = services.invite_member(
                request.organisation,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                by=request.membership,
                base_url=_base_url(request),
                request=request,
            )
        except services.EmailNotSent as failure:
            messages.error(request, str(failure))
            return redirect("accounts:team")
        except NotAllowed as refusal:
            form.add_error("email", str(refusal))
        else:
            days = invitation.expires_at - invitation.sent_at
            messages.success(
                request,
                f"We have emailed an invitation to {isolate(invitation.email)}. The link works for {days.days} days.",
            )
            return redirect("accounts:team")
    return render(request, "accounts/invite.html", {"form": form})


@require_POST
@member_required(Capability.MANAGE_TEAM)
def resend_invitation(request, pk):
    if refused := limits.check(request, "invitation_manager", str(request.user.pk), user=request.user):
        return refused
    invitation = get_object_for_org(Invitation.objects.all(), request, pk=pk)
    try:
        services.resend_invitation(
            invitation, by=request.membership, base_url=_base_url(request), request=request
        )
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"We have sent {isolate(invitation.email)} a new invitation link. The old link no longer works.",
        )
    return redirect("accounts:team")


@require_POST
@member_required(Capability.MANAGE_TEAM)
def revoke_invitation(request, pk):
    invitation = get_object_for_org(Invitation.objects.all(), request, pk=pk)
    try:
        services.revoke_invitation(invitation, by=request.membership, request=request)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"The invitation for {isolate(invitation.email)} has been revoked. Its link no longer works.",
        )
    return redirect("accounts:team")


@member_required(Capability.MANAGE_TEAM)
def member(request, pk):
    membership = get_object_for_org(Membership.objects.select_related("user"), request, pk=pk, is_active=True)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                membership, form.cleaned_data["role"], by=request.membership, request=request
            )
        except NotAllowed as refusal:
            form.add_error("role", str(refusal))
        else:
            membership.refresh_from_db()
            messages.success(
                request,
                f"{isolate(membership.user.full_name)} is now {membership.get_role_display().lower()}.",
            )
            return redirect("accounts:team")
    context = {
        "member": membership,
        "form": form,
        "two_factor": has_two_factor(membership.user),
        "training": training.member_training(membership),
        "sessions": sessions.active_sessions(membership.user).count(),
        "locked_until": services.sign_in_locked_until(membership.user),
    }
    return render(request, "accounts/member.html", context)


@require_POST
@member_required(Capability.MANAGE_TEAM)
def unlock_member(request, pk):
    """Lift a sign-in lock (too many wrong passwords) for a member who cannot wait or reset their password."""
    membership = get_object_for_org(Membership.objects.select_related("user"), request, pk=pk, is_active=True)
    services.lift_sign_in_lock(membership, by=request.membership, request=request)
    messages.success(request, f"{isolate(membership.user.full_name)} can sign in again.")
    return redirect("accounts:member", pk=membership.pk)


@require_POST
@member_required(Capability.MANAGE_TEAM)
def end_member_sessions(request, pk):
    """Sign a member out everywhere, for a lost phone or a shared computer left signed in."""
    membership = get_object_for_org(Membership.objects.select_related("user"), request, pk=pk, is_active=True)
    user = membership.user
    count = services.end_member_sessions(
        membership, by=request.membership, request=request
    )  # NotAllowed: 403
    messages.success(
        request,
        f"{isolate(user.full_name)} has been signed out of {count} {'session' if count == 1 else 'sessions'}.",
    )
    return redirect("accounts:member", pk=membership.pk)


@member_required(Capability.MANAGE_TEAM)
def deactivate(request, pk):
    membership = get_object_for_org(Membership.objects.select_related("user"), request, pk=pk, is_active=True)
    error = None
    if request.method == "POST":
        try:
            services.deactivate_membership(membership, by=request.membership, request=request)
        except NotAllowed as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                f"{isolate(membership.user.full_name)} can no longer use {isolate(request.organisation.name)}.",
            )
            return redirect("accounts:team")
    return render(request, "accounts/deactivate.html", {"member": membership, "error": error})


@member_required(Capability.EDIT_ORGANISATION)
def organisation_settings(request):
    org = request.organisation
    form = OrganisationSettingsForm(
        request.POST or None,
        initial={
            "password_reminder_days": org.password_reminder_days,
            "reading_age_target": org.reading_age_target,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_organisation_settings(
            org, by=request.membership, request=request, **form.cleaned_data
        )
        messages.success(request, "The settings have been saved.")
        return redirect("accounts:organisation_settings")
    return render(request, "accounts/organisation_settings.html", {"form": form})
