"""How alike a draft is to a channel's recent posts (guidance 4.1: "varied and interesting").

Two posts are alike when they say the same things: the cosine of their content words (lower case, a
plural's "s" dropped, everyday words such as "the", "is", "on" left out, since any two posts share those),
so a post reworded or reordered ("Youth club is open Friday, 6pm to 9pm: come along for games, pool and
toast") is as alike as a copy, while a post on the same topic with new news ("Youth club is closed on
Friday for the bank holiday") is not. And a channel whose posts all start with the same words ("Don't
forget ...") reads as a template, however different the rest.

Limits: words, not meanings: "disco" and "party" are different words; a translation is not alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

ALIKE = 0.6  # cosine at or above which a post repeats another (a reworded copy scores ~0.8-1.0)
SAME_START = 2  # recent posts starting with the same words before the advice says so
START_WORDS = 2

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_EVERYDAY = frozenset(
    """
    a an the and or but so if then than as at by for from in into of on onto to with without about over
    under up down out off is are was were be been being am do does did done doing have has had having will
    would shall should can could may might must it its it's this that these those there here we us our
    ours you your yours i me my he him his she her they them their what which who whom when where why how
    all any some no not nor too very just also only more most much many few each every other such own same
    get got let let's lets please thanks thank don't dont can't cant won't isn't aren't we're we'll we've
    you're you'll you've it'll there's that's what's come along
    """.split()
)


@dataclass(frozen=True, slots=True)
class Likeness:
    score: float  # cosine of content words, 0-1
    post: str  # the recent post it is most like
    same_start: int = 0  # how many recent posts start with the same words
    start: str = ""  # those words, as the draft writes them


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


@lru_cache(maxsize=1024)  # a channel's recent posts are read again at every keystroke; never mutated
def _content(text: str) -> Counter:
    return Counter(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in _words(text)
        if word not in _EVERYDAY
    )


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(count * large[word] for word, count in small.items() if word in large)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))


def likeness(text: str, recent: tuple[str, ...] | list[str]) -> Likeness | None:
    """How alike `text` is to the most alike of `recent` (newest first), and how many of them start with
    the same words; None when there is nothing to compare (no recent posts, or no words)."""
    mine = _content(text)
    if not recent or not mine:
        return None
    best, best_post = 0.0, ""
    for post in recent:
        score = _cosine(mine, _content(post))
        if score > best:
            best, best_post = score, post
    opening = _words(text)[:START_WORDS]
    same = 0
    if len(opening) == START_WORDS:
        same = sum(1 for post in recent if _words(post)[:START_WORDS] == opening)
    start = ""
    if same:
        match = re.match(
            r"\W*" + r"\W+".join(re.escape(w) for w in opening), text.replace("\u2019", "'"), re.IGNORECASE
        )
        start = text[match.start() : match.end()].strip() if match else " ".join(opening)
    return Likeness(best, best_post, same, start)


def quote(text: str, most: int = 60) -> str:
    """The first words of a post, to name it in a sentence."""
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    return flat[:most].rsplit(" ", 1)[0] + "…"
