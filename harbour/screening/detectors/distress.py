"""Distress by meaning (issue 19): self-harm and hopelessness, leaving someone out, and joining a pile-on.

The lexicons (lexicons/self_harm.txt, bullying.txt) find the phrases a list can hold. These detectors find
the same kinds of message said in ways no list holds ("been sh'ing again", "nobody would even notice if i
wasnt here", "no one likes jess"), by comparing the message's sentence-encoder vector
(`encoder.vector(doc.text)`, shared with every other second-stage check of the message) with prototype
sentences written for Harbour (data/distress.txt): each family has positive kinds and a negative kind of
ordinary talk that looks alike ("this homework is killing me", "nobody likes mondays"). A message belongs
to a positive kind when its nearest positive prototype is close enough (`floor`) and nearer than the nearest
negative by a margin (`margin`).

The encoder costs milliseconds, so each detector first passes a gate on what the fast path has already
computed (the document's word set): words of the family's kind, and for self-harm a first-person word or
a strong word; a long text is read sentence by sentence, only the sentences that pass. The share of ordinary
messages that pass each gate is measured in docs/model-card.md. `Context.second_stage=False` switches all
three off (the fast path alone).

A pile-on reply ("😂😂 facts", "ikr") means something only under what it replies to: `PileOn` reads
`Context.parent_text`, the text of the item being replied to (ingest passes it), screens that with the
bullying detectors, and flags a short reply that laughs or agrees under an item that bullies someone,
whoever wrote it: each author who joins in is flagged on their own reply.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from harbour.screening import encoder
from harbour.screening.detectors.base import Detector
from harbour.screening.detectors.lexicon import _only_agrees
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context, Direction, Finding

PROTOTYPES = Path(__file__).with_name("data") / "distress.txt"

INCOMING = frozenset({Direction.INCOMING})


class _Family:
    """One family's prototype vectors: each positive kind's, and the negatives', encoded on first use."""

    def __init__(self, positive: tuple[str, ...], negative: str):
        self.positive = positive
        self.negative = negative
        self._kinds: np.ndarray | None = None
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._vectors is None:
                rows = read_prototypes()
                wanted = set(self.positive) | {self.negative}
                kinds = [k for k, _ in rows if k in wanted]
                texts = [Document(t).text for k, t in rows if k in wanted]
                vectors = encoder.embed(texts)  # in one batch, and not into the per-message cache
                self._kinds, self._vectors = np.array(kinds), vectors
        return self._kinds, self._vectors

    def nearest(self, vectors: np.ndarray) -> list[tuple[str, float, float]]:
        """For each vector: its nearest positive kind, that similarity, and the nearest negative's."""
        kinds, prototypes = self._load()
        sims = vectors @ prototypes.T
        negative = kinds == self.negative
        out = []
        for row in sims:
            best_negative = float(row[negative].max())
            kind, best = max(
                ((k, float(row[kinds == k].max())) for k in self.positive), key=lambda pair: pair[1]
            )
            out.append((kind, best, best_negative))
        return out


def read_prototypes(path: Path = PROTOTYPES) -> list[tuple[str, str]]:
    """(kind, sentence) for each line of the prototypes file."""
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, text = line.partition(" | ")
        if not sep or not text.strip():
            raise ValueError(f"{path.name} line {number}: expected 'kind | sentence'")
        rows.append((kind.strip(), text.strip()))
    return rows


SELF_HARM = _Family(("act", "plan", "hopeless", "burden", "goodbye"), "ordinary")
EXCLUSION = _Family(("exclude",), "dislike")
PILE_ON = _Family(("agree",), "disagree")

_SENTENCE = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"[\w']+")
_UNIT_WORDS = 40  # a text of more words is read by its sentences that pass the gate
_UNITS_MAX = 4  # at most this many sentences of one text are encoded


