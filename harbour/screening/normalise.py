"""Normalisation that defeats evasion, with every span mapped back to the original text.

A Document is made once per screen. Detectors match on its normalised forms and report spans in the
original through `to_original`. The normalised text is built in four steps, each recording only the
edits that change length, so that mapping back is a binary search per step and plain text costs
almost nothing:

0. reading order: where right-to-left text or a direction override could show characters away from
   their stored place ("\u202etoidi uoy" shows "you idiot"), the text is put in the order a reader sees
   it (bidi.py, the Unicode bidirectional algorithm) and the direction controls are left out. Most texts
   have nothing right-to-left and skip this; for the rest a span maps back to the smallest span of the
   original that holds every character it covers.
1. fold: lower case, Unicode NFKC, accents and combining marks dropped, Cyrillic/Greek look-alikes
   to Latin, zero-width and format characters removed, emoji to words (🔪 → "knife") or tags
   ("🍆" → ":aubergine:"), curly quotes to straight ones. Digits are kept: this is `doc.folded`, the
   form that personal-information detectors read.
2. leet: inside words that mix letters with digits or symbols, 0→o 1→i 3→e 4→a 5→s 7→t 8→b 9→g
   @→a $→s and ! | + between letters (sh1t, a$$, k!ll); text-speak words (gr8, h8, l8r) spelt out.
   Numbers ("13", "4pm", "13yo", "year8") are left alone.
3. spacing: runs of single letters joined ("s e x", "s.e.x", "k-y-s" → "sex", "kys").
4. repeats: a letter repeated three or more times becomes one ("fuuuuck" → "fuck"). A second
   form, `doc.forms[1]`, keeps two instead ("cooool" → "cool", "killll" → "kill").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property, partial
from itertools import accumulate, compress, count, repeat
from operator import add
from typing import NamedTuple

from harbour.screening.bidi import reading_order

# --- step 1: characters ---------------------------------------------------------------------------

# Latin look-alikes that NFKC leaves alone (Unicode's confusables.txt, the letters people use).
_CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "ь": "b",
    "п": "n",
    "г": "r",
    "з": "3",
    "ч": "4",
    "л": "n",
    "ӏ": "l",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "σ": "o",
    "ς": "s",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "μ": "u",
    "λ": "a",
    # Latin extensions and IPA that stand in for plain letters
    "ı": "i",
    "ȷ": "j",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ƅ": "b",
    "ɑ": "a",
    "ʀ": "r",
    "ʏ": "y",
    "ɪ": "i",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ꜰ": "f",
    "ɢ": "g",
    "ʜ": "h",
    "ᴊ": "j",
    "ᴋ": "k",
    "ʟ": "l",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ǫ": "q",
    "ꜱ": "s",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ð": "d",
    "þ": "th",
    # punctuation
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "`": "'",
    "´": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}

# Emoji people use instead of words. Threats become the word, so "I'll 🔪 you" reads as a threat;
# sexual emoji become tags that no ordinary word collides with; laughter is laughter, not death.
_EMOJI = {
    "🔪": "knife",
    "🗡": "knife",
    "⚔": "knife",
    "🔫": "gun",
    "💣": "bomb",
    "🪓": "axe",
    "⚰": "coffin",
    "💀": "lol",
    "☠": "lol",
    "😂": "lol",
    "🤣": "lol",
    "😭": "crying",
    "🍆": ":aubergine:",
    "🍑": ":peach:",
    "💦": ":droplets:",
    "👅": ":tongue:",
    "🌮": ":taco:",
    "🍒": ":cherries:",
    "🥵": ":hot:",
    "😈": ":devil:",
    "🍌": ":banana:",
    "👉👌": ":fingers:",
    "👌": ":ok:",
    "👉": ":point:",
    "🖕": ":middle_finger:",
    "🤬": ":swearing:",
    "🍁": ":leaf:",
    "🍃": ":leaf:",
    "🌿": ":leaf:",
    "❄": ":snowflake:",
    "💊": ":pill:",
    "🔌": ":plug:",
    "🩸": ":blood:",
    "🔥": "fire",
}
_TAGGED = {c for c, w in _EMOJI.items() if w.startswith(":")}


def _is_removed(c: str) -> bool:
    """Zero-width, format and combining characters: invisible, used to split words."""
    cat = unicodedata.category(c)
    return cat in ("Cf", "Mn", "Me") or 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF


def _fold_char(c: str) -> str:
    if c in _EMOJI:
        word = _EMOJI[c]
        return f" {word} "
    if c in _CONFUSABLES:
        return _CONFUSABLES[c]
    if _is_removed(c):
        return ""
    out = []
    for d in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", c)):
        if _is_removed(d):
            continue
        for e in d.lower():
            out.append(_CONFUSABLES.get(e, e))
    folded = "".join(out)
    return folded if folded != c else c


class _FoldTable(dict):
    """A str.translate table that folds each code point on first sight and remembers it."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        if len(self) < 200_000:  # hostile input could visit every code point
            self[key] = value
        return value


