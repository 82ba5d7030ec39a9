"""ratelimit.over: checking a limit without counting an attempt (for limits that count only failures, such as
wrong consultation codes): it never adds to the count, and refuses once hit() has used the limit up."""

import pytest

from harbour.accounts.models import RateLimitCounter
from harbour.lib import ratelimit

pytestmark = pytest.mark.django_db


def test_over_reads_without_counting_and_refuses_once_used_up(settings):
    settings.HARBOUR_RATE_LIMITS = settings.HARBOUR_RATE_LIMITS | {"consultation_lookup_ip": (2, 15)}
    for _ in range(5):
        assert ratelimit.over("consultation_lookup_ip", "203.0.113.9") is None
    assert not RateLimitCounter.objects.exists()
    assert ratelimit.hit("consultation_lookup_ip", "203.0.113.9") is None
    assert ratelimit.over("consultation_lookup_ip", "203.0.113.9") is None
    assert ratelimit.hit("consultation_lookup_ip", "203.0.113.9") is None
    refused = ratelimit.over("consultation_lookup_ip", "203.0.113.9")
    assert refused is not None and refused.limit == "consultation_lookup_ip" and not refused.first
    assert ratelimit.over("consultation_lookup_ip", "198.51.100.7") is None  # another address
    assert RateLimitCounter.objects.get().count == 2
