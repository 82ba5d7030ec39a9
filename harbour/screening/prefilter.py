"""What a regex's every match must contain, read from the pattern itself, so a detector can skip the scan.

    needs = required_substrings(r"\\bwould (?:you|u) be my (?:girlfriend|gf)\\b")
    # (("would ",), (" be my ",), ...): every match contains "would " and " be my ", and "girlfriend" or "gf"
    if may_match(needs, text): pattern.search(text)

A `str in str` test runs in C and costs a fraction of a regex scan over the whole text. The answer is
exact in one direction only: when a needed string is missing the pattern cannot match; when all are
present it still may not. Patterns that ignore case get no needs (their literals could be any case).

`literal_starts` reads the strings every match begins with, and `search_from` tries the pattern only where
one occurs (str.find, then a match there): the same match as a search, without trying every position.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser

Slot = frozenset[str]  # one of these strings is in every match

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _strength(slot: Slot) -> int:
    """Longer strings are rarer in ordinary text: a slot is as strong as its shortest string."""
    return min(map(len, slot))


def _slots(items) -> list[Slot]:
    """The slots of a parsed sequence: runs of literal characters, and what its groups, repeats of at
    least one and alternations (each alternative's strongest slot, joined) must contain."""
    slots: list[Slot] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:  # one character says little, and it could sit anywhere
            slots.append(frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = av
            if add_flags & re.IGNORECASE:
                continue
            slots += _slots(body)
        elif op is sre.ATOMIC_GROUP:
            slots += _slots(av)
        elif op is sre.BRANCH:
            alternatives = [_slots(alternative) for alternative in av[1]]
            if all(alternatives):
                slots.append(frozenset().union(*(max(a, key=_strength) for a in alternatives)))
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                slots += _slots(body)
        # Anything else (character sets, ".", \b, look-arounds, back-references) names no string.
    flush()
    return slots


def required_substrings(source: str, most: int = 2) -> tuple[tuple[str, ...], ...]:
    """Up to `most` sets of strings (the strongest, the one with fewest strings first) such that every match
    of the pattern contains one string of each set; () when the pattern names none (or ignores case)."""
    parsed = _parser.parse(source)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    # The strongest slots; of those, the smallest is tested first (a test per string, and the first
    # missing slot ends it).
    slots = sorted(set(_slots(parsed)), key=lambda slot: (-_strength(slot), len(slot), sorted(slot)))[:most]
    return tuple(tuple(sorted(slot)) for slot in sorted(slots, key=len))


def may_match(needs: tuple[tuple[str, ...], ...], text: str) -> bool:
    """False when the text lacks every string of some needed set, so the pattern cannot match."""
    for slot in needs:
        if not any(map(text.__contains__, slot)):
            return False
    return True


def literal_starts(source: str, shortest: int = 2) -> tuple[str, ...]:
    """Strings one of which every match of the pattern begins with (zero-width assertions such as \\b at its
    start aside), so that a scan can try the pattern only where one occurs; () when its start names none,
    or a string shorter than `shortest` (one letter occurs almost everywhere: a plain scan is faster)."""
    parsed = _parser.parse(source)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    starts = _starts(list(parsed))
    if not starts or min(map(len, starts)) < shortest:
        return ()
    # "we" covers "we have": a start that begins with another is found by that one
    return tuple(sorted(s for s in starts if not any(o != s and s.startswith(o) for o in starts)))


_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def _starts(items) -> set[str] | None:
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    if op is sre.LITERAL:
        run = []
        while i < len(items) and items[i][0] is sre.LITERAL:
            run.append(chr(items[i][1]))
            i += 1
        return {"".join(run)}
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _starts(list(body))
    if op is sre.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            starts = _starts(list(alternative))
            if not starts:
                return None
            found |= starts
        return found
    if op in _REPEATS and av[0] >= 1:
        return _starts(list(av[2]))
    return None


def search_from(regex: re.Pattern, text: str, starts: tuple[str, ...]) -> re.Match | None:
    """regex.search(text), trying the pattern only where one of `starts` (literal_starts) occurs."""
    positions = []
    for start in starts:
        i = text.find(start)
        while i >= 0:
            positions.append(i)
            i = text.find(start, i + 1)
    for i in sorted(positions) if len(positions) > 1 else positions:
        m = regex.match(text, i)
        if m:
            return m
    return None
