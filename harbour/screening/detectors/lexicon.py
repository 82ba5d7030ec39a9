"""Word and phrase lists, matched as whole words on the normalised text.

Each category has a data file in lexicons/ (format in lexicons/README.md): a phrase, its severity 0-4
and a reason a moderator understands, optionally another category; `@name = a | b` defines
alternatives used as `{name}`; `...` stands for up to three other words in the same sentence ("send me
some really nice nudes"); `!phrase` marks an innocent phrase that cancels any match it overlaps
("dick whittington", "tennis balls"). Matching is by whole words on the normalised text, so
"Scunthorpe", "assassin" and "cocktail" never match; evasions (leet, spacing, repeats, zero-width,
look-alike letters) are undone by normalise.py first.

Lookup is a dict from a phrase's first word to its phrases, tried only on the words a set
intersection says are present. The engine wakes a lexicon only when one of its rare words, or two of the
words one phrase needs, are present (Detector.wake_words and wake_pairs), so a clean message costs one set
operation for all of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import ClassVar

from harbour.screening.counter_speech import challenged
from harbour.screening.detectors.base import BOTH, ConversationDetector, Detector
from harbour.screening.normalise import Columns, Document
from harbour.screening.verdict import Category, Context, Direction, Finding

LEXICONS = Path(__file__).with_name("lexicons")

_MACRO = re.compile(r"\{([a-z_0-9]+)\}")
_NEGATIONS = frozenset({"dont", "not", "never", "wont", "wouldnt", "didnt", "doesnt", "cant", "no", "isnt"})
_NEGATION_PAIRS = frozenset(
    {("do", "not"), ("will", "never"), ("would", "never"), ("am", "not"), ("im", "not")}
)
# Counter-speech ("calling someone a slag is not ok") drops a finding in these categories to severity 0.
_COUNTER_SPEECH = frozenset(
    {Category.PROFANITY, Category.SLANG, Category.INSULT, Category.HATE, Category.BULLYING, Category.SEXUAL}
)


Slot = tuple[tuple[str, ...], ...]  # alternatives, each a run of words (maybe none)
# "..." in a phrase: up to this many other words, in the same sentence ("send me some really nice nudes").
GAP: Slot = (("...",),)
GAP_WORDS = 3
# "_" in a phrase: exactly one word that is not a function word, in the same sentence: a name ("nobody
# likes _" finds "nobody likes tia"), where a list of names could never be whole.
ANY: Slot = (("_",),)
_SENTENCE_BREAKS = ".,!?;\n"


# A slot's alternatives by first word, longest first (_Trie.add), made once per slot: read only.
_SLOT_INDEX: dict = {}


class _Trie:
    """Phrases as paths of slots, so that phrases beginning alike ("{ask} {send} {me} ...") are matched
    once. An edge is a slot: its alternatives by first word, longest first, and whether it may be empty."""

    __slots__ = ("edges", "entries")

    def __init__(self):
        self.edges: dict[Slot, tuple[dict[str, tuple[tuple[str, ...], ...]], bool, _Trie]] = {}
        self.entries: list = []

    def add(self, slots: tuple[Slot, ...], value) -> None:
        node = self
        for slot in slots:
            edge = node.edges.get(slot)
            if edge is None and slot is GAP:
                edge = node.edges[slot] = (None, GAP_WORDS, _Trie())
            elif edge is None and slot is ANY:
                edge = node.edges[slot] = (ANY, False, _Trie())
            elif edge is None:
                frozen = _SLOT_INDEX.get(slot)
                if frozen is None:  # once per slot: lexicons' plans rebuild tries from the same slots
                    index: dict[str, list[tuple[str, ...]]] = {}
                    for alt in slot:
                        if alt:
                            index.setdefault(alt[0], []).append(alt)
                    frozen = {w: tuple(sorted(alts, key=len, reverse=True)) for w, alts in index.items()}
                    if (
                        len(_SLOT_INDEX) < 65536
                    ):  # slots come from the lexicon files, so few; bounded all the same
                        _SLOT_INDEX[slot] = frozen
                edge = node.edges[slot] = (frozen, () in slot, _Trie())
            node = edge[2]
        node.entries.append(value)

    def walk(self, words: Columns, i: int, form: int, out: list, text: str = "") -> None:
        """Append (end, values) for every phrase in this subtree that matches the words [i, end) (the
        document's Columns). `text` is the form's text, read only where a phrase has a gap ("...")."""
        if self.entries:
            out.append((i, self.entries))
        for edge in self.edges.values():
            _follow(edge, words, i, form, out, text)


def _follow(edge, words: Columns, i: int, form: int, out: list, text: str = "") -> None:
    index, optional, child = edge
    texts, forms = words.texts, words.forms
    n = len(texts)
    if index is ANY:  # one word, not a function word, with no sentence break before it
        if (
            i < n
            and forms[i] == form
            and texts[i] not in _COMMON
            and not (i > 0 and any(c in text[words.ends[i - 1] : words.starts[i]] for c in _SENTENCE_BREAKS))
        ):
            child.walk(words, i + 1, form, out, text)
        return
    if index is None:  # a gap: skip up to `optional` words, never past the end of a sentence
        child.walk(words, i, form, out, text)
        starts, ends = words.starts, words.ends
        for j in range(i + 1, min(i + optional, n - 1) + 1):
            if forms[j - 1] != form or any(c in text[ends[j - 1] : starts[j]] for c in _SENTENCE_BREAKS):
                break
            if j == i + 1 and i > 0 and any(c in text[ends[i - 1] : starts[i]] for c in _SENTENCE_BREAKS):
                break
            child.walk(words, j, form, out, text)
        return
    if i < n and forms[i] == form:
        for alt in index.get(texts[i], ()):
            k = len(alt)
            if k == 1 or (
                i + k <= n and all(texts[i + j] == alt[j] and forms[i + j] == form for j in range(1, k))
            ):
                child.walk(words, i + k, form, out, text)
    if optional:
        child.walk(words, i, form, out, text)


def _starts(trie: _Trie) -> dict[str, list]:
    """For each word, the edges from the root that a phrase beginning with that word can take."""
    starts: dict[str, list] = {}
    for edge in trie.edges.values():
        for word in _edge_first_words(edge):
            if edge not in starts.setdefault(word, []):
                starts[word].append(edge)
    return starts


def _single_words(starts: dict[str, list]) -> dict[str, Entry]:
    """The start words whose only phrase is the word itself, each with its entry (the first of the most
    severe, as the walk would choose): found without walking the trie."""
    single = {}
    for word, edges in starts.items():
        if len(edges) != 1:
            continue
        index, optional, child = edges[0]
        if (
            index is not None
            and not optional
            and index.get(word) == ((word,),)
            and not child.edges
            and child.entries
        ):
            single[word] = max(child.entries, key=attrgetter("severity"))
    return single


def _edge_first_words(edge) -> set[str]:
    index, optional, child = edge
    words = set(index)
    if optional:  # the phrase may begin with whatever comes next
        for next_edge in child.edges.values():
            words |= _edge_first_words(next_edge)
    return words


@dataclass(frozen=True, slots=True)
class Entry:
    slots: tuple[Slot, ...]  # a phrase is a run of slots; a plain word is a slot with one alternative
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
        if GAP in self.slots or ANY in self.slots:
            return []
        count = 1
        for slot in self.slots:
            count *= len(slot)
        if count > limit:
            return []
        return ["".join(w for alt in choice for w in alt) for choice in itertools.product(*self.slots)]


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be read; the message names the file and line."""


# Words so common that a phrase should not be looked for just because one is present.
_COMMON = frozenset(
    """a about after all also am an and any are as at be been before being but by can could did do does
    doing dont for from get got had has have he her here hers him his how i if im in into is it its just
    know like me mine more most my no not now of off on one only or our out over please pls plz really
    see she should so some such than that thats the their them then there these they this those to too
    u up ur us very want wanna was we well were what when where which who why will with would ya yer yes
    you youre your yours yourself ill ive id gonna going go come let lets make me myself she shes hes
    theyre were whats thing things people right proper total little big good bad new old time day""".split()
)
# Everyday words that are not function words: a phrase is still better looked for by a rarer one.
_FREQUENT = (
    frozenset(
        """need needs take taking took having hand back white look looking away tell told everyone everybody
    nothing something anything stop last world better best ever never cant wont didnt doesnt isnt live
    next house home find long high deal country getting give gave put keep say said think way much many
    even still first man year years work feel try leave call ask show play run send sent""".split()
    )
    - _COMMON
)


def _rarity(word: str) -> int:
    """0 for a function word, 1 for an everyday word, 2 for the rest (the words worth looking for)."""
    return 0 if word in _COMMON else 1 if word in _FREQUENT else 2


def _key_of(alternative: tuple[str, ...]) -> str:
    """The word an alternative is looked for by: its rarest, the first of those."""
    return max(alternative, key=_rarity)


def _required(slots: tuple[Slot, ...]) -> tuple[frozenset[str], ...]:
    """For each required slot, the words of which one must be present (one per alternative)."""
    return tuple(frozenset(_key_of(alt) for alt in slot) for slot in slots if _is_required(slot))


def _is_required(slot: Slot) -> bool:
    """A slot that names words the phrase needs: not optional, not a gap, not a name."""
    return () not in slot and slot is not GAP and slot is not ANY


def _need_cost(words: frozenset[str]) -> tuple[int, int, int]:
    """_slot_cost for a required slot's key words (_required)."""
    return sum(w in _COMMON for w in words), sum(w in _FREQUENT for w in words), len(words)


def _slot_cost(slot: Slot) -> tuple[int, int, int]:
    """How often a slot's key words occur: function words first, then everyday words, then how many words
    (each a look-up that may wake). Lower is rarer."""
    words = frozenset(_key_of(alt) for alt in slot)
    return sum(w in _COMMON for w in words), sum(w in _FREQUENT for w in words), len(words)


def _wake_terms(slots: tuple[Slot, ...]) -> set[str | tuple[str, str]]:
    """What must be present for the phrase to match, as Detector.wake_words and wake_pairs take it: for
    each alternative of its rarest required slot, that alternative's rarest word, paired with a second word
    the phrase also needs (the alternative's next rarest, else a key word of the next rarest required slot),
    so that an everyday word ("no", "get", "he") never wakes a lexicon by itself."""
    required = sorted(filter(_is_required, slots), key=_slot_cost)
    if not required:
        return set()
    terms: set[str | tuple[str, str]] = set()
    for alt in required[0]:
        words = sorted(dict.fromkeys(alt), key=_rarity, reverse=True)  # stable: the first of the rarest
        if len(words) > 1:
            terms.add((words[0], words[1]))
        elif len(required) > 1:
            terms.update(
                (words[0], other) if other != words[0] else other
                for other in {_key_of(o) for o in required[1]}
            )
        else:
            terms.add(words[0])
    return terms


def _longest(slots: tuple[Slot, ...]) -> int:
    return sum(max(len(alt) for alt in slot) for slot in slots)


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
            if "..." in line.split() or "_" in line.split():
                raise LexiconError(f"{where}: an innocent phrase cannot have a gap ('...') or a name ('_')")
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
            entries.append(Entry(slots, int(severity), reason, entry_category, phrase))
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
            if token == "...":
                if not any(() not in slot for slot in slots) or slots[-1] is GAP:
                    raise LexiconError(f"{where}: '...' must come after a word that is always there, once")
                slots.append(GAP)
            elif token == "_":
                if not any(() not in slot and slot is not GAP for slot in slots):
                    raise LexiconError(
                        f"{where}: '_' (one word, a name) must come after a word that is always there"
                    )
                slots.append(ANY)
            elif m:
                alternatives = {_normalise_words(alt, where) for alt in macros[m.group(1)]}
                slots.append(tuple(sorted(alternatives, key=lambda a: (-len(a), a))))
            else:
                slots.extend(((word,),) for word in _normalise_words(token, where))
        if slots and slots[-1] is GAP:
            raise LexiconError(f"{where}: a phrase cannot end with '...'")
        if any(any(alt for alt in slot) for slot in slots):
            runs.append(tuple(slots))
    return runs


_UNPLANNED = object()


class LexiconDetector(Detector):
    """Base for one lexicon file. Subclasses set name, category and lexicon (the file's name)."""

    lexicon: ClassVar[str]
    # Severity when the phrase is negated ("I don't want to die"); None: negation changes nothing.
    negated_severity: ClassVar[int | None] = None
    # Severity at least this for the organisation's own drafts (the guidance: no foul language or slang).
    outgoing_min_severity: ClassVar[int] = 0
    directions = BOTH
    wake_on_evasion = True  # spaced or starred-out letters: look for evasions whatever the words

    def __init__(self, path: Path | None = None):
        entries, innocent = read_lexicon(path or LEXICONS / self.lexicon, self.category)
        self.entries = entries
        # The engine wakes this lexicon only when some entry's words are present (see _wake_terms).
        terms = set().union(*(_wake_terms(entry.slots) for entry in entries))
        self.wake_words = frozenset(t for t in terms if isinstance(t, str))
        self.wake_pairs = frozenset(t for t in terms if isinstance(t, tuple))
        # An entry is a candidate when each of its required slots has a word present (its key words
        # are one of those slots). Each (entry, slot) is a bit; a word sets the bits of the slots it
        # satisfies, so the words of a message give one int, and that int decides the candidates.
        self._needs: list[int] = []  # per entry: the bits of its required slots (0: never a candidate)
        self._satisfies: dict[str, int] = {}
        # word -> (index, needs) of the entries whose rarest required slot it satisfies: an entry can be a
        # candidate only if a word of that slot is present, so a new combination of words looks at those
        # entries, not at every entry of the lexicon (the cold path)
        self._first: dict[str, list[tuple[int, int]]] = {}
        bit = 1
        for index, entry in enumerate(entries):
            needs = 0
            required = _required(entry.slots)
            for need in required:
                for word in need:
                    self._satisfies[word] = self._satisfies.get(word, 0) | bit
                needs |= bit
                bit <<= 1
            self._needs.append(needs)
            for word in min(required, key=_need_cost) if required else ():
                self._first.setdefault(word, []).append((index, needs))
        self._vocabulary = frozenset(self._satisfies)
        self._first_words = frozenset(self._first)
        self._plans: dict[int, tuple[dict[str, list], frozenset[str]] | None] = {}
        self._by_candidates: dict[tuple[int, ...], tuple | None] = {}  # the same plans by their candidates
        innocent_trie = _Trie()
        for slots in innocent:
            innocent_trie.add(slots, True)
        self._innocent = _starts(innocent_trie)
        # An innocent phrase that overlaps a match shares one of its words: most matches share none.
        self._innocent_words = frozenset(
            w for slots in innocent for slot in slots for alt in slot for w in alt
        )
        self._innocent_reach = max((_longest(slots) for slots in innocent), default=0)
        # Spaced-out runs ("s e n d n u d e s") are searched without word breaks, longest first.
        self._spelt: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: -e.severity):
            for spelling in entry.spellings():
                if len(spelling) >= 3:
                    self._spelt.setdefault(spelling, entry)
        self._spelt_re = (
            re.compile("|".join(map(re.escape, sorted(self._spelt, key=len, reverse=True))))
            if self._spelt
            else None
        )
        self._single_by_length: dict[int, list[Entry]] = {}
        for entry in entries:
            if entry.word:
                self._single_by_length.setdefault(len(entry.word), []).append(entry)

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        evasive = doc.evasive
        word_set = doc.word_set
        # (entry, first word index, last word index + 1, start and end in the form's text, how)
        hits: list[tuple[Entry, int, int, int, int, str]] = []
        satisfied = 0
        for word in word_set & self._vocabulary:
            satisfied |= self._satisfies[word]
        plan = self._plans.get(satisfied, _UNPLANNED) if satisfied else None
        if plan is _UNPLANNED:
            plan = self._plan(satisfied, word_set & self._first_words)
        if not (plan or evasive):
            return []
        words = doc.columns
        if plan:
            starts, start_words, single = plan
            texts = words.texts
            for i in doc.indices(word_set & start_words):
                entry = single.get(texts[i])
                if entry is not None:  # only the word itself begins with it: no walk
                    hits.append((entry, i, i + 1, *words.place(i), "match"))
                    continue
                form = words.forms[i]
                ends: list[tuple[int, list[Entry]]] = []
                for edge in starts[texts[i]]:
                    _follow(edge, words, i, form, ends, doc.forms[form].text)
                best = None
                for end, found in ends:
                    if end > i:
                        for entry in found:
                            if best is None or (end, entry.severity) > (best[0], best[1].severity):
                                best = (end, entry)
                if best:
                    end, entry = best
                    hits.append((entry, i, end, words.place(i)[0], words.place(end - 1)[1], "match"))
        if evasive:
            hits.extend(self._evasions(words, _evasive_words(doc, words)))
        if not hits:
            return []
        if len(hits) > 1:  # a word inside a longer phrase found here is part of that phrase ("send nudes")
            hits = _outermost(hits, words.forms)
        findings = []
        outgoing = context.direction == Direction.OUTGOING
        for entry, first, last, start, end, how in hits:
            form_index = words.forms[first]
            if self._innocent and self._is_innocent(words, first, last):
                continue
            form = doc.forms[form_index]
            severity, note = entry.severity, ""
            if severity:
                if self.negated_severity is not None and (
                    _negated(form.text, start) or _negated_in_gap(entry, words.texts, first, last)
                ):
                    if severity > self.negated_severity:
                        severity, note = self.negated_severity, " (negated)"
                elif entry.category in _COUNTER_SPEECH and challenged(form.text, start, end):
                    severity, note = 0, " (quoted or challenged, not used against someone)"
                elif (
                    entry.category == Category.SEXTING and severity > 1 and challenged(form.text, start, end)
                ):
                    # "send nudes is a crime": talked about, not asked for; still a look, as a
                    # groomer can say the words and then ask.
                    severity, note = 1, " (talked about as wrong, not asked for)"
            if outgoing and severity < self.outgoing_min_severity:
                severity = self.outgoing_min_severity
            span = form.to_original(start, end)
            evidence = {
                "matched": doc.original[span[0] : span[1]],
                "as": form.text[start:end],
                "entry": entry.phrase,
            }
            if how != "match":
                evidence["evasion"] = how
            findings.append(
                Finding(entry.category, severity, span, entry.reason + note, self.name, evidence=evidence)
            )
        return findings

    def _plan(
        self, satisfied: int, firsts: frozenset[str] | None = None
    ) -> tuple[dict[str, list], frozenset[str], dict[str, Entry]] | None:
        """The entries to look for when these slot bits are satisfied, in one trie by first word. `firsts`:
        the words present that are in some entry's rarest required slot (self._first), when the caller has
        them."""
        if firsts is None:
            firsts = self._first_words
        candidates = tuple(
            sorted(
                {i for word in firsts for i, needs in self._first.get(word, ()) if needs & satisfied == needs}
            )
        )
        # Many sets of satisfied slots give the same candidates (none, most often): the trie is built once
        # per set of candidates, however many slot combinations lead to it (the cold path).
        plan = self._by_candidates.get(candidates, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = None
            if candidates:
                trie = _Trie()
                for index in candidates:
                    trie.add(self.entries[index].slots, self.entries[index])
                starts = _starts(trie)
                plan = (starts, frozenset(starts), _single_words(starts))
            if len(self._by_candidates) >= 4096:  # bounded, as _plans is
                self._by_candidates.clear()
            self._by_candidates[candidates] = plan
        if len(self._plans) >= 4096:  # bounded: hostile input could ask for many combinations
            self._plans.clear()
        self._plans[satisfied] = plan
        return plan

    def _evasions(self, words: Columns, candidates: list[int]) -> list[tuple[Entry, int, int, int, int, str]]:
        hits = []
        texts, joined = words.texts, words.joined
        for i in candidates:
            text = texts[i]
            if joined and joined[i]:
                m = self._spelt_re.search(text) if self._spelt_re else None
                if m:
                    entry = self._spelt[m.group()]
                    start = words.starts[i]
                    hits.append((entry, i, i + 1, start + m.start(), start + m.end(), "spaced"))
            else:
                for entry in self._single_by_length.get(len(text), ()):
                    if all(c == "*" or c == e for c, e in zip(text, entry.word)):
                        hits.append((entry, i, i + 1, *words.place(i), "masked"))
                        break
        return hits

    def _is_innocent(self, words: Columns, first: int, last: int) -> bool:
        """Does an innocent phrase overlap the words [first, last)? Tried from each word that could begin one."""
        texts, forms = words.texts, words.forms
        if self._innocent_words.isdisjoint(texts[first:last]):
            return False
        form = forms[first]
        for i in range(max(0, first - self._innocent_reach), last):
            edges = self._innocent.get(texts[i])
            if edges and forms[i] == form:
                ends: list = []
                for edge in edges:
                    _follow(edge, words, i, form, ends)
                if any(stop > first for stop, _ in ends):
                    return True
        return False


def _outermost(hits: list, forms: list[int]) -> list:
    """The hits not inside a strictly longer hit of the same form, in their order. One sort and a sweep
    (comparing every hit with every other was quadratic: "lol " 25,000 times is 25,000 hits)."""
    inside = set()
    order = sorted(range(len(hits)), key=lambda i: (forms[hits[i][1]], hits[i][3], -hits[i][4]))
    form, before, i = None, -1, 0  # before: the furthest end of the hits that start earlier in this form
    while i < len(order):
        h = hits[order[i]]
        if forms[h[1]] != form:
            form, before = forms[h[1]], -1
        j = i
        while j < len(order) and forms[hits[order[j]][1]] == form and hits[order[j]][3] == h[3]:
            j += 1
        widest = hits[order[i]][4]  # same start, sorted by end descending: the first is the longest
        for k in order[i:j]:
            if before >= hits[k][4] or widest > hits[k][4]:
                inside.add(k)
        before = max(before, widest)
        i = j
    return [h for k, h in enumerate(hits) if k not in inside] if inside else hits


_EVASIVE = "lexicon.evasive"


def _evasive_words(doc: Document, words: Columns) -> list[int]:
    """The words an evasion could hide in, found once per document for every lexicon: those made by
    joining spaced-out letters, and those with letters starred out ("f*ck": a star, not first, and at
    least two letters showing)."""
    found = doc.cache.get(_EVASIVE)
    if found is None:
        joined = words.joined
        found = doc.cache[_EVASIVE] = [
            i
            for i, text in enumerate(words.texts)
            if (joined and joined[i]) or ("*" in text and text[0] != "*" and len(text) - text.count("*") >= 2)
        ]
    return found


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start].replace("'", "").split()
    if before and before[-1] in _NEGATIONS:
        return True
    return len(before) >= 2 and (before[-2], before[-1]) in _NEGATION_PAIRS


