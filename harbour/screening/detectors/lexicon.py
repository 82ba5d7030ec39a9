"""Word and phrase lists, matched as whole words on the normalised text.

Each category has a data file in lexicons/ (format in lexicons/README.md): a phrase, its severity 0-4
and a reason a moderator understands, optionally another category; `@name = a | b` defines
alternatives used as `{name}`; `!phrase` marks an innocent phrase that cancels any match it overlaps
("dick whittington", "tennis balls"). Matching is by whole words on the normalised text, so
"Scunthorpe", "assassin" and "cocktail" never match; evasions (leet, spacing, repeats, zero-width,
look-alike letters) are undone by normalise.py first.

Lookup is a dict from a phrase's first word to its phrases, tried only on the words a set
intersection says are present, so a clean message costs one set operation per lexicon.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from harbour.screening.detectors.base import BOTH, Detector
from harbour.screening.normalise import Document, Word
from harbour.screening.verdict import Category, Context, Direction, Finding

LEXICONS = Path(__file__).with_name("lexicons")

_MACRO = re.compile(r"\{([a-z_0-9]+)\}")
_NEGATIONS = frozenset({"dont", "not", "never", "wont", "wouldnt", "didnt", "doesnt", "cant", "no", "isnt"})
_NEGATION_PAIRS = frozenset({("do", "not"), ("will", "never"), ("would", "never"), ("am", "not"), ("im", "not")})
# Counter-speech: the word is quoted or challenged, not used against someone.
_CHALLENGE_BEFORE = re.compile(
    r"(?:(?:do ?n'?t|do not|never|stop|not ok(?:ay)? to|shouldn'?t|no one should|nobody should|not cool to)"
    r" (?:call(?:ing)?|say(?:ing)?|use|using) (?:(?:someone|somebody|anyone|people|them|him|her|me|you|u|"
    r"others|each other|other people|a person|girls|boys|kids)[ ,]+)?(?:an? |the word |words like )?"
    r"|call(?:ing)? (?:someone|somebody|anyone|people|a person|others|other people|girls|boys|kids) (?:an? )?"
    r"|the word |words like |word \"|terms like |slurs? like |the term |(?:report|reported) (?:\w+ )?for saying )"
    r"[\"']?$"
)
_CHALLENGE_AFTER = re.compile(
    r"^[\"']? ?,? ?(?:is|isn'?t|are|aren'?t|was|should not be|shouldn'?t be|=) (?:(?:so|really|just|never|not) )?"
    r"(?:not (?:ok(?:ay)?|acceptable|funny|cool|on|nice|alright|a joke|banter|fine)|never (?:ok(?:ay)?|acceptable)"
    r"|unacceptable|wrong|bullying|an? (?:slur|insult)|offensive|hurtful|racist|homophobic|sexist|abuse|abusive"
    r"|hate speech|harassment|not allowed|banned|against the rules|a hate crime)"
)


Slot = tuple[tuple[str, ...], ...]  # alternatives, each a run of words (maybe none)
# A slot ready for matching: its alternatives by first word (longest first), and whether it may be empty.
Compiled = tuple[tuple[dict[str, tuple[tuple[str, ...], ...]], bool], ...]
_compiled_slots: dict[Slot, tuple[dict, bool]] = {}


def _compile(slots: tuple[Slot, ...]) -> Compiled:
    out = []
    for slot in slots:
        if slot not in _compiled_slots:
            index: dict[str, list[tuple[str, ...]]] = {}
            for alt in slot:
                if alt:
                    index.setdefault(alt[0], []).append(alt)
            frozen = {w: tuple(sorted(alts, key=len, reverse=True)) for w, alts in index.items()}
            _compiled_slots[slot] = (frozen, () in slot)
        out.append(_compiled_slots[slot])
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Entry:
    slots: tuple[Slot, ...]  # a phrase is a run of slots; a plain word is a slot with one alternative
    compiled: Compiled
    severity: int
    reason: str
    category: Category
    phrase: str  # as written in the file, for evidence

    @property
    def first_words(self) -> set[str]:
        return _first_words(self.slots)

    @property
    def word(self) -> str | None:
        """The single word this entry is, if it is one (for masked words like "f*ck")."""
        if len(self.slots) == 1 and len(self.slots[0]) == 1 and len(self.slots[0][0]) == 1:
            return self.slots[0][0][0]
        return None

    def spellings(self, limit: int = 64) -> list[str]:
        """Every spelling with the spaces taken out, or [] when there are more than `limit`."""
        count = 1
        for slot in self.slots:
            count *= len(slot)
        if count > limit:
            return []
        return ["".join(w for alt in choice for w in alt) for choice in itertools.product(*self.slots)]


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be read; the message names the file and line."""


