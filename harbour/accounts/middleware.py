"""Sets request.membership and request.organisation from the signed-in user's own memberships.

The organisation comes only from the session, checked against the user's active memberships:
never from a query string, header or form field (docs/security.md A6). Also the account gate, session
lifetimes and the audit of refused requests.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode

from harbour.accounts import conduct, services, sessions
from harbour.audit.services import record, record_refusal
from harbour.lib import net, ratelimit

SESSION_KEY = "harbour_organisation_id"


def _current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.memberships.active().select_related("organisation")
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        membership = memberships.filter(organisation_id=wanted).first()
        if membership is not None:
            return membership
    membership = memberships.order_by("organisation__name").first()
    if membership is not None:
        request.session[SESSION_KEY] = membership.organisation_id
    else:
        request.session.pop(SESSION_KEY, None)
    return membership


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Eager on purpose: a lazy wrapper around None would make `request.membership is None` false.
        request.membership = _current_membership(request)
        request.organisation = request.membership.organisation if request.membership else None
        return self.get_response(request)


def switch_organisation(request, organisation_id: int) -> bool:
    """Make organisation_id current if the user is an active member; return whether it changed."""
    if not request.user.memberships.active().filter(organisation_id=organisation_id).exists():
        return False
    request.session[SESSION_KEY] = organisation_id
    return True


# Reachable by a session that has a password but has not passed two-factor yet. Everything else
# sends it to the two-factor step (docs/security.md B1). Keep this short: each entry is a way in.
OPEN_BEFORE_TWO_FACTOR = (
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:enrol",
    "accounts:enrol_confirmed",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
)
OPEN_PATH_PREFIXES = ("/static/", "/p/", "/c/", "/healthz", "/readyz", "/.well-known/")
# Also reachable by a member who has not yet acknowledged the current code of conduct.
OPEN_BEFORE_CONDUCT = OPEN_BEFORE_TWO_FACTOR + (
    "accounts:conduct_acknowledge",
    "accounts:switch_organisation",
    "accounts:backup_codes",
)


class AccountGateMiddleware:
    """Sends a signed-in session where it must go before anything else: two-factor (and enrolment) first,
    then acknowledging the organisation's current code of conduct. Put it after CurrentMembershipMiddleware.

    Also signs out someone whose every membership has been deactivated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PATH_PREFIXES):
            return None
        url_name = request.resolver_match.view_name if request.resolver_match else ""
        if url_name in OPEN_BEFORE_TWO_FACTOR:
            return None  # includes accepting an invitation, the way back in for a former member
        if request.membership is None and user.memberships.exists():
            # Every membership has been deactivated: this person's access to Harbour has ended.
            logout(request)
            messages.info(request, "You have been signed out because your membership has ended.")
            return redirect("accounts:login")
        if not user.is_verified():
            return _redirect_with_next("accounts:two_factor", request)
        if (
            request.membership is not None
            and url_name not in OPEN_BEFORE_CONDUCT
            and not conduct.has_acknowledged_current(request.membership)
        ):
            return _redirect_with_next("accounts:conduct_acknowledge", request)
        return None


def _redirect_with_next(url_name, request):
    url = resolve_url(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


ENDED_MESSAGES = {
    "idle": "You have been signed out because you did nothing for {minutes} minutes. Sign in again to continue.",
    "lifetime": "You have been signed out because you signed in more than {hours} hours ago. Sign in again to continue.",
    "ended": "You have been signed out because this session was ended from another device.",
}


class SessionLifetimeMiddleware:
    """Signs out a session that has been idle too long or has passed its absolute lifetime
    (docs/security.md C3), checked on the server on every request. Put it after the authentication and OTP
    middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.check(request)
            if reason is not None:
                services.session_timed_out(request, request.user, reason)
                logout(request)
                if request.path == resolve_url("accounts:login"):
                    return self.get_response(request)  # signing in again: carry on with the new session
                text = ENDED_MESSAGES[reason].format(
                    minutes=settings.HARBOUR_IDLE_MINUTES, hours=settings.SESSION_COOKIE_AGE // 3600
                )
                messages.info(request, text)
                return _redirect_with_next("accounts:login", request)
        return self.get_response(request)


class RefusalAuditMiddleware:
    """Writes one audit event for each refused request (docs/security.md K2): every 403, and every 404 for
    an object that exists but is not the visitor's (access.refused_object marks those). A 404 for something
    that does not exist at all is not a refusal and is not written, so scanners and typos cannot fill the log.

    A refusal of a signed-in person is always accounted for: the first of a burst (same person, organisation
    and kind) as an event, the rest counted and written as one `security.refusals_repeated` event when the
    burst ends (harbour.audit.services.record_refusal), so a probe cannot flood the log. Anonymous visitors
    only meet a 403 when their form has no valid CSRF token; those are written up to a per-address limit.
    The event holds the URL with any token replaced by its name, never a query string or body. Put it after
    CurrentMembershipMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        refused_object = getattr(request, "refused_object", None)  # set by access.refused_object()
        if response.status_code == 403:
            action, model = "security.forbidden", None
        elif response.status_code == 404 and refused_object:
            action, model = refused_object
        else:
            return response
        user = getattr(request, "user", None)
        organisation = getattr(request, "organisation", None)
        detail = {"method": request.method, "path": audit_path(request)}
        if model:
            detail["model"] = model
        if user is not None and user.is_authenticated:
            record_refusal(action, request=request, organisation=organisation, detail=detail)
        elif ratelimit.hit("anonymous_refusals_audited_ip", net.client_ip(request) or "unknown") is None:
            record(action, organisation=organisation, request=request, detail=detail)
        return response


# URL arguments shown as they are in an audit event; any other (a token, say) is shown by its name only.
PLAIN_CONVERTERS = {"int", "uuid"}
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def audit_path(request) -> str:
    """The URL pattern of the request with its numbers and ids filled in, and capability tokens or other
    free text replaced by the argument's name. Empty when the path matched no URL."""
    match = request.resolver_match
    if match is None:
        return ""

    def argument(found):
        name = found.group("name")
        if found.group("converter") in PLAIN_CONVERTERS and name in match.kwargs:
            return str(match.kwargs[name])
        return f"<{name}>"

    return "/" + ARGUMENT.sub(argument, match.route)
