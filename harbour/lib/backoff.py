"""How long to wait before trying again: the one backoff for platform calls, polls and a locked database."""

import random


def backoff(
    attempt: int, *, first: float, longest: float, retry_after: float | None = None, rng=random
) -> float:
    """Seconds before retry number `attempt` (0 is the first retry): doubling from `first`, at most
    `longest`, plus up to half again at random so that processes refused together try apart; and never
    sooner than the platform asked (its Retry-After)."""
    wait = min(longest, first * 2 ** max(attempt, 0))
    wait += rng.uniform(0, wait / 2)
    return max(wait, float(retry_after or 0))