def _negated_in_gap(entry: Entry, texts: list[str], first: int, last: int) -> bool:
    """Did a negation fill a gap of the phrase ("my dad never hits me" for "{adult} ... {hurts} me")? A
    negation the phrase itself spells ("i dont feel safe at home") does not count."""
    if GAP not in entry.slots:
        return False
    inside = _NEGATIONS.intersection(texts[first:last])
    return bool(inside) and not inside <= {word for slot in entry.slots for alt in slot for word in alt}


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


# A reply that only agrees or laughs ("😂😂 facts", "lmao so true", "fr fr"): harmless alone, a pile-on
# under bullying. Laughing emoji are read as "lol" by normalise.py. No "no" or "not": "not true lol" disagrees.
_AGREEING_CORE = frozenset(
    """lol lmao lmaoo lmfao rofl haha hahah hahaha hahahaha hehe heh facts fact fax ikr fr frfr true tru truth
    real exactly preach louder deadass agreed agree accurate based literally same yes yep yeah yup ye defo
    deffo definitely ong 100""".split()
)
_AGREEING = _AGREEING_CORE | frozenset(
    """so tho though thats that its it is this he she hes shes they theyre say for the people in back ngl tbh
    honestly on god too very just a an mate bro fam man lowkey highkey and ok okay one omg bruh 100 right
    spot word period lmk""".split()
)
# The words that wake the lexicon for a reply that may join in (the rest are too common to wake on).
_AGREEING_WAKE = _AGREEING_CORE - {
    "yes",
    "yep",
    "yeah",
    "yup",
    "ye",
    "same",
    "definitely",
    "agree",
    "fact",
    "100",
}
_JOINING_MAX_WORDS = 8
_THREADS_KEPT = 8  # an author's most recent threads with their own bullying in them
_JOINING_FROM = 2  # a bullying finding of at least this severity marks the thread


