"""Sexting: requests for nudes, images of the body, webcams, and keeping it secret."""

import pytest

from harbour.screening.detectors.lexicon import ImageRequests
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context

REQUESTS = [
    ("send nudes", 4),
    ("s e n d  n u d e s", 4),
    ("snd n00dz", 4),
    # a request split by other words: up to three, within one sentence
    ("send me some really nice nudes", 4),
    ("pls send me ur best nudes x", 4),
    ("can you send me those nudes", 4),
    ("send me a pic of u in ur bra", 4),
    ("can u send sum more pics", 1),
    ("send me sum pics", 2),
    ("can u send me a pic of u in ur bra", 4),
    ("show me your body", 4),
    ("pls send me some nudes", 4),
    ("send 🍆 pics", 4),
    ("take your top off", 4),
    ("turn on your cam", 3),
    ("what are you wearing", 3),
    ("what are you wearing to bed", 3),
    ("what r u wearing for me", 3),
    ("what colour is your underwear", 3),
    ("are you wearing a bra", 3),
    ("i want to kiss you", 2),
    ("can i touch you", 3),
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
    "what are you wearing to the party?",
    "what r u wearing for prom",
    "what are you wearing tomorrow for non uniform day",
    "can I touch your dog when we visit?",
    "what colour are your trainers",
    "send me the nice pics from the trip",
    # talked about as wrong, not asked for: still a look (1), as a groomer can say the words and then ask
    "send nudes is a crime, report it",
    "asking someone to send nudes is illegal",
    # a gap never crosses the end of a sentence or a comma
    "send me a link, nudes are banned here",
]


@pytest.mark.parametrize(("text", "severity"), REQUESTS)
def test_image_requests_are_found(flagged, text, severity):
    assert flagged("image_requests", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_ordinary_requests_pass(flagged, text):
    assert flagged("image_requests", text) <= 1


def test_a_challenged_request_says_so():
    [finding] = ImageRequests().detect(Document("send nudes is a crime, report it"), Context())
    assert finding.severity == 1
    assert finding.reason == "Asks for nude or sexual images (talked about as wrong, not asked for)"


def test_a_gap_never_crosses_the_end_of_a_sentence(flagged):
    assert (
        flagged("image_requests", "send it to me. nudes are a big problem in schools") == 2
    )  # "nudes" alone
    assert flagged("image_requests", "send it to me nudes are a big problem in schools") == 4  # no full stop


def test_a_gap_is_at_most_three_words(flagged):
    assert flagged("image_requests", "send me some really really nice nudes") == 4
    assert flagged("image_requests", "send me some of the really really nice nudes") == 2  # "nudes" alone
