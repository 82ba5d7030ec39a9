"""Personal information that identifies a child (guidance 3.6 and 5.3), UK formats first.

Each detector is presidio-shaped: a cheap pattern finds candidates on `doc.folded` (lower case,
look-alike and fullwidth characters folded, zero-width characters gone, digits kept), `validate`
confirms or drops each one, and context words nearby ("call me", "I live at") raise the severity
by one. Spans map back to the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import phonenumbers

from harbour.screening.detectors.base import Detector
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context, Finding

_CONTEXT_REACH = 48  # characters either side searched for context words
_DIGITS = "0123456789"  # the wake characters of detectors that need a number (Detector.wake_chars)


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str  # goes into the finding's evidence: which pattern matched
    regex: re.Pattern
    severity: int
    reason: str
    # The pattern is tried only if the folded text contains one of these strings or words (set tests
    # and C-speed substring tests, much cheaper than a regex scan); both empty: always tried.
    needs: tuple[str, ...] = ()
    needs_words: frozenset[str] = frozenset()
    # Every match begins with one of these strings: the regex is tried only where one occurs (found by
    # str.find), not at every character, which for a pattern starting with many alternatives is slow.
    starts: tuple[str, ...] = ()

    def finditer(self, text: str):
        """The same matches as regex.finditer(text)."""
        if not self.starts:
            return self.regex.finditer(text)
        return _anchored(self.regex, text, self.starts)

    def wanted(self, doc: Document) -> bool:
        if not (self.needs or self.needs_words):
            return True
        if self.needs_words and not doc.word_set.isdisjoint(self.needs_words):
            return True
        text = doc.folded
        return any(map(text.__contains__, self.needs))  # map: no generator frame per test


def _anchored(regex: re.Pattern, text: str, starts: tuple[str, ...]):
    positions = set()
    for start in starts:
        i = text.find(start)
        while i >= 0:
            positions.add(i)
            i = text.find(start, i + 1)
    done = 0
    for i in sorted(positions):
        if i >= done:
            m = regex.match(text, i)
            if m:
                done = m.end()
                yield m


def _words(*words: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?![a-z0-9])")


class PatternDetector(Detector):
    """Patterns on the folded text, a validation step, and context words that raise severity."""

    category = Category.PERSONAL_INFO
    patterns: ClassVar[list[Pattern]]
    context: ClassVar[re.Pattern | None] = None
    # Skip the patterns unless the folded text contains one of these (a C-speed test).
    needles: ClassVar[tuple[str, ...]] = ()

    def applies(self, doc: Document) -> bool:
        return not self.needles or any(map(doc.folded.__contains__, self.needles))

    def span(self, match: re.Match, doc: Document) -> tuple[int, int] | None:
        """Where in `doc.folded` the thing found lies: the "found" group, else the whole match."""
        return match.span("found") if "found" in match.re.groupindex else match.span()

    def validate(self, match: re.Match, doc: Document) -> bool | tuple[int, str]:
        """Confirm a candidate (True), drop it (False), or confirm it with another (severity, reason)."""
        return True

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        if not self.applies(doc):
            return []
        findings: list[Finding] = []
        taken: list[tuple[int, int]] = []
        text = doc.folded
        for pattern in self.patterns:
            if not pattern.wanted(doc):
                continue
            for m in pattern.finditer(text):
                found = self.span(m, doc)
                if found is None:
                    continue
                start, end = found
                if start == end or any(s < end and start < e for s, e in taken):
                    continue
                verdict = self.validate(m, doc)
                if not verdict:
                    continue
                taken.append((start, end))
                severity, reason = (
                    verdict if isinstance(verdict, tuple) else (pattern.severity, pattern.reason)
                )
                evidence = {"pattern": pattern.name}
                if self.context is not None and not isinstance(verdict, tuple):
                    window = text[max(0, m.start() - _CONTEXT_REACH) : m.end() + _CONTEXT_REACH]
                    near = self.context.search(window)
                    if near:
                        severity = min(3, severity + 1)
                        evidence["context"] = near.group()
                span = doc.folded_to_original(start, end)
                evidence["matched"] = doc.original[span[0] : span[1]]
                findings.append(Finding(self.category, severity, span, reason, self.name, evidence=evidence))
        return findings


_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.UAN,
    }
)


def _digit_count(doc: Document) -> int:
    """How many digits the folded text has, counted once per document."""
    count = doc.cache.get("digits")
    if count is None:
        count = doc.cache["digits"] = sum(map(doc.folded.count, "0123456789"))
    return count


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Ofcom's numbers reserved for drama (freephone 0808 157 0xxx, 0306 999 0xxx, premium 0909 879 0xxx): no
# organisation answers them, so in a message they stand for somebody's number (fiction, examples, test data).
_DRAMA = re.compile(r"(?:44)?0?(?:8081570|3069990|9098790)")
_FIRST_PERSON = _words("me", "my", "mine", "i", "im", "i'm")
# A North American number grouped 3-3-4 with brackets or separators: "(202) 555-0143", "202.555.0143".
_US_PHONE = re.compile(
    r"(?<![\w+(])(?P<found>(?:\+?1[\s.\-]?)?(?:\([2-9]\d\d\)\s?|[2-9]\d\d[\s.\-])[2-9]\d\d[.\-]\d{4})(?![\w\-])"
)


def _us_number(raw: str) -> bool:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number) and number.country_code == 1


_SPOKEN_DIGITS = {
    "zero": "0",
    "oh": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_SPOKEN_WORDS = frozenset(_SPOKEN_DIGITS) | {"double", "triple"}
# A run of digits and digit words ("oh seven seven double oh, nine oh oh 1 2 3"): each token a word or up
# to four digits, separated by spaces, commas, dots or dashes. Possessive, so one pass over the text.
_SPOKEN_TOKEN = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|\d{1,4}+)"
_SPOKEN_RUN = re.compile(
    rf"(?<![a-z0-9])(?:\+\s*+)?{_SPOKEN_TOKEN}(?:[\s,.\-]{{1,3}}+{_SPOKEN_TOKEN}){{5,24}}+(?![a-z0-9])"
)


def _spoken_numbers(doc: Document, detector: Detector) -> list[Finding]:
    """Phone numbers typed as words, or words and digits mixed: expanded to digits and checked as UK numbers."""
    out = []
    for m in _SPOKEN_RUN.finditer(doc.folded):
        tokens = re.findall(r"\+|[a-z]+|\d+", m.group())
        if not any(t.isalpha() and t not in ("double", "triple") for t in tokens):
            continue  # digits only: the pattern detector's job
        digits, repeat = [], 1
        for t in tokens:
            if t in ("double", "triple"):
                repeat = 2 if t == "double" else 3
                continue
            value = t if t in ("+",) or t.isdigit() else _SPOKEN_DIGITS[t]
            digits.append(value * repeat if value != "+" else value)
            repeat = 1
        number_text = "".join(digits)
        if "0123456" in number_text or "1234567" in number_text or "9876543" in number_text:
            continue  # counting, not a number
        if not (10 <= len(number_text.lstrip("+")) <= 13) or not number_text.startswith(("0", "+44", "44")):
            continue
        try:
            number = phonenumbers.parse(number_text if number_text[0] != "4" else "+" + number_text, "GB")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_possible_number(number) or phonenumbers.number_type(number) in _SERVICE_TYPES:
            continue
        span = doc.folded_to_original(*m.span())
        out.append(
            Finding(
                Category.PERSONAL_INFO,
                3,
                span,
                "A phone number spelled out in words: written to get past filters",
                detector.name,
                evidence={"pattern": "phone number in words", "matched": doc.original[span[0] : span[1]]},
            )
        )
    return out


class PhoneNumber(PatternDetector):
    """Phone numbers, UK first (07…, 01…, 02…, +44), checked with the phonenumbers library. Ofcom's
    drama ranges (07700 900xxx, 01632 960xxx) count: a child who posts one is still posting a number."""

    name = "phone_number"
    patterns = [
        Pattern(
            "phone number",
            re.compile(
                r"(?<![\w+])(?<!\d[.\-/])(?P<found>(?:\+|00)\d{1,3}[\s.\-]?(?:\(0\)[\s.\-]?)?\d(?:[\s.\-()]{0,2}\d){6,12}"
                r"|\(?0(?:[\s.\-()]{0,2}\d){9,10})(?![\w])"
            ),
            2,
            "A phone number: anyone who sees it can call or message the person",
        ),
        Pattern(
            "North American phone number",
            _US_PHONE,
            2,
            "A phone number: anyone who sees it can call or message the person",
            ("-", "(", "."),
        ),
    ]
    context = _words(
        "call me",
        "text me",
        "ring me",
        "phone me",
        "message me",
        "msg me",
        "my number",
        "my no",
        "my mobile",
        "my phone",
        "whatsapp",
        "whatsapp me",
        "facetime",
        "number is",
        "num",
        "digits",
        "hmu",
        "dm me",
    )

    _run = re.compile(r"\d(?:[\s.\-()]{0,2}\d){8}")  # nine digits close together; digit first: a fast scan
    # Numbers said in words, as people type them to slip past filters: "oh seven seven double oh nine…".
    wake_chars = _DIGITS
    # A UK number in words starts with a nought ("oh seven seven…"); with a digit in it, wake_chars wakes it.
    wake_words = frozenset({"oh", "zero", "nought"})

    def applies(self, doc: Document) -> bool:
        return _digit_count(doc) >= 9 and self._run.search(doc.folded) is not None

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        findings = super().detect(doc, context)
        if not doc.word_set.isdisjoint(self.wake_words) and len(doc.word_set & _SPOKEN_WORDS) >= 3:
            taken = [f.span for f in findings]
            findings += [
                f for f in _spoken_numbers(doc, self) if not any(_overlaps(f.span, t) for t in taken)
            ]
        return findings

    def validate(self, match: re.Match, doc: Document) -> bool | tuple[int, str]:
        raw = match.group("found")
        if match.re is _US_PHONE:
            return _us_number(raw)
        try:
            number = phonenumbers.parse(raw, "GB")
        except phonenumbers.NumberParseException:
            return False
        if not phonenumbers.is_possible_number(number):
            return False
        digits = re.sub(r"\D", "", raw)
        if len(set(digits)) <= 2:  # "0000000000" and "01111111111" are not numbers people give out
            return False
        if phonenumbers.number_type(number) in _SERVICE_TYPES and not _DRAMA.match(digits):
            # A freephone or service line is an organisation's ("call Childline on 0800 1111"): only when the
            # writer says it is theirs ("call me on 0800…") is it worth a look.
            window = doc.folded[max(0, match.start() - _CONTEXT_REACH) : match.end() + _CONTEXT_REACH]
            if self.context.search(window) and _FIRST_PERSON.search(window):
                return 1, "A freephone or service number the writer calls theirs"
            return False
        return True


class Email(PatternDetector):
    """Email addresses."""

    name = "email"
    wake_chars = "@"
    _domain = re.compile(r"@[a-z0-9][a-z0-9-]*\.[a-z]")  # starts with "@": a fast scan

    def applies(self, doc: Document) -> bool:
        return "@" in doc.folded and self._domain.search(doc.folded) is not None

    patterns = [
        Pattern(
            "email address",
            re.compile(
                r"(?<![\w.+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                r"[a-z]{2,24}(?![\w-])"
            ),
            2,
            "An email address: anyone who sees it can contact the person",
        )
    ]
    context = _words("email me", "my email", "e-mail me", "message me", "contact me", "my address")


# UK postcode areas (Royal Mail), so "AB1 2CD" counts and "XX1 2CD" does not.
_POSTCODE_AREAS = frozenset(
    """ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh dl dn dt dy e ec eh en ex
    fk fy g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv je ka kt kw ky l la ld le ll ln ls lu m me mk ml n ne ng nn
    np nr nw ol ox pa pe ph pl po pr rg rh rm s sa se sg sk sl sm sn so sp sr ss st sw sy ta td tf tn tq tr ts tw
    ub w wa wc wd wf wn wr ws wv yo ze""".split()
)
_POSTCODE = re.compile(
    r"(?<![a-z0-9])(?P<found>(?P<area>[a-z]{1,2})(?P<district>\d[a-z\d]?)\s{0,2}(?P<sector>\d)(?P<unit>[abd-hjlnp-uw-z]{2}))"
    r"(?![a-z0-9])"
)
# An outward code given as where someone lives: "I live in DE22", "near NG7".
_OUTWARD_AS_HOME = re.compile(
    r"(?P<cue>i live in|live in|im from|i'm from|i am from|my postcode is|postcode is|near|round)\s*"
    r"(?P<found>(?P<area>[a-z]{1,2})(?P<district>\d[a-z\d]?))(?![a-z0-9])"
)
_LIVE_CONTEXT = _words(
    "i live",
    "live in",
    "live at",
    "live on",
    "living in",
    "my address",
    "address is",
    "my house",
    "our house",
    "come round",
    "come over",
    "come to mine",
    "postcode",
    "post code",
    "meet",
    "near me",
    "my street",
    "my road",
    "im from",
    "i'm from",
    "my area",
)


def _real_outward(area: str, district: str) -> bool:
    if area not in _POSTCODE_AREAS:
        return False
    return not (len(district) == 2 and district[1].isalpha() and district[1] not in "abcdefghjkpstuw")


def _full_postcode_area(area: str) -> bool:
    """A full postcode needs only a real area: with its inward code ("DL9V 5BJ") the shape is distinctive
    enough, and a postcode typed with a wrong district letter still points at a street."""
    return area in _POSTCODE_AREAS


class UkPostcode(PatternDetector):
    """Full UK postcodes (and outward codes like "DE22" when the text says it is where someone lives):
    a child who posts one can be found at home."""

    name = "uk_postcode"
    wake_chars = _DIGITS
    patterns = [
        Pattern(
            "full postcode", _POSTCODE, 2, "A full UK postcode: it narrows an address down to a few houses"
        ),
    ]
    _inward = re.compile(r"\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])")  # digit first: a fast scan
    context = _LIVE_CONTEXT

    def applies(self, doc: Document) -> bool:
        return _digit_count(doc) > 0 and self._inward.search(doc.folded) is not None

    def validate(self, match: re.Match, doc: Document) -> bool:
        return _full_postcode_area(match.group("area"))

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        findings = super().detect(doc, context)
        text = doc.folded
        if _digit_count(doc) == 0 or not any(
            map(text.__contains__, ("live", "from", "postcode", "near", "round"))
        ):
            return findings
        taken = [f.span for f in findings]
        for m in _OUTWARD_AS_HOME.finditer(text):
            if not _real_outward(m.group("area"), m.group("district")) or len(m.group("found")) < 3:
                continue
            near = m.group("cue")
            span = doc.folded_to_original(*m.span("found"))
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            findings.append(
                Finding(
                    self.category,
                    1,
                    span,
                    "The first half of a UK postcode, given as where someone lives",
                    self.name,
                    evidence={
                        "pattern": "outward code",
                        "context": near,
                        "matched": doc.original[span[0] : span[1]],
                    },
                )
            )
        return findings


_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|court|ct|place|pl|grove|gardens|gdns"
    r"|terrace|terr|hill|park|view|walk|row|square|sq|mews|rise|green|parade|vale|meadow|meadows|croft|fold|gate|wynd"
)
# Words that do not begin a street name: "3 goals in the park" is not an address.
_NOT_NAME = r"(?!(?:in|the|at|on|to|of|and|my|our|a|an|for|with|from|by|or|is|are|was|times|goals|mins|minutes|hours|days|weeks|years|people|kids|of)\b)"
# More street types (Royal Mail's and the US Postal Service's suffixes): common words too ("Island", "Light",
# "Club"), so they count only written as a name, with capitals ("3 Kenneth Plaza", "0 Gemma Heights").
_STREET_TYPES_NAMED = (
    r"heights|harbor|harbour|alley|mount|mountain|cove|coves|river|courts|centre|center|island|islands|isle|knoll"
    r"|knolls|springs|ranch|parks|vista|ford|fords|inlet|motorway|loop|light|lights|crossroad|expressway|club|valley"
    r"|valleys|camp|ramp|freeway|pass|junction|bypass|tunnel|roads|parkway|parkways|skyway|shore|shores|causeway"
    r"|stream|extension|extensions|orchard|throughway|viaduct|lock|locks|field|fields|landing|mission|fort|drives"
    r"|plaza|common|commons|radial|route|spur|rest|plain|plains|mall|squares|trail|track|trafficway|turnpike"
    r"|stravenue|ways|well|wells|wood|woods|bank|brook|bridge|chase|copse|dale|dell|end|glade|glen|grange|lea|leys"
    r"|mead|paddock|quay|reach|ride|side|spinney|wharf|yard|circus|approach|embankment|boulevard|blvd|villas"
    r"|cottages|hollow|estate|greens|groves|lanes|streets|terraces|hills|views|gardens|meadow|manor|pines|ridge"
    r"|cliff|cliffs|crest|crossing|curve|falls|ferry|forge|forest|gateway|haven|highway|lake|lakes|mill|mills|oval"
    r"|point|port|prairie|run|summit|trace|village|underpass|loaf|gardens|passage|cape|key|rapid|fork|neck|creek"
    r"|manors|bluff|bend|canyon|circle|corner|lodge|path|pike|rue|shoal|spring|union|ville|walks|arcade|bayou"
)
_CORE_STREET_TYPES = frozenset(_STREET_TYPES.split("|"))
_NAMED_TYPE_WORDS = frozenset(w + plural for w in _STREET_TYPES_NAMED.split("|") for plural in ("", "s"))
_HOME_STREET_WORDS = _CORE_STREET_TYPES | {"estate"}
_LIVE_WORDS = frozenset({"live", "lives", "lived", "living"})
_STREET = re.compile(
    rf"(?<![a-z0-9])(?P<found>(?:(?:flat|apartment|apt|unit|studio)\s*+\d{{1,4}}[a-z]?\s*+(?:,\s*+)?)?(?<!\d)\d{{1,4}}+[a-z]?,?\s++"
    rf"(?P<name>(?:{_NOT_NAME}[a-z][a-z'\-]++\s++){{1,3}})(?P<type>{_STREET_TYPES}|(?:{_STREET_TYPES_NAMED})s?)\.?)(?![a-z0-9])"
)
# "my address is 7 Vanessa Points", "address: 12 …", "lives at 80 Smith Garden": the cue says it is an
# address, so the street need not end in a street word (the capitals are checked in StreetAddress._given).
_ADDRESS_GIVEN = re.compile(
    r"(?<![a-z0-9])(?:address(?:\s++is|\s*+[:\-])|(?:live|lives|lived|living|stay|stays|staying)\s++at)\s*+"
    r"(?P<found>\d{1,5}[a-z]?,?\s++[a-z][a-z'\-]*+(?:[ \t]++[a-z][a-z'\-]*+){0,3})"
)
# A line of an address block: a house number and two or three words, alone on its line.
_ADDRESS_LINE = re.compile(
    r"(?m)^[ \t>?]*+(?P<found>\d{1,5}[a-z]?[ \t]++[a-z][a-z'\-]*+(?:[ \t]++[a-z][a-z'\-]*+){1,2})[ \t,]*+$"
)
# A number before a house number's place that labels it as something else: "Store 113, Park Lane", "bus 42
# down London Road", "Room 4 Church Street".
_NUMBER_LABEL = re.compile(
    r"(?<![a-z])(?:store|shop|branch|room|bus|route|platform|gate|page|no\.?|number|order|item|ticket|level|year"
    r"|yr|group|table|chapter|section|junction|exit|step|version|size|score|ward|week|day|pitch|court|screen|stand"
    # a count, not a house number: "Top 10 Lake District Walks", "my 3 favourite Parks"
    r"|row|top|best|worst|my|your|our|their|the|all|these|those|over|under)"
    r"\s*+#?\s*+$"
)
_FLAT = re.compile(
    r"(?<![a-z0-9])(?P<found>(?:flat|apartment|apt\.?)\s*(?:no\.?\s*)?\d{1,4}[a-z]?"
    # "Studio 5" is an address's first line only when a line or comma follows ("Studio 5\nSmith Lane")
    r"|(?:studio|suite)\s*+\d{1,4}[a-z]?(?=[ \t]*+[,\n]))(?![a-z0-9])"
)


# A street or estate named as where someone lives, without a number: "i live on Hawthorn Close", "we're on
# the Meadowbank estate". The cue says it is a home; "im on Elm Road" (where someone is now) needs an
# invitation nearby or a capitalised name, so "im on my way" or "we're at the park" are not addresses.
_HOME_CUE = (
    r"i\s++live|we\s++live|they\s++live|[a-z'\-]++\s++lives|i\s++lived|living|i\s++stay|we\s++stay"
    r"|(?:my|our)\s++(?:house|home|flat|address)(?:\s++is|'s|s)|(?:i|we)\s++(?:just\s++)?moved|mine(?:'s|s|\s++is)"
)
_NOW_CUE = r"i'?m|i\s++am|we'?re|we\s++are|find\s++me|(?:come|pop)\s++(?:round|over|down)(?:\s++to\s++mine)?"
_ITS_CUE = r"its|it's|it\s++is"  # "its on Willow Way": a home only with an invitation ("come round to mine, its on…")
_HOME_STREET = re.compile(
    rf"(?<![a-z0-9'\-])(?:(?P<home>{_HOME_CUE})|(?P<now>{_NOW_CUE})|(?P<its>{_ITS_CUE}))\s++(?:right\s++|just\s++)?"
    rf"(?P<prep>(?:at\s++|on\s++)?the\s++(?:(?:north|south|east|west|other|far)\s++side|end|top|bottom)"
    rf"\s++of|on|at|in|to|off|down)\s++(?:the\s++)?"
    rf"(?P<found>(?:{_NOT_NAME}(?!(?:way|my|your|his|her|their|this|that|same|school|home|house|work|bus|train)\b)"
    rf"[a-z][a-z'\-]*+\s++){{1,3}}(?P<type>{_STREET_TYPES}|(?:{_STREET_TYPES_NAMED})s?))(?![a-z0-9])"
)
_INVITATION = _words(
    "come round",
    "come over",
    "come to mine",
    "come say hi",
    "come say hello",
    "say hi",
    "come see me",
    "come and see me",
    "come find me",
    "find me",
    "knock for me",
    "knock",
    "pop round",
    "pop over",
    "come visit",
    "visit",
    "come by",
    "drop by",
    "wanna come",
    "want to come",
    "come and knock",
    "come and",
    "come",
)
_HOME_WORDS = frozenset(
    {
        "live",
        "lives",
        "lived",
        "living",
        "stay",
        "moved",
        "house",
        "home",
        "flat",
        "address",
        "mine",
        "mines",
        "its",
        "im",
        "am",
        "were",
        "are",
        "find",
        "come",
        "pop",
    }
)


class StreetAddress(PatternDetector):
    """House numbers with a street ("12 Acacia Avenue"), flat numbers ("flat 3"), and a street or estate
    given as where someone lives ("i live on Hawthorn Close come say hi")."""

    name = "street_address"
    wake_chars = _DIGITS
    _street_words = _CORE_STREET_TYPES | _NAMED_TYPE_WORDS | {"flat", "apartment", "apt", "studio", "suite"}
    # With a digit, wake_chars wakes it; without one, only a street word or "live" can lead to a finding.
    wake_words = _HOME_STREET_WORDS | _LIVE_WORDS

    _house = re.compile(r"\d[a-z]?,?\s+[a-z]")  # a number then a word; digit first: a fast scan

    def applies(self, doc: Document) -> bool:
        return (
            _digit_count(doc) > 0
            and not doc.word_set.isdisjoint(self._street_words)
            and (self._house.search(doc.folded) is not None or "flat" in doc.folded or "ap" in doc.folded)
        )

    patterns = [
        Pattern("house number and street", _STREET, 2, "A street address: it says where someone lives"),
        Pattern(
            "flat number",
            _FLAT,
            1,
            "A flat number: part of an address",
            ("flat", "apartment", "apt", "studio", "suite"),
        ),
    ]
    context = _LIVE_CONTEXT

    def _given(self, doc: Document, taken: list[tuple[int, int]]) -> list[Finding]:
        """A house number and a capitalised name given as an address by what is around it, whatever the
        street is called: after "my address is", "address:" or "lives at" ("his address: 7 Vanessa Points",
        "lives at 80 Smith Garden, Williamsport"), or as a line of its own in an address block that also
        has a full postcode or a flat line ("73 Martyn Rue\\n Flat 8\\n … L6J 4SY")."""
        text = doc.folded
        candidates = []
        if "address" in text or "at" in doc.word_set:
            candidates += [(m, "address given") for m in _ADDRESS_GIVEN.finditer(text)]
        if "\n" in text and (
            _FLAT.search(text) or any(_full_postcode_area(m.group("area")) for m in _POSTCODE.finditer(text))
        ):
            candidates += [(m, "address block line") for m in _ADDRESS_LINE.finditer(text)]
        out = []
        for m, how in candidates:
            start, end = m.span("found")
            # keep the number and the capitalised words after it: "12 Oak Rise and he said" -> "12 Oak Rise"
            original = doc.original[slice(*doc.folded_to_original(start, end))]
            words = original.split()
            named = 0
            for word in words[1:]:
                if not word[:1].isupper():
                    break
                named += 1
            if not named:
                continue
            keep = len(" ".join(words[: named + 1]))
            span = doc.folded_to_original(start, end)
            span = (span[0], span[0] + len(original) - len(original.lstrip()) + keep)
            if any(_overlaps(span, t) for t in taken):
                continue
            taken.append(span)
            out.append(
                Finding(
                    self.category,
                    2,
                    span,
                    "A street address: it says where someone lives",
                    self.name,
                    evidence={"pattern": how, "matched": doc.original[span[0] : span[1]]},
                )
            )
        return out

    def validate(self, match: re.Match, doc: Document) -> bool:
        if match.re is not _STREET:
            return True
        start = match.start("found")
        if _NUMBER_LABEL.search(doc.folded, max(0, start - 12), start):
            return False
        if match.group("type") in _CORE_STREET_TYPES:
            return True
        # a type that is also a common word counts only in a capitalised name: "3 Kenneth Plaza"
        piece = doc.original[slice(*doc.folded_to_original(match.start("name"), match.end("type")))]
        return all(word[:1].isupper() for word in piece.split())

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        findings = super().detect(doc, context) if _digit_count(doc) else []
        if _digit_count(doc):
            findings += self._given(doc, [f.span for f in findings])
        words = doc.word_set
        if words.isdisjoint(_HOME_WORDS):
            return findings
        # Without a number, a street needs a street word, or a rarer suffix with "live" ("he lives on the
        # north side of Ellie Cliffs"): the rarer suffixes are common words, so they wake nothing alone.
        lives = not words.isdisjoint(_LIVE_WORDS)
        if words.isdisjoint(_HOME_STREET_WORDS) and not (lives and not words.isdisjoint(_NAMED_TYPE_WORDS)):
            return findings
        text = doc.folded
        taken = [f.span for f in findings]
        for m in _HOME_STREET.finditer(text):
            start, end = m.span("found")
            span = doc.folded_to_original(start, end)
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            # an invitation anywhere in the message but the cue itself
            invited = _INVITATION.search(text[: m.start()]) or _INVITATION.search(text, m.end())
            named = any(word[:1].isupper() for word in doc.original[span[0] : span[1]].split())
            if m.group("type") not in _HOME_STREET_WORDS and not (
                named and "live" in (m.group("home") or "") and m.group("prep") not in ("in", "to")
            ):
                continue  # "i live on the river bank" is not a street, "I live in Faroe Islands" a place
            if m.group("home"):
                severity, reason = (
                    2,
                    "A street or estate given as where someone lives: it says where to find them",
                )
            elif invited or (named and m.group("now")):
                severity, reason = (
                    1,
                    "A street or estate given as where someone is: it says where to find them",
                )
            else:
                continue
            evidence = {"pattern": "street where someone lives", "matched": doc.original[span[0] : span[1]]}
            if invited:
                severity = min(3, severity + 1)
                evidence["context"] = invited.group()
            taken.append(span)
            findings.append(Finding(self.category, severity, span, reason, self.name, evidence=evidence))
        return findings


_SCHOOL_KINDS = (
    r"high school|primary school|junior school|infant school|infants school|secondary school|grammar school"
    r"|community school|catholic school|c of e school|ce school|church school|free school|prep school|academy"
    r"|primary academy|comprehensive|grammar|primary|infants|juniors|college|school|sixth form|high"
)
_SCHOOL = re.compile(
    rf"(?<![a-z0-9'])(?P<found>(?:(?:st\.?|saint)\s+)?(?:(?!(?:the|my|our|your|his|her|their|a|this|that|at|to|go|in|of|secondary"
    rf"|high|new|old|next|same|other|whole|local|big|primary|junior|after|before|every|no|from|and)\b)[a-z][a-z'&\-]*\s+){{1,4}}"
    rf"(?:{_SCHOOL_KINDS}))(?![a-z0-9])"
)
_SCHOOL_CUE = re.compile(
    r"(?:i go to|i goto|i attend|i'm at|im at|i am at|in year \d+ at|my school is|my school's|i study at"
    r"|go to|goes to|attend|attends)\s+$"
)


# A saint's name given as the school the writer (or their child) goes to: "I go to St Mary's", "my son goes to
# Saint Joseph's". Schools are often called by the saint alone.
_SAINT_SCHOOL = re.compile(
    r"(?<![a-z0-9'])(?:(?:i|we)\s++(?:go|goto|went)\s++to|i\s++attend|i'?m\s++at|im\s++at|i\s++am\s++at"
    r"|my\s++school\s++is|(?:son|daughter|kid|kids|child|brother|sister)\s++goes\s++to)\s++"
    r"(?P<found>(?:st\.?|saint)\s++[a-z][a-z'\-]*+(?:\s++(?:and|&)\s++st\.?\s++[a-z][a-z'\-]*+)?)(?![a-z0-9])"
)


class SchoolName(PatternDetector):
    """A named school ("I go to St Mary's High School"): with an age, enough to find a child."""

    name = "school_name"
    needles = (
        "school",
        "academy",
        "primary",
        "college",
        "comprehensive",
        "grammar",
        "infants",
        "juniors",
        "sixth form",
        "high",
    )
    # Each needle's last word, also with "'s" ("St Mary's High School's fair" has the word "schools").
    wake_words = frozenset(n.split()[-1] + s for n in needles for s in ("", "s")) | {"st", "saint"}
    patterns = [
        # the school-word needles again: a text woken by "st" alone tries only the saint's pattern
        Pattern("named school", _SCHOOL, 1, "Names a school", needles),
        Pattern(
            "saint's school",
            _SAINT_SCHOOL,
            2,
            "Says which school someone goes to",
            needs_words=frozenset({"st", "saint"}),
        ),
    ]
    # Raised when the writer says they go there, or where they will be.
    context = _words(
        "i go to",
        "i goto",
        "i attend",
        "my school",
        "im at",
        "i'm at",
        "i am at",
        "im in year",
        "i'm in year",
        "meet",
        "after school",
        "outside",
        "gates",
        "pick up",
        "picked up",
    )

    def applies(self, doc: Document) -> bool:
        return super().applies(doc) or not doc.word_set.isdisjoint(("st", "saint"))

    def span(self, match: re.Match, doc: Document) -> tuple[int, int] | None:
        """A school's name is written with capitals ("Well done Bemrose Academy": "Bemrose Academy"),
        unless the writer says they go there ("i go to derby college")."""
        start, end = match.span("found")
        if match.re is _SAINT_SCHOOL or _SCHOOL_CUE.search(doc.folded[max(0, start - 40) : start]):
            return start, end
        for m in re.finditer(r"\S+", doc.folded[start:end]):
            piece = doc.original[slice(*doc.folded_to_original(start + m.start(), end))]
            if all(word[:1].isupper() or not word[:1].isalpha() for word in piece.split()):
                return (start + m.start(), end) if m.end() < end - start else None
        return None

    def validate(self, match: re.Match, doc: Document) -> bool | tuple[int, str]:
        start = match.start("found")
        if match.re is _SAINT_SCHOOL or _SCHOOL_CUE.search(doc.folded[max(0, start - 40) : start]):
            return 2, "Says which school someone goes to"
        return True


_PLATFORMS = (
    r"snap|snapchat|sc|insta|instagram|ig|whatsapp|whats app|wa|discord|tiktok|tik tok|tt|kik|telegram|tg|fb"
    r"|facebook|twitter|bbm|roblox|xbox|xbl|psn|playstation|fortnite|steam|signal|wickr|omegle|yubo|wink|threads"
    r"|twitch|youtube|yt|bereal|skype|messenger|wechat|viber|minecraft"
)
_ADD_ME = re.compile(
    rf"(?P<found>(?:add|follow|message|msg|dm|text|find|hmu|hit me up|talk to me|chat|inbox|pm|contact|friend)"
    rf"\s+(?:me\s+)?(?:on|at|in|up on|via)\s+(?:{_PLATFORMS}))(?![a-z0-9])"
)
_MY_HANDLE = re.compile(
    rf"(?P<found>(?:my|me|add me|add|follow)\s+(?:{_PLATFORMS})(?:\s+(?:name|username|user|handle|id|is|:|=|-|its|it's))*"
    rf"\s*[:=\-]?\s*@?[a-z0-9_.]{{3,30}})(?![a-z0-9_])"
)
_PLATFORM_HANDLE = re.compile(
    rf"(?<![a-z0-9])(?P<found>(?:{_PLATFORMS})\s*[:=\-]\s*@?[a-z0-9_.]{{3,30}})(?![a-z0-9_])"
)
_HANDLE_STOP = frozenset(
    {
        "is",
        "me",
        "and",
        "or",
        "if",
        "pls",
        "please",
        "then",
        "now",
        "too",
        "later",
        "tonight",
        "x",
        "private",
        "public",
        "down",
        "broken",
        "blocked",
        "deleted",
        "new",
        "old",
        "gone",
        "banned",
        "hacked",
        "same",
        "below",
        "above",
        "bio",
        "dead",
        "off",
        "on",
        "not",
        "the",
        "a",
        "my",
        "so",
        "boring",
        "full",
        "locked",
    }
)


class SocialHandle(PatternDetector):
    """Social media handles and invitations to private contact ("add me on snap", "my insta is @jess")."""

    name = "social_handle"
    patterns = [
        Pattern(
            "handle with platform",
            _MY_HANDLE,
            2,
            "Gives a social media username: a way to contact someone privately",
        ),
        Pattern(
            "platform: handle",
            _PLATFORM_HANDLE,
            2,
            "Gives a social media username: a way to contact someone privately",
        ),
        Pattern(
            "add me on",
            _ADD_ME,
            2,
            "Asks to be added or messaged on another app: moves contact somewhere private",
        ),
    ]
    context = _words(
        "dont tell", "secret", "private", "alone", "just us", "delete", "nudes", "pics", "how old"
    )
    wake_words = frozenset(w for p in _PLATFORMS.split("|") for w in p.split())

    def applies(self, doc: Document) -> bool:
        return not doc.word_set.isdisjoint(self.wake_words)

    def validate(self, match: re.Match, doc: Document) -> bool:
        if match.re is _ADD_ME:
            return True
        handle = re.split(r"[\s:=\-@]+", match.group("found").strip())[-1]
        return (
            handle not in _HANDLE_STOP and not handle.isdigit() and handle not in re.split(r"\|", _PLATFORMS)
        )


_AGE_UNITS = (
    r"(?!\s*(?:%|per ?cent|percent|mins?|minutes?|hours?|hrs?|secs?|seconds?|days?|weeks?|months?|miles?|km|kg|lbs?"
    r"|pounds?|quid|p\b|pence|times|points?|goals?|of\b|out of|followers|likes|people|members|degrees|inches|cm|ft"
    r"|feet|foot|st\b|stone|o'?clock|am\b|pm\b|pages?|laps?|mths|mnths|ago\b|[:\-/]|\.\d|/))"
)
# Ages 5-17, in digits or words: the ages of the children this screen is for.
_AGE_WORDS = (
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
)
_YOUNG = rf"(?:[5-9]|1[0-7]|{'|'.join(_AGE_WORDS)})"
_YEARS_OLD = r"(?:\s*+-?\s*+(?:years?|yrs?)(?:\s*+-?\s*+old|\s++of\s++age)|\s*+(?:yo|y/o|y\.o\.?))"
# A cue that says the number is someone's age: "im 13", "age: 13", "I'll turn 14", "at the age of 12",
# "when i was 11", "my brother is 9".
_AGE_CUE = (
    r"i'?m|i\s++am|im|me|age|aged|age\s*+[:=\-]|at\s++the\s++age\s++of|i\s++turn(?:ed)?|i'?ll\s++(?:be|turn)"
    r"|just\s++turned|turned|turning|she'?s|he'?s|(?:she|he)\s++is|when\s++(?:i|he|she)\s++was"
    r"|(?:my|our|his|her)\s++(?:son|daughter|brother|sister|bro|sis|cousin|friend)\s++(?:is|was|just\s++turned)"
)
# An adult's age counts only where someone says it of themselves or their family ("I'm 35 years old",
# "my grandad is 82 years old", "I just turned 30", "age: 45"): news and reports are full of "a
# 45-year-old man" and "aged 62", which say nothing about the writer.
_ADULT = r"(?:1[89]|[2-9][0-9]|10[0-9]|110)"
_ADULT_SAID = r"i'?m|i\s++am|im|(?:my|our)\s++[a-z]++\s++(?:is|was)"
_ADULT_TURNED = r"age\s*+[:=]|(?:i|he|she|just)\s++turned|i'?ll\s++turn|i'?m\s++turning"
_AGE = re.compile(
    rf"(?:(?<![a-z0-9])(?:{_AGE_CUE})\s*+(?:only\s++|just\s++|nearly\s++|almost\s++|about\s++)?"
    rf"(?P<found>{_YOUNG}{_YEARS_OLD}?+)(?![0-9a-z]){_AGE_UNITS}"
    rf"|(?<![a-z0-9])(?P<found2>{_YOUNG}{_YEARS_OLD})(?![a-z0-9])"
    rf"|(?<![a-z0-9])(?:{_ADULT_SAID})\s*+(?:nearly\s++|almost\s++|about\s++)?(?P<found3>{_ADULT}{_YEARS_OLD})"
    rf"(?![a-z0-9])"
    rf"|(?<![a-z0-9])(?:{_ADULT_TURNED})\s*+(?P<found4>{_ADULT})(?![0-9a-z]){_AGE_UNITS})"
)
_AGE_GROUPS = ("found", "found2", "found3", "found4")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# A date as people write it: ISO (Faker's), day month year in numbers or words, month day, an ordinal day
# alone ("the 12th"), a year alone ("born in 2011").
_DATE = (
    rf"(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}"
    rf"|{_ORDINAL}(?:\s++of)?\s++{_MONTH}\.?(?:,?\s++(?:19|20)?\d{{2}})?"
    rf"|{_MONTH}\.?\s++{_ORDINAL}(?:,?\s++(?:19|20)\d{{2}})?"
    rf"|\d{{1,2}}\s*+[/.\-]\s*+\d{{1,2}}(?:\s*+[/.\-]\s*+(?:19|20)?\d{{2}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)"
    rf"|(?:19|20)\d{{2}}"
)
# A birth cue, then within a short reach the date: "born on March 12, 2011", "date of birth? its 12/03/2011",
# "my birthday is the 12th", "dob 12.03.11".
_DOB = re.compile(
    r"(?:born|dob|d\.o\.b\.?|date\s++of\s++birth|birth\s*+date|birthday|bday|b-day)(?:'s)?"
    rf"[^0-9\n]{{0,30}}?(?<![a-z0-9])(?P<found>{_DATE})(?![0-9])"
)
_SCHOOL_YEAR = re.compile(r"(?<![a-z0-9])(?P<found>(?:year|yr|y)\s?(?:[1-9]|1[0-3]))(?![0-9a-z])")


_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?$")


def _could_be_birthday(found: str, before: str) -> bool:
    """A numeric day and month must be a real date, and "6.30" or "at 7.45" is a time, not a birthday."""
    m = _NUMERIC_DATE.match(found)
    if not m:
        return True
    first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    if not year and (sep == "." or before.endswith("at ")) and second > 12:
        return False
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


class AgeOrBirthday(PatternDetector):
    """A young person's age, birthday or school year ("I'm 13", "born 3/4/2012", "I'm in year 8")."""

    name = "age_or_birthday"
    patterns = [
        Pattern(
            "date of birth",
            _DOB,
            2,
            "A date of birth: with a name, enough to identify a child",
            ("born", "dob", "d.o.b", "date of birth", "birthday", "bday", "b-day"),
        ),
        Pattern("age", _AGE, 1, "Says how old a young person is"),  # gated in applies_age
        Pattern(
            "school year",
            _SCHOOL_YEAR,
            1,
            "A school year (for example year 8): says roughly how old a child is",
            ("year", "yr", *(f"y{d}" for d in range(1, 10)), *(f"y {d}" for d in range(1, 10))),
        ),
    ]
    context = _words("how old", "asl", "a/s/l", "age", "what year", "which school", "where do you live")

    _young = re.compile(
        r"(?:1[0-7]|[5-9])(?![0-9])"
    )  # a number 5-17; digit first: a fast scan (two digits: an adult's)
    wake_chars = _DIGITS
    wake_words = frozenset(_AGE_WORDS)

    def applies(self, doc: Document) -> bool:
        return _digit_count(doc) >= 1 or not doc.word_set.isdisjoint(self.wake_words)

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        if not self.applies(doc):
            return []
        young = (
            self._young.search(doc.folded) is not None
            or _digit_count(doc) >= 2
            or not doc.word_set.isdisjoint(self.wake_words)
        )
        out = []
        text = doc.folded
        taken: list[tuple[int, int]] = []
        for pattern in self.patterns:
            if not pattern.wanted(doc) or (pattern.regex is _AGE and not young):
                continue
            for m in pattern.regex.finditer(text):
                group = next(g for g in _AGE_GROUPS if m.group(g)) if pattern.regex is _AGE else "found"
                start, end = m.span(group)
                if pattern.regex is _DOB and not _could_be_birthday(
                    m.group("found"), text[max(0, start - 4) : start]
                ):
                    continue
                if pattern.regex is _SCHOOL_YEAR:
                    before = text[max(0, start - 16) : start]
                    said_in_year = re.search(
                        r"(?:i'?m in|im in|i am in|in|go into|going into|start)\s+$", before
                    )
                    # "I'm in year 8" says a child's age; "the Year 9 assembly is at 9" does not.
                    if not said_in_year:
                        continue
                if start == end or any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                severity = pattern.severity
                evidence = {"pattern": pattern.name}
                near = self.context.search(text[max(0, start - _CONTEXT_REACH) : end + _CONTEXT_REACH])
                if near:
                    severity = min(3, severity + 1)
                    evidence["context"] = near.group()
                span = doc.folded_to_original(start, end)
                evidence["matched"] = doc.original[span[0] : span[1]]
                out.append(
                    Finding(self.category, severity, span, pattern.reason, self.name, evidence=evidence)
                )
        return out


