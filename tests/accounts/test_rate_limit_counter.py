"""The shared limiter: counts per limit and per who, refuses over the count, and forgets at the window's end."""

import datetime

import pytest
import time_machine

from harbour.accounts.models import RateLimitCounter
from harbour.lib import ratelimit

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, 5, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.HARBOUR_RATE_LIMITS = {
        **settings.HARBOUR_RATE_LIMITS,
        "sign_in_ip": (3, 15),
        "password_reset_ip": (1, 60),
    }


def test_the_count_plus_one_is_refused_until_the_window_ends():
    with time_machine.travel(START, tick=False) as clock:
        assert [ratelimit.hit("sign_in_ip", "192.0.2.1") for _ in range(3)] == [None, None, None]
        refusal = ratelimit.hit("sign_in_ip", "192.0.2.1")
        assert refusal.limit == "sign_in_ip" and refusal.first
        assert refusal.retry_at == datetime.datetime(2026, 3, 2, 9, 15, tzinfo=datetime.UTC)
        assert not ratelimit.hit("sign_in_ip", "192.0.2.1").first  # audited once a window, not per request
        clock.move_to(datetime.datetime(2026, 3, 2, 9, 15, 1, tzinfo=datetime.UTC))
        assert ratelimit.hit("sign_in_ip", "192.0.2.1") is None


def test_each_address_and_each_limit_has_its_own_count():
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            ratelimit.hit("sign_in_ip", "192.0.2.1")
        assert ratelimit.hit("sign_in_ip", "192.0.2.2") is None
        assert ratelimit.hit("password_reset_ip", "192.0.2.1") is None
        assert ratelimit.hit("sign_in_ip", "192.0.2.1") is not None


def test_ended_windows_are_cleared_and_who_is_not_stored_in_clear():
    with time_machine.travel(START, tick=False) as clock:
        ratelimit.hit("sign_in_ip", "someone@example.org")
        assert "someone" not in RateLimitCounter.objects.get().key
        clock.shift(datetime.timedelta(hours=1))
        ratelimit.hit("sign_in_ip", "someone@example.org")
        assert RateLimitCounter.objects.count() == 1


def test_an_unknown_limit_is_an_error_not_unlimited():
    with pytest.raises(KeyError):
        ratelimit.hit("no_such_limit", "x")
