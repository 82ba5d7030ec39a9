"""Libel risk in a draft: a damaging claim of fact about a named person or organisation (guidance 6.2).

A finding needs both parts in one sentence: a named party (a title and name, a full name, an
organisation with a suffix such as Ltd or School, or an identifiable role such as "the headteacher")
and an accusation of crime, dishonesty, sexual misconduct or incompetence about that party.
Opinion markers ("I think"), attribution ("said", "allegedly") and reported convictions lower the
severity but never clear it: repeating someone else's accusation can be libel too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from harbour.screening.detectors.base import Detector
from harbour.screening.detectors.prose import Sentence, document_sentences, sentences
from harbour.screening.verdict import Category, Context, Direction, Finding

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

MOST = 30  # findings kept per draft, the most severe first

_CAP = r"(?:[A-Z][a-zA-Z'-]+|[A-Z]\.?)"  # a capitalised word or an initial
_TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|Lord|Lady|Rev|Reverend|Father|Pastor"
    r"|PC|DC|DS|Sgt|Sergeant|Inspector|Coach|Headteacher|Head\s+teacher|Mayor|MP)\.?"
)
_ORG_SUFFIX = (
    r"(?:Ltd|Limited|plc|PLC|LLP|Inc|Council|School|Academy|College|University|FC|AFC|Trust|Group|Club"
    r"|Church|Police|Constabulary|Hospital|Partnership|Foundation|Charity|Services|Company|Co|Centre)\b"
)
# Words that start sentences or name no one: "They lied" names no one; "Everyone" is no party.
_NOT_A_NAME = frozenset(
    """I We You They He She It This That These Those The A An Our Your Their His Her My Its Some Someone
    Somebody Anyone Anybody Everyone Everybody People Nobody No Who What Why When Where How If But And Or
    So Then There Here Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December Please Thanks
    Thank Sadly Unfortunately Apparently Allegedly Reportedly Clearly Obviously Basically Actually Honestly
    Also Just Well Yes Oh Lol Omg""".split()
)
_PERSON = rf"(?:{_TITLE}\s+{_CAP}(?:\s+{_CAP}){{0,2}}|{_CAP}(?:\s+{_CAP}){{0,2}})"
_ORG = rf"(?:(?:[A-Z][\w&'-]*\s+){{1,4}}{_ORG_SUFFIX})"
_ROLE = (
    r"(?i:(?:the|our|your|their|my|his|her)\s+(?:new\s+|old\s+|local\s+)?(?:headteacher|head\s+teacher|head|"
    r"deputy\s+head|manager|caretaker|mayor|chair|chairman|chairwoman|treasurer|secretary|youth\s+worker|"
    r"coach|vicar|landlord|owner|teacher|councillor|scout\s+leader|club\s+leader|director))"
)
# A party starts at the start of a word: tried from inside "A&A&A…" every character would begin a name.
_PARTY = rf"(?<![\w&'-])(?P<party>{_ORG}|{_PERSON}|{_ROLE})"
# Between the party and the accusation: verbs, adverbs, articles, an aside in commas, "who".
_GAP = (
    r"(?P<gap>(?i:(?:\s*+,\s*+[^,.!?]{1,40}?,)?(?:(?:\s*+,)?\s++(?:who|has|have|had|is|are|was|were|been|being|did|does|do"
    r"|also|really|clearly|basically|just|definitely|always|actually|totally|completely|a|an|the|such|so|very"
    r"|utter|complete|total|right|proper|known|bunch|load|pack|set|of|not|never|no|longer|n't|'s|'re|is\s+n't"
    r"|an?\s+absolute|convicted|found|guilty|accused|suspected|charged|jailed|sentenced|for)\b)*\s*))"
)

# (severity, what the claim is, pattern). Severity before any hedging.
_ACCUSATIONS = [
    (
        3,
        "sexual misconduct",
        (
            r"paedophiles?|pedophiles?|paedos?|pedos?|nonces?|groomers?|groomed|grooming"
            r"|molest(?:ed|s|er|ers)?|sexually\s+assault(?:ed|s)?|raped|rapists?|sex\s+offenders?|perverts?|pervs?"
            r"|abused\s+(?:children|kids|pupils|a\s+child|a\s+pupil|young\s+people)|child\s+abusers?|abusers?"
            r"|inappropriate\s+with\s+(?:children|kids|pupils|girls|boys)|(?:having|had)\s+an\s+affair|slept\s+with"
            r"|touched\s+(?:a|the|some)\s+(?:child|children|girls?|boys?|pupils?)"
        ),
    ),
    (
        2,
        "a crime",
        (
            r"stole|steals|stealing|stolen|nicked|thief|thieves|crooks?|criminals?|fraud|fraudsters?|con\s?men|"
            r"con\s?man|con\s+artists?|scammers?|scam|embezzl(?:ed|es|ing)|fiddl(?:ed|es|ing)\s+(?:the|their|his|her)"
            r"\s+(?:books|expenses|accounts|figures)|on\s+the\s+fiddle|(?:took|takes|taking)\s+bribes|corrupt|bent"
            r"|on\s+the\s+take|launder(?:ed|s|ing)?\s+money|money\s+launder(?:ing|er|ers)|ripped\s+(?:us|people|"
            r"them|everyone|families|parents|customers)\s+off|rip(?:s|ping)?\s+(?:us|people|them|everyone)\s+off|"
            r"rip-?off\s+merchants|cowboys|(?:sold|sells|selling|deals|dealing)\s+drugs|drug\s+dealers?|on\s+drugs"
            r"|drink-?driv(?:ing|er)|assaulted|beat\s+up|arrested|criminal\s+record|should\s+be\s+(?:in\s+prison"
            r"|locked\s+up|arrested|jailed)"
        ),
    ),
    (
        2,
        "dishonesty",
        (
            r"lied|liars?|lying|lies\s+(?:to|about)|cheat(?:ed|s|ing)?|dishonest|covered\s+(?:it\s+)?up"
            r"|cover(?:ing)?\s+(?:it\s+)?up|fabricated|falsified|made\s+up\s+the\s+(?:figures|numbers|results)|rigged"
            r"|fixed\s+the\s+(?:vote|result|election)|bribed|hypocrites?"
        ),
    ),
    (2, "prejudice or bullying", r"racists?|sexists?|homophobic|transphobic|bigots?|bull(?:y|ies|ied|ying)"),
    (
        2,
        "putting people at risk",
        (
            r"negligent|neglected\s+(?:the\s+)?(?:children|kids|pupils)|unfit\s+to|unsafe"
            r"|dangerous|(?:should\s*n't|should\s+not)\s+be\s+(?:allowed\s+)?near\s+(?:children|kids)"
        ),
    ),
    (
        1,
        "incompetence",
        (
            r"incompetent|useless|a\s+disgrace|disgraceful|a\s+joke|clueless|hopeless|a\s+shambles"
            r"|not\s+fit\s+for\s+purpose|sacked|fired|suspended"
        ),
    ),
]
# Said of the party only in the passive: "Mr X was arrested" accuses; "PC X arrested them" does not.
_PASSIVE_ONLY = re.compile(r"(?:arrested|jailed|sacked|fired|suspended)$", re.IGNORECASE)
# A verb the party did, unless the party is its object: "Mr X assaulted a pupil" vs "Mr X was assaulted".
_DONE_TO = re.compile(r"(?:ed|en)$", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|got|gets|get|is|are)\s*$", re.IGNORECASE)
_IDIOM_AFTER = re.compile(  # matched right after a claim: never starts inside a run of spaces
    r"(?<!\s)\s*+(?:the\s++show|our\s++hearts|(?:all\s++)?the\s++(?:limelight|spotlight|headlines)|a\s++march"
    r"|every\s++scene)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n't", re.IGNORECASE)
_OPINION = re.compile(
    r"\b(?:i|we)\s+(?:think|believe|feel|reckon)\b|\bin\s+(?:my|our)\s+(?:opinion|view)\b|\bimo\b"
    r"|\b(?:seems?|appears?)\s+(?:to\s+be\s+)?|\b(?:may|might|could)\s+have\b",
    re.IGNORECASE,
)
_ATTRIBUTED = re.compile(
    r"\ballegedly\b|\balleged\b|\baccused\s+of\b|\breportedly\b|\baccording\s+to\b|\b(?:say|said|says|told|claimed"
    r"|claims|reported)\b|\brumou?r\b|\bi\s+heard\b",
    re.IGNORECASE,
)
_CONVICTION = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?:convicted|found\s+guilty|jailed|sentenced)\b"
    r"|\bpleaded\s+guilty\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    rf"\b(?:was|were|been|got|get|being)\s+(?:robbed|scammed|defrauded|ripped\s+off|conned|abused|assaulted"
    rf"|groomed|cheated|lied\s+to|bullied|attacked|molested)\s+by\s+{_PARTY}",
)


def _softened(sentence: str) -> list[str]:
    """What in the sentence lowers the severity: opinion, attribution, a reported conviction."""
    out = []
    if _OPINION.search(sentence):
        out.append("given as opinion")
    if _ATTRIBUTED.search(sentence):
        out.append("attributed to someone else")
    if _CONVICTION.search(sentence):
        out.append("reports a conviction")
    return out


class LibelRisk(Detector):
    """A damaging claim of fact about a named person or organisation."""

    name = "libel_risk"
    category = Category.LIBEL_RISK
    directions = frozenset({Direction.OUTGOING})

    def __init__(self) -> None:
        self._accusations = [
            (severity, what, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE))
            for severity, what, pattern in _ACCUSATIONS
        ]
        self._subject = re.compile(rf"{_PARTY}{_GAP}$")

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        return self.check(doc.original, document_sentences(doc))

    def check(self, text: str, parts: list[Sentence] | None = None) -> list[Finding]:
        # Curly apostrophes become straight ones, length unchanged, so spans and sentences still fit.
        plain = text.replace("’", "'").replace("‘", "'")
        findings = []
        for s in sentences(plain) if parts is None else parts:
            sentence = plain[s.start : s.end]
            found = []
            for severity, what, pattern in self._accusations:
                for m in pattern.finditer(sentence):
                    if _IDIOM_AFTER.match(sentence, m.end()):
                        continue
                    party = self._named_before(sentence, m.start(), m.group())
                    if party:
                        found.append((severity, what, party, m))
            for m in _PASSIVE.finditer(sentence):
                if party := self._party(m):
                    found.append((2, "a crime or abuse", party, m))
            if found:
                softened = _softened(sentence)  # once per sentence: a hostile draft may be one long sentence
                findings.extend(self._finding(s.start, *f, softened) for f in found)
        findings = sorted(findings, key=lambda f: -f.severity)[:MOST]
        findings.sort(key=lambda f: f.span)
        return findings

    def _named_before(self, sentence: str, end: int, claim: str) -> str | None:
        """The party named just before the claim at `end`, if the claim is said of them."""
        m = self._subject.search(sentence, max(0, end - 120), end)
        if not m or _NEGATION.search(m.group("gap")):
            return None
        passive = bool(_PASSIVE_AUX.search(m.group("gap")))
        if _PASSIVE_ONLY.search(claim):
            if not passive:
                return None
        elif passive and _DONE_TO.search(claim):
            return None  # the party is who it was done to
        return self._party(m)

    @staticmethod
    def _party(m: re.Match) -> str | None:
        """The named party without leading sentence words ("Allegedly Dr Khan" -> "Dr Khan"), or None."""
        words = m.group("party").split()
        while words and words[0] in _NOT_A_NAME and (len(words) == 1 or words[1][0].isupper()):
            words.pop(0)
        return " ".join(words) or None

    def _finding(
        self, offset: int, severity: int, what: str, party: str, m: re.Match, softened: list[str]
    ) -> Finding:
        claim = " ".join(m.group().split())
        if softened:
            severity = max(1, severity - 1)
            reason = (
                f"Possible libel: this repeats a claim of {what} about {party} ({', '.join(softened)}). "
                "Repeating an accusation can still be libel: check the facts and the source, or leave it out."
            )
        else:
            reason = (
                f"Possible libel: this says {party} is guilty of {what} ('{claim}'). A statement that harms "
                "someone's reputation can lead to legal action: remove it unless it is true and can be proved."
            )
        return Finding(
            self.category,
            severity,
            (offset + m.start(), offset + m.end()),
            reason,
            self.name,
            evidence={"party": party, "claim": claim, "softened": softened},
        )