def _first_words(slots: tuple[Slot, ...]) -> set[str]:
    out: set[str] = set()
    for slot in slots:
        optional = False
        for alt in slot:
            if alt:
                out.add(alt[0])
            else:
                optional = True
        if not optional:
            break
    return out


_normalised: dict[str, tuple[str, ...]] = {}


def _normalise_words(text: str, where: str) -> tuple[str, ...]:
    if text not in _normalised:
        doc = Document(text)
        if len(doc.forms) > 1:
            raise LexiconError(f"{where}: {text!r} has a letter three times in a row; write it once")
        _normalised[text] = tuple(w.text for w in doc.words)
    return _normalised[text]


def read_lexicon(path: Path, category: Category) -> tuple[list[Entry], list[tuple[Slot, ...]]]:
    """Read one lexicon file: its entries and its innocent phrases, as runs of slots."""
    macros: dict[str, list[str]] = {}
    entries: list[Entry] = []
    innocent: list[tuple[Slot, ...]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, 1):  # macros first, so a file may define them anywhere
        line = raw.strip()
        if line.startswith("@"):
            name, sep, body = line[1:].partition("=")
            if not sep or not name.strip():
                raise LexiconError(f"{path.name} line {number}: a macro is written '@name = one | two'")
            if name.strip() in macros:
                raise LexiconError(f"{path.name} line {number}: @{name.strip()} is defined twice")
            macros[name.strip()] = ["" if a.strip() == "-" else a.strip() for a in body.split("|")]
    for name, alternatives in macros.items():
        for alt in alternatives:
            for used in _MACRO.findall(alt):
                if used not in macros or used == name:
                    raise LexiconError(f"{path.name}: @{name} uses {{{used}}}, which is not another macro")
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith(("#", "@")):
            continue
        where = f"{path.name} line {number}"
        if line.startswith("!"):
            innocent.extend(_parse(line[1:].strip(), macros, where))
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) not in (3, 4):
            raise LexiconError(f"{where}: expected 'phrase | severity | reason [| category]', got {raw!r}")
        phrase, severity, reason = fields[:3]
        if severity not in ("0", "1", "2", "3", "4"):
            raise LexiconError(f"{where}: severity must be 0 to 4, got {severity!r}")
        try:
            entry_category = Category(fields[3]) if len(fields) == 4 else category
        except ValueError:
            raise LexiconError(f"{where}: unknown category {fields[3]!r}") from None
        for slots in _parse(phrase, macros, where):
            entries.append(Entry(slots, _compile(slots), int(severity), reason, entry_category, phrase))
    return entries, innocent


def _parse(phrase: str, macros: dict[str, list[str]], where: str) -> list[tuple[Slot, ...]]:
    """A phrase to runs of slots. A macro glued to letters ("fuck{ing}") or made of other macros is
    spelt out; a macro standing as a word ("{send} nudes") becomes a slot, so long lists cost nothing."""
    for name in _MACRO.findall(phrase):
        if name not in macros:
            raise LexiconError(f"{where}: {{{name}}} is used but no line defines '@{name} = ...'")
    phrases = [phrase]
    while True:
        glued = None
        for i, text in enumerate(phrases):
            for m in _MACRO.finditer(text):
                before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
                nested = any("{" in alt for alt in macros[m.group(1)])
                if nested or (before and not before.isspace()) or (after and not after.isspace()):
                    glued = (i, m)
                    break
            if glued:
                break
        if glued is None:
            break
        i, m = glued
        if len(phrases) > 5_000:
            raise LexiconError(f"{where}: this phrase spells out to too many phrases; use macros as words")
        text = phrases.pop(i)
        phrases[i:i] = [text[: m.start()] + alt + text[m.end() :] for alt in macros[m.group(1)]]
    runs = []
    for text in phrases:
        slots: list[Slot] = []
        for token in text.split():
            m = _MACRO.fullmatch(token)
            if m:
                alternatives = {_normalise_words(alt, where) for alt in macros[m.group(1)]}
                slots.append(tuple(sorted(alternatives, key=lambda a: (-len(a), a))))
            else:
                slots.extend(((word,),) for word in _normalise_words(token, where))
        if any(any(alt for alt in slot) for slot in slots):
            runs.append(tuple(slots))
    return runs