_PLACES = (
    r"park|playground|rec|shop|shops|shopping centre|mall|station|train station|bus station|bus stop|tesco|asda"
    r"|sainsbury'?s|aldi|lidl|morrisons|co-?op|spar|mcdonald'?s|maccies|maccy d'?s|kfc|greggs|subway|nando'?s|cinema"
    r"|library|leisure centre|sports centre|pool|swimming pool|youth club|church|mosque|field|fields|woods|canal"
    r"|river|bridge|car park|alley|back of|behind|corner|chippy|chip shop|corner shop|garage|petrol station|school"
    r"|school gates|gates|bowling|arcade|skate park|skatepark|beach|pier|town|town centre|city centre|high street"
    r"|underpass|your house|my house|mine|yours|my place|your place|hotel|the usual place"
)
_MEET = re.compile(
    rf"(?P<found>(?:meet|meeting|see|link|linking)\s++(?:(?:me|u|you|ya|up|us)\s*+)?(?:up\s++)?(?:at|in|by|outside|behind"
    rf"|near|round|around|on|under|inside|opposite|next to|round the back of|at the back of|in front of)\s++"
    rf"(?:(?:the|a|that)\s++)?(?:[a-z'\-]++\s++){{0,3}}?(?:{_PLACES})"
    rf"(?:\s++(?:behind|near|by|outside|next to|opposite|round the back of|at the back of|in front of)\s++(?:the\s++)?"
    rf"(?:[a-z'\-]++\s++){{0,2}}?(?:{_PLACES}|[a-z'\-]++))?"
    rf"(?:\s++(?:at|around|about|for|after)\s++\d{{1,2}}(?:[:.]\d{{2}})?\s*+(?:am|pm|ish|o'?clock)?)?)"
    rf"(?![a-z0-9])"
)
_MEET_ASK = re.compile(
    r"(?P<found>(?:wanna|want to|do you want to|d'?you wanna|shall we|can we|lets|let's|we should|we could|u wanna|you wanna"
    r"|come and|come)\s+(?:meet up|meet|link up|link|hang out|hangout|come over|come round|come to mine|chill)"
    # "I want to meet new people", "we should meet the team": meeting others, not one person asked to meet
    r"(?!\s+(?:new|other|more|people|everyone|everybody|the)(?![a-z0-9]))"
    r"(?:\s+(?:irl|in real life|in person|sometime|tonight|tomorrow|later|this weekend|after school|alone|just us|somewhere))*)"
    r"(?![a-z0-9])"
)
_WHERE = re.compile(
    r"(?P<found>(?:where|wat part of|what part of|which part of|what area|which area|wat area|what street|which street"
    r"|what road|which school|wat school|what school)\s+(?:do|d|r|are)?\s*(?:you|u|ya)\s+(?:live|from|go to|go|stay|at)"
    r"|where(?:abouts)?\s+(?:do|d)\s*(?:you|u)\s+live|asl|a/s/l|send (?:me )?(?:your|ur) (?:address|postcode|location)"
    r"|(?:share|send|drop) (?:your|ur) (?:location|live location|pin))(?![a-z0-9])"
)


