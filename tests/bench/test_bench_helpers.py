"""The benchmark's own arithmetic and its refusal to run without the datasets (no datasets needed here)."""

import json
import statistics

import pytest

from bench import contestant, corpus, report, throughput
from bench.contestant import percentile, run_single
from bench.quality import prf, spearman


def test_prf_counts_the_positive_class():
    assert prf([1, 1, 0, 0], [1, 0, 1, 0]) == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "n": 4,
        "positives": 2,
    }


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


def test_report_puts_cold_first_with_the_ratio_on_the_cold_figure_and_errors_in_their_row():
    results = {
        "harbour": {
            "messages": 10,
            "cold_msgs_per_s": 800.0,
            "cold_cpu_msgs_per_s": 900.0,
            "cold_p99_ms": 2.0,
            "msgs_per_s": 1000.0,
            "p50_ms": 0.5,
            "p99_ms": 1.0,
            "startup_s": 0.1,
            "peak_rss_mb": 40.0,
        },
        "better-profanity": {
            "messages": 10,
            "cold_msgs_per_s": 20.0,
            "msgs_per_s": 25.0,
            "p50_ms": 40.0,
            "p99_ms": 400.0,
            "startup_s": 0.0,
            "peak_rss_mb": 23.0,
        },
        "alt-profanity-check": {"error": "alt-profanity-check: import failed (no module)"},
    }
    meta = {"messages": 10, "mean_chars": 80.0, "composition": {"olid tweets": 10}, "core": 1}
    text = "\n".join(report.throughput(results, meta))
    assert "| contestant | messages | cold msgs/s | cold msgs/s (CPU) | cold p99 ms | warm msgs/s |" in text
    assert "| harbour | 10 | 800.0 | 900.0 | 2.000 | 1,000.0 | 0.500 | 1.000 | 0.10 | 40.0 |  |" in text
    assert "| better-profanity | 10 | 20.0 | – | – | 25.0 | 40.000 | 400.000 | 0.00 | 23.0 | 40.00× |" in text
    assert "alt-profanity-check: import failed (no module)" in text


def test_report_shows_the_command_line_cold_with_and_without_start_up():
    meta = {"messages": 10, "mean_chars": 80.0, "composition": {"olid tweets": 10}, "core": 1}
    cli = {
        "harbour screen --jsonl": {
            "command": "harbour screen --jsonl",
            "messages": 10,
            "startup_s": 0.5,
            "cold_msgs_per_s_with_startup": 15.0,
            "cold_msgs_per_s": 100.0,
            "cold_cpu_msgs_per_s": 110.0,
            "msgs_per_s": 200.0,
        },
        "broken": {"error": "exited 2: no engine"},
    }
    text = "\n".join(report.throughput({}, meta, cli))
    assert (
        "| harbour screen --jsonl | 10 | 15.0 | 100.0 | 110.0 | 200.0 | 0.50 | `harbour screen --jsonl` |"
        in text
    )
    assert "exited 2: no engine" in text


def _tiny_datasets(root):
    """Ten rows of each set the throughput mix reads, in each set's own format."""
    (root / "olid-offenseval2019").mkdir()
    (root / "olid-offenseval2019/olid-training-v1.0.tsv").write_text(
        "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n"
        + "".join(f"{i}\t@USER tweet number {i} &amp; more\tNOT\tNULL\tNULL\n" for i in range(10))
    )
    (root / "davidson-hate-offensive").mkdir()
    (root / "davidson-hate-offensive/labeled_data.train.csv").write_text(
        ",count,hate_speech,offensive_language,neither,class,tweet\n"
        + "".join(f"{i},3,0,0,3,2,davidson {i}\n" for i in range(10))
    )
    (root / "toxic-spans").mkdir()
    (root / "toxic-spans/tsd_trial.csv").write_text(
        "spans,text\n" + "".join(f'"[]","A long comment, number {i}."\n' for i in range(10))
    )
    (root / "convabuse").mkdir()
    (root / "convabuse/ConvAbuseEMNLPvalid.csv").write_text(
        "example_id,user\n" + "".join(f"{i},chat turn {i}\n" for i in range(10))
    )
    (root / "formspring").mkdir()
    (root / "formspring/formspring_data.train.tsv").write_text(
        "userid\tpost\n" + "".join(f"u{i}\tQ: question {i}?<br>A: answer\n" for i in range(10))
    )
    (root / "presidio-synth-pii/data").mkdir(parents=True)
    (root / "presidio-synth-pii/data/synth_dataset_v2.json").write_text(
        json.dumps([{"full_text": f"Call me on 555-010{i}", "spans": []} for i in range(10)])
    )