class LexiconDetector(Detector):
    """Base for one lexicon file. Subclasses set name, category and lexicon (the file's name)."""

    lexicon: ClassVar[str]
    # Counter-speech ("calling someone a slag is not ok") drops the finding to severity 0.
    allows_counter_speech: ClassVar[bool] = True
    # Severity when the phrase is negated ("I don't want to die"); None: negation changes nothing.
    negated_severity: ClassVar[int | None] = None
    # Severity at least this for the organisation's own drafts (the guidance: no foul language or slang).
    outgoing_min_severity: ClassVar[int] = 0
    directions = BOTH

    def __init__(self, path: Path | None = None):
        entries, innocent = read_lexicon(path or LEXICONS / self.lexicon, self.category)
        self.entries = entries
        first: dict[str, list[Entry]] = {}
        for entry in entries:
            for word in entry.first_words:
                first.setdefault(word, []).append(entry)
        self._first = first
        self._first_words = frozenset(first)
        self._innocent: dict[str, list[Compiled]] = {}
        for slots in innocent:
            for word in _first_words(slots):
                self._innocent.setdefault(word, []).append(_compile(slots))
        # Spaced-out runs ("s e n d n u d e s") are searched without word breaks, longest first.
        self._spelt: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: -e.severity):
            for spelling in entry.spellings():
                if len(spelling) >= 3:
                    self._spelt.setdefault(spelling, entry)
        self._spelt_re = (
            re.compile("|".join(map(re.escape, sorted(self._spelt, key=len, reverse=True)))) if self._spelt else None
        )
        self._single_by_length: dict[int, list[Entry]] = {}
        for entry in entries:
            if entry.word:
                self._single_by_length.setdefault(len(entry.word), []).append(entry)

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        words = doc.words
        hits: list[tuple[Entry, int, int, int, str]] = []  # entry, form, start, end (form text), how
        if doc.word_set & self._first_words:
            for i, word in enumerate(words):
                candidates = self._first.get(word.text)
                if candidates:
                    best = None
                    for entry in candidates:
                        end = _match(words, i, entry.compiled, 0, word.form)
                        if end > i and (best is None or (end, entry.severity) > (best[1], best[0].severity)):
                            best = (entry, end)
                    if best:
                        entry, end = best
                        hits.append((entry, word.form, word.start, words[end - 1].end, "match"))
        if doc.joined or "*" in doc.text:
            hits.extend(self._evasions(words))
        if not hits:
            return []
        findings = []
        outgoing = context.direction == Direction.OUTGOING
        for entry, form_index, start, end, how in hits:
            form = doc.forms[form_index]
            if self._innocent and self._is_innocent(words, form_index, start, end):
                continue
            severity, note = entry.severity, ""
            if self.negated_severity is not None and _negated(form.text, start):
                severity, note = min(severity, self.negated_severity), " (negated)"
            elif self.allows_counter_speech and _challenged(form.text, start, end):
                severity, note = 0, " (quoted or challenged, not used against someone)"
            if outgoing:
                severity = max(severity, self.outgoing_min_severity)
            span = form.to_original(start, end)
            evidence = {"matched": doc.original[span[0] : span[1]], "as": form.text[start:end], "entry": entry.phrase}
            if how != "match":
                evidence["evasion"] = how
            findings.append(
                Finding(entry.category, severity, span, entry.reason + note, self.name, evidence=evidence)
            )
        return findings

    def _evasions(self, words: list[Word]) -> list[tuple[Entry, int, int, int, str]]:
        hits = []
        for word in words:
            if word.joined:
                m = self._spelt_re.search(word.text) if self._spelt_re else None
                if m:
                    entry = self._spelt[m.group()]
                    hits.append((entry, word.form, word.start + m.start(), word.start + m.end(), "spaced"))
            elif "*" in word.text and word.text[0] != "*":
                visible = sum(c != "*" for c in word.text)
                if visible >= 2:
                    for entry in self._single_by_length.get(len(word.text), ()):
                        if all(c == "*" or c == e for c, e in zip(word.text, entry.word)):
                            hits.append((entry, word.form, word.start, word.end, "masked"))
                            break
        return hits

    def _is_innocent(self, words: list[Word], form: int, start: int, end: int) -> bool:
        """Does an innocent phrase overlap [start, end)? Tried from each word that could begin one."""
        for i, word in enumerate(words):
            if word.form != form or word.start >= end:
                continue
            for compiled in self._innocent.get(word.text, ()):
                stop = _match(words, i, compiled, 0, form)
                if stop > i and words[stop - 1].end > start:
                    return True
        return False


