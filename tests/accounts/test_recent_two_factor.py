"""@recent_two_factor (harbour/accounts/access.py) and "Confirm it's you" (accounts:confirm_two_factor): a
page that needs a fresh two-factor check lets a session through for HARBOUR_FRESH_TWO_FACTOR_MINUTES after
its last code, at sign-in or on the confirm page, and otherwise asks for a code again, with the sign-in
step's limits."""

import re
from base64 import b32decode
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from harbour.audit.models import AuditEvent
from tests.accounts.fresh_two_factor_urls import PAGE
from tests.cast import (
    acknowledge_conduct,
    add_authenticator,
    add_backup_codes,
    enter_password,
    sign_in,
    totp_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp_throttle", "fresh_only_urls")]

CONFIRM = "/accounts/confirm/"
HARBOUR = Path(__file__).resolve().parents[2] / "harbour"


@pytest.fixture
def fresh_only_urls(settings):
    settings.ROOT_URLCONF = "tests.accounts.fresh_two_factor_urls"


def later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def confirm_url(next_url: str) -> str:
    return f"{CONFIRM}?next={quote(next_url, safe='')}"


@pytest.fixture
def signed_in(client, dsl):
    """The lead, signed in through the real pages: password, then a code from their app."""
    device = add_authenticator(dsl.user)
    enter_password(client, dsl.user.email)
    assert client.post(reverse("accounts:two_factor"), {"code": totp_code(device)}).status_code == 302
    acknowledge_conduct(dsl)
    return client


def test_the_url_is_accounts_confirm():
    assert reverse("accounts:confirm_two_factor") == CONFIRM


def test_a_fresh_sign_in_passes(signed_in):
    response = signed_in.get(PAGE)
    assert response.status_code == 200 and b"needs a fresh check" in response.content
    with later(14):
        assert signed_in.get(PAGE).status_code == 200


def test_sixteen_minutes_later_it_asks_to_confirm_and_comes_back(signed_in):
    with later(16):
        response = signed_in.get(f"{PAGE}?tab=record")
        assert response.status_code == 302
        assert response.url == confirm_url(f"{PAGE}?tab=record")
        page = signed_in.get(response.url).content.decode()
        assert (
            '<h1 class="govuk-heading-l">Confirm it\'s you</h1>' in page
            and f'value="{PAGE}?tab=record"' in page
        )


def test_a_post_is_let_through_so_nothing_typed_is_lost(signed_in):
    with later(16):
        response = signed_in.post(PAGE, {"summary": "what they typed"})
    assert response.status_code == 200 and response.content == b"Saved what you typed"


def test_the_setting_decides_how_long_a_check_lasts(signed_in, settings):
    settings.HARBOUR_FRESH_TWO_FACTOR_MINUTES = 30
    with later(16):
        assert signed_in.get(PAGE).status_code == 200


def test_a_wrong_code_is_refused_and_counted(signed_in, dsl, org):
    with later(16):
        response = signed_in.post(CONFIRM, {"code": "000000", "next": PAGE})
        assert response.status_code == 200
        assert "You have 4 tries left" in response.content.decode()
        event = AuditEvent.objects.get(action="two_factor.confirm_failed")
        assert event.actor == dsl.user and event.organisation == org and event.detail == {"failures": 1}
        assert signed_in.get(PAGE).status_code == 302  # still not let through


def test_five_wrong_codes_sign_the_session_out(signed_in, dsl):
    with later(16):
        for _ in range(4):
            signed_in.post(CONFIRM, {"code": "000000", "next": PAGE})
        response = signed_in.post(CONFIRM, {"code": "000000", "next": PAGE})
        assert response.status_code == 302 and response.url == reverse("accounts:login")
        assert "_auth_user_id" not in signed_in.session
        assert AuditEvent.objects.filter(action="two_factor.too_many_failures", actor=dsl.user).count() == 1
        assert signed_in.get(PAGE).url.startswith(reverse("accounts:login"))


def test_the_right_code_passes_and_returns_to_next(signed_in, dsl, org):
    with later(16):
        code = totp_code(dsl.user.totpdevice_set.get())
        response = signed_in.post(CONFIRM, {"code": code, "next": f"{PAGE}?tab=record"})
        assert response.status_code == 302 and response.url == f"{PAGE}?tab=record"
        assert signed_in.get(PAGE).status_code == 200
        event = AuditEvent.objects.get(action="two_factor.confirmed")
        assert event.actor == dsl.user and event.organisation == org
        assert event.detail == {"method": "authenticator app"}
    with later(16 + 14):
        assert signed_in.get(PAGE).status_code == 200  # the confirmation is the session's latest check
    with later(16 + 16):
        assert signed_in.get(PAGE).status_code == 302


def test_a_backup_code_passes_once_and_says_how_many_are_left(signed_in, dsl):
    add_backup_codes(dsl.user, "abcd2345", "efgh6723")
    with later(16):
        response = signed_in.post(CONFIRM, {"code": "abcd 2345", "next": PAGE}, follow=True)
        assert response.redirect_chain[-1][0] == PAGE
        assert AuditEvent.objects.get(action="two_factor.confirmed").detail == {
            "method": "backup code",
            "backup_codes_left": 1,
        }
    with later(40):
        assert signed_in.post(CONFIRM, {"code": "abcd2345", "next": PAGE}).status_code == 200


def test_the_right_code_clears_the_count_of_wrong_ones(signed_in, dsl):
    with later(16):
        for _ in range(4):
            signed_in.post(CONFIRM, {"code": "000000", "next": PAGE})
        signed_in.post(CONFIRM, {"code": totp_code(dsl.user.totpdevice_set.get()), "next": PAGE})
    with later(40):
        response = signed_in.post(CONFIRM, {"code": "000000", "next": PAGE})
        assert "You have 4 tries left" in response.content.decode()


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "https:evil.example"]
)
def test_an_unsafe_next_is_ignored(signed_in, dsl, unsafe):
    with later(16):
        page = signed_in.get(confirm_url(unsafe)).content.decode()
        assert "evil.example" not in page and "javascript" not in page
        code = totp_code(dsl.user.totpdevice_set.get())
        response = signed_in.post(f"{CONFIRM}?next={quote(unsafe)}", {"code": code, "next": unsafe})
        assert response.status_code == 302 and response.url == reverse("console:home")


