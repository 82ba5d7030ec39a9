"""The screening pipeline: normalise once, run the detectors for the text's direction, apply the
organisation's allow-list, drop overlapping duplicates, and let the policy pick the action.

    engine = Engine(allow=["Scunthorpe"])          # detectors from registry.py, the default Policy
    verdict = engine.screen("text", Context(direction="outgoing"))
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

from harbour.screening import registry
from harbour.screening.detectors.base import ConversationDetector, Detector
from harbour.screening.normalise import Document
from harbour.screening.policy import Policy
from harbour.screening.verdict import Context, Direction, Finding, Verdict


class Engine:
    def __init__(
        self,
        detectors: Sequence[Detector | type[Detector] | str] | None = None,
        policy: Policy | None = None,
        allow: Iterable[str] = (),
        second_stage: bool = True,
    ):
        """second_stage=False: the fast path alone, exactly (every text screened as if its Context said
        second_stage=False): no detector asks the sentence encoder or its heads."""
        if detectors is None:
            built = registry.build()
        else:
            built = registry.build([d for d in detectors if not isinstance(d, Detector)])
            built = [d for d in detectors if isinstance(d, Detector)] + built
        self.detectors: list[Detector] = built
        self.policy = policy or Policy()
        self.allow = tuple(allow)
        self._allow = _allow_pattern(self.allow)
        self.second_stage = second_stage
        for detector in built:
            detector.share_with(built)
        # Per direction, each detector's bound method, for a ConversationDetector its name (the key of its
        # state), and its bit in the wake mask, worked out once: isinstance on an ABC and attribute
        # look-ups cost per message.
        self._by_direction = {
            direction: tuple(
                (d.detect_with_state, d.name, 1 << i)
                if isinstance(d, ConversationDetector)
                else (d.detect, None, 1 << i)
                for i, d in enumerate(built)
                if direction in d.directions
            )
            for direction in Direction
        }
        self._wake = _WakeTable(built)
        # Per direction, wake mask -> the (detect, state key) pairs to run: few masks recur, so a message
        # pays one dict look-up rather than a bit test per detector.
        self._runs: dict[Direction, dict[int, tuple]] = {direction: {} for direction in Direction}
        self._clear = {direction: self.policy.decide([], direction) for direction in Direction}

    def screen(self, text: str, context: Context | None = None, *, allow: Iterable[str] = ()) -> Verdict:
        """Screen one text. `allow` adds terms to the organisation's allow-list for this call only.

        Raises TypeError if text is not a str, and ValueError if a detector returns a span outside the
        text (a bug in that detector, never hidden).
        """
        if not isinstance(text, str):
            raise TypeError(f"screen() needs text as a str, not {type(text).__name__}")
        if context is None:
            context = _INCOMING if self.second_stage else _FAST_ONLY
        elif not self.second_stage and context.second_stage:
            context = _fast_only(context)
        direction = context.direction
        if direction.__class__ is not Direction:
            direction = Direction(direction)
        doc = Document(text)
        woken = self._wake.mask(doc)
        runs = self._runs[direction]
        run = runs.get(woken)
        if run is None:
            run = self._run(direction, woken)
        findings: list[Finding] | None = None
        states: dict | None = None
        for detect, state_key in run:
            if state_key is None:
                found = detect(doc, context)
            else:
                known = context.author_state or {}
                found, state = detect(doc, _with_state(context, known.get(state_key)))
                if states is None:
                    states = dict(known)
                states[state_key] = state
            if found:
                if findings is None:
                    findings = list(found)
                else:
                    findings.extend(found)
        author_state = states if context.author is not None else None
        if findings is None:  # nothing found: nothing to check, drop, merge or decide
            return Verdict(text, [], 0, self._clear[direction], author_state)
        _check_spans(findings, len(text))
        extra = tuple(allow)
        pattern = self._allow if not extra else _allow_pattern(self.allow + extra)
        if pattern is not None:
            findings = _apply_allow(findings, doc, pattern)
        findings = _deduplicate(findings)
        return Verdict(
            text,
            findings,
            max((f.severity for f in findings), default=0),
            self.policy.decide(findings, direction),
            author_state,
        )

    def _run(self, direction: Direction, woken: int) -> tuple:
        """The (detect, state key) pairs a wake mask runs, remembered for the next message with the same mask."""
        runs = self._runs[direction]
        if len(runs) >= 4096:  # bounded: each mask is a set of detectors, and hostile text could vary it
            runs.clear()
        run = runs[woken] = tuple(
            (detect, key) for detect, key, bit in self._by_direction[direction] if woken & bit
        )
        return run


class _WakeTable:
    """Which detectors a document wakes (see Detector.wake_words): two set intersections (words, first
    words of pairs) and a regex search per set of wake characters, instead of each detector testing the
    text for itself."""

    def __init__(self, detectors: Sequence[Detector]):
        self.always = 0
        self.on_evasion = 0
        self.word_bits: dict[str, int] = {}
        chars: dict[str, int] = {}
        seconds: dict[str, dict[int, set[str]]] = {}  # a pair's first word -> bit -> its second words
        for i, d in enumerate(detectors):
            bit = 1 << i
            if d.wake_words is None and d.wake_chars is None and d.wake_pairs is None:
                self.always |= bit
                continue
            for word in d.wake_words or ():
                self.word_bits[word] = self.word_bits.get(word, 0) | bit
            for first, second in d.wake_pairs or ():
                seconds.setdefault(first, {}).setdefault(bit, set()).add(second)
            if d.wake_chars:
                chars[d.wake_chars] = chars.get(d.wake_chars, 0) | bit
            if d.wake_on_evasion:
                self.on_evasion |= bit
        self.words = frozenset(self.word_bits)
        self.pairs = {
            first: tuple((frozenset(words), bit) for bit, words in by_bit.items())
            for first, by_bit in seconds.items()
        }
        self.pair_words = frozenset(self.pairs)
        # one character: a C substring test; several: a character-class search
        self.chars = tuple(
            (
                c[0]
                if len(set(c)) == 1
                else re.compile("[" + "".join(map(re.escape, sorted(set(c)))) + "]").search,
                bits,
            )
            for c, bits in chars.items()
        )

    def mask(self, doc: Document) -> int:
        """A bit for each detector this document wakes."""
        mask = self.always
        word_bits = self.word_bits
        word_set = doc.word_set
        for word in word_set & self.words:
            mask |= word_bits[word]
        for word in word_set & self.pair_words:
            for seconds, bit in self.pairs[word]:
                if bit & ~mask and not seconds.isdisjoint(word_set):
                    mask |= bit
        folded = doc.folded
        for gate, bits in self.chars:
            if bits & ~mask and (gate in folded if gate.__class__ is str else gate(folded)):
                mask |= bits
        if self.on_evasion & ~mask and doc.evasive:
            mask |= self.on_evasion
        return mask


def _with_state(context: Context, state: dict | None) -> Context:
    """The context with one detector's own state: dataclasses.replace, without its cost per message."""
    return Context(
        context.direction,
        context.channel,
        context.author,
        context.thread,
        state,
        context.second_stage,
        context.parent_text,
        context.reading_age_target,
    )


