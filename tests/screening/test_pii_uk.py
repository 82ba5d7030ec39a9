"""Personal information a child gives away, UK shapes (issue 19): the test table written before the detectors
changed. Each half was written at the same sitting; the TUNED half was used to change the detectors, the
KEPT half was never looked at while changing them and was run once afterwards (tests below mark what that one
run missed, strictly, so a later fix shows). The same for ordinary text that must not be flagged."""

import pytest

from harbour.screening import registry
from harbour.screening.engine import Engine
from harbour.screening.verdict import Category

_ENGINE = None


def _findings(text):
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine([p for p in registry.DETECTORS if ".personal_info." in p])
    return [f for f in _ENGINE.screen(text).findings if f.category == Category.PERSONAL_INFO]


def _caught(kind, text, value):
    start = text.index(value)
    end = start + len(value)
    return any(f.detector == kind and f.span[0] < end and start < f.span[1] for f in _findings(text))


# (detector, text, the part that must be covered)
TUNED = [
    ("phone_number", "my number is oh seven seven double oh, nine oh oh one two three", "oh seven seven"),
    ("phone_number", "07 7 00 900 123 text me", "07 7 00 900 123"),
    ("phone_number", "ring me 07700.900.123", "07700.900.123"),
    ("phone_number", "call me on +44 (0) 7700 900123", "+44 (0) 7700 900123"),
    ("phone_number", "my mobile is 0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3"),
    ("phone_number", "(01632) 960123 thats my home phone", "(01632) 960123"),
    ("phone_number", "call me at (202) 555-0143", "(202) 555-0143"),
    ("age_or_birthday", "my dob is 12.03.11", "12.03.11"),
    ("age_or_birthday", "born on March 12, 2011", "March 12, 2011"),
    ("age_or_birthday", "i was born in 2011", "2011"),
    ("age_or_birthday", "my birthday is the 12th", "12th"),
    ("age_or_birthday", "date of birth? its 12/03/2011", "12/03/2011"),
    ("age_or_birthday", "Please tell me your date of birth. It's 2011-03-12", "2011-03-12"),
    ("age_or_birthday", "I was born on the 12th of march 2011", "12th of march 2011"),
    ("age_or_birthday", "im 13 lol", "13"),
    ("age_or_birthday", "13 yrs old", "13 yrs old"),
    ("age_or_birthday", "age: 13", "13"),
    ("age_or_birthday", "im thirteen", "thirteen"),
    ("age_or_birthday", "she is a 12-year-old girl", "12-year-old"),
    ("age_or_birthday", "My birthday is on the weekend. I'll turn 14.", "14"),
    ("age_or_birthday", "my brother retired at the age of 16", "16"),
    ("street_address", "I live on Hawthorn Close", "Hawthorn Close"),
    ("street_address", "Flat 3, 12 Acacia Avenue", "12 Acacia Avenue"),
    ("street_address", "Studio 5\nSmith Lane\nNew Town", "Studio 5"),
    ("street_address", "my address is 4 Elm Heights, Leeds", "4 Elm Heights"),
    ("street_address", "Tom lives on Poplar Street", "Poplar Street"),
    ("street_address", "He lives on the north side of Ellie Cliffs.", "Ellie Cliffs"),
    ("uk_postcode", "send it to 1 Clifford Cove\nNew Charlieberg\nDL9V 5BJ", "DL9V 5BJ"),
    ("school_name", "I go to St Mary's", "St Mary's"),
    ("meeting_place", "meet me at the park by Tesco", "park by Tesco"),
    # found on the development templates of bench/uk_pii.py after the first change
    ("phone_number", "Desk: +44(0)808 1570418", "+44(0)808 1570418"),
    ("street_address", "Justin had given Beth his address: 83 Stuart Spurs", "83 Stuart Spurs"),
    ("street_address", "Hollie Wyatt lives at 80 Smith Garden, Williamsport", "80 Smith Garden"),
    ("street_address", "Kelly Rees\n\n73 Martyn Rue\n Flat 8\n North Heatherton\n L6J 4SY", "73 Martyn Rue"),
    ("uk_postcode", "Beth Watson\n9 Burke Cliffs\nHA3 7FY", "HA3 7FY"),
    ("street_address", "The restaurant is at 8 Adam Forges", "8 Adam Forges"),
]