def _units(doc: Document, passes) -> list[tuple[str, tuple[int, int]]]:
    """The pieces of the text to encode, each with its span in the original: the whole text when it is
    short and passes the gate, else up to four of its sentences that pass it."""
    text = doc.text
    if len(doc.tokens) <= _UNIT_WORDS:
        return [(text, (0, len(doc.original)))] if passes(doc.word_set, doc.tokens) else []
    units = []
    for m in _SENTENCE.finditer(text):
        words = m.group().split()
        if not words:
            continue
        sentence = " ".join(words[:_UNIT_WORDS])
        tokens = [w.replace("'", "") for w in _WORD.findall(sentence)]
        if passes(frozenset(tokens), tokens):
            units.append((sentence, doc.to_original(m.start(), m.end())))
            if len(units) == _UNITS_MAX:
                break
    return units


# ---- self-harm and hopelessness ------------------------------------------------------------------------

_FIRST_PERSON = frozenset("i im ive id ill me my myself mine meself imma ima".split())
# Words that name self-harm or its means: enough alone to look closer.
_SPECIFIC = frozenset(
    """sh shing selfharm blade blades razor razors scars overdose overdosed paracetamol suicide suicidal noose
    unalive relapse relapsed pills tablets bleed bleeding""".split()
)
# Words of self-harm, plans and goodbyes that are everyday words too ("dead", "gone", "cut"): about oneself.
_STRONG = _SPECIFIC | frozenset(
    """cut cuts cutting cutt sh shing selfharm harm harming blade blades razor razors scars scar bleed bleeding
    blood pills tablets paracetamol overdose overdosed od rope noose suicide suicidal die dying dead death
    alive exist existing unalive kill killing burden worthless hopeless pointless numb empty relapse relapsed
    goodbye goodbyes disappear disappeared vanish vanished gone""".split()
)
# Words of hopelessness, burden and endings: looked closer at only about oneself (below), and then one of
# the sharper ones alone, or two of any.
_SHARP = frozenset(
    """point anymore notice burden without note sorry last forgive bridge jump hurt hurting burn burned burnt
    scratch scratching wake cope plan planning decided forever""".split()
)
_WEAK = _SHARP | frozenset(
    """miss care cares better happier tired trying bother stop end ending hit hitting sleep done keep going
    live living life matters nothing nobody noone tonight clean weeks months ready anyway""".split()
)


# Someone else as the subject. Without these or a first-person word, a message that begins with a verb has
# dropped its subject ("been cutting again", "planning to end it"), as young people do writing of themselves.
_OTHERS = frozenset("you u ur youre he hes she shes they theyre we were".split())
_VERBS = frozenset(
    """been did done took got cut hit burnt burned wrote want wanna cant cannot dont feel keep tried need
    just gonna going""".split()
)


def _dropped_subject(tokens: list[str]) -> bool:
    first = tokens[0] if tokens else ""
    return first in _VERBS or (len(first) > 4 and first.endswith(("ing", "ed")))


def _self_harm_gate(words: frozenset[str], tokens: list[str]) -> bool:
    """A word that names self-harm or its means; or, about oneself (a first-person word, or a verb with no
    subject), a strong word, a sharp weak word, or two weak ones."""
    if not words.isdisjoint(_SPECIFIC):
        return True
    if words.isdisjoint(_FIRST_PERSON) and not (words.isdisjoint(_OTHERS) and _dropped_subject(tokens)):
        return False
    return not words.isdisjoint(_STRONG) or not words.isdisjoint(_SHARP) or len(words & _WEAK) >= 2


_SELF_HARM_REASONS = {
    "act": (3, "May be saying they are hurting themselves (read by meaning, not a phrase)"),
    "plan": (3, "May be saying they plan to end their life (read by meaning, not a phrase)"),
    "burden": (3, "May be saying others would be better off without them (read by meaning, not a phrase)"),
    "goodbye": (3, "May be a goodbye before ending their life (read by meaning, not a phrase)"),
    "hopeless": (
        2,
        (
            "Sounds hopeless: no point, nothing will get better (read by meaning). A safeguarding lead "
            "should read it with what else this young person has said"
        ),
    ),
}


