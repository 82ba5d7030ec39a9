"""The order a reader sees a text in: the Unicode bidirectional algorithm (UAX #9), for screening.

A right-to-left override (U+202E) makes "toidi uoy flesruoy llik" show as "kill yourself you idiot", and
an Arabic letter before "900123 07700" shows the number as "07700 900123". Screening the stored order
would miss both, so normalise.py screens the reading order that `reading_order` returns, with every
position mapped back to the original text.

Implemented: paragraphs (P1-P3, first strong character, as `dir="auto"` does), explicit embeddings,
overrides and isolates with the 125-level limit and overflow counting (X1-X10), weak and neutral types
(W1-W7, N1-N2), implicit levels (I1-I2), trailing whitespace (L1) and reordering (L2). Left out, as
they move no letter or digit: bracket pairs (N0) and mirrored glyphs (L4). Each paragraph is one line.
Linear in the length of the text: reordering builds a tree of levels instead of reversing once per level.

The reading order is the visual order, left to right, except that a run of right-to-left script (Hebrew,
Arabic, with the spaces between its words) is kept in its own order, which is how its reader reads it:
only text whose display order differs from its reading order (Latin letters or digits forced or carried
right-to-left) moves.
"""

from __future__ import annotations

from unicodedata import bidirectional

# Classes that can make any character show at an odd (right-to-left) level. Without one of them every
# level is even and the visual order is the stored order: most texts stop at this test.
_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
_STRONG = frozenset({"L", "R", "AL"})
_ISOLATE_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
_EMBEDDINGS = frozenset({"LRE", "RLE", "LRO", "RLO"})
_REMOVED = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "BN"})  # X9
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})  # NI in N1 and N2
MAX_DEPTH = 125

_classes: dict[str, str] = {}


def _class(c: str) -> str:
    found = _classes.get(c)
    if found is None:
        found = bidirectional(c) or "L"  # unassigned code points: L, as the default Bidi_Class of most
        if len(_classes) < 100_000:  # hostile input could visit every code point
            _classes[c] = found
    return found


def needs_reordering(text: str) -> bool:
    """Could any character of this text show away from its stored place?"""
    return not text.isascii() and any(_class(c) in _RTL for c in set(text) if c > "\x7f")


def reading_order(text: str) -> list[int] | None:
    """The original index of each character in the order a reader sees them, the explicit formatting
    characters (X9) left out; None when that is the stored order (nothing right-to-left)."""
    if not needs_reordering(text):
        return None
    types = [_class(c) for c in text]
    order: list[int] = []
    start = 0
    for i, t in enumerate(types):
        if t == "B":  # P1: a paragraph ends with its separator, which stays at its end
            order += _paragraph(types, start, i + 1)
            start = i + 1
    if start < len(types):
        order += _paragraph(types, start, len(types))
    return order


def _matching_pdis(types: list[str], start: int, end: int) -> dict[int, int]:
    """BD9: each isolate initiator's matching PDI, by index."""
    matches: dict[int, int] = {}
    stack: list[int] = []
    for i in range(start, end):
        t = types[i]
        if t in _ISOLATE_INITIATORS:
            stack.append(i)
        elif t == "PDI" and stack:
            matches[stack.pop()] = i
    return matches


def _first_strong(types: list[str], start: int, end: int, matches: dict[int, int]) -> int | None:
    """P2-P3: 1 if the first strong character (isolates skipped) is right-to-left, 0 if left-to-right."""
    i = start
    while i < end:
        t = types[i]
        if t == "L":
            return 0
        if t in ("R", "AL"):
            return 1
        if t in _ISOLATE_INITIATORS:
            i = matches.get(i, end)
            continue
        i += 1
    return None


def _paragraph(original: list[str], start: int, end: int) -> list[int]:
    classes = original[start:end]
    types = list(classes)  # the types the rules change
    n = len(types)
    matches = {k - start: v - start for k, v in _matching_pdis(original, start, end).items()}
    base = _first_strong(types, 0, n, matches) or 0
    levels = _explicit(types, base, matches)
    kept = [i for i in range(n) if types[i] not in _REMOVED]  # X9
    if kept:
        _resolve(classes, types, levels, kept, base, matches)
    _trailing(classes, levels, base)
    return [start + i for i in _reorder(levels, kept, classes)]