_FOLD = _FoldTable({i: chr(i).lower() for i in range(128)})
_FOLD.update({ord("`"): "'"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A couple of emoji are two code points (👉👌); fold them before the per-character table.
_EMOJI_PAIRS = {k: v for k, v in _EMOJI.items() if len(k) > 1}

# --- steps 2-4 ------------------------------------------------------------------------------------

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s"}
_LEET_INNER = {"!": "i", "|": "i", "+": "t"}  # only between letters or digits: "hi!" stays "hi!"
_TEXT_SPEAK = {
    "gr8": "great",
    "h8": "hate",
    "h8r": "hater",
    "m8": "mate",
    "l8": "late",
    "l8r": "later",
    "w8": "wait",
    "b4": "before",
    "2day": "today",
    "2nite": "tonight",
    "2moro": "tomorrow",
    "2mrw": "tomorrow",
    "4eva": "forever",
    "sk8": "skate",
    "any1": "anyone",
    "some1": "someone",
    "ne1": "anyone",
    "no1": "no one",
    "every1": "everyone",
    "2nd": "2nd",
    "1st": "1st",
    "3rd": "3rd",
}
# Number then letters that are a unit or ordinal, never leet: 4pm, 13yo, 10k, 5th, 2nd, 3mins.
_NUMBER_UNIT = re.compile(
    r"(?<!\d)\d++(?:st|nd|rd|th|am|pm|yo|yrs?|y|s|k|m|g|kg|km|mb|gb|tb|p|x|h|hrs?|mins?|secs?|ish|v|mph|ml|cm|mm|"
    r"ft|in|lbs?|oz|d|w|day|days|pcs?|min|hr)"
)
_LEET_PAIR = r"[a-z][0-9@$]|[0-9@$][a-z]|[a-z][!|+][a-z0-9]"
# A word with a letter next to a leet character; words without one are never looked at.
_LEET_TOKEN = re.compile(rf"(?<![a-z0-9@$!|+])[a-z0-9@$!|+]*?(?:{_LEET_PAIR})[a-z0-9@$!|+]*")
_LEET_CHARS = frozenset("0134578 9@$!|+".replace(" ", ""))
# The shape of a text, one character per character, in one C-speed pass: letter "a", digit or $ "1",
# @ "m", ! | + "2", a separator that spaced-out letters use ".", anything else " ". Substring tests on
# it tell cheaply whether the leet and spacing steps have anything to do.
_SHAPE = str.maketrans(
    {chr(i): " " for i in range(128)}
    | {c: "a" for c in "abcdefghijklmnopqrstuvwxyz"}
    | {c: "1" for c in "0123456789$"}
    | {"@": "m"}
    | {c: "2" for c in "!|+"}
    | {c: "." for c in " .-_~*"}
)
# A mention ("@user": four letters or more, nothing but a separator either side), which _decode_leet
# leaves alone. A literal start makes the scan fast; what may stand before it is checked in _has_leet.
_MENTION_SHAPE = re.compile(r"maaaa+(?![a12m])")


def _has_leet(shape: str) -> bool:
    """Could _LEET_TOKEN find a word that _decode_leet changes? (A letter next to a leet character.)"""
    if "1" not in shape and "m" not in shape and "2" not in shape:  # one memchr each: most texts stop here
        return False
    if "a1" in shape or "1a" in shape or "a2a" in shape or "a21" in shape or "am" in shape or "a2m" in shape:
        return True
    if "ma" not in shape:
        return False
    if "1m" in shape or "2m" in shape or "mm" in shape:  # "5@user": not a mention on its own
        return True
    return "ma" in _MENTION_SHAPE.sub(" ", shape)


def _has_spacing(shape: str) -> bool:
    return ".a.a." in shape or shape.endswith(".a.a")


_SPACED = re.compile(r"(?<![^\W\d_])[a-z]([ .\-_~*])[a-z](?:\1[a-z])+(?![^\W\d_])")
# Single letters text-speak uses as words: "u r a", "i c u" are not spaced-out words.
_TEXT_SPEAK_LETTERS = frozenset("iaurnybcoxk")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Every ASCII character is in the table: a character missing from it takes CPython's slow path.
_WORD_SPLIT = str.maketrans(
    {chr(i): chr(i) if chr(i).isalnum() or chr(i) == "*" else " " for i in range(128)}
)


def _may_repeat(ascii_text: str) -> bool:
    """Could a character occur three times in a row? Adjacent equal bytes XOR to zero, so two zero
    bytes in a row mean three equal characters: a C-speed test, where the regex costs far more."""
    number = int.from_bytes(ascii_text.encode("ascii"))
    return b"\0\0" in (number ^ (number >> 8)).to_bytes(len(ascii_text))


_WORD = re.compile(r"[a-z0-9*]+(?:'[a-z0-9*]+)*|:[a-z_]+:")


def _decode_leet(word: str) -> str | None:
    if word in _TEXT_SPEAK:
        return _TEXT_SPEAK[word]
    if not any(c in _LEET_CHARS for c in word):
        return None
    if word[0] == "@" and len(word) > 4 and word[1:].isalpha():  # a mention, "@jess", not "@ss"
        return None
    core = word.rstrip("!|+")
    tail = word[len(core) :]
    if _NUMBER_UNIT.fullmatch(core):
        return None
    digits = [c for c in core if c.isdigit()]
    if digits and not all(c in _LEET for c in digits):  # "fifa23", "h2o", "mp3" are names, not leet
        return None
    if len(digits) > len(core) / 2 + 0.5:
        return None
    if len(digits) == 1 and core[-1].isdigit() and core[:-1].isalpha():  # "ps5", "mp3": a name with a number
        return None
    out = []
    last = len(core) - 1
    for i, c in enumerate(core):
        if c in _LEET:
            out.append(_LEET[c])
        elif c in _LEET_INNER and 0 < i < last:
            out.append(_LEET_INNER[c])
        else:
            out.append(c)
    decoded = "".join(out) + tail
    return decoded if decoded != word else None


# --- mapping --------------------------------------------------------------------------------------


class _Step:
    """Length-changing edits made by one step: (in_start, in_end, out_start, out_end), in order."""

    __slots__ = ("edits", "out_starts")

    def __init__(self, edits: list[tuple[int, int, int, int]]):
        self.edits = edits
        self.out_starts = [e[2] for e in edits]

    def start(self, pos: int) -> int:
        i = bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        in_start, in_end, _out_start, out_end = self.edits[i]
        if pos < out_end:
            return in_start
        return pos + in_end - out_end

    def end(self, pos: int) -> int:
        i = bisect_left(self.out_starts, pos) - 1
        if i < 0:
            return pos
        _in_start, in_end, _out_start, out_end = self.edits[i]
        if pos <= out_end:
            return in_end
        return pos + in_end - out_end


def _substitute(text: str, pattern: re.Pattern, replace) -> tuple[str, _Step | None]:
    """Apply replace(match) -> str | None to each match; record edits that change length."""
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    last = 0
    shift = 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new is None:
            continue
        start, end = m.span()
        pieces.append(text[last:start])
        pieces.append(new)
        last = end
        if len(new) != end - start:
            edits.append((start, end, start + shift, start + shift + len(new)))
            shift += len(new) - (end - start)
    if not pieces:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces), (_Step(edits) if edits else None)


class _Reorder:
    """Step 0: the reading order (bidi.py). Not monotonic, so a span maps to the smallest original span
    that holds each of its characters."""

    __slots__ = ("length", "order")

    def __init__(self, order: list[int], length: int):
        self.order = order  # the original index of each character of the reading text
        self.length = length  # of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        covered = self.order[start:end]
        if covered:
            return min(covered), max(covered) + 1
        at = self.order[start] if start < len(self.order) else self.length
        return at, at


def _map_back(steps: tuple, start: int, end: int) -> tuple[int, int]:
    for step in reversed(steps):
        if step.__class__ is _Reorder:
            start, end = step.span(start, end)
        else:
            start, end = step.start(start), step.end(end)
    return start, end


class Form(NamedTuple):
    """One normalised form of a document: its text and the steps that map it back."""

    text: str
    steps: tuple[_Step | _Reorder, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return _map_back(self.steps, start, end)


class Columns:
    """Document.words as parallel lists: words[i] is Word(texts[i], starts[i], ends[i], joined[i], forms[i]).

    Where a document has one form, the texts are Document.tokens and the places are found only when read:
    `place(i)` finds one word's (a lexicon or classifier needs the places of a few words, if any); reading
    `starts` or `ends` finds them all."""

    __slots__ = (
        "_apostrophes",
        "_ends",
        "_form_texts",
        "_padded",
        "_placed",
        "_starts",
        "forms",
        "joined",
        "texts",
    )

    def __init__(
        self,
        texts: list[str],
        forms: list[int],
        joined: list[bool] | None,
        form_texts: tuple[str, ...],
        starts: list[int] | None = None,
        ends: list[int] | None = None,
    ):
        self.texts = texts
        self.forms = forms
        self.joined = joined  # None where no word was made by joining spaced-out letters
        self._form_texts = form_texts
        self._starts = starts
        self._ends = ends
        self._padded: str | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._place_all()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._place_all()
        return self._ends

    def place(self, i: int) -> tuple[int, int]:
        """(start, end) of word i in its form's text."""
        if self._starts is not None:
            return self._starts[i], self._ends[i]
        if self._padded is None:
            text = self._form_texts[0]
            if not plain(text):
                self._place_all()
                return self._starts[i], self._ends[i]
            # Document.tokens split this text, apostrophes removed, where _WORD_SPLIT made spaces: word i is
            # the k-th whole-word occurrence of its text there, moved past the apostrophes before it.
            stripped = text.replace("'", "")
            self._padded = f" {stripped.translate(_WORD_SPLIT)} "
            # the k-th apostrophe, at a_k in the text, would sit at a_k - k in the stripped text: a stripped
            # position p lies at p + (how many of those are <= p) in the text
            self._apostrophes = (
                [a - k for k, a in enumerate(_positions(text, "'"))] if len(stripped) < len(text) else None
            )
            self._placed = {}
        found = self._placed.get(i)
        if found is None:
            if (
                len(self._placed) >= 16
            ):  # each look-up below reads the whole text: past a few, place every word once
                self._place_all()
                return self._starts[i], self._ends[i]
            texts = self.texts
            word = texts[i]
            needle = f" {word} "
            start = self._padded.find(needle)
            if texts.index(word) != i:  # not its first occurrence: the k-th
                for _ in range(texts[:i].count(word)):
                    start = self._padded.find(needle, start + 1)
            end = start + len(word)
            shifted = self._apostrophes
            if shifted:
                start, end = start + bisect_right(shifted, start), end + bisect_right(shifted, end - 1)
            found = self._placed[i] = (start, end)
        return found

    def _place_all(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for text in self._form_texts:
            _, s, e = _words_of(text)
            starts += s
            ends += e
        self._starts, self._ends = starts, ends


def _positions(text: str, char: str) -> list[int]:
    out = []
    i = text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


class Word(NamedTuple):
    text: str  # normalised, apostrophes removed ("i'll" → "ill")
    start: int  # in the form's text
    end: int
    joined: bool  # made by joining spaced-out letters ("s e x")
    form: int  # index into Document.forms


# Word(...) and Form(...) without namedtuple's Python-level __new__
_new_word = partial(tuple.__new__, Word)
_new_form = partial(tuple.__new__, Form)
# _WORD's characters kept, every other ASCII character a space: str.split then finds _WORD's words.
_WORD_CHARS = str.maketrans(
    {chr(i): chr(i) if re.fullmatch(r"[a-z0-9*']", chr(i)) else " " for i in range(128)}
)


def _words_of(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of one form (texts, starts, ends), made with C-level split, map and zip: a Python loop
    or a regex scan here costs more than the rest of the Document. Falls back to the regex where
    str.split would read differently: non-ASCII text, emoji tags (":peach:"), an apostrophe not inside
    a word."""
    if text.isascii() and ":" not in text and ("'" not in text or not _LOOSE_APOSTROPHE.search(text)):
        pieces = text.translate(_WORD_CHARS).split(" ")
        texts = list(filter(None, pieces))
        starts = list(compress(map(add, accumulate(map(len, pieces), initial=0), count()), pieces))
        ends = list(map(add, starts, map(len, texts)))
    else:
        matches = list(_WORD.finditer(text))
        texts = list(map(re.Match.group, matches))
        starts = list(map(re.Match.start, matches))
        ends = list(map(re.Match.end, matches))
    if "'" in text:
        texts = list(map(str.replace, texts, repeat("'"), repeat("")))
    return texts, starts, ends


def plain(text: str) -> bool:
    """Do C string methods (apostrophes removed, _WORD_SPLIT, str.split) find the same words in a normalised
    text as _WORD? They do where _WORD can only match runs of [a-z0-9*] joined by single apostrophes: ASCII,
    no emoji tag (":peach:"), no doubled apostrophe."""
    return text.isascii() and "''" not in text and (":" not in text or not _TAG.search(text))


_TAG = re.compile(r":[a-z_]+:")


def _tokens(text: str) -> list[str]:
    """The texts of the words _WORD finds in one form, apostrophes removed."""
    if plain(text):
        return text.replace("'", "").translate(_WORD_SPLIT).split()
    found = _WORD.findall(text)
    return list(map(str.replace, found, repeat("'"), repeat(""))) if "'" in text else found


_LOOSE_APOSTROPHE = re.compile(r"(?<![a-z0-9*])'|'(?![a-z0-9*])")  # not inside a word: _WORD leaves it out


class Document:
    """The original text and its normalised forms, made once per screen.

    `text` is fully normalised (see the module docstring); `folded` keeps digits and is for personal
    information. Spans found in either map back with `to_original` / `folded_to_original`; the
    result always lies inside `original` and is non-empty when the normalised span was.
    """

    def __init__(self, original: str):
        self.original = original
        self.cache: dict = {}  # detectors share work on this document here (e.g. the lexicon's words)
        self.joined: list[tuple[int, int]] = []  # spans in `text` made by joining spaced letters
        self._fold_steps: tuple[_Step, ...] = ()
        if original.isascii():
            lowered = original.lower()
            self.folded = lowered
            shape = lowered.translate(_SHAPE)
            if not (
                _has_leet(shape) or _has_spacing(shape) or (_may_repeat(lowered) and _REPEATS.search(lowered))
            ):
                self.forms = (_new_form((lowered, ())),)
                self._read_words()
                return
        else:
            order = reading_order(original)
            reading = original
            if order is not None:
                reading = "".join(map(original.__getitem__, order))
                self._fold_steps = (_Reorder(order, len(original)),)
            self.folded, step = self._fold(reading)
            if step:
                self._fold_steps += (step,)
        self.forms = self._normalise(self.folded, self._fold_steps)
        self._read_words()

    def _read_words(self) -> None:
        """The words every screen reads (the engine's wake table, the classifiers), made at once: a lazy
        property's look-up costs about as much as making them."""
        forms = self.forms
        # the texts of the main form's words (`words` of form 0), found without Word objects
        self.tokens: list[str] = _tokens(forms[0].text)
        # the distinct words of all forms: enough for a detector to tell it has nothing to do
        self.word_set: frozenset[str] = (
            frozenset(self.tokens)
            if len(forms) == 1
            else frozenset(self.tokens).union(*(_tokens(form.text) for form in forms[1:]))
        )
        # were letters spaced out ("s e x") or starred out ("f*ck")? Detectors then look harder.
        self.evasive: bool = bool(self.joined) or "*" in forms[0].text

    @property
    def text(self) -> str:
        return self.forms[0].text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span in `text` to the original text."""
        return self.forms[0].to_original(start, end)

    def folded_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span in `folded` to the original text."""
        return _map_back(self._fold_steps, start, end)

    @cached_property
    def columns(self) -> Columns:
        """The words of `words` as parallel lists, made without an object per word: a detector that
        reads a few words of a long text (the lexicons) pays for lists, not for hundreds of Words."""
        if len(self.forms) == 1 and not self.joined:
            texts = self.tokens
            return Columns(texts, [0] * len(texts), None, (self.forms[0].text,))
        form_texts = tuple(form.text for form in self.forms)
        texts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        forms: list[int] = []
        joined: list[bool] | None = None
        for index, text in enumerate(form_texts):
            t, s, e = _words_of(text)
            if index == 0 and self.joined:
                joined = [any(js <= a and b <= je for js, je in self.joined) for a, b in zip(s, e)]
            texts += t
            starts += s
            ends += e
            forms += repeat(index, len(t))
        if joined is not None:
            joined += repeat(False, len(texts) - len(joined))
        return Columns(texts, forms, joined, form_texts, starts, ends)

    @cached_property
    def words(self) -> list[Word]:
        """Words of `text` (and of the two-letter repeats form where it differs), apostrophes removed."""
        c = self.columns
        return list(map(_new_word, zip(c.texts, c.starts, c.ends, c.joined or repeat(False), c.forms)))

    def indices(self, texts: Iterable[str]) -> list[int]:
        """The indexes into `words` of every word with one of these texts, in order, so a detector visits
        only the words it knows. list.index scans in C: a long text's words are never looped over here."""
        found = self.columns.texts
        out: list[int] = []
        for text in texts:
            i = -1
            try:
                while True:
                    i = found.index(text, i + 1)
                    out.append(i)
            except ValueError:
                pass
        out.sort()
        return out

    def span_of(self, word: Word, start: int | None = None, end: int | None = None) -> tuple[int, int]:
        """The original span of a word, or of [start, end) in its form's text."""
        form = self.forms[word.form]
        return form.to_original(word.start if start is None else start, word.end if end is None else end)

    @staticmethod
    def _fold(original: str) -> tuple[str, _Step | None]:
        if any(pair in original for pair in _EMOJI_PAIRS):
            return Document._fold_units(original)
        # The ASCII runs by lower() (and ` to '), only the others through the table: str.translate with a
        # dict looks up every character, and most of a text is ASCII.
        pieces: list[str] = []
        edits: list[tuple[int, int, int, int]] = []
        last = shift = 0
        for m in _NON_ASCII.finditer(original):
            start, end = m.span()
            pieces.append(original[last:start].lower())
            for i in range(start, end):
                folded = _FOLD[ord(original[i])]
                pieces.append(folded)
                n = len(folded)
                if n != 1:
                    edits.append((i, i + 1, i + shift, i + shift + n))
                    shift += n - 1
            last = end
        pieces.append(original[last:].lower())
        folded = "".join(pieces)
        if "`" in folded:
            folded = folded.replace("`", "'")
        return folded, (_Step(edits) if edits else None)

    @staticmethod
    def _fold_units(original: str) -> tuple[str, _Step | None]:
        pieces: list[str] = []
        edits: list[tuple[int, int, int, int]] = []
        i = out = 0
        n = len(original)
        while i < n:
            pair = original[i : i + 2]
            if pair in _EMOJI_PAIRS:
                new, width = f" {_EMOJI_PAIRS[pair]} ", 2
            else:
                new, width = _FOLD[ord(original[i])], 1
            pieces.append(new)
            if len(new) != width:
                edits.append((i, i + width, out, out + len(new)))
            i += width
            out += len(new)
        return "".join(pieces), (_Step(edits) if edits else None)

    def _normalise(self, folded: str, fold_steps: tuple[_Step, ...]) -> tuple[Form, ...]:
        steps = list(fold_steps)
        text = folded
        shape = text.translate(_SHAPE)
        if _has_leet(shape):
            text, step = _substitute(folded, _LEET_TOKEN, lambda m: _decode_leet(m.group()))
            if step:
                steps.append(step)
            if text is not folded:
                shape = text.translate(_SHAPE)
        if _has_spacing(shape):
            text, step, self.joined = _join_spaced(text)
            if step:
                steps.append(step)
        if not _REPEATS.search(text):
            return (Form(text, tuple(steps)),)
        collapsed, step = _substitute(text, _REPEATS, lambda m: m.group(1))
        if step is None:
            return (Form(text, tuple(steps)),)
        first = Form(collapsed, (*steps, step))
        # joined spans are in the pre-collapse text; map them into the collapsed text
        if self.joined:
            self.joined = [_forward(step, s, e) for s, e in self.joined]
        doubled, step2 = _substitute(text, _REPEATS, lambda m: m.group(1) * 2)
        return first, Form(doubled, (*steps, step2) if step2 else tuple(steps))


def _join_spaced(text: str) -> tuple[str, _Step | None, list[tuple[int, int]]]:
    """Join runs of spaced-out letters. Each separator removed is its own edit, so every letter still
    maps to itself: "ur a s l a g" reads "ur aslag", and "slag" maps back to "s l a g"."""
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    joined: list[tuple[int, int]] = []
    last = shift = 0
    for m in _SPACED.finditer(text):
        letters = m.group()[::2]
        if m.group(1) == " " and len(letters) < 4 and set(letters) <= _TEXT_SPEAK_LETTERS:
            continue
        start, end = m.span()
        pieces.append(text[last:start])
        pieces.append(letters)
        joined.append((start - shift, start - shift + len(letters)))
        for k in range(start + 1, end, 2):  # the separators
            out = k - shift
            edits.append((k, k + 1, out, out))
            shift += 1
        last = end
    if not pieces:
        return text, None, []
    pieces.append(text[last:])
    return "".join(pieces), _Step(edits), joined


def _forward(step: _Step, start: int, end: int) -> tuple[int, int]:
    """Map a span in a step's input to its output (used only for the few joined runs)."""
    out_start, out_end = start, end
    for in_s, in_e, o_s, o_e in step.edits:
        if in_e <= start:
            out_start = start + o_e - in_e
        elif in_s <= start < in_e:
            out_start = o_s
        if in_e <= end:
            out_end = end + o_e - in_e
        elif in_s < end < in_e:
            out_end = o_e
    return out_start, out_end