def _match(words: list[Word], i: int, compiled: Compiled, k: int, form: int) -> int:
    """Index just past a match of slots k onwards starting at words[i], or -1. Longest first."""
    if k == len(compiled):
        return i
    index, optional = compiled[k]
    if i < len(words) and words[i].form == form:
        for alt in index.get(words[i].text, ()):
            n = len(alt)
            if n > 1 and (
                i + n > len(words)
                or any(words[i + j].text != alt[j] or words[i + j].form != form for j in range(1, n))
            ):
                continue
            end = _match(words, i + n, compiled, k + 1, form)
            if end >= 0:
                return end
    if optional:
        return _match(words, i, compiled, k + 1, form)
    return -1


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start].replace("'", "").split()
    if before and before[-1] in _NEGATIONS:
        return True
    return len(before) >= 2 and (before[-2], before[-1]) in _NEGATION_PAIRS


def _challenged(text: str, start: int, end: int) -> bool:
    before = " ".join(text[max(0, start - 60) : start].split()).lstrip()
    before = re.split(r"[.!?\n]", before)[-1].lstrip() + (" " if text[start - 1 : start].isspace() else "")
    after = " ".join(text[end : end + 60].split())
    after = (" " if text[end : end + 1].isspace() else "") + after
    return bool(_CHALLENGE_BEFORE.search(before) or _CHALLENGE_AFTER.match(after.lstrip(" ")))


class Profanity(LexiconDetector):
    """Swearing, rated with Ofcom's UK research on offensive language."""

    name = "profanity"
    category = Category.PROFANITY
    lexicon = "profanity.txt"
    outgoing_min_severity = 1


class Slang(LexiconDetector):
    """Slang, including UK youth, drug and gang slang; the guidance asks for no slang in posts."""

    name = "slang"
    category = Category.SLANG
    lexicon = "slang.txt"
    outgoing_min_severity = 1


class Insults(LexiconDetector):
    """Insults aimed at a person, British ones first (minger, pillock, knobhead, slag)."""

    name = "insults"
    category = Category.INSULT
    lexicon = "insults.txt"


class Bullying(LexiconDetector):
    """Phrases that bully: telling someone to kill themselves, that nobody likes them, to go away."""

    name = "bullying"
    category = Category.BULLYING
    lexicon = "bullying.txt"


class HateSlurs(LexiconDetector):
    """Slurs about race, religion, sexuality, gender and disability."""

    name = "hate_slurs"
    category = Category.HATE
    lexicon = "hate.txt"


class SexualTerms(LexiconDetector):
    """Sexual words and sexual emoji."""

    name = "sexual_terms"
    category = Category.SEXUAL
    lexicon = "sexual.txt"


class ImageRequests(LexiconDetector):
    """Requests for images, video calls and nudes: sexting and its first steps."""

    name = "image_requests"
    category = Category.SEXTING
    lexicon = "sexting.txt"
    allows_counter_speech = False
    negated_severity = 1


class SelfHarm(LexiconDetector):
    """Someone saying they want to hurt or kill themselves."""

    name = "self_harm"
    category = Category.SELF_HARM
    lexicon = "self_harm.txt"
    allows_counter_speech = False
    negated_severity = 1  # "I don't want to die" still deserves a look


class Threats(LexiconDetector):
    """Threats of violence against a person ("I'll stab you", "I know where you live")."""

    name = "threats"
    category = Category.VIOLENCE
    lexicon = "threats.txt"
    allows_counter_speech = False
    negated_severity = 0