def _explicit(types: list[str], base: int, matches: dict[int, int]) -> list[int]:
    """X1-X8: embedding levels; overrides change `types` in place."""
    n = len(types)
    levels = [base] * n
    # the directional status stack: (level, override or None, isolate?)
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i in range(n):
        t = types[i]
        level, override, _ = stack[-1]
        if t in _EMBEDDINGS:
            new = (level + 1) | 1 if t[0] == "R" else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, "R" if t == "RLO" else "L" if t == "LRO" else None, False))
            elif not overflow_isolates:
                overflow_embeddings += 1
            levels[i] = level
        elif t in _ISOLATE_INITIATORS:
            levels[i] = level
            if override:  # X5a-c: its type for the W and N rules; `original` still says it is an isolate
                types[i] = override
            rtl = t == "RLI" or (t == "FSI" and _first_strong(types, i + 1, matches.get(i, n), matches) == 1)
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif t == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif t == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
            levels[i] = level
        elif t == "B":
            levels[i] = base
        elif t == "BN":
            levels[i] = level
        else:
            levels[i] = level
            if override:
                types[i] = override
    return levels


def _sequences(
    original: list[str], levels: list[int], kept: list[int], matches: dict[int, int]
) -> list[list[int]]:
    """X10 (BD13): isolating run sequences, as lists of indices of kept characters."""
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    starts_with = {run[0]: k for k, run in enumerate(runs)}
    joined = [False] * len(runs)
    out: list[list[int]] = []
    for k, run in enumerate(runs):
        if joined[k]:
            continue
        sequence = list(run)
        while original[sequence[-1]] in _ISOLATE_INITIATORS and sequence[-1] in matches:
            nxt = starts_with.get(matches[sequence[-1]])
            if nxt is None:
                break
            joined[nxt] = True
            sequence += runs[nxt]
        out.append(sequence)
    return out


def _resolve(
    original: list[str],
    types: list[str],
    levels: list[int],
    kept: list[int],
    base: int,
    matches: dict[int, int],
) -> None:
    """X10 sos/eos, W1-W7, N1-N2, I1-I2: final levels of the kept characters."""
    position = {i: k for k, i in enumerate(kept)}
    embedding = list(levels)  # sos and eos read the levels of X1-X8, not those resolved here
    for seq in _sequences(original, embedding, kept, matches):
        level = embedding[seq[0]]
        first, last = position[seq[0]], position[seq[-1]]
        before = embedding[kept[first - 1]] if first > 0 else base
        if original[seq[-1]] in _ISOLATE_INITIATORS and seq[-1] not in matches:
            after = base
        else:
            after = embedding[kept[last + 1]] if last + 1 < len(kept) else base
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(level, after) % 2 else "L"
        t = [types[i] for i in seq]
        _weak(t, sos)
        _neutral(t, sos, eos, level)
        for i, resolved in zip(seq, t):
            if level % 2 == 0:
                levels[i] = level + (1 if resolved == "R" else 2 if resolved in ("AN", "EN") else 0)
            else:
                levels[i] = level + (1 if resolved in ("L", "EN", "AN") else 0)
            types[i] = resolved


def _weak(t: list[str], sos: str) -> None:
    n = len(t)
    previous = sos
    for k in range(n):  # W1
        if t[k] == "NSM":
            t[k] = "ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous
        previous = t[k]
    strong = sos
    for k in range(n):  # W2, W3
        x = t[k]
        if x in _STRONG:
            strong = x
            if x == "AL":
                t[k] = "R"
        elif x == "EN" and strong == "AL":
            t[k] = "AN"
    for k in range(1, n - 1):  # W4
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    k = 0
    while k < n:  # W5: a run of ET next to EN becomes EN
        if t[k] == "ET":
            j = k
            while j < n and t[j] == "ET":
                j += 1
            if (k > 0 and t[k - 1] == "EN") or (j < n and t[j] == "EN"):
                t[k:j] = ["EN"] * (j - k)
            k = j
        else:
            k += 1
    for k in range(n):  # W6
        if t[k] in ("ES", "ET", "CS"):
            t[k] = "ON"
    strong = sos
    for k in range(n):  # W7
        x = t[k]
        if x in ("L", "R"):
            strong = x
        elif x == "EN" and strong == "L":
            t[k] = "L"


