"""Your account: name, password, two-factor devices; and switching organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from harbour.accounts import middleware, services, sessions, two_factor
from harbour.accounts.access import member_required, refused_object
from harbour.accounts.forms import PasswordAndCodeForm
from harbour.accounts.models import Organisation, UserSession
from harbour.accounts.views.sign_in import BACKUP_CODES_KEY, REPLACE_KEY, safe_next, two_factor_limits
from harbour.lib.bidi import isolate


@login_required
@never_cache
def profile(request):
    user = request.user
    context = {
        "authenticator": two_factor.authenticator_for(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "memberships": user.memberships.active().select_related("organisation"),
        "sessions": [
            {
                "row": row,
                "device": sessions.describe(row.user_agent),
                "current": row.pk == request.session.get(sessions.RECORD_KEY),
            }
            for row in sessions.active_sessions(user)
        ],
    }
    return render(request, "accounts/profile.html", context)


def _password_and_code(request):
    """Checks the password and a fresh code; returns the form, whether both were right, and a 429 if refused."""
    if request.method == "POST" and (refused := two_factor_limits(request)):
        return None, False, refused
    form = PasswordAndCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(request.user, form.cleaned_data["code"]) is not None:
            return form, True, None
        form.add_error(
            "code", "That code is not right, or it has already been used. Enter a new code from your app"
        )
    return form, False, None


@login_required
@never_cache
@sensitive_post_parameters("password")
def regenerate_backup_codes(request):
    form, ok, refused = _password_and_code(request)
    if refused:
        return refused
    if ok:
        request.session[BACKUP_CODES_KEY] = services.regenerate_backup_codes(request.user, request=request)
        return redirect("accounts:backup_codes")
    return render(request, "accounts/regenerate_backup_codes.html", {"form": form})


@login_required
@never_cache
@sensitive_post_parameters("password")
def replace_authenticator(request):
    form, ok, refused = _password_and_code(request)
    if refused:
        return refused
    if ok:
        request.session[REPLACE_KEY] = timezone.now().timestamp()
        return redirect("accounts:enrol")
    return render(request, "accounts/replace_authenticator.html", {"form": form})


@require_POST
@login_required
def end_session(request, pk):
    """End one of your own other sessions (this one ends with Sign out)."""
    row = sessions.active_sessions(request.user).filter(pk=pk).first()
    if row is None:  # someone else's is a 404 too, and audited
        if UserSession.objects.filter(pk=pk).exclude(user=request.user).exists():
            refused_object(request, "security.other_person", UserSession)
        raise Http404
    if row.pk == request.session.get(sessions.RECORD_KEY):
        raise Http404
    services.end_own_sessions(request.user, UserSession.objects.filter(pk=row.pk), request=request)
    messages.success(
        request,
        f"You have signed out {sessions.describe(row.user_agent)} ({row.ip_address or 'unknown address'}).",
    )
    return redirect("accounts:profile")


@require_POST
@member_required()
def switch_organisation(request):
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    if not middleware.switch_organisation(request, organisation_id):
        if Organisation.objects.filter(pk=organisation_id).exists():
            refused_object(request, "security.other_organisation", Organisation)
        raise Http404  # not one of this person's organisations: never say whether it exists
    org = Organisation.objects.get(pk=organisation_id)
    services.organisation_switched(request, org)
    messages.success(request, f"You are now working in {isolate(org.name)}.")
    return redirect(safe_next(request, request.POST.get("next")) or "console:home")