def test_codes_entered_here_count_towards_the_sign_in_steps_rate_limits(signed_in, settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "two_factor_session": (3, 15)}
    with later(16):
        for _ in range(3):
            signed_in.post(CONFIRM, {"code": "not-a-code"})  # an invalid form: not a wrong code, still a hit
        response = signed_in.post(CONFIRM, {"code": "123456"})
        assert response.status_code == 429
        assert AuditEvent.objects.get(action="security.rate_limited").detail == {
            "limit": "two_factor_session"
        }


def test_setting_up_an_authenticator_at_sign_in_counts_as_a_check(client, dsl):
    enter_password(client, dsl.user.email)  # no app yet: the sign-in goes on to setting one up
    html = client.get(reverse("accounts:enrol")).content.decode()
    secret = re.search(r'id="manual-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert client.post(reverse("accounts:enrol"), {"code": f"{TOTP(b32decode(secret)).token():06d}"}).url
    acknowledge_conduct(dsl)
    assert client.get(PAGE).status_code == 200
    with later(16):
        assert client.get(PAGE).status_code == 302


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    assert client.get(CONFIRM).url.startswith(reverse("accounts:login"))
    assert client.get(PAGE).url.startswith(reverse("accounts:login"))


def test_a_password_alone_does_not_reach_the_confirm_page(client, dsl):
    add_authenticator(dsl.user)
    enter_password(client, dsl.user.email)
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))


def test_a_role_without_the_capability_gets_403_not_the_confirm_page(moderator):
    client = sign_in(Client(), moderator.user)
    with later(16):
        assert client.get(PAGE).status_code == 403


def test_only_the_sessions_helper_writes_when_a_check_was_passed():
    """One place records a check's time (sessions.two_factor_checked), which the sign-in's step, setting
    up an app and the confirm page all call: a second way of marking a session fresh would be missed by
    one of them."""
    writers = [
        path.relative_to(HARBOUR).as_posix()
        for path in HARBOUR.rglob("*.py")
        if "TWO_FACTOR_AT_KEY" in path.read_text() or "harbour_two_factor_at" in path.read_text()
    ]
    assert writers == ["accounts/sessions.py"]
    sign_in_views = (HARBOUR / "accounts" / "views" / "sign_in.py").read_text()
    assert sign_in_views.count("two_factor.verify_code(") == 1  # check_code, shared by both pages
    assert sign_in_views.count("two_factor_checked(") == 2  # check_code and the set-up step
