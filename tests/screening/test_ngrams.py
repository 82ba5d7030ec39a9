"""Hashed n-grams: the same words always map to the same buckets, and the caches stay bounded."""

import subprocess
import sys

import pytest

from harbour.screening.ngrams import HashedNgrams, canonical


@pytest.mark.parametrize(
    ("word", "form"),
    [("hello", "hello"), ("Hello", "hello"), ("sooooo", "soo"), ("year9", "year0"), ("13", "00")],
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
