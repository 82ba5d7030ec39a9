"""Sessions end on the server after 30 idle minutes and 12 hours after signing in, whatever the cookie says."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from harbour.accounts.models import UserSession
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

HOME = reverse("accounts:profile")
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_thirty_idle_minutes_sign_you_out(client, manager):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, manager.user)
        assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200  # activity keeps it alive
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(HOME)
        assert response.status_code == 302 and response.url == reverse(
            "accounts:login"
        ) + "?next=" + HOME.replace("/", "%2F")
        assert "_auth_user_id" not in client.session
        page = client.get(response.url).content.decode()
        assert "did nothing for 30 minutes" in page
        assert AuditEvent.objects.get(action="session.ended").detail == {"reason": "idle"}


def test_the_idle_time_comes_from_the_environment(client, manager, settings):
    settings.HARBOUR_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, manager.user)
        client.get(HOME)
        clock.shift(datetime.timedelta(minutes=6))
        assert client.get(HOME).status_code == 302


def test_twelve_hours_after_signing_in_the_session_ends_even_when_busy(client, manager):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, manager.user)
        client.get(HOME)
        statuses = []
        for _ in range(12 * 4 + 1):  # a request every 15 minutes, to 12 hours 15 minutes
            clock.shift(datetime.timedelta(minutes=15))
            statuses.append(client.get(HOME).status_code)
        assert statuses[:48] == [200] * 48 and statuses[48] == 302
        assert AuditEvent.objects.get(action="session.ended").detail == {"reason": "lifetime"}
        assert "_auth_user_id" not in client.session


def test_signing_out_forgets_the_session(client, manager):
    sign_in(client, manager.user)
    client.get(HOME)
    assert UserSession.objects.filter(user=manager.user).count() == 1
    client.post(reverse("accounts:logout"))
    assert not UserSession.objects.exists()


def test_signing_in_again_from_a_timed_out_session_works_first_time(client, manager):
    from tests.cast import enter_password

    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, manager.user)
        client.get(HOME)
        clock.shift(datetime.timedelta(hours=1))
        response = enter_password(client, manager.user.email)
        assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
