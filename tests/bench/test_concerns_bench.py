"""bench/concerns.py at tiny sizes: it loads concerns with their evidence, entries and referrals, signs the lead
in with a fresh two-factor check, and every page it times answers 200 over HTTP from `harbour run`."""

import pytest

from bench import concerns

pytestmark = pytest.mark.slow


def test_the_concerns_bench_times_each_page_at_tiny_sizes():
    result = concerns.run(items=300, concerns=60, requests=2, database_url=None)

    assert set(result["pages"]) == {
        "concern list (open first, most serious)",
        "filtered list (open, a category, high)",
        "concern page",
    }
    for figures in result["pages"].values():
        assert figures["n"] == 2 and 0 < figures["p50_ms"] <= figures["p95_ms"]
