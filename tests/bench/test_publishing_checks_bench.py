"""bench/publishing_checks.py at a tiny size: it writes the demo author's post with its images, and the check
panel it times answers 200 with the real checks over HTTP from `harbour run`, cold and warm."""

import pytest

from bench import publishing_checks

pytestmark = pytest.mark.slow


def test_the_draft_is_2000_characters_ending_a_sentence():
    text = publishing_checks.draft_text()
    assert len(text) == 2000 and text.endswith(".")


def test_the_check_panel_bench_times_updates_at_a_tiny_size():
    result = publishing_checks.run(requests=3)

    assert result["characters"] == 2000 and result["channels"] >= 1
    assert result["n"] == 3
    assert result["cold_ms"] > 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert 0 < result["floor_p50_ms"] <= result["floor_p95_ms"]
