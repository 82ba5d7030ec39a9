"""Hashed word and character n-grams: the one feature space the linear classifiers are trained and run on.

A word contributes its own bucket plus its character 3-5-grams (padded with spaces, like scikit-learn's
`char_wb`); each adjacent pair of words contributes a bigram bucket. A feature that occurs k times counts
k times, and every occurrence weighs 1/sqrt(n) where n is the number of occurrences in the text. So a
linear model's score is  bias + (sum of bucket weights over all occurrences) / sqrt(n).

Training builds the full index list (`indices`); the detectors take a faster route to the same number
(`Features`: the tokens and bigram buckets, with per-word sums cached by each model). Hashing is
zlib.crc32, stable across processes (Python's `hash` of a str is not).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import NamedTuple

# URLs and @mentions are single tokens so that they map to one placeholder each, as in the training data
# (OLID writes "@USER" and "URL"); words keep inner apostrophes so that "don't" and "dont" meet.
TOKEN = re.compile(r"https?://\S+|www\.\S+|@\w+|[^\W_]+(?:['’][^\W_]+)*")
_REPEATS = re.compile(r"(.)\1{2,}")
_DIGITS = re.compile(r"\d")
_BIGRAM_MIX = 0x9E3779B1  # golden-ratio multiplier: spreads (left, right) word hashes over the table
_CHAR_SIZES = (3, 4, 5)


def canonical(token: str) -> str:
    """The form a token is hashed under: lower case, placeholders, no apostrophes, runs of 3+ cut to 2."""
    low = token.lower()
    if low.startswith(("http://", "https://", "www.")):
        return "url"
    if low.startswith("@"):
        return "@user"
    low = low.replace("'", "").replace("’", "")
    low = _REPEATS.sub(r"\1\1", low)
    return _DIGITS.sub("0", low)


def _crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8", "surrogatepass"))


class Features(NamedTuple):
    tokens: list[str]  # raw tokens as they appear in the text
    bigrams: list[int]  # one bucket per adjacent pair of tokens
    norm: float  # 1/sqrt(number of feature occurrences), 0.0 for a text without words


class _Bounded(dict):
    """A dict that fills itself through `make` and empties itself when full (memory stays bounded)."""

    def __init__(self, make, limit: int):
        super().__init__()
        self.make = make
        self.limit = limit

    def __missing__(self, key):
        value = self.make(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets into the featurised text
    end: int
    form: str  # canonical form


class HashedNgrams:
    """Maps a text to bucket indices in [0, 2**bits). Deterministic; caches are bounded."""

    def __init__(self, bits: int = 18, cache_size: int = 1 << 16):
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.cache_size = cache_size
        self._words = _Bounded(self._word, cache_size)  # raw token -> (hash, buckets)
        self._pairs = _Bounded(self._pair, cache_size)  # (left, right) -> bucket
        self._sizes = _Bounded(lambda token: len(self._words[token][1]), cache_size)  # raw token -> buckets

    def _word(self, token: str) -> tuple[int, tuple[int, ...]]:
        form = canonical(token)
        mask = self.mask
        h = _crc("w:" + form)
        padded = f" {form} "
        buckets = [h & mask]
        for n in _CHAR_SIZES:
            for i in range(len(padded) - n + 1):
                buckets.append(_crc(padded[i : i + n]) & mask)
        return h, tuple(buckets)

    def _pair(self, pair: tuple[str, str]) -> int:
        return ((self._words[pair[0]][0] * _BIGRAM_MIX) ^ self._words[pair[1]][0]) & 0xFFFFFFFF & self.mask

    def word_buckets(self, token: str) -> tuple[int, ...]:
        """Every bucket one raw token contributes: its own and its character n-grams'."""
        return self._words[token][1]

    def word_size(self, token: str) -> int:
        return len(self._words[token][1])

    def features(self, text: str) -> Features:
        """Tokens, bigram buckets and norm of text."""
        tokens = TOKEN.findall(text)
        bigrams = list(map(self._pairs.__getitem__, zip(tokens, tokens[1:])))
        n = sum(map(self._sizes.__getitem__, tokens)) + len(bigrams)
        return Features(tokens, bigrams, n**-0.5 if n else 0.0)

    def indices(self, text: str) -> list[int]:
        """Every feature occurrence of text as a bucket index (the training matrix's row)."""
        feats = self.features(text)
        out: list[int] = []
        for token in feats.tokens:
            out.extend(self._words[token][1])
        out.extend(feats.bigrams)
        return out

    def spans(self, text: str) -> list[Span]:
        """The tokens of text with their offsets (for explanations; not on the hot path)."""
        return [Span(m.start(), m.end(), canonical(m.group())) for m in TOKEN.finditer(text)]