class Bullying(LexiconDetector, ConversationDetector):
    """Phrases that bully: telling someone to kill themselves, that nobody likes them, to go away, leaving a
    named child out; and a reply that only agrees or laughs, in a thread where its author has just bullied.

    A pile-on reply ("😂😂 facts") means something only in its thread. The engine keeps state per author,
    not per thread, so the state here is the author's own recent threads in which this lexicon found
    bullying at severity 2 or more ({"v": 1, "threads": [...]}, the last 8): a reply from them in one of
    those threads that only agrees or laughs is flagged as joining in. A bystander's laugh under someone
    else's bullying is not seen: that needs the thread's findings, which screening is not given.
    """

    name = "bullying"
    category = Category.BULLYING
    lexicon = "bullying.txt"
    joining_severity: ClassVar[int] = 2

    def __init__(self, path: Path | None = None):
        super().__init__(path)
        self.wake_words = self.wake_words | _AGREEING_WAKE

    def detect_with_state(self, doc: Document, context: Context) -> tuple[list[Finding], dict | None]:
        findings = self.detect(doc, context)
        state = context.author_state
        thread = context.thread
        if context.author is None or not thread or context.direction != Direction.INCOMING:
            return findings, state
        threads = _threads(state)
        if any(f.category == Category.BULLYING and f.severity >= _JOINING_FROM for f in findings):
            if thread not in threads:
                state = {"v": 1, "threads": (threads + [thread])[-_THREADS_KEPT:]}
        elif thread in threads and not findings and _only_agrees(doc):
            findings = [
                Finding(
                    Category.BULLYING,
                    self.joining_severity,
                    (0, len(doc.original)),
                    "Joins in: only agrees with or laughs at bullying, in a thread where this author has just bullied "
                    "someone",
                    self.name,
                    evidence={"thread": thread, "joins_in": True},
                )
            ]
        return findings, state


