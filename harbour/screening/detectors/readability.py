"""Reading age, long sentences, long words and jargon in a draft for young readers (guidance 4.1)."""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harbour.screening.detectors.base import Detector
from harbour.screening.detectors.prose import Sentence, document_sentences, sentences, syllables
from harbour.screening.verdict import Category, Context, Direction, Finding

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

PLAIN_WORDS = Path(__file__).parent / "data" / "plain_words.tsv"
MOST = 30  # word and sentence findings kept per draft, each


@dataclass(frozen=True, slots=True)
class Measure:
    """Reading age of a text: Flesch-Kincaid grade + 5, the usual UK conversion from US grade to age."""

    reading_age: float
    words: int
    sentences: int
    syllables: int
    longest: Sentence | None

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def measure(text: str, parts: list[Sentence] | None = None) -> Measure:
    """The reading age of text (parts: its sentences, if already split)."""
    parts = sentences(text) if parts is None else parts
    words = sum(len(s.words) for s in parts)
    syl = sum(syllables(w.text) for s in parts for w in s.words)
    if not words:
        return Measure(0.0, 0, 0, 0, None)
    grade = 0.39 * words / len(parts) + 11.8 * syl / words - 15.59
    longest = max(parts, key=lambda s: len(s.words))
    return Measure(max(5.0, grade + 5), words, len(parts), syl, longest)


def load_plain_words(path: Path = PLAIN_WORDS) -> dict[str, str]:
    """Each form of a jargon word or phrase (lower case) -> the plainer words to use."""
    table: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            forms, plain = line.split("\t")
        except ValueError:
            raise ValueError(f"{path}:{n}: expected 'forms<TAB>plain words', got {line!r}") from None
        for form in forms.split("|"):
            table[form.strip().lower()] = plain.strip()
    return table


def _choices(plain: str) -> str:
    options = [f"'{p.strip()}'" for p in plain.split(",")]
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def _swap_advice(swaps: list[tuple[int, str, str]], lead: str, most: int = 2) -> str:
    """ "<lead> 'in order to' → 'to'; 'utilise' → 'use'" for the first few swaps, or ""."""
    if not swaps:
        return ""
    return f"{lead} " + "; ".join(f"'{w.lower()}' → {_choices(p)}" for _, w, p in swaps[:most])


def _details(findings: list[Finding]) -> list[dict]:
    return [{"span": list(f.span), "reason": f.reason} for f in sorted(findings, key=lambda f: f.span)]


