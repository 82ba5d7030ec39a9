"""Reading a draft as prose: sentences, words and syllables, with spans into the original text.

Used by the outgoing-draft detectors (readability, leading questions, libel risk). No downloads:
syllables are counted by rule (after Lingua::EN::Syllable) with a small list of exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

# Links, handles, hashtags and emails are not read as prose.
# An address is tried only from the start of a word ("a@" 4,000 times over is one word, not 4,000 tries).
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|(?<!\S)@*+[^\s@]++@\S+\.\w+|[@#]\w+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
# A sentence ends at . ! ? … (and any closing quote or bracket) followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n\s*")
# A full stop after these does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr cllr st prof rev sgt insp pc no nos vs etc eg ie approx dept govt jan feb mar apr jun "
    "jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)


class Word(NamedTuple):
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    words: tuple[Word, ...]

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("\"'”’) ").endswith("?")


def document_sentences(doc: Document) -> list[Sentence]:
    """The sentences of doc.original, split once per screen and shared by the draft detectors."""
    parts = doc.cache.get("prose.sentences")
    if parts is None:
        parts = doc.cache["prose.sentences"] = sentences(doc.original)
    return parts


def sentences(text: str) -> list[Sentence]:
    """Split text into sentences; each has its span in text and its prose words (links etc. left out)."""
    masked = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(masked):
        if m.group().startswith("."):
            before = re.search(r"(\w+)$", masked[start : m.start()])
            if before and (before.group(1).lower() in _ABBREVIATIONS or len(before.group(1)) == 1):
                continue
        _add(out, text, masked, start, m.end())
        start = m.end()
    _add(out, text, masked, start, len(text))
    return out


def _add(out: list[Sentence], text: str, masked: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    words = tuple(Word(m.group(), *m.span()) for m in _WORD.finditer(masked, start, end))
    if words:
        out.append(Sentence(start, end, text[start:end], words))


# Lingua::EN::Syllable's corrections to a count of vowel groups.
_SUBTRACT = re.compile(
    r"cial|tia|cius|cious|giu|ion|iou|sia$|[^aeiuoyt]{2}ed$|.ely$|[cg]h?e[rsd]?$|rved?$|[aeiouy][dt]es?$"
    r"|[aeiouy][^aeiouydt]e[rsd]?$|^[dr]e[aeiou][^aeiou]+$|[aeiouy]rse$"
)
_ADD = re.compile(
    r"ia|riet|dien|iu|io|ii|[aeiou]{3}|^mc|ism$|[^l]lien|^coa[dglx]."
    r"|[^gq]ua[^auieo]|dnt$|uity$|ie(r|st)$"
)
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Words the rules get wrong that turn up in posts for young people.
_EXCEPTIONS = {
    "area": 3,
    "idea": 3,
    "ideas": 3,
    "people": 2,
    "create": 2,
    "created": 3,
    "creative": 3,
    "every": 2,
    "everyone": 3,
    "everybody": 4,
    "everything": 3,
    "business": 2,
    "different": 3,
    "family": 3,
    "families": 3,
    "interesting": 4,
    "evening": 2,
    "real": 1,
    "really": 2,
    "being": 2,
    "going": 2,
    "doing": 2,
    "seeing": 2,
    "science": 2,
    "quiet": 2,
    "poem": 2,
    "lion": 2,
    "video": 3,
    "videos": 3,
    "radio": 3,
    "mediation": 4,
    "whole": 1,
    "while": 1,
    "smile": 1,
    "fire": 1,
    "hire": 1,
    "tired": 1,
    "our": 1,
    "hour": 1,
    "hours": 1,
    "coach": 1,
    "coaches": 2,
    "toilet": 2,
    "naive": 2,
    "recreation": 4,
    "cafe": 2,
    "café": 2,
    "recipe": 3,
    "karaoke": 4,
    "leisure": 2,
    "young": 1,
    "youth": 1,
    "wednesday": 2,
    "facilitate": 4,
    "facilitates": 4,
    "facilitated": 5,
    "facilitating": 5,
    "stakeholder": 3,
    "stakeholders": 3,
    "utilise": 3,
    "utilised": 3,
    "utilize": 3,
    "commence": 2,
    "signpost": 2,
    "leverage": 3,
    "going-forward": 4,
    "queue": 1,
    "ok": 2,
    "okay": 2,
    "email": 2,
    "emails": 2,
    "games": 1,
    "names": 1,
    "times": 1,
    "likes": 1,
    "makes": 1,
    "takes": 1,
    "comes": 1,
    "lives": 1,
}


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word, by rule; at least 1."""
    w = word.lower().replace("'", "").replace("’", "")
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    if len(w) <= 3:
        return 1
    consonant_le = w.endswith("le") and w[-3] not in "aeiouy"  # "table", "simple": the "le" is a syllable
    w = w.removesuffix("e")
    count = len(_VOWEL_GROUPS.findall(w)) + consonant_le
    count -= sum(1 for _ in _SUBTRACT.finditer(w))
    count += sum(1 for _ in _ADD.finditer(w))
    return max(1, count)
