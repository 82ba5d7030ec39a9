"""Hashed word and character n-grams: the one feature space the linear classifiers are trained and run on.

The input is a text's words as the engine's normaliser gives them (Document.words of the main form:
lower case, evasions undone, apostrophes gone), so training and screening see the same tokens. A word
contributes its own bucket plus its character 3-5-grams (padded with spaces, like scikit-learn's
`char_wb`). A feature that occurs k times counts k times, and every occurrence weighs 1/sqrt(n), n being
the number of occurrences in the text. So a linear model's score is
    bias + (sum over words of the word's summed bucket weights) / sqrt(n)
and the classifiers cache, per word, its number of buckets and every model's summed weight: the hot
path is one dict lookup per word (detectors/classifier.py). Hashing is zlib.crc32, stable across
processes (Python's `hash` of a str is not).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate, islice
from typing import NamedTuple

import numpy as np

_REPEATS = re.compile(r"(.)\1{2,}")
_DIGITS = re.compile(r"\d")
_CHAR_SIZES = (3, 4, 5)


def canonical(word: str) -> str:
    """The form a word is hashed under: lower case, runs of 3+ cut to 2, every digit a 0."""
    word = word.lower()
    if _REPEATS.search(word):
        word = _REPEATS.sub(r"\1\1", word)
    return word if word.isalpha() else _DIGITS.sub("0", word)  # a word of letters has no digit


class Features(NamedTuple):
    tokens: list[str]
    norm: float  # 1/sqrt(number of feature occurrences), 0.0 when there are no words


class Bounded(dict):
    """A dict that fills itself through `make` and holds at most `limit` entries: when full it drops the
    older half (dicts keep insertion order), so a stream of new words cannot grow memory, and the words
    seen lately stay warm rather than all going at once."""

    def __init__(self, make, limit: int):
        super().__init__()
        self.make = make
        self.limit = limit

    def __missing__(self, key):
        value = self.make(key)
        if len(self) >= self.limit:
            for old in list(islice(self, max(1, self.limit // 2))):
                del self[old]
        self[key] = value
        return value


class HashedNgrams:
    """Maps words to bucket indices in [0, 2**bits). Deterministic; its caches are bounded."""

    def __init__(self, bits: int = 18, cache_size: int = 1 << 16):
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.cache_size = cache_size
        self._buckets = Bounded(self.hash_word, cache_size)  # word -> its buckets
        self._sizes = Bounded(lambda word: len(self._buckets[word]), cache_size)

    def hash_word(self, word: str) -> tuple[int, ...]:
        """Every bucket one word contributes, computed afresh (word_buckets caches it)."""
        form = canonical(word)
        mask = self.mask
        padded = f" {form} "
        if padded.isascii():  # slices of the bytes are the characters' n-grams: encode once
            data, crc = padded.encode(), zlib.crc32
        else:
            data, crc = padded, _crc
        size = len(data)
        buckets = [_crc("w:" + form) & mask]
        for n in _CHAR_SIZES:
            buckets += [crc(data[i : i + n]) & mask for i in range(size - n + 1)]
        return tuple(buckets)

    def word_buckets(self, word: str) -> tuple[int, ...]:
        """Every bucket one word contributes: its own and its character n-grams'."""
        return self._buckets[word]

    def features(self, tokens: list[str]) -> Features:
        n = sum(map(self._sizes.__getitem__, tokens))
        return Features(tokens, n**-0.5 if n else 0.0)

    def indices(self, tokens: list[str]) -> list[int]:
        """Every feature occurrence as a bucket index (one row of the training matrix)."""
        out: list[int] = []
        for word in tokens:
            out.extend(self._buckets[word])
        return out


_FILL_CHUNK = 2048  # words hashed together at most (a hostile text may bring tens of thousands)


class WordRows(dict):
    """word -> (its number of buckets, then each weight vector's sum over its buckets), bounded as Bounded
    is. `fill(words)` adds the words it lacks all at once: every new word's n-grams hashed in one pass and
    their weights gathered and summed by NumPy, so a text's new words cost one gather, not a Python sum
    per word and weight vector (the cold path: a stream of messages keeps bringing words never seen).
    The sums are of float32 weights in float64, in bucket order, as `sum` over the same weights gives."""

    def __init__(self, ngrams: HashedNgrams, weights: Sequence, limit: int):
        super().__init__()
        self.ngrams = ngrams
        self.limit = limit
        # (2**bits, number of vectors): one bucket's weights sit together, so a gather reads a row. The
        # float32 weights held as float64 (exactly), so the sums are float64 as Python's are.
        self.table = np.ascontiguousarray(
            np.stack([np.asarray(w, dtype=np.float32) for w in weights], axis=1), dtype=np.float64
        )

    def __missing__(self, word: str) -> tuple:
        self.fill({word})
        return self[word]

    def fill(self, words: AbstractSet[str]) -> None:
        """Add the rows of those words not in the table yet."""
        if self.keys() >= words:  # in C: the common case once a service has run a while
            return
        new = [w for w in words if w not in self]
        for start in range(0, len(new), _FILL_CHUNK):  # a huge text's words in pieces: bounded scratch memory
            self._add(new[start : start + _FILL_CHUNK])

    def _add(self, new: list[str]) -> None:
        grams: list = []
        sizes: list[int] = []
        for word in new:
            before = len(grams)
            _grams(canonical(word), grams)
            sizes.append(len(grams) - before)
        buckets = np.fromiter(map(zlib.crc32, grams), dtype=np.intp, count=len(grams))
        gathered = self.table.take(buckets & self.ngrams.mask, axis=0)  # take: less overhead than [ ]
        if len(new) == 1:  # summed down the rows, in order, as reduceat does
            sums = [gathered.sum(axis=0).tolist()]
        else:
            sums = np.add.reduceat(gathered, list(accumulate(sizes[:-1], initial=0)), axis=0).tolist()
        room = self.limit - len(self)
        if room < len(new):  # drop the older half, or more where this text brings more new words
            for old in list(islice(self, max(self.limit // 2, len(new) - room))):
                del self[old]
        for word, size, row in zip(new, sizes, sums):
            self[word] = (size, *row)


def _grams(form: str, out: list) -> None:
    """Append the byte strings whose crc32 are a canonical word's buckets (HashedNgrams.hash_word's order)."""
    out.append(("w:" + form).encode("utf-8", "surrogatepass"))
    padded = f" {form} "
    if padded.isascii():  # slices of the bytes are the characters' n-grams
        data = padded.encode()
        size = len(data)
        out += [data[i : i + n] for n in _CHAR_SIZES for i in range(size - n + 1)]
    else:
        size = len(padded)
        out += [
            padded[i : i + n].encode("utf-8", "surrogatepass")
            for n in _CHAR_SIZES
            for i in range(size - n + 1)
        ]


def _crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8", "surrogatepass"))