class Readability(Detector):
    """Is a draft easy for a young person to read? Reading age, long sentences, long words, jargon.

    target_age is what the reason asks for; a finding is raised only above max_age, so a text
    written for 11-year-olds that scores 12 passes.
    """

    name = "readability"
    category = Category.READABILITY
    directions = frozenset({Direction.OUTGOING})

    def __init__(
        self,
        *,
        target_age: int = 11,
        max_age: int = 12,
        max_sentence_words: int = 25,
        long_word_syllables: int = 5,
        min_words: int = 12,
        plain_words: dict[str, str] | None = None,
    ) -> None:
        if max_age < target_age:
            raise ValueError(f"max_age ({max_age}) must not be below target_age ({target_age})")
        self.target_age = target_age
        self.max_age = max_age
        self.max_sentence_words = max_sentence_words
        self.long_word_syllables = long_word_syllables
        self.min_words = min_words  # below this a reading age means little
        self._targets: dict[int, Readability] = {}  # for_target's copies
        self.plain_words = load_plain_words() if plain_words is None else plain_words
        forms = sorted(self.plain_words, key=len, reverse=True)
        self._jargon = re.compile(
            r"(?<![\w@#/.-])("
            + "|".join(re.escape(f).replace(r"\ ", r"\s++") for f in forms)
            + r")(?![\w-])",
            re.IGNORECASE,
        )

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        target = context.reading_age_target
        if target is not None and target != self.target_age:
            return self.for_target(target).check(doc.original, document_sentences(doc))
        return self.check(doc.original, document_sentences(doc))

    def for_target(self, target: int) -> Readability:
        """This detector asking for `target` (an organisation's reading-age target) and flagging a draft
        more than a year above it, as the defaults do for 11; the same plain words, built once per target."""
        if not 5 <= target <= 25:
            raise ValueError(f"a reading-age target must be from 5 to 25, not {target}")
        cached = self._targets.get(target)
        if cached is None:
            cached = copy.copy(self)
            cached.target_age, cached.max_age = target, target + (self.max_age - self.target_age)
            cached._targets = {}
            self._targets[target] = cached
        return cached

    def check(self, text: str, parts: list[Sentence] | None = None) -> list[Finding]:
        """Findings for text (parts: its sentences, if already split), sorted by span.

        A finding that contains others (the whole-text reading age, a long sentence) lists them in
        evidence["details"] and names the plain-word swaps in its reason, so its advice survives an
        engine that keeps only one of overlapping findings.
        """
        words: list[Finding] = []
        swaps: list[tuple[int, str, str]] = []  # (position, word, plain words)
        for m in self._jargon.finditer(text):
            word = " ".join(m.group(1).split())
            plain = self.plain_words[word.lower()]
            swaps.append((m.start(1), word, plain))
            words.append(
                self._finding(
                    1,
                    m.span(1),
                    f"Plain English: say {_choices(plain)} instead of '{word}'.",
                    evidence={"matched": word, "plain": plain},
                )
            )
        in_jargon = {i for f in words for i in range(*f.span)}

        parts = sentences(text) if parts is None else parts
        for s in parts:
            for i, w in enumerate(s.words):
                if (
                    len(w.text) >= 10
                    and (i == 0 or not w.text[0].isupper())  # a name mid-sentence is not a word to swap
                    and w.start not in in_jargon
                    and (count := syllables(w.text)) >= self.long_word_syllables
                ):
                    words.append(
                        self._finding(
                            1,
                            (w.start, w.end),
                            f"'{w.text}' is a long word ({count} syllables); use a shorter one if you can.",
                            evidence={"syllables": count},
                        )
                    )
        words.sort(key=lambda f: f.span)
        starts = [f.span[0] for f in words]
        swap_starts = [x[0] for x in swaps]
        sentence_findings = []
        for s in parts:
            n = len(s.words)
            if n > self.max_sentence_words and len(sentence_findings) < MOST:
                inside = words[bisect_left(starts, s.start) : bisect_left(starts, s.end)]
                here = swaps[bisect_left(swap_starts, s.start) : bisect_left(swap_starts, s.end)]
                plainer = _swap_advice(here, " Plainer words:")
                sentence_findings.append(
                    self._finding(
                        2 if n >= 2 * self.max_sentence_words - 10 else 1,
                        (s.start, s.end),
                        f"This sentence has {n} words; split it into sentences of {self.max_sentence_words} words "
                        f"or fewer.{plainer}{'.' if plainer else ''}",
                        evidence={"words": n, "details": _details(inside[:MOST])},
                    )
                )
        # A draft with more than this needs rewriting, not hundreds of highlights (the reading age says so).
        findings = words[:MOST] + sentence_findings[:MOST]

        m = measure(text, parts)
        if m.words >= self.min_words and round(m.reading_age) > self.max_age:
            age = round(m.reading_age)
            advice = []
            if m.longest and (m.words_per_sentence > 14 or len(m.longest.words) > 20):
                advice.append(f"shorten sentences (the longest has {len(m.longest.words)} words)")
            if m.syllables_per_word > 1.4:
                if swaps:
                    advice.append("use shorter words" + _swap_advice(swaps, ":"))
                else:
                    longest_word = max((w.text for s in parts for w in s.words), key=syllables)
                    advice.append(
                        f"use shorter words ('{longest_word}' has {syllables(longest_word)} syllables)"
                    )
            about = "over 18" if age > 18 else f"about {age}"
            reason = f"Reading age {about}; aim for {self.target_age}."
            if advice:
                joined = " and ".join(advice)
                reason += f" {joined[0].upper()}{joined[1:]}."
            findings.append(
                self._finding(
                    2 if age > self.max_age + 3 else 1,
                    (parts[0].start, parts[-1].end),
                    reason,
                    evidence={
                        "reading_age": round(m.reading_age, 1),
                        "words": m.words,
                        "sentences": m.sentences,
                        "details": _details(findings),
                    },  # at most 2 x MOST
                )
            )
        findings.sort(key=lambda f: f.span)
        return findings

    def _finding(self, severity: int, span: tuple[int, int], reason: str, *, evidence: dict) -> Finding:
        return Finding(self.category, severity, span, reason, self.name, evidence=evidence)