class SelfHarmMeaning(Detector):
    """Self-harm, plans, burden, goodbyes and hopelessness by meaning: the second stage beside the
    self-harm lexicon, for what no phrase list holds."""

    name = "self_harm_meaning"
    category = Category.SELF_HARM
    directions = INCOMING
    wake_words = _STRONG | _WEAK
    # Chosen on the development table and SDCNL's development rows (a threshold only; docs/model-card.md):
    floor = 0.5  # the nearest positive prototype is at least this similar: a look (2)
    margin = 0.06  # and nearer than the nearest ordinary one by this much
    escalate_from = 0.55  # acts, plans, burden and goodbyes this similar escalate (3); below, a look

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        if not context.second_stage:
            return []
        units = self.units(doc)
        if not units:
            return []
        return self.judge(units, np.stack([encoder.vector(text) for text, _ in units]))

    @staticmethod
    def units(doc: Document) -> list[tuple[str, tuple[int, int]]]:
        """The pieces of the text that pass the gate (the whole text, or up to four sentences of a long one)."""
        return _units(doc, _self_harm_gate)

    def judge(self, units: list[tuple[str, tuple[int, int]]], vectors: np.ndarray) -> list[Finding]:
        """The finding for the most severe, then clearest, piece near enough a positive kind; [] for none."""
        best = None
        for (_, span), (kind, sim, negative) in zip(units, SELF_HARM.nearest(vectors)):
            if sim >= self.floor and sim - negative >= self.margin:
                severity = _SELF_HARM_REASONS[kind][0] if sim >= self.escalate_from else 2
                if best is None or (severity, sim - negative) > (best[0], best[3] - best[4]):
                    best = (severity, kind, span, sim, negative)
        if best is None:
            return []
        severity, kind, span, sim, negative = best
        reason = _SELF_HARM_REASONS[kind][1]
        if severity < _SELF_HARM_REASONS[kind][0]:
            reason += ". Not clear enough to escalate: a safeguarding lead should read it"
        return [
            Finding(
                Category.SELF_HARM,
                severity,
                span,
                reason,
                self.name,
                score=round(sim, 4),
                evidence={"kind": kind, "similarity": round(sim, 3), "ordinary": round(negative, 3)},
            )
        ]


# ---- leaving someone out -------------------------------------------------------------------------------

# People as a whole, or a call to others ("nobody", "everyone", "the whole class", "lets all", "make sure"):
# the words that wake the detector, and pairs of everyday words that do together.
_PEOPLE = frozenset(
    "nobody noone no1 everyone everybody everyones everybodys invite ignore kick remove whole lets".split()
)
_PEOPLE_PAIRS = frozenset(
    {
        ("no", "one"),
        ("all", "ignore"),
        ("should", "ignore"),
        ("dont", "invite"),
        ("dont", "let"),
        ("make", "sure"),
        ("we", "should"),
        ("none", "us"),
    }
)
# What people do to a person to leave them out or turn on them.
_SOCIAL = frozenset(
    """likes like wants want cares care miss stand talks talk talking sit sits invite invited invites ignore
    ignoring hates hate laughs laughing thinks come join hang block kick remove leave let find know avoid
    friends mates""".split()
)
_EXCLUSION_WORDS = 25


def _exclusion_gate(words: frozenset[str]) -> bool:
    """People as a whole (or a call to others) and a social verb: what wakes the detector, and more. One word
    is never both ("kick off" is not "kick" + "kick"); a pair ("dont invite", "all ignore") may hold the verb."""
    social = words & _SOCIAL
    if not social:
        return False
    if any(a in words and b in words for a, b in _PEOPLE_PAIRS):
        return True
    people = words & _PEOPLE
    return bool(people) and bool(social - people)