def _fast_only(context: Context) -> Context:
    """The context with the second stage switched off."""
    return Context(
        context.direction,
        context.channel,
        context.author,
        context.thread,
        context.author_state,
        False,
        context.parent_text,
        context.reading_age_target,
    )


_INCOMING = Context()
_FAST_ONLY = Context(second_stage=False)


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine with every registered detector and the default policy, built on first use."""
    return Engine()


def _check_spans(findings: list[Finding], length: int) -> None:
    for f in findings:
        start, end = f.span
        if not 0 <= start < end <= length:
            raise ValueError(
                f"Detector {f.detector!r} returned span {f.span} outside a text of length {length}"
            )


@lru_cache(maxsize=256)
def _allow_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One regex over the normalised text for all allowed terms, as whole words."""
    alternatives = set()
    for term in terms:
        words = [w.text for w in Document(term).words if w.form == 0]
        if words:
            alternatives.add(r"'?[\W_]+".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def _apply_allow(findings: list[Finding], doc: Document, pattern: re.Pattern) -> list[Finding]:
    """Drop findings that lie wholly inside an allowed term (so "Scunthorpe" lets nothing through
    but itself; "meet me at Scunthorpe station" is still a meeting place)."""
    allowed = [doc.to_original(*m.span()) for m in pattern.finditer(doc.text)]
    if not allowed:
        return findings
    return [f for f in findings if not any(s <= f.span[0] and f.span[1] <= e for s, e in allowed)]


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """Where findings of one category overlap, keep the most severe, then the narrowest (it points at
    the words), then the first. What the others said goes into the kept finding's evidence["also"], so
    a model's score still explains a verdict that a word list decided, and the other way round."""
    if len(findings) > 1:
        kept: list[Finding] = []
        also: dict[int, list[dict]] = {}
        # Per category, the kept spans sorted by start, with their index in `kept`. Kept spans of one category
        # never overlap, so those that overlap a new span lie just before where its end would go: a bisect,
        # not a pass over every kept finding (thousands of findings in one long text were quadratic).
        starts: dict[str, list[int]] = {}
        placed: dict[str, list[tuple[int, int]]] = {}  # (end, index in kept), in the same order as starts
        for f in sorted(findings, key=lambda f: (-f.severity, f.span[1] - f.span[0], f.span[0])):
            category_starts = starts.setdefault(f.category, [])
            category_placed = placed.setdefault(f.category, [])
            at = bisect_left(category_starts, f.span[1])
            first = (
                None  # the earliest kept of the overlapping ones, as a pass over `kept` in order would find
            )
            j = at - 1
            while j >= 0 and category_placed[j][0] > f.span[0]:
                first = category_placed[j][1] if first is None else min(first, category_placed[j][1])
                j -= 1
            if first is not None:
                note = {"detector": f.detector, "severity": f.severity, "span": list(f.span)}
                if f.score is not None:
                    note["score"] = round(f.score, 4)
                also.setdefault(first, []).append(note)
            else:
                category_starts.insert(at, f.span[0])
                category_placed.insert(at, (f.span[1], len(kept)))
                kept.append(f)
        for index, notes in also.items():
            k = kept[index]
            # Finding(...) rather than dataclasses.replace, which costs several times more per call
            kept[index] = Finding(
                k.category, k.severity, k.span, k.reason, k.detector, k.score, {**k.evidence, "also": notes}
            )
        findings = kept
    findings.sort(key=lambda f: (f.span[0], -f.severity, f.category))
    return findings