def _neutral(t: list[str], sos: str, eos: str, level: int) -> None:
    n = len(t)
    embedding = "R" if level % 2 else "L"
    k = 0
    while k < n:
        if t[k] in _NEUTRAL or t[k] == "BN":
            j = k
            while j < n and (t[j] in _NEUTRAL or t[j] == "BN"):
                j += 1
            left = sos if k == 0 else ("R" if t[k - 1] in ("R", "EN", "AN") else "L")
            right = eos if j == n else ("R" if t[j] in ("R", "EN", "AN") else "L")
            t[k:j] = [left if left == right else embedding] * (j - k)  # N1, else N2
            k = j
        else:
            k += 1


def _trailing(classes: list[str], levels: list[int], base: int) -> None:
    """L1: separators, and whitespace before them and at the end of the line, at the paragraph level."""
    trailing = True  # no character but whitespace (or removed ones) between here and a separator or the end
    for i in reversed(range(len(classes))):
        t = classes[i]
        if t in ("S", "B"):
            levels[i] = base
            trailing = True
        elif t in _REMOVED:
            continue
        elif trailing and t in ("WS", "FSI", "LRI", "RLI", "PDI"):
            levels[i] = base
        else:
            trailing = False


def _reorder(levels: list[int], kept: list[int], original: list[str]) -> list[int]:
    """L2, then right-to-left script put back in its own order (see the module docstring).

    Reversing every run at or above each level from the highest down to the lowest odd one is the same as
    reading a tree of nested runs, each node reversed once per level it spans: built in one pass."""
    if not kept:
        return []
    lowest_odd = min(levels[i] for i in kept) | 1
    # a node: [low level, high level, children], a child an index or a node
    root: list = [0, 0, []]
    stack = [root]
    for i in kept:
        level = levels[i]
        while stack[-1][0] > level:  # close nodes wholly above this level
            stack.pop()
        top = stack[-1]
        if top[1] > level:  # this node spans levels above and below: split it
            inner = [level + 1, top[1], top[2]]
            top[1], top[2] = level, [inner]
        elif top[1] < level:
            node = [top[1] + 1, level, []]
            top[2].append(node)
            stack.append(node)
            top = node
        top[2].append(i)
    visual: list[int] = []

    def flatten(node: list, flipped: bool) -> None:
        low, high = max(node[0], lowest_odd), node[1]
        if high >= low and (high - low + 1) % 2:
            flipped = not flipped
        for child in reversed(node[2]) if flipped else node[2]:
            if child.__class__ is int:
                visual.append(child)
            else:
                flatten(child, flipped)

    flatten(root, False)
    # Natural right-to-left runs back to their own order: odd level, nothing left-to-right in the original.
    out: list[int] = []
    k = 0
    n = len(visual)
    while k < n:
        i = visual[k]
        if levels[i] % 2 and original[i] not in ("L", "EN", "AN"):
            j = k
            while j < n and levels[visual[j]] % 2 and original[visual[j]] not in ("L", "EN", "AN"):
                j += 1
            # from its first right-to-left letter to its last: the spaces at its edges stay where they show
            first, last = k, j - 1
            while first <= last and original[visual[first]] not in ("R", "AL"):
                first += 1
            while last >= first and original[visual[last]] not in ("R", "AL"):
                last -= 1
            out += visual[k:first]
            out += reversed(visual[first : last + 1])
            out += visual[max(first, last + 1) : j]
            k = j
        else:
            out.append(i)
            k += 1
    return out
