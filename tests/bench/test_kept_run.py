"""The kept-aside run's plumbing (`make bench ARGS=--kept`), without ever reading the kept part: a kept
figure refuses to be computed unless the final run asked for it, and the report puts development and kept
figures side by side. The evaluate() functions here are stand-ins for the training scripts' own."""

import os

import pytest

import bench.__main__ as bench_main
from bench import quality, report
from harbour.screening.training import data


def _evaluate(datasets, *, kept: bool = False) -> dict:
    """Like a training script's evaluate(): it refuses the kept part unless the final run asked for it."""
    if kept:
        data.require_kept_run()
    return {
        "olid": {"precision": 0.7, "recall": 0.4 if kept else 0.5, "n": 300 if kept else 2000},
        "threshold": 0.61,
    }


def _evaluate_without_kept(datasets) -> dict:
    return {"olid": {"recall": 0.9}}


@pytest.fixture
def no_kept_run(monkeypatch):
    monkeypatch.delenv(data.KEPT_RUN_ENV, raising=False)


def test_a_kept_figure_refuses_without_the_final_runs_variable(no_kept_run, tmp_path):
    called = []
    with pytest.raises(SystemExit, match="HARBOUR_KEPT_RUN=final"):
        quality.evaluate_all(tmp_path, {"abuse": lambda *a, **k: called.append(1)}, kept=True)
    with pytest.raises(SystemExit, match="HARBOUR_KEPT_RUN=final"):
        quality.models(tmp_path, kept=True)
    with pytest.raises(SystemExit, match="HARBOUR_KEPT_RUN=final"):
        quality.offensive(tmp_path, rows=10, slow_rows=10, seed=1, kept=True)
    assert called == []


def test_the_development_run_needs_no_variable(no_kept_run, tmp_path):
    out = quality.evaluate_all(tmp_path, {"abuse": _evaluate}, log=lambda _: None)
    assert out["abuse"]["olid"]["recall"] == 0.5


def test_a_kept_run_calls_evaluate_with_kept_and_names_an_evaluate_without_the_flag(monkeypatch, tmp_path):
    monkeypatch.setenv(data.KEPT_RUN_ENV, "final")
    out = quality.evaluate_all(
        tmp_path, {"abuse": _evaluate, "hate": _evaluate_without_kept}, kept=True, log=lambda _: None
    )
    assert out["abuse"]["olid"]["recall"] == 0.4
    assert "no kept flag" in out["hate"]["error"]


def test_the_report_shows_development_and_kept_columns_side_by_side(monkeypatch, tmp_path):
    monkeypatch.setenv(data.KEPT_RUN_ENV, "final")
    results: dict = {}
    lines = bench_main.evaluated(
        results,
        "models",
        lambda kept: quality.evaluate_all(tmp_path, {"abuse": _evaluate}, kept=kept, log=lambda _: None),
        "Per category: the training scripts' evaluate() on development rows",
        kept=True,
    )
    text = "\n".join(lines)
    assert (
        "## Per category: the training scripts' evaluate() on development rows and on the kept-aside part"
        in text
    )
    assert "| figure | development | kept |" in text
    assert "| olid: recall | 0.500 | 0.400 |" in text
    assert "| olid: n | 2,000 | 300 |" in text
    assert results["models (kept)"]["abuse"]["olid"]["n"] == 300


def test_a_development_run_reports_no_kept_column(no_kept_run, tmp_path):
    results: dict = {}
    text = "\n".join(
        bench_main.evaluated(
            results,
            "models",
            lambda kept: quality.evaluate_all(tmp_path, {"abuse": _evaluate}, kept=kept),
            "T",
        )
    )
    assert "kept" not in text and "models (kept)" not in results


def test_the_offensive_table_has_kept_columns_with_the_peers_on_the_kept_rows():
    def scores(f1, n):
        return {"precision": f1, "recall": f1, "f1": f1, "n": n, "positives": n // 2}

    def entry(f1, n):
        return {
            "note": "tweets",
            "trained_on_train_split": True,
            "split": "validation",
            "split_rows": n,
            "harbour": scores(f1, n),
            "harbour, fast path only": scores(f1 - 0.1, n),
            "alt-profanity-check": scores(0.6, n),
            "better-profanity": scores(0.4, n),
        }

    text = "\n".join(report.offensive({"olid": entry(0.7, 1500)}, {"olid": entry(0.65, 300)}))
    assert (
        "| set | rows | Harbour F1, development | Harbour F1, kept | Harbour fast path F1, development |"
        in text
    )
    assert "| olid | 1,500 (bp 1,500); kept 300 | 0.700 (P 0.70 R 0.70) | 0.650 (P 0.65 R 0.65) |" in text
    assert "alt-profanity-check F1, kept" in text


def test_bench_kept_sets_the_variable_for_its_own_run_only(no_kept_run, monkeypatch):
    seen = []
    monkeypatch.setattr(bench_main, "run", lambda *a: seen.append(os.environ.get(data.KEPT_RUN_ENV)) or 0)
    assert bench_main.main(["--kept", "--only", "adversarial"]) == 0
    assert seen == ["final"]
    assert data.KEPT_RUN_ENV not in os.environ
    assert bench_main.main(["--only", "adversarial"]) == 0
    assert seen == ["final", None]


def test_a_peer_that_is_not_installed_is_named_not_a_crash(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "profanity_check", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "better_profanity", None)
    peers = quality._peers()
    assert (
        "not installed" in peers["alt-profanity-check"]
        and "make bench installs it" in peers["better-profanity"]
    )
