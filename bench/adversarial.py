"""Adversarial inputs for every regular expression in harbour.screening, built from each pattern's own pieces.

A backtracking regex engine is slow on input that almost matches the same way many times over: "see"
followed by 8,000 spaces, "a@" 4,000 times. Such input is made of the pattern's own pieces, so this
module reads each pattern's parse tree and builds, for every place a match could be part-way through:

- the text a match has read so far, repeated ("a@a@a@…": many matches that each fail late);
- that text followed by one repeated piece of the pattern ("see" + spaces, "meet" + "a "…);
- the repeated piece alone.

`collect()` finds the patterns (module attributes, class attributes, detector instances and whatever
they hold, walked recursively); `inputs(pattern, length)` makes the texts. `python -m bench --only
adversarial` times each pattern on them at 10,000 and 100,000 characters, and the full screen on the
worst few; tests/screening/test_linear_time.py holds every pattern to a linear bound.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Iterator

try:  # Python 3.11+
    import re._constants as _C
    from re import _parser
except ImportError:  # pragma: no cover
    import sre_constants as _C
    import sre_parse as _parser

_MAX_PIECE = 40  # longest sample of one piece: longer ones say nothing more
_CANDIDATE_CHARS = "a0 .-@:/'_x\n!#"  # tried for negated classes and "any character"


def collect() -> dict[str, re.Pattern]:
    """Every compiled pattern the screening package holds, by a dotted name for where it was found."""
    import harbour.screening as package
    from harbour.screening import engine as engine_module

    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".training" in info.name or info.name.endswith("__main__"):  # training; the command line
            continue
        importlib.import_module(info.name)
    found: dict[str, re.Pattern] = {}
    seen: set[int] = set()
    ids: set[int] = set()

    def walk(value, name: str, depth: int) -> None:
        if isinstance(value, re.Pattern):
            if id(value) not in ids:
                ids.add(id(value))
                found[name] = value
            return
        if depth > 6 or id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
            return
        seen.add(id(value))
        if isinstance(value, dict):
            for k, v in list(value.items())[:5000]:
                walk(v, f"{name}[{k!r}]" if isinstance(k, str) else f"{name}[]", depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for i, v in enumerate(list(value)[:5000]):
                walk(v, f"{name}[{i}]", depth + 1)
        elif isinstance(value, type):
            if value.__module__.startswith("harbour.screening"):
                for k, v in vars(value).items():
                    walk(v, f"{name}.{k}", depth + 1)
        elif type(value).__module__.startswith("harbour.screening"):
            attrs = dict(getattr(value, "__dict__", {}))
            for slot in getattr(type(value), "__slots__", ()):
                if hasattr(value, slot):
                    attrs[slot] = getattr(value, slot)
            for k, v in attrs.items():
                walk(v, f"{name}.{k}", depth + 1)

    for module_name, module in sorted(sys.modules.items()):
        if module_name.startswith("harbour.screening") and ".training" not in module_name:
            for k, v in vars(module).items():
                if not k.startswith("__"):
                    walk(v, f"{module_name}.{k}", 0)
    for detector in engine_module.default_engine().detectors:
        walk(detector, f"engine.{detector.name}", 0)
    return found


# --- samples of a pattern's pieces ----------------------------------------------------------------


def _class_chars(items, flags: int) -> list[str]:
    """Characters a character class matches (one per item), or, for a negated class, a few it matches."""
    negate = any(op is _C.NEGATE for op, _ in items)
    if negate:
        probe = re.compile(_rebuild_class(items), flags)
        return [c for c in _CANDIDATE_CHARS if probe.fullmatch(c)][:4] or ["\x00"]
    out: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            out.append(chr(av))
        elif op is _C.RANGE:
            out.append(chr(av[0]))
        elif op is _C.CATEGORY:
            out.append(
                {
                    _C.CATEGORY_DIGIT: "0",
                    _C.CATEGORY_SPACE: " ",
                    _C.CATEGORY_WORD: "a",
                    _C.CATEGORY_NOT_DIGIT: "a",
                    _C.CATEGORY_NOT_SPACE: "a",
                    _C.CATEGORY_NOT_WORD: " ",
                }.get(av, "a")
            )
    return out or ["a"]


def _rebuild_class(items) -> str:
    parts = []
    for op, av in items:
        if op is _C.NEGATE:
            parts.insert(0, "^")
        elif op is _C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _C.CATEGORY:
            parts.append(
                {
                    _C.CATEGORY_DIGIT: r"\d",
                    _C.CATEGORY_SPACE: r"\s",
                    _C.CATEGORY_WORD: r"\w",
                    _C.CATEGORY_NOT_DIGIT: r"\D",
                    _C.CATEGORY_NOT_SPACE: r"\S",
                    _C.CATEGORY_NOT_WORD: r"\W",
                }.get(av, "")
            )
    return "[" + "".join(parts) + "]"


def _variants(data, flags: int, groups: dict) -> list[str]:
    """A few strings that one parsed (sub)pattern matches: the first is its shortest sample."""
    out = [""]
    for op, av in data:
        choices = _node_variants(op, av, flags, groups)
        if not choices:
            continue
        first = out[0]
        out = [first + choices[0]] + [first + c for c in choices[1:3]] + [o + choices[0] for o in out[1:3]]
        out = [o[:_MAX_PIECE] for o in dict.fromkeys(out)]
    return out


def _node_variants(op, av, flags: int, groups: dict) -> list[str]:
    if op is _C.LITERAL:
        return [chr(av)]
    if op is _C.NOT_LITERAL:
        return [next(c for c in "ab" if ord(c) != av)]
    if op is _C.ANY:
        return ["a"]
    if op is _C.IN:
        return _class_chars(av, flags)
    if op is _C.BRANCH:
        return [v for alt in av[1] for v in _variants(alt, flags, groups)[:1]][:6]
    if op is _C.SUBPATTERN:
        group, _, _, p = av
        found = _variants(p, flags, groups)
        if group:
            groups[group] = found[0]
        return found
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        low, _, p = av
        body = _variants(p, flags, groups)
        return [b * max(low, 0) for b in body] if low else [""]
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _variants(av, flags, groups)
    if op is _C.GROUPREF:
        return [groups.get(av, "a")]
    if op is _C.GROUPREF_EXISTS:
        return _variants(av[1], flags, groups)
    return [""]  # AT, ASSERT, ASSERT_NOT: no characters


def _pieces(data, before: str, flags: int, groups: dict, depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """(text read so far, a piece that may repeat there) for every place inside the pattern."""
    if depth > 12:
        return
    sofar = before
    for op, av in data:
        yield sofar, None
        if op is _C.BRANCH:
            for alt in av[1][:8]:
                yield from _pieces(alt, sofar, flags, groups, depth + 1)
        elif op is _C.SUBPATTERN:
            yield from _pieces(av[3], sofar, flags, groups, depth + 1)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            yield from _pieces(av, sofar, flags, groups, depth + 1)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            _low, high, p = av
            for unit in _variants(p, flags, groups):
                if unit and high > 1:
                    yield sofar, unit
            yield from _pieces(p, sofar, flags, groups, depth + 1)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            yield from _pieces(av[1], sofar, flags, groups, depth + 1)
        choices = _node_variants(op, av, flags, groups)
        sofar = (sofar + (choices[0] if choices else ""))[-200:]
    yield sofar, None


def recipes(pattern: re.Pattern, limit: int = 80) -> list[tuple[str, str]]:
    """(head, unit) pairs: the adversarial text of a length is head followed by unit repeated to fill it."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 -- a pattern Python compiled always parses; this is a safety net for other versions
        return []
    flags = pattern.flags
    data = list(tree.data if hasattr(tree, "data") else tree)
    found: dict[tuple[str, str], None] = {}

    def add(head: str, unit: str) -> None:
        if unit:
            found.setdefault((head, unit))

    for sofar, unit in _pieces(data, "", flags, {}):
        if unit is None:
            add("", sofar)  # many partial matches, one after another
            add("", sofar + " ")
        else:
            add(sofar, unit)  # a partial match, then one piece many times
            add("", unit)
            add("", sofar + unit)
    return list(found)[:limit]


