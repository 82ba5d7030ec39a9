"""Hashed n-grams: the same words always map to the same buckets, and the caches stay bounded."""

import subprocess
import sys

import pytest

from harbour.screening.ngrams import HashedNgrams, WordRows, canonical


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("hello", "hello"),
        ("Hello", "hello"),
        ("sooooo", "soo"),
        ("year9", "year0"),
        ("13", "00"),
        ("aaa111", "aa00"),
        ("Naïve", "naïve"),
        ("١٢٣", "000"),  # Arabic-Indic digits are digits too
        ("x²", "x²"),  # a superscript is not a decimal digit
        ("", ""),
    ],
)
def test_when_word_then_canonical_form(word, form):
    assert canonical(word) == form


def test_every_occurrence_counts_and_norm_matches():
    f = HashedNgrams(bits=12)
    # each "you": itself + 3 character 3-grams + 2 4-grams + 1 5-gram of " you " = 7 buckets
    indices = f.indices(["you", "you"])
    assert len(indices) == 14 and indices[:7] == indices[7:]
    assert f.features(["you", "you"]).norm == pytest.approx(14**-0.5)
    assert all(0 <= i < 4096 for i in indices)


def test_no_words_no_features():
    f = HashedNgrams()
    assert f.indices([]) == []
    assert f.features([]).norm == 0.0


def test_buckets_are_the_same_in_a_fresh_process():
    """crc32, not Python's salted hash: a model trained in one process works in another."""
    script = "from harbour.screening.ngrams import HashedNgrams; print(HashedNgrams().indices(['nobody', 'likes']))"
    runs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert runs.pop().strip() == str(HashedNgrams().indices(["nobody", "likes"]))


def test_caches_stay_bounded():
    f = HashedNgrams(cache_size=50)
    for i in range(500):
        f.features([f"word{i}x", f"other{i}y"])
    assert len(f._buckets) <= 50 and len(f._sizes) <= 50


def test_word_rows_hash_and_sum_a_texts_new_words_together_exactly_as_one_at_a_time():
    """WordRows.fill (one NumPy gather for all new words) gives each word the row that hashing it alone and
    summing every weight vector over its buckets gives: the same count and the same floats."""
    import numpy as np

    f = HashedNgrams(bits=12)
    rng = np.random.default_rng(19)
    weights = [rng.normal(size=4096).astype(np.float32) * scale for scale in (1.0, 1e-3, 30.0)]
    words = [
        "you",
        "idiot",
        "sooooo",
        "year9",
        "naïve",
        "日本語",
        "\ud800x",
        ":peach:",
        "a",
        "13",
        "i",
        "you",
    ]
    rows = WordRows(f, weights, limit=100)
    rows.fill(set(words[:6]))
    rows.fill(set(words))
    for word in words:
        buckets = f.hash_word(word)
        assert rows[word] == (len(buckets), *[sum(float(w[b]) for b in buckets) for w in weights]), word
    assert rows["brandnew"][0] == len(f.hash_word("brandnew"))  # a single look-up fills itself


def test_word_rows_stay_bounded_and_keep_the_latest_words():
    rows = WordRows(HashedNgrams(bits=10), [[0.5] * 1024], limit=20)
    for i in range(100):
        rows.fill({f"w{i}a", f"w{i}b", f"w{i}c"})
        assert len(rows) <= 20 and {f"w{i}a", f"w{i}b", f"w{i}c"} <= rows.keys()
    assert "w0a" not in rows
    rows.fill({f"x{i}" for i in range(30)})  # more new words than the table holds: all of them still go in
    assert {f"x{i}" for i in range(30)} <= rows.keys()


def test_a_text_with_more_new_words_than_one_pass_takes_fills_them_all(monkeypatch):
    from harbour.screening import ngrams

    monkeypatch.setattr(ngrams, "_FILL_CHUNK", 7)
    f = HashedNgrams(bits=10)
    rows = WordRows(f, [[0.25] * 1024], limit=1000)
    words = {f"word{i}x" for i in range(50)}
    rows.fill(words)
    assert words <= rows.keys()
    assert all(rows[w] == (len(f.hash_word(w)), 0.25 * len(f.hash_word(w))) for w in words)
