"""The benchmark's own arithmetic and its refusal to run without the datasets (no datasets needed here)."""

import pytest

from bench import corpus, report
from bench.contestant import percentile
from bench.quality import prf, spearman


def test_prf_counts_the_positive_class():
    assert prf([1, 1, 0, 0], [1, 0, 1, 0]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "n": 4, "positives": 2}


def test_prf_with_no_predictions_is_zero_not_an_error():
    assert prf([1, 0], [0, 0])["f1"] == 0.0


def test_spearman_handles_ties_and_order():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2, 2], [1, 1, 2, 2]) == pytest.approx(1.0)


def test_percentile_is_nearest_rank_in_milliseconds():
    ns = sorted(i * 1_000_000 for i in range(1, 101))
    assert percentile(ns, 50) == 50.0
    assert percentile(ns, 99) == 99.0


def test_missing_datasets_give_a_clear_message(tmp_path):
    with pytest.raises(SystemExit, match="Pass --datasets PATH or set HARBOUR_DATASETS"):
        corpus.datasets_root(str(tmp_path))


def test_report_shows_ratio_against_each_peer_and_errors_in_their_row():
    results = {
        "harbour": {"messages": 10, "msgs_per_s": 1000.0, "p50_ms": 0.5, "p99_ms": 1.0, "startup_s": 0.1,
                    "peak_rss_mb": 40.0},
        "better-profanity": {"messages": 10, "msgs_per_s": 25.0, "p50_ms": 40.0, "p99_ms": 400.0, "startup_s": 0.0,
                             "peak_rss_mb": 23.0},
        "alt-profanity-check": {"error": "alt-profanity-check: import failed (no module)"},
    }
    meta = {"messages": 10, "mean_chars": 80.0, "composition": {"olid tweets": 10}, "core": 1}
    text = "\n".join(report.throughput(results, meta))
    assert "| better-profanity | 10 | 25.0 | 40.000 | 400.000 | 0.00 | 23.0 | 40.00× |" in text
    assert "alt-profanity-check: import failed (no module)" in text