def render(recipe: tuple[str, str], length: int) -> str:
    head, unit = recipe
    return (head + unit * (max(0, length - len(head)) // len(unit) + 1))[:length]


def inputs(pattern: re.Pattern, length: int, limit: int = 80) -> list[str]:
    """Texts of `length` characters that make a backtracking matcher work hardest on this pattern."""
    return [render(r, length) for r in recipes(pattern, limit)]


def time_once(function, text: str) -> float:
    """CPU seconds of this thread: on a shared machine, wall time mostly measures the neighbours."""
    start = time.thread_time()
    function(text)
    return time.thread_time() - start


def scan(pattern: re.Pattern):
    """What the detectors do at worst with a pattern: every match in the text."""
    return lambda text: sum(1 for _ in pattern.finditer(text))


# --- the bound -------------------------------------------------------------------------------------

LENGTH = 100_000
PER_CHAR = 10e-6  # seconds per character for one pattern over one text: 1 s at 100,000 characters
GROWTH = 8.0  # four times the text may take this many times as long: linear is 4, quadratic 16
_NOISE = (
    0.05  # below this at full length (0.5 µs a character) a time says little about growth, and harms no one
)


def best_of(function, text: str, runs: int = 3) -> float:
    return min(time_once(function, text) for _ in range(runs))


def measure(function, make, length: int = LENGTH) -> tuple[float | None, float, str | None]:
    """Time function on make(length // 10), make(length // 4) and make(length); say what breaks the bound.

    A tenth first, so that a quadratic or worse case fails in moments rather than minutes. A result over
    the bound is timed twice more before it counts: a neighbour on a shared machine can take the cache."""
    small = time_once(function, make(length // 10))
    if small > PER_CHAR * length / 10 * 5:
        small = min(small, best_of(function, make(length // 10), 2))
    if small > PER_CHAR * length / 10 * 5:
        return small, small, f"{small:.2f} s at {length // 10:,} characters already"
    full = time_once(function, make(length))
    if full <= _NOISE:  # too fast to say anything about growth: no quarter-length time
        return None, full, None
    quarter = time_once(function, make(length // 4))
    problem = _problem(quarter, full, length)
    if problem:
        full = min(full, best_of(function, make(length), 2))
        quarter = min(quarter, best_of(function, make(length // 4), 2))
        problem = _problem(quarter, full, length)
    return quarter, full, problem


def _problem(quarter: float, full: float, length: int) -> str | None:
    if full > PER_CHAR * length:
        return f"{full:.2f} s for {length:,} characters (bound {PER_CHAR * length:.2f} s)"
    if full > _NOISE and full > GROWTH * quarter:
        return f"4 times the text took {full / quarter:.1f} times as long ({quarter:.4f} s -> {full:.4f} s)"
    return None


def check_pattern(
    name: str, pattern: re.Pattern, length: int = LENGTH, worst: int = 3
) -> list[tuple[str, str, float | None, float, str | None]]:
    """Every adversarial input for one pattern at a tenth of the length, then the `worst` slowest of them at
    a quarter and the full length: (name, input start, quarter-length s or None, full s, problem).

    A tenth of the length already fails anything quadratic or worse with a useful constant; the slowest
    inputs there are the ones whose growth is worth timing (timing every one at full length would take
    minutes for the large word lists)."""
    function = scan(pattern)
    bound = PER_CHAR * length / 10 * 5
    timed = []
    for recipe in recipes(pattern):
        small = time_once(function, render(recipe, length // 10))
        if small > bound:
            small = min(small, best_of(function, render(recipe, length // 10), 2))
        timed.append((small, recipe))
    timed.sort(key=lambda t: -t[0])
    out = []
    for small, recipe in timed:
        shown = render(recipe, 30)
        if small > bound:
            out.append((name, shown, None, small, f"{small:.2f} s at {length // 10:,} characters already"))
    for small, recipe in timed[:worst]:
        if small <= bound:
            quarter, full, problem = measure(function, lambda n, recipe=recipe: render(recipe, n), length)
            out.append((name, render(recipe, 30), quarter, full, problem))
    return out


def run(log=print, length: int = LENGTH) -> dict:
    """Every pattern on every one of its adversarial inputs: the worst time per character of each pattern,
    and every input that breaks the bound."""
    patterns = collect()
    rows = []
    broken = []
    count = 0
    for i, (name, pattern) in enumerate(sorted(patterns.items())):
        if i % 25 == 0:
            log(f"bench: adversarial inputs, pattern {i + 1} of {len(patterns)} …")
        results = check_pattern(name, pattern, length)
        count += len(results)
        if results:
            worst = max(results, key=lambda r: r[3])
            rows.append(
                {
                    "pattern": name,
                    "input": worst[1],
                    "us_per_char": worst[3] / length * 1e6,
                    "growth": worst[3] / worst[2] if worst[2] else None,
                }
            )
        broken += [{"pattern": r[0], "input": r[1], "problem": r[4]} for r in results if r[4]]
    rows.sort(key=lambda r: -r["us_per_char"])
    return {
        "patterns": len(patterns),
        "inputs": count,
        "length": length,
        "bound_us_per_char": PER_CHAR * 1e6,
        "worst": rows,
        "broken": broken,
    }


def report(result: dict, top: int = 20) -> list[str]:
    # "–" under "4× text took": under 0.05 s at full length, too fast for its growth to be measured
    md = [
        "## Adversarial inputs: time per character of every screening pattern",
        "",
        f"{result['inputs']:,} inputs built from the pieces of {result['patterns']} patterns, "
        f"{result['length']:,} characters each, thread CPU time. Bound: {result['bound_us_per_char']:.1f} µs "
        f"a character, and four times the text at most {GROWTH:.0f} times as long. "
        + (
            "**Every input is within the bound.**"
            if not result["broken"]
            else f"**{len(result['broken'])} inputs break it.**"
        ),
        "",
        f"The {min(top, len(result['worst']))} slowest patterns (their slowest input):",
        "",
        "| pattern | input starts | µs per character | 4× text took |",
        "|---|---|---:|---:|",
    ]
    for r in result["worst"][:top]:
        growth = f"{r['growth']:.1f}×" if r["growth"] else "–"
        md.append(f"| `{r['pattern']}` | `{r['input']!r}` | {r['us_per_char']:.3f} | {growth} |")
    if result["broken"]:
        md += ["", "Over the bound:", ""]
        md += [f"- `{b['pattern']}` on `{b['input']!r}`: {b['problem']}" for b in result["broken"]]
    return md + [""]
