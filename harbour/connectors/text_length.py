"""How each platform counts a post's length, so that Harbour checks a reply as the platform will.

Python's len() counts code points: a family emoji (four people joined by zero-width joiners) is 7, a flag
2, an "é" typed as "e" and a combining accent 2. Bluesky counts 300 graphemes (what a reader sees as one
character); Mastodon counts graphemes too, with every web address as 23 and a mention of someone on
another server as their name on it alone (Mastodon's StatusLengthValidator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

GRAPHEME = regex.compile(r"\X")
# A web address as Mastodon finds one (it needs the scheme), less the punctuation that ends a sentence.
WEB_ADDRESS = regex.compile(r"https?://[^\s<>\"']+?(?=[.,:;!?)\]}'\"…]*(?:\s|$))", regex.IGNORECASE)
MASTODON_URL_LENGTH = 23
# @name@server.example counts as @name (Account::MENTION_RE).
REMOTE_MENTION = regex.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\w.-]+\w", regex.IGNORECASE
)


def graphemes(text: str) -> int:
    """Extended grapheme clusters: each emoji (a ZWJ family, a flag, a skin tone) and each letter with its
    accents is one."""
    return len(GRAPHEME.findall(text))


def mastodon(text: str) -> int:
    text = WEB_ADDRESS.sub("x" * MASTODON_URL_LENGTH, text)
    return graphemes(REMOTE_MENTION.sub(r"@\1", text))


@dataclass(frozen=True)
class Counting:
    """One way a platform measures a text: the function, the words that tell staff how (after "allows 300
    characters"), and the GOV.UK character count's countType nearest to it ("characters" counts graphemes
    in the browser, "length" UTF-16 code units)."""

    length_of: Callable[[str], int]
    how: str = ""
    count_type: str = "length"


CHARACTERS = Counting(len)
GRAPHEMES = Counting(graphemes, "counting each emoji as one", "characters")
# The browser's count cannot give web addresses their 23, so it shows graphemes; the server has the say.
MASTODON = Counting(mastodon, "counting each emoji as one and each web address as 23", "characters")