def test_message_mix_takes_each_source_in_its_share_and_is_repeatable(tmp_path):
    _tiny_datasets(tmp_path)
    mix = corpus.message_mix(tmp_path, 20, seed=1)
    assert mix.composition == {
        "olid tweets": 6,
        "davidson tweets": 2,
        "toxic-spans comments": 4,
        "convabuse chat turns": 2,
        "formspring teen Q&A": 3,
        "presidio-synth PII": 3,
    }
    assert len(mix.messages) == 20
    assert "@USER tweet number" in next(m for m in mix.messages if "tweet number" in m)
    assert any(m.startswith("question ") and "<br>" not in m for m in mix.messages)
    assert "& more" in next(m for m in mix.messages if "tweet number" in m)
    assert corpus.message_mix(tmp_path, 20, seed=1).messages == mix.messages


def test_figures_show_like_rows_as_one_table_and_the_rest_as_figures():
    results = {
        "grooming": {
            "validation": {
                "pj-predator": {"rate": 0.9, "alerted": 188},
                "pj-decoy": {"rate": 0.25, "alerted": 50},
            }
        },
        "abuse": {"error": "no model file", "seconds": 0.0},
    }
    text = "\n".join(report.figures("Per category", results))
    assert "**grooming / validation**" in text
    assert "|  | rate | alerted |" in text
    assert "| pj-decoy | 0.250 | 50 |" in text
    assert "**abuse**" in text and "| error | no model file |" in text


def test_a_contestant_has_a_cold_pass_then_warm_passes_with_the_median_as_the_warm_figure():
    result = run_single(
        "harbour", ["hello there", "you absolute idiot", "meet me at the park at 4pm"], passes=3
    )
    assert result["passes"] == 3 and len(result["pass_msgs_per_s"]) == 3
    assert result["msgs_per_s"] == round(statistics.median(result["pass_msgs_per_s"]), 1)
    assert result["cold_msgs_per_s"] > 0 and result["cold_cpu_msgs_per_s"] > 0
    assert 0 < result["cold_p50_ms"] <= result["cold_p99_ms"] <= result["max_ms"]
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["distinct"] == 3


def test_the_cold_pass_meets_words_the_start_up_did_not():
    """The cold pass is the first time the process sees the messages: the start-up call's text shares no
    word with them, and the classifiers' per-word table gains the messages' words during the run."""
    from harbour.screening.detectors import classifier
    from harbour.screening.engine import default_engine

    messages = ["zyxwvut qwertyuiop asdfghjk", "plmoknijbuhv ygvtfcrdx"]
    new = {"zyxwvut", "qwertyuiop", "plmoknijbuhv"}
    group = next(d.group for d in default_engine().detectors if isinstance(d, classifier.LinearClassifier))
    assert not new & group.rows.keys()
    run_single("harbour", messages, passes=1)
    assert new <= group.rows.keys()
    assert not set(contestant.STARTUP_TEXT.lower().split()) & {w for m in messages for w in m.split()}


def test_the_command_line_run_is_timed_cold_and_warm_in_fresh_processes():
    # Enough messages that screening them outlasts the jitter of starting a process (with three, a loaded
    # machine made the N-line run no longer than the one-line run).
    messages = [f"message {i}: see you at the park at {i % 12 + 1}pm, bring mate {i}" for i in range(1500)]
    result = throughput.cli(
        messages,
        core=throughput.pick_core(),
        repeats=1,
        log=lambda _: None,
    )
    assert "error" not in result, result
    assert result["messages"] == 1500 and result["startup_s"] > 0
    assert result["cold_msgs_per_s"] > result["cold_msgs_per_s_with_startup"] > 0
    assert set(result["seconds"]) == {"one", "n", "2n"}


def test_the_mix_has_no_repeats(tmp_path):
    _tiny_datasets(tmp_path)
    (tmp_path / "convabuse/ConvAbuseEMNLPvalid.csv").write_text(
        "example_id,user\n" + "".join(f"{i},the same chat turn\n" for i in range(10))
    )
    mix = corpus.message_mix(tmp_path, 20, seed=1)
    assert len(mix.messages) == len(set(mix.messages))
    assert mix.composition["convabuse chat turns"] == 1


def test_offensive_report_says_which_split_it_read():
    scores = {"precision": 0.5, "recall": 0.5, "f1": 0.5, "n": 10, "positives": 4}
    entry = {
        "note": "tweets",
        "trained_on_train_split": True,
        "split": "test",
        "split_rows": 10,
        "harbour": scores,
        "alt-profanity-check": scores,
        "better-profanity": scores,
    }
    text = "\n".join(report.offensive({"olid-offenseval2019": entry}))
    assert "## Offensive language: F1 on test splits, same rows" in text
    assert "never used to choose" in text
    assert "| olid-offenseval2019 | 10 (bp 10) | 0.500 (P 0.50 R 0.50) |" in text
    assert "F1, same rows" in "\n".join(report.offensive({"error": "no datasets"}))
