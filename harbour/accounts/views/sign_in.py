"""Signing in: email and password (django-axes counts failures), then two-factor, or enrolment first; and
"Confirm it's you", the same code check again for a page that needs a fresh one (@recent_two_factor)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from harbour.accounts import services, sessions, two_factor
from harbour.accounts.forms import CodeForm, EnrolForm, SignInForm
from harbour.accounts.views import limits

NEXT_KEY = "harbour_next"
FAILURES_KEY = "harbour_two_factor_failures"
ENROL_KEY = "harbour_enrol_key"
BACKUP_CODES_KEY = "harbour_backup_codes"
REPLACE_KEY = "harbour_replace_authorised_at"
TWO_FACTOR_LIMIT = 5
REPLACE_WINDOW_SECONDS = 600
EMAIL_CONFIRMED_KEY = "harbour_enrol_email_confirmed"


def safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _after_sign_in(request):
    return redirect(request.session.pop(NEXT_KEY, None) or resolve_url(settings.LOGIN_REDIRECT_URL))


@never_cache
@sensitive_post_parameters("password")
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request, request.GET.get("next")) or settings.LOGIN_REDIRECT_URL)
    if request.method == "POST" and (
        refused := limits.check(request, "sign_in_ip", limits.client_ip(request))
    ):
        return refused  # on top of django-axes, which locks one person per address
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        # The key is the user model's USERNAME_FIELD, which axes reads to lock per person and address.
        was_locked = AxesProxyHandler.is_locked(request, {"email": email})
        user = authenticate(request, email=email, password=password)
        if user is None:
            locked = bool(getattr(request, "axes_locked_out", False))
            services.sign_in_failed(
                request, email, locked_out=locked, became_locked=locked and not was_locked
            )
            if locked:
                return locked_out(request)
            form.add_error(
                None, "Enter the email address and password for your Harbour account. They did not match."
            )
        elif services.access_has_ended(user):
            form.add_error(
                None,
                "Your access to Harbour has ended. If you think this is wrong, ask a manager in your organisation.",
            )
        else:
            next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
            login(request, user)  # a new session key (docs/security.md C1)
            if next_url:
                request.session[NEXT_KEY] = next_url
            services.password_accepted(request, user)
            return redirect("accounts:two_factor")
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def locked_out(request, original_response=None, credentials=None):
    """The page for a locked-out sign-in (also django-axes' AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    context = {
        "try_again_at": timezone.localtime(timezone.now() + cool_off),
        "minutes": int(cool_off.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def two_factor_limits(request):
    """Code attempts are limited per session and per person (across all their sessions)."""
    user = request.user
    return limits.check(
        request, "two_factor_session", request.session.session_key or "", user=user
    ) or limits.check(request, "two_factor_user", str(user.pk), user=user)


def check_code(request, form, *, confirming: bool = False):
    """The code check the sign-in's two-factor step and "Confirm it's you" share, for a valid CodeForm
    (after two_factor_limits). A throttled device or a wrong code is an error on the form saying how many
    tries are left; each wrong code is audited and counted in the session, and the TWO_FACTOR_LIMIT-th
    signs the session out. A right code clears the count and records the check's time in the session.

    Returns (device, None) for a right code, (None, the redirect to sign in) when the session was signed
    out, and (None, None) when the form now has an error."""
    user = request.user
    wait_until = two_factor.throttled_until(user)
    if wait_until is not None:
        seconds = max(1, int((wait_until - timezone.now()).total_seconds()) + 1)
        form.add_error("code", f"Too many wrong codes. Wait {seconds} seconds, then enter a new code")
        return None, None
    device = two_factor.verify_code(user, form.cleaned_data["code"])
    if device is not None:
        request.session.pop(FAILURES_KEY, None)
        sessions.two_factor_checked(request.session)
        if device.__class__.__name__ == "StaticDevice":
            left = two_factor.backup_codes_left(user)
            messages.info(
                request,
                f"You used a backup code. You have {left} left. You can make new ones in Your account.",
            )
        return device, None
    failures = request.session.get(FAILURES_KEY, 0) + 1
    request.session[FAILURES_KEY] = failures
    signed_out = failures >= TWO_FACTOR_LIMIT
    services.two_factor_failed(request, user, failures=failures, signed_out=signed_out, confirming=confirming)
    if signed_out:
        logout(request)
        messages.error(
            request,
            "You entered too many wrong codes, so we signed you out. Sign in again to continue.",
        )
        return None, redirect("accounts:login")
    left = TWO_FACTOR_LIMIT - failures
    form.add_error(
        "code",
        f"That code is not right, or it has already been used. Enter the current code from your app "
        f"or an unused backup code. You have {left} {'try' if left == 1 else 'tries'} left",
    )
    return None, None


@never_cache
def two_factor_step(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():
        return _after_sign_in(request)
    if not two_factor.has_two_factor(user):
        return redirect("accounts:enrol")
    if request.method == "POST" and (refused := two_factor_limits(request)):
        return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, signed_out = check_code(request, form)
        if signed_out is not None:
            return signed_out
        if device is not None:
            request.session.cycle_key()  # a new session key once fully signed in (docs/security.md C1)
            otp_login(request, device)
            services.two_factor_passed(request, user, device)
            return _after_sign_in(request)
    return render(request, "accounts/two_factor.html", {"form": form})


@never_cache
@login_required
def confirm_two_factor(request):
    """ "Confirm it's you": a page that needs a fresh two-factor check (@recent_two_factor in access.py)
    sends a signed-in person here; a right code, with the sign-in step's limits, returns them to `next`."""
    if not request.user.is_verified():  # the account gate sends them there first; this is a second lock
        return redirect("accounts:two_factor")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and (refused := two_factor_limits(request)):
        return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, signed_out = check_code(request, form, confirming=True)
        if signed_out is not None:
            return signed_out
        if device is not None:
            services.two_factor_confirmed(request, request.user, device)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    context = {
        "form": form,
        "next": next_url or "",
        "fresh_minutes": settings.HARBOUR_FRESH_TWO_FACTOR_MINUTES,
    }
    return render(request, "accounts/confirm_two_factor.html", context)


@never_cache
def enrol(request):
    """Set up an authenticator app: the first time, or to replace one (after re-checking password and code)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    replacing = two_factor.has_two_factor(user)
    if replacing:
        authorised_at = request.session.get(REPLACE_KEY, 0)
        fresh = timezone.now().timestamp() - authorised_at < REPLACE_WINDOW_SECONDS
        if not (user.is_verified() and fresh):
            # Someone with a device already must prove it first: a password alone never adds a device.
            return redirect("accounts:replace_authenticator" if user.is_verified() else "accounts:two_factor")
    elif services.must_confirm_email_to_enrol(user) and not request.session.get(EMAIL_CONFIRMED_KEY):
        return confirm_email_to_enrol(request)
    hex_key = request.session.get(ENROL_KEY)
    if not hex_key:
        hex_key = request.session[ENROL_KEY] = two_factor.new_secret()
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, last_t = two_factor.code_matches_secret(hex_key, form.cleaned_data["code"])
        if ok:
            device, codes = services.enrol_authenticator(
                user, hex_key, last_t, request=request, replacing=replacing
            )
            for key in (ENROL_KEY, REPLACE_KEY, FAILURES_KEY):
                request.session.pop(key, None)
            if not user.is_verified():
                request.session.cycle_key()
            otp_login(request, device)
            sessions.two_factor_checked(request.session)  # a code from the new app: a check like sign-in's
            request.session[BACKUP_CODES_KEY] = codes
            return redirect("accounts:backup_codes")
        form.add_error(
            "code",
            "That code is not right. Check the app shows Harbour, then enter the 6-digit code it shows now",
        )
    uri = two_factor.setup_uri(user, hex_key)
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(uri),
        "secret": two_factor.secret_for_people(hex_key),
        "replacing": replacing,
    }
    return render(request, "accounts/enrol.html", context)


def confirm_email_to_enrol(request):
    """An account that has waited too long to set up two-factor proves its mailbox first: a password
    alone, perhaps leaked meanwhile, must not be enough to attach someone else's authenticator."""
    user = request.user
    sent = False
    if request.method == "POST":
        if refused := limits.check(request, "enrol_email", str(user.pk), user=user):
            return refused
        services.send_enrol_confirmation(user, request=request)
        sent = True
    context = {"sent": sent, "days": settings.HARBOUR_ENROL_DAYS}
    return render(request, "accounts/enrol_confirm_email.html", context)


@never_cache
def enrol_confirmed(request, token):
    """The link from that email: it works for the person it was sent to, signed in with their password."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.enrol_token_is_valid(user, token):
        context = {"expired": True, "days": settings.HARBOUR_ENROL_DAYS}
        return render(request, "accounts/enrol_confirm_email.html", context, status=404)
    request.session[EMAIL_CONFIRMED_KEY] = True
    return redirect("accounts:enrol")


@never_cache
def backup_codes(request):
    """Shows new backup codes once; reloading the page does not show them again."""
    codes = request.session.pop(BACKUP_CODES_KEY, None)
    if not codes:
        return redirect("accounts:profile")
    next_url = request.session.pop(NEXT_KEY, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    context = {"codes": [two_factor.format_backup_code(c) for c in codes], "next": next_url}
    return render(request, "accounts/backup_codes.html", context)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.signed_out(request, request.user)
    logout(request)  # flushes the session on the server, so an old cookie is worthless
    messages.success(request, "You have signed out.")
    return redirect("accounts:login")
