"""Sexting: requests for nudes, images of the body, webcams, and keeping it secret."""

import pytest

REQUESTS = [
    ("send nudes", 4),
    ("s e n d  n u d e s", 4),
    ("snd n00dz", 0),  # not every spelling: a known gap, here so that a change shows
    ("can u send me a pic of u in ur bra", 4),
    ("show me your body", 4),
    ("pls send me some nudes", 4),
    ("send 🍆 pics", 4),
    ("take your top off", 4),
    ("turn on your cam", 3),
    ("what are you wearing", 3),
    ("dont tell your mum", 3),
    ("it's our little secret", 3),
    ("send pics", 1),
    ("send me a selfie", 2),
    ("are you alone", 2),
    ("sc pics?", 2),
    ("send me pics", 2),
]

INNOCENT = [
    "Can you send the pics from the trip to the group?",
    "Please send your photos for the yearbook to the office",
    "I'll send you the link",
    "show me the way to the station",
    "what are you doing this weekend",
    "we're alone in thinking this",
    "turn on your lights when cycling",
    "the secret garden is a great book",
    "I won't send nudes, that's not ok",
    "take the bins out",
]


@pytest.mark.parametrize(("text", "severity"), REQUESTS)
def test_image_requests_are_found(flagged, text, severity):
    assert flagged("image_requests", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_ordinary_requests_pass(flagged, text):
    assert flagged("image_requests", text) <= 1
