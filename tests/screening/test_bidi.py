"""Screening reads text in the order a reader sees it: direction overrides, embeddings, isolates and
right-to-left script cannot show one thing and be screened as another (issue 15, item 1)."""

import random
import time

import pytest

from harbour.screening import screen
from harbour.screening.bidi import reading_order
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context

RLE, LRE, PDF, RLO, LRO = "\u202b", "\u202a", "\u202c", "\u202e", "\u202d"
RLI, LRI, FSI, PDI = "\u2067", "\u2066", "\u2068", "\u2069"
ALEF, SHIN = "\u0627", "\u05e9"

# (text as stored, what a reader sees in it, the detector that must find it)
HIDDEN = [
    (RLO + "toidi uoy flesruoy llik", "kill yourself", "self_harm"),  # the message
    ("ring me " + RLO + "321009 00770", "07700 900123", "phone_number"),  # the phone-number trick
    (RLO + "321009 00770 no em llac", "07700 900123", "phone_number"),
    (RLO + "flesruoy llik" + PDF + " lol", "kill yourself", "self_harm"),  # terminated
    (
        RLO + "flesruoy llik" + PDF + PDF + PDF + " lol",
        "kill yourself",
        "self_harm",
    ),  # more PDFs than openers
    (LRE + RLO + "flesruoy llik" + PDF + PDF, "kill yourself", "self_harm"),  # nested in an embedding
    (RLE + RLO + "flesruoy llik", "kill yourself", "self_harm"),  # nested, unterminated
    (RLI + RLO + "flesruoy llik" + PDI + " ok", "kill yourself", "self_harm"),  # inside an isolate
    (LRI + RLO + "flesruoy llik", "kill yourself", "self_harm"),  # isolate never closed
    (FSI + RLO + "flesruoy llik" + PDF + PDI, "kill yourself", "self_harm"),
    (RLE + "900123 07700", "07700 900123", "phone_number"),  # numbers in a right-to-left embedding
    (RLI + "900123 07700" + PDI + " text me", "07700 900123", "phone_number"),
    (ALEF + " 900123 07700", "07700 900123", "phone_number"),  # an Arabic letter first turns the line
    (SHIN + " 900123 07700 " + SHIN, "07700 900123", "phone_number"),
    ("hello " + RLO + "moc.liamg@31ymmij" + PDF, "jimmy13@gmail.com", "email"),
    (
        SHIN + "\u05dc\u05d5\u05dd " + RLO + "flesruoy llik",
        "kill yourself",
        "self_harm",
    ),  # Hebrew, then the override
    ("u ok?\n" + RLO + "flesruoy llik", "kill yourself", "self_harm"),  # second paragraph
    (
        RLO + "flesruoy llik\n" + "see you",
        "kill yourself",
        "self_harm",
    ),  # an override ends with its paragraph
    (RLO + "krap eht ta em teem", "meet me at the park", "meeting_place"),
    ("a " + RLO + "b" + RLE + "c " + PDF + PDF + RLO + "flesruoy llik", "kill yourself", "self_harm"),
]


@pytest.mark.parametrize(("text", "seen", "detector"), HIDDEN, ids=lambda v: ascii(v)[:32])
def test_what_a_reader_sees_is_screened(text, seen, detector):
    verdict = screen(text, Context(direction="incoming"))
    found = [f for f in verdict.findings if f.detector == detector]
    assert found, f"{detector} missed {seen!r} in {text!r}: {verdict.findings}"
    # the span is in the original text and covers every character of what the reader sees
    start, end = found[0].span
    assert 0 <= start < end <= len(text)
    order = reading_order(text)
    reading = "".join(text[i] for i in order)
    at = reading.lower().index(seen)
    covered = set(range(start, end))
    assert {order[k] for k in range(at, at + len(seen)) if not text[order[k]].isspace()} <= covered


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        (RLO + "toidi uoy", "you idiot"),
        (RLO + "cba" + PDF + "def", "abcdef"),
        ("abc " + RLO + "fed" + PDF + " ghi", "abc def ghi"),
        (
            LRO + "abc" + PDF + SHIN,
            SHIN + "abc",
        ),  # abc at level 2 inside the level-1 run of the Hebrew letter
        (RLE + "12 34", "34 12"),
        (ALEF + " 12 34", "34 12 " + ALEF),
        (
            "hello " + SHIN + "\u05dc\u05d5\u05dd world",
            "hello " + SHIN + "\u05dc\u05d5\u05dd world",
        ),  # Hebrew keeps its own order
        (SHIN + " " + ALEF, SHIN + " " + ALEF),
        (RLO + "ab" + RLO + "cd", "dcba"),
        (RLO + "ab\ncd", "ba\ncd"),
        (
            RLE * 70 + RLO + "abc",
            "abc",
        ),  # past the 125-level limit: the override is ignored, as a browser does
    ],
)
def test_reading_order(text, reading):
    order = reading_order(text)
    assert "".join(text[i] for i in order) == reading


def test_text_with_nothing_right_to_left_is_not_reordered():
    for text in ["plain ascii", "café ☕ 😂", "ünïcödé " + LRE + "x" + PDF, "zero\u200bwidth"]:
        assert reading_order(text) is None
    assert Document("ünïcödé " + LRE + "x" + PDF).folded == "unicode x"


def test_right_to_left_script_alone_is_screened_as_before():
    assert (
        screen(SHIN + "\u05dc\u05d5\u05dd " + ALEF + "\u0644\u0633\u0644\u0627\u0645").action.value == "allow"
    )


def test_every_span_stays_inside_the_text_and_every_character_is_read_once():
    rng = random.Random(15)
    pieces = [
        "a",
        "b",
        " ",
        "1",
        "0",
        "7",
        SHIN,
        ALEF,
        "\u0661",
        RLE,
        LRE,
        PDF,
        RLO,
        LRO,
        RLI,
        LRI,
        FSI,
        PDI,
        "\u200f",
        "\u200e",
        ".",
        "-",
        "+",
        "\n",
        "\u0300",
        "kill",
        "idiot",
        "07700",
    ]
    removed = {RLE, LRE, PDF, RLO, LRO}  # X9 leaves these out; marks (U+200E, U+200F) and isolates stay
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        order = reading_order(text)
        if order is not None:
            assert len(order) == len(set(order))
            assert set(order) == {i for i, c in enumerate(text) if c not in removed}
        verdict = screen(text)
        for f in verdict.findings:
            assert 0 <= f.span[0] < f.span[1] <= len(text)


@pytest.mark.parametrize(
    "unit",
    [
        RLO + "ab",  # overrides opened and never closed, deeper and deeper
        RLE + "a" + LRE + "b",
        RLI + "a" + PDI + SHIN,
        ALEF + " 1 a",  # runs that alternate direction
        RLE * 3 + "x" + PDF * 3 + "y",
        "1" + SHIN + "a" + LRI,
    ],
)
def test_reading_order_is_linear(unit):
    def timed(n):
        text = (unit * (n // len(unit) + 1))[:n]
        start = time.perf_counter()
        reading_order(text)
        return time.perf_counter() - start

    quarter = min(timed(25_000) for _ in range(3))
    full = min(timed(100_000) for _ in range(2))
    assert full < 2.0 and full < 8 * quarter + 0.01, (quarter, full)  # linear: 4 times; quadratic: 16
