"""Hashed n-grams: the same text always maps to the same buckets, and the fast route equals the slow one."""

import subprocess
import sys

import pytest

from harbour.screening.ngrams import HashedNgrams, canonical


@pytest.mark.parametrize(
    ("token", "form"),
    [
        ("Hello", "hello"),
        ("don't", "dont"),
        ("don’t", "dont"),
        ("sooooo", "soo"),
        ("@someone", "@user"),
        ("https://t.co/abc", "url"),
        ("www.example.com/x", "url"),
        ("year9", "year0"),
    ],
)
def test_when_token_then_canonical_form(token, form):
    assert canonical(token) == form


def test_indices_count_every_occurrence_and_norm_matches():
    f = HashedNgrams(bits=12)
    feats = f.features("you you")
    indices = f.indices("you you")
    # each "you": itself + 3 char 3-grams + 2 4-grams + 1 5-gram (" you ") = 7; plus one bigram
    assert len(indices) == 15
    assert feats.norm == pytest.approx(15**-0.5)
    assert all(0 <= i < 4096 for i in indices)


def test_text_without_words_has_no_features():
    f = HashedNgrams()
    assert f.indices("!!! ??? ...") == []
    assert f.features("").norm == 0.0


def test_buckets_are_the_same_in_a_fresh_process():
    """crc32, not Python's salted hash: a model trained in one process works in another."""
    script = "from harbour.screening.ngrams import HashedNgrams; print(HashedNgrams().indices('nobody likes you'))"
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert runs.pop().strip() == str(HashedNgrams().indices("nobody likes you"))


def test_caches_stay_bounded():
    f = HashedNgrams(cache_size=50)
    for i in range(500):
        f.features(f"word{i}x other{i}y")
    assert len(f._words) <= 50 and len(f._pairs) <= 50 and len(f._sizes) <= 50


def test_spans_point_at_the_tokens():
    f = HashedNgrams()
    text = "Nobody LIKES you"
    assert [(text[s.start : s.end], s.form) for s in f.spans(text)] == [
        ("Nobody", "nobody"), ("LIKES", "likes"), ("you", "you")]