KEPT = [
    ("phone_number", "whatsapp me 07700 900 461", "07700 900 461"),
    ("phone_number", "my digits r 07700-900-982", "07700-900-982"),
    ("phone_number", "+44 7700 900 555 thats me", "+44 7700 900 555"),
    ("phone_number", "ring me on zero seven seven zero zero nine zero zero four five six", "zero seven"),
    ("phone_number", "my home number is 0113 496 0732", "0113 496 0732"),
    ("phone_number", "call me 0 7700 900 321", "0 7700 900 321"),
    ("phone_number", "txt me 077 009 00 765", "077 009 00 765"),
    ("age_or_birthday", "my birthday's on 3rd june", "3rd june"),
    ("age_or_birthday", "DOB: 5/6/2010", "5/6/2010"),
    ("age_or_birthday", "i was born 2012", "2012"),
    ("age_or_birthday", "born 14 feb 2010", "14 feb 2010"),
    ("age_or_birthday", "my bday is june 3rd", "june 3rd"),
    ("age_or_birthday", "date of birth 2010-06-03", "2010-06-03"),
    ("age_or_birthday", "I am 12 years of age", "12"),
    ("age_or_birthday", "im 11 and a half", "11"),
    ("age_or_birthday", "just turned fourteen", "fourteen"),
    ("age_or_birthday", "i'm twelve", "twelve"),
    ("age_or_birthday", "14 y/o here", "14 y/o"),
    ("age_or_birthday", "I'm a 15 year old girl", "15 year old"),
    ("street_address", "my house is 9 Rowan Road", "9 Rowan Road"),
    ("street_address", "i live in Flat 2, 5 Mill Court", "5 Mill Court"),
    ("street_address", "we live on Sycamore Drive", "Sycamore Drive"),
    ("street_address", "our address is 18 Larch Gardens, Sheffield", "18 Larch Gardens"),
    ("street_address", "i stay at 33 Heather Crescent", "33 Heather Crescent"),
    ("street_address", "come to 14 Birch Mews", "14 Birch Mews"),
    ("uk_postcode", "my postcode is S10 2TN", "S10 2TN"),
    ("school_name", "I'm at Oakwood Academy", "Oakwood Academy"),
    ("school_name", "i go to st josephs", "st josephs"),
    ("meeting_place", "meet me behind the co-op", "behind the co-op"),
]
# Kept phrasings the one run after the change missed (never tuned on; listed so a later fix shows).
KEPT_MISSED: set[str] = set()

ORDINARY_TUNED = [
    "call 0800 1111 if you need help",
    "Call us on 0345 600 4554, lines open 8 to 6",
    "order 12345678 arrives 12/03",
    "the shop on High Street shuts at 5",
    "drama is in room 4 at 3pm",
    "bus 42 leaves at 4.15",
    "book by 12/03 for half term",
    "The Year 9 assembly is at 9 in the hall",
    "we scored 13 goals",
    "it was 13 degrees",
    "read page 13 to 20",
    "Store 113, Park Lane: closes at 6pm",
    "the 12th march protest was huge",
    "in 2011 the club moved grounds",
    "i live for the weekend",
    "the film is rated 15",
    "Tesco on Station Road has it for £3",
    "Your parcel JD0002212345678901 arrives Friday",
    "Refund of £12.99 will show in 3-5 working days",
    # found on Formspring's development rows after the first change
    "my nieces birthday cup cakes i only had one at 6.30 last night",
    "nope ask me about 6 mths ago",
    "my address is on the form, see page 12 Section B",
    "Top 10 Lake District Walks for 2026",
    "my 3 favourite Parks",
    "I am British but I live in Faroe Islands.",
]

ORDINARY_KEPT = [
    "Childline is 0800 1111, free from any phone",
    "tickets £13 each, doors 7pm",
    "the 42 bus goes down London Road",
    "Platform 12 at 14:05",
    "Happy birthday to my mum!",
    "match on 12/03 at 3",
    "they're 13 points clear",
    "open 9-5 Mon-Sat",
    "refund of £13.99 on 12th March",
    "Order #123456 shipped, tracking 1Z999AA10123456784",
    "Parents evening for Year 7 is on 3/10",
    "Collect from the Co-op on Church Road after 2",
    "we were 2-1 down at half time",
    "the 2010 world cup was the best",
    "born in the USA is a tune",
]


@pytest.mark.parametrize(("kind", "text", "value"), TUNED)
def test_tuned_phrasings_are_caught(kind, text, value):
    assert _caught(kind, text, value)


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason="kept aside; missed at its one run"))
        if row[1] in KEPT_MISSED
        else row
        for row in KEPT
    ],
)
def test_kept_phrasings_are_caught(kind, text, value):
    assert _caught(kind, text, value)


ORDINARY_KEPT_FLAGGED: set[str] = set()  # kept ordinary text the one run flagged (never tuned on)


@pytest.mark.parametrize("text", ORDINARY_TUNED)
def test_tuned_ordinary_text_is_not_flagged(text):
    assert [(f.detector, f.evidence.get("matched")) for f in _findings(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="kept aside; flagged at its one run"))
        if t in ORDINARY_KEPT_FLAGGED
        else t
        for t in ORDINARY_KEPT
    ],
)
def test_kept_ordinary_text_is_not_flagged(text):
    assert [(f.detector, f.evidence.get("matched")) for f in _findings(text)] == []
