"""Leading or persuasive questions and wording in a draft (guidance 4.1 and 4.3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harbour.screening.detectors.base import Detector
from harbour.screening.detectors.prose import Sentence, document_sentences, sentences
from harbour.screening.verdict import Category, Context, Direction, Finding

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

MOST = 30  # findings kept per draft

NEUTRAL = "Ask 'What do you think of …?' and let people answer freely."


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    pattern: re.Pattern
    reason: str  # {0} is the matched words
    where: str = "anywhere"  # or "questions", "statements"


def _cue(kind: str, pattern: str, reason: str, *, where: str = "anywhere") -> Cue:
    return Cue(kind, re.compile(pattern, re.IGNORECASE), reason, where)


_NOT = r"(?:n't|\s+not)"
_GOOD = (
    r"(?:great|good|nice|fun|amazing|brilliant|awesome|fantastic|wonderful|cool|better|best|exciting|ace"
    r"|lovely|fab|fabulous|incredible)"
)
_LOADED = (
    "amazing fantastic brilliant awesome wonderful incredible fabulous superb exciting thrilling stunning "
    "terrible awful disgraceful dreadful dangerous ridiculous pointless useless stupid shocking appalling "
    "outrageous horrible disastrous wasteful scandalous pathetic crazy unfair much-needed long-awaited "
    "vital essential desperately"
).split()

CUES = [
    _cue(
        "asks for agreement",
        rf"\b(?:do|would|wo|ca|should|is|are|does|did){_NOT}\s+(?:you|we|they|everyone|everybody|it|this|that)"
        rf"\s+(?:all\s+|also\s+)?(?:agree|think|feel|say|love|like|want|be\s+(?:so\s+|really\s+)?{_GOOD}|true"
        rf"|time|{_GOOD}|deserve|excited)\b",
        "Leading question: '{0}' asks people to agree. " + NEUTRAL,
    ),
    _cue(
        "asks for agreement",
        r"^(?:isn't|aren't|wasn't|weren't|wouldn't|shouldn't)\s+(?:the|this|that|these|those|it|our|your|their|we"
        r"|you|everyone|everybody)\b[^?]*",
        "Leading question: '{0}' is asked so that 'yes' is the expected answer. " + NEUTRAL,
        where="questions",
    ),
    _cue(
        "tag question",
        r",\s*(?:(?:wouldn't|don't|won't|isn't|aren't|doesn't|didn't|right)\s*(?:you|it|we|they|that|there|he|she)?"
        r"|yeah|eh)\s*\?",
        "Leading question: the tag '{0}' pushes people to say yes. " + NEUTRAL,
    ),
    _cue(
        "surely",
        r"\bsurely\b",
        "'Surely' tells people what to think. " + NEUTRAL,
    ),
    _cue(
        "assumes the answer",
        rf"\bhow\s+much\s+(?:do|did|would|will)\s+you\s+(?:love|like|enjoy|hate|dislike|adore)\b"
        rf"|\bhow\s+(?:excited|happy|pleased|thrilled|proud)\s+(?:are|were)\s+you\s+(?:that|about|to)\b"
        rf"|\bhow\s+(?:much\s+)?{_GOOD}\s+(?:is|was|are|were|will)\b"
        rf"|\bwhat\s+(?:did|do)\s+you\s+(?:love|like|enjoy|hate)\s+(?:most|best)\b"
        rf"|\bwhy\s+(?:do|did|would|should)\s+(?:you|we|young people|people|everyone)\s+"
        rf"(?:love|like|prefer|support|hate|dislike|oppose|want)\b"
        rf"|\bwhy\s+(?:is|are|was|were)\s+[\w\s'’-]{{1,40}}?\s+so\s+{_GOOD}\b"
        rf"|\bhow\s+(?:big|much)\s+of\s+an?\s+(?:improvement|difference|success)\b",
        "This question assumes the answer ('{0}'). Ask 'What do you think of …?' or "
        "'How do you feel about …?' so that any answer is welcome.",
        where="questions",
    ),
    _cue(
        "loaded statement",
        r"\b(?:disgraceful|shocking|outrageous|appalling|scandalous|pathetic|disastrous|ridiculous|absurd|shameful"
        r"|disgusting|despicable|reckless|a\s+sham|a\s+farce|a\s+disgrace)\b",
        "Loaded word '{0}' tells readers what to feel. Give the facts and let them decide.",
        where="statements",
    ),
    _cue(
        "everyone agrees",
        r"\b(?:everyone|everybody|we\s+all|all\s+young\s+people|all\s+of\s+us|the\s+whole\s+(?:town|city|school))"
        r"\s+(?:already\s+)?(?:knows|know|agrees|agree|loves|love|wants|want|thinks|think|likes|like)\b"
        r"|\b(?:no\s?one|nobody)\s+(?:wants|likes|thinks|agrees|believes|cares)\b"
        r"|\bas\s+we\s+all\s+know\b|\bit(?:'s|\s+is)\s+obvious\s+that\b|\bobviously\b|\bundeniably\b"
        r"|\bwithout\s+(?:a\s+)?doubt\b|\bno\s+one\s+in\s+their\s+right\s+mind\b",
        "'{0}' claims everyone agrees: people who don't may stay quiet. Give the facts and ask what "
        "people think.",
    ),
    _cue(
        "pressure",
        r"\byou(?:'d|\s+would)\s+be\s+(?:mad|crazy|silly|stupid|daft)\s+(?:not\s+to|to\s+miss)\b"
        r"|\bdon't\s+be\s+the\s+only\s+one\b|\ball\s+your\s+friends\s+(?:are|will\s+be)\b"
        r"|\beveryone\s+else\s+(?:is|has)\b|\bif\s+you\s+really\s+care(?:d)?\b|\bonly\s+a\s+fool\b"
        r"|\bif\s+you\s+(?:don't|do\s+not)\s+(?:vote|take\s+part|join),?\s+(?:you|then)\b",
        "Pressure wording ('{0}'): tell young people what is on and let them choose.",
    ),
]

_OPINION_STEM = re.compile(
    r"\b(?:how\s+(?:happy|satisfied|pleased|good|useful|safe|easy)\s+(?:are|were|is|was|do|did)\b"
    r"|how\s+would\s+you\s+rate|how\s+do\s+you\s+feel\s+about|what\s+do\s+you\s+think\s+(?:of|about)"
    r"|do\s+you\s+(?:like|agree|support|enjoy|use|want)|are\s+you\s+(?:happy|satisfied|pleased)\s+with"
    r"|would\s+you\s+(?:like|support|recommend|use)|should\s+(?:we|the\s+\w+))",
    re.IGNORECASE,
)
_PAIR = re.compile(r"\s(?:and|as\s+well\s+as|and\s+also)\s", re.IGNORECASE)
# Pairs that name one thing.
_ONE_THING = re.compile(
    r"\b(?:fish and chips|arts and crafts|health and safety|friends and family|mums and dads|parents and carers"
    r"|rock and roll|salt and pepper|rules and regulations|bits and pieces|pros and cons|more and more"
    r"|ups and downs|black and white|bed and breakfast|children and young people|young people and families"
    r"|between .{1,40} and)\b",
    re.IGNORECASE,
)
_LOADED_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in _LOADED) + r")\b", re.IGNORECASE)
_ASKS = re.compile(
    r"\b(?:do|does|did|would|will|should|are|is|was|were|can|could)\s+(?:you|we|they|young\s+people|people)\b"
    r"|\bwhat\s+do\s+you\s+think\b|\bhow\s+do\s+you\s+feel\b|\bhow\s+would\s+you\b"
    r"|^(?:isn't|aren't|wasn't|weren't|wouldn't|shouldn't|don't|doesn't)\b",
    re.IGNORECASE,
)
_INVITE = re.compile(
    r"\b(?:would|do)\s+you\s+(?:like|want)\s+to\s+(?:come|join|sign|book|take\s+part)", re.IGNORECASE
)


class LeadingQuestion(Detector):
    """Questions and wording that push people towards an answer, in consultations and posts."""

    name = "leading_question"
    category = Category.LEADING_QUESTION
    directions = frozenset({Direction.OUTGOING})

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        return self.check(doc.original, document_sentences(doc))

    def check(self, text: str, parts: list[Sentence] | None = None) -> list[Finding]:
        # Curly apostrophes become straight ones, length unchanged, so spans still fit the original text
        # (and the sentences of the original fit it too).
        plain = text.replace("’", "'").replace("‘", "'")
        findings: list[Finding] = []
        for s in sentences(plain) if parts is None else parts:
            findings.extend(self._cues(plain, s))
            if s.is_question:
                findings.extend(self._loaded(plain, s))
                findings.extend(self._double_barrelled(plain, s))
        findings = sorted(findings, key=lambda f: -f.severity)[:MOST]
        findings.sort(key=lambda f: f.span)
        return findings

    def _cues(self, text: str, s: Sentence) -> list[Finding]:
        out = []
        for cue in CUES:
            if cue.where == ("statements" if s.is_question else "questions"):
                continue
            for m in cue.pattern.finditer(text[s.start : s.end]):  # a slice, so ^ is the sentence's start
                words = " ".join(m.group().strip(" ,?").split())
                span = (s.start + m.start(), s.start + m.end())
                if any(
                    f.evidence["kind"] == cue.kind and f.span[0] < span[1] and span[0] < f.span[1]
                    for f in out
                ):
                    continue  # two wordings of one cue found the same words
                out.append(self._finding(1, span, cue.reason.format(words), cue.kind))
        return out

    def _loaded(self, text: str, s: Sentence) -> list[Finding]:
        if not _ASKS.search(text[s.start : s.end]) or _INVITE.search(text, s.start, s.end):
            return []  # "Would you like to come to our amazing camp?" invites; it asks no opinion
        return [
            self._finding(
                1,
                m.span(1),
                f"Loaded word '{m.group(1)}' in a question steers the answer. Ask neutrally, for example "
                "'What do you think of the plan to …?'",
                "loaded word",
            )
            for m in _LOADED_WORD.finditer(text, s.start, s.end)
        ]

    def _double_barrelled(self, text: str, s: Sentence) -> list[Finding]:
        stem = _OPINION_STEM.search(text, s.start, s.end)
        if not stem:
            return []
        rest = text[stem.end() : s.end]
        for fixed in _ONE_THING.finditer(rest):
            rest = rest[: fixed.start()] + "x" * len(fixed.group()) + rest[fixed.end() :]
        pair = _PAIR.search(rest)
        if not pair:
            return []
        first = rest[: pair.start()].strip(" ,").split()
        second = rest[pair.end() :].rstrip("?! ").split()
        if not first or not second:
            return []
        return [
            self._finding(
                1,
                (s.start, s.end),
                f"This asks about two things at once ('{' '.join(first[-4:])}' and '{' '.join(second[:4])}'); "
                "ask one question for each.",
                "double-barrelled",
            )
        ]

    def _finding(self, severity: int, span: tuple[int, int], reason: str, kind: str) -> Finding:
        return Finding(self.category, severity, span, reason, self.name, evidence={"kind": kind})
