"""Signed-in sessions: the idle timeout and absolute lifetime (docs/security.md C3), and the list a person
sees and ends (C5); and when a session last passed a two-factor check, for pages that need a fresh one.

Times are kept in the session itself, so checking them costs no query. The UserSession row, and the
last-seen time in the session, are written at most once a minute, so the idle timeout can fall up to a
minute early.
"""

import datetime
from importlib import import_module

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from harbour.accounts.models import UserSession

STARTED_KEY = "harbour_started_at"
SEEN_KEY = "harbour_last_seen"
RECORD_KEY = "harbour_user_session"
KEY_KEY = "harbour_session_key"  # the key the row was last given
TOUCH_SECONDS = 60
TWO_FACTOR_AT_KEY = "harbour_two_factor_at"  # when this session last passed a two-factor check


def idle_seconds() -> int:
    return settings.HARBOUR_IDLE_MINUTES * 60


def check(request) -> str | None:
    """For a signed-in request: why its session has ended ("idle", "lifetime", "ended"), or None.
    Keeps the session's UserSession row up to date."""
    session = request.session
    now = timezone.now()
    stamp = now.timestamp()
    started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
    if started is None:
        if session.session_key is None:
            session.save()
        row = UserSession.objects.create(
            user=request.user,
            session_key=session.session_key,
            created_at=now,
            last_seen=now,
            **_client(request),
        )
        session[STARTED_KEY] = session[SEEN_KEY] = stamp
        session[RECORD_KEY], session[KEY_KEY] = row.pk, session.session_key
        return None
    if stamp - started > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    if stamp - seen > idle_seconds():
        return "idle"
    key_changed = session.get(KEY_KEY) != session.session_key  # cycled at sign-in's two-factor step
    if stamp - seen >= TOUCH_SECONDS or key_changed:
        session[SEEN_KEY], session[KEY_KEY] = stamp, session.session_key
        updated = UserSession.objects.filter(pk=session.get(RECORD_KEY), user=request.user).update(
            last_seen=now, session_key=session.session_key or "", **_client(request)
        )
        if not updated:
            return "ended"  # someone ended it from another device while the key was changing
    return None


def two_factor_checked(session) -> None:
    """Record that this session has just passed a two-factor check: the sign-in's step, setting up an
    authenticator, or "Confirm it's you" (harbour/accounts/views/sign_in.py). @recent_two_factor reads it."""
    session[TWO_FACTOR_AT_KEY] = timezone.now().timestamp()


def two_factor_is_recent(session) -> bool:
    """Whether this session passed a two-factor check within HARBOUR_FRESH_TWO_FACTOR_MINUTES."""
    checked = session.get(TWO_FACTOR_AT_KEY)
    if checked is None:
        return False
    elapsed = timezone.now().timestamp() - checked
    return 0 <= elapsed < settings.HARBOUR_FRESH_TWO_FACTOR_MINUTES * 60


@receiver(user_logged_out)
def _forget_on_sign_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        UserSession.objects.filter(pk=request.session.get(RECORD_KEY), user=user).delete()


def _client(request) -> dict:
    return {
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "ip_address": get_client_ip_address(request),
    }


def active_sessions(user):
    """This person's sessions that are still within both time limits, most recently used first."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        last_seen__gt=now - datetime.timedelta(seconds=idle_seconds()),
        created_at__gt=now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE),
    )


def end(user_sessions) -> int:
    """End these sessions on the server (their cookies stop working); returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    count = 0
    for row in list(user_sessions):
        store(session_key=row.session_key).delete()
        row.delete()
        count += 1
    return count


def describe(user_agent: str) -> str:
    """A short name people recognise, like "Firefox on Windows", from a User-Agent header."""
    browsers = (
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    )
    systems = (
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    )
    browser = next((name for mark, name in browsers if mark in user_agent), None)
    system = next((name for mark, name in systems if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