class Exclusion(Detector):
    """Leaving a named child out or turning others against them ("no one likes jess", "dont invite him",
    "lets all ignore ben"): people as a whole or a call to others, with a social verb (the gate), and a
    person, not a thing, as its object (the meaning: "nobody likes mondays" is nearer its negatives)."""

    name = "exclusion"
    category = Category.BULLYING
    directions = INCOMING
    wake_words = _PEOPLE
    wake_pairs = _PEOPLE_PAIRS
    floor = 0.45
    margin = 0.05

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        if not context.second_stage or not self.gate(doc):
            return []
        return self.judge(doc, encoder.vector(doc.text))

    @staticmethod
    def gate(doc: Document) -> bool:
        """Short, with people as a whole (or a call to others) and a social verb."""
        return len(doc.tokens) <= _EXCLUSION_WORDS and _exclusion_gate(doc.word_set)

    def judge(self, doc: Document, vector: np.ndarray) -> list[Finding]:
        [(kind, sim, negative)] = EXCLUSION.nearest(vector[None, :])
        if sim < self.floor or sim - negative < self.margin:
            return []
        return [
            Finding(
                Category.BULLYING,
                2,
                (0, len(doc.original)),
                "Leaves someone out or turns others against them (read by meaning, not a phrase)",
                self.name,
                score=round(sim, 4),
                evidence={"kind": kind, "similarity": round(sim, 3), "ordinary": round(negative, 3)},
            )
        ]


# ---- pile-ons ------------------------------------------------------------------------------------------

_REPLY_WORDS = 10  # a reply of more words says something of its own: the other detectors read it
_PARENTS_KEPT = 256
_JOINS_FROM = 2  # the replied-to item bullies at this severity or more


class PileOn(Detector):
    """A short reply that laughs at or agrees with an item that bullies someone (Context.parent_text).

    The replied-to text is screened with the registered bullying detectors (the lexicons' bullying and
    "kill yourself" entries, insults, exclusion); whether the reply agrees is the bullying lexicon's
    agreeing words ("lol", "facts", "ikr", "literally"), else, with the second stage, the reply's meaning
    (nearer "so true" than "leave her alone")."""

    name = "pile_on"
    category = Category.BULLYING
    directions = INCOMING
    floor = 0.45
    margin = 0.05

    def __init__(self):
        self._screens: list[Detector] = []
        self._parents: OrderedDict[tuple[str, bool], Finding | None] = OrderedDict()
        self._lock = threading.Lock()

    def share_with(self, detectors: list[Detector]) -> None:
        names = {"bullying", "self_harm", "insults", "exclusion"}
        self._screens = [d for d in detectors if d.name in names]

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        parent = context.parent_text
        if not parent or not isinstance(parent, str) or len(doc.tokens) > _REPLY_WORDS:
            return []
        agrees = _only_agrees(doc)
        if not agrees and not context.second_stage:
            return []
        bullying = self._parent_bullies(parent, context.second_stage)
        if bullying is None:
            return []
        how = "agreeing words"
        if not agrees:
            if not doc.text.strip():
                return []
            [(_, sim, negative)] = PILE_ON.nearest(encoder.vector(doc.text)[None, :])
            if sim < self.floor or sim - negative < self.margin:
                return []
            how = f"meaning (similarity {sim:.2f}, disagreeing {negative:.2f})"
        return [
            Finding(
                Category.BULLYING,
                2,
                (0, len(doc.original)),
                "Joins in: laughs at or agrees with a message that bullies someone ("
                + bullying.reason[:1].lower()
                + bullying.reason[1:]
                + ")",
                self.name,
                evidence={"joins_in": True, "replies_to": bullying.reason, "read_by": how},
            )
        ]

    def _parent_bullies(self, parent: str, second_stage: bool) -> Finding | None:
        """The strongest bullying finding in the replied-to text, remembered for the last 256 parents
        (several replies under one item are screened against it once)."""
        key = (parent, second_stage)
        with self._lock:
            if key in self._parents:
                self._parents.move_to_end(key)
                return self._parents[key]
        doc = Document(parent)
        context = Context(second_stage=second_stage)
        found = [
            f
            for detector in self._screens
            for f in detector.detect(doc, context)
            if f.category in (Category.BULLYING, Category.INSULT) and f.severity >= _JOINS_FROM
        ]
        best = max(found, key=lambda f: f.severity, default=None)
        with self._lock:
            self._parents[key] = best
            if len(self._parents) > _PARENTS_KEPT:
                self._parents.popitem(last=False)
        return best