def _threads(state) -> list[str]:
    """The threads in a stored bullying state; [] for none or anything malformed."""
    if type(state) is not dict or state.get("v") != 1 or type(state.get("threads")) is not list:
        return []
    return [t for t in state["threads"] if type(t) is str][-_THREADS_KEPT:]


def _only_agrees(doc: Document) -> bool:
    """Is the text a short reply of agreeing and laughing words, emoji and punctuation only?"""
    words = doc.word_set
    return (
        bool(words)
        and words <= _AGREEING
        and not words.isdisjoint(_AGREEING_CORE)
        and len(doc.columns.texts) <= _JOINING_MAX_WORDS * len(doc.forms)
    )


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
    negated_severity = 1


class SelfHarm(LexiconDetector):
    """Someone saying they want to hurt or kill themselves."""

    name = "self_harm"
    category = Category.SELF_HARM
    lexicon = "self_harm.txt"
    negated_severity = 1  # "I don't want to die" still deserves a look


class Disclosures(LexiconDetector):
    """A young person saying they are being harmed: abused or hurt at home, bullied, blackmailed with images,
    exploited, or without food or a bed."""

    name = "disclosure"
    category = Category.DISCLOSURE
    lexicon = "disclosure.txt"
    directions = frozenset({Direction.INCOMING})  # an organisation's post does not disclose
    negated_severity = 1  # a phrase right after "not" or "never" still deserves a look


class Threats(LexiconDetector):
    """Threats of violence against a person ("I'll stab you", "I know where you live")."""

    name = "threats"
    category = Category.VIOLENCE
    lexicon = "threats.txt"
    negated_severity = 0


class GroomingSteps(LexiconDetector):
    """One message that is a grooming step by itself, such as asking whether a child's parents check their
    phone; the grooming tracker counts the same steps across messages."""

    name = "grooming_steps"
    category = Category.GROOMING
    lexicon = "grooming.txt"
    directions = frozenset({Direction.INCOMING})  # the tracker's direction: an organisation does not groom
    negated_severity = 1
