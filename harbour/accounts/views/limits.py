"""The 429 page for a rate limit (harbour.lib.ratelimit), and the audit event for it."""

import math

from axes.helpers import get_client_ip_address
from django.shortcuts import render
from django.utils import timezone

from harbour.accounts import services
from harbour.lib import ratelimit

# What the person was doing, for the page: "<this> too many times".
DOING = {
    "sign_in_ip": "Someone on your network tried to sign in",
    "two_factor_session": "A two-factor code was entered",
    "two_factor_user": "Two-factor codes were entered for this account",
    "password_reset_ip": "Someone on your network asked to reset a password",
    "password_reset_email": "A password reset was asked for",
    "invitation_manager": "You sent invitations",
    "enrol_email": "You asked for a set-up email",
}


def client_ip(request) -> str:
    """The address limits are kept per: the same one django-axes uses (it knows about the proxy)."""
    return get_client_ip_address(request) or "unknown"


def check(request, name: str, who: str, *, user=None):
    """None when allowed; otherwise the 429 response (audited once per window)."""
    refusal = ratelimit.hit(name, who)
    if refusal is None:
        return None
    if refusal.first:
        services.rate_limited(request, refusal.limit, user=user)
    context = {"what": DOING[name], "retry_at": timezone.localtime(refusal.retry_at)}
    response = render(request, "accounts/rate_limited.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response