class MeetingPlace(PatternDetector):
    """Plans to meet in person ("meet me at the park behind Tesco at 4") and questions about where
    someone lives or goes to school: guidance 5.3 and 5.4 ("plans to meet the child")."""

    name = "meeting_place"
    patterns = [
        Pattern(
            "meet at a place",
            _MEET,
            2,
            "Arranges to meet at a place: says where a young person will be",
            needs_words=frozenset({"meet", "meeting", "see", "link", "linking"}),
            starts=("meet", "see", "link"),
        ),
        Pattern(
            "asks to meet",
            _MEET_ASK,
            2,
            "Asks to meet up in person",
            needs_words=frozenset({"meet", "link", "hang", "hangout", "come", "chill"}),
        ),
        Pattern(
            "asks where",
            _WHERE,
            2,
            "Asks where someone lives or goes to school",
            ("a/s/l",),
            frozenset(
                {
                    "where",
                    "whereabouts",
                    "wat",
                    "what",
                    "which",
                    "asl",
                    "location",
                    "pin",
                    "address",
                    "postcode",
                }
            ),
            starts=("wh", "wat", "asl", "a/s/l", "send ", "share ", "drop "),
        ),
    ]
    # Every pattern needs one of its words, or "a/s/l" (so "/").
    wake_words = frozenset().union(*(p.needs_words for p in patterns))
    wake_chars = "/"
    context = _words(
        "alone",
        "dont tell",
        "don't tell",
        "secret",
        "just us",
        "just me and you",
        "by yourself",
        "on your own",
        "tonight",
        "after school",
        "irl",
        "in real life",
        "\\d{1,2} ?(?:pm|am|o'?clock)",
        "at \\d{1,2}",
    )
