"""Profanity: swear words rated with Ofcom's UK strengths, whole words only, evasions undone."""

import pytest

from harbour.screening.detectors.lexicon import Profanity
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context, Direction

SWEARING = [
    ("fuck off", 3, "fuck"),
    ("what the FUCK", 3, "FUCK"),
    ("this is fucking brilliant", 3, "fucking"),
    ("you absolute cunt", 3, "cunt"),
    ("oh shit", 2, "shit"),
    ("bollocks to that", 2, "bollocks"),
    ("bloody hell", 1, "bloody hell"),
    ("piss off mate", 2, "piss off"),
    ("he's a bastard", 3, "bastard"),
    ("can't be arsed", 1, "arsed"),
    ("ffs not again", 2, "ffs"),
    ("sh1t", 2, "sh1t"),
    ("f*ck this", 3, "f*ck"),
    ("fuuuuuck", 3, "fuuuuuck"),
    ("f\u200bu\u200bc\u200bk", 3, "f\u200bu\u200bc\u200bk"),
    ("ｆｕｃｋ", 3, "ｆｕｃｋ"),
    ("f.u.c.k", 3, "f.u.c.k"),
    ("🖕", 2, "🖕"),
]

INNOCENT = [
    "Scunthorpe United won again",
    "Penistone and Cockermouth are lovely towns",
    "My nan lives in Middlesex",
    "The assassin in the film was scary",
    "Let's go to class",
    "I love grapes",
    "I'm seeing my therapist today",
    "The cocktail party",
    "Shitake mushrooms are tasty",
    "That's a bitter pill",
    "Bring your tennis balls and golf balls",
    "I saw a blue tit and two great tits in the garden",
    "tit for tat",
    "Bloody Mary is a drink",
    "He passed the class",
    "Sussex and Essex",
    "hello, hell's kitchen",
    "shuttlecock",
]


@pytest.mark.parametrize(("text", "severity", "words"), SWEARING)
def test_swearing_is_found_with_its_strength(found, text, severity, words):
    hits = found("profanity", text)
    assert ("profanity", severity, words) in hits


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_words_that_contain_swear_words_pass(flagged, text):
    assert flagged("profanity", text) == 0


def test_mild_swearing_in_a_draft_is_at_least_worth_a_look(flagged):
    assert flagged("profanity", "bloody brilliant", Direction.OUTGOING) >= 1


def test_counter_speech_is_a_note_not_a_flag(found):
    assert found("profanity", 'saying "fuck" is not ok') == [
        ("profanity", 0, "fuck"),
    ]


def test_of_two_entries_that_match_alike_the_first_in_the_file_wins():
    [finding] = Profanity().detect(Document("that fuckin screen"), Context())
    assert finding.evidence["entry"] == "fuckin"  # not "fuck{ing}", which spells it too
    assert finding.reason == 'Strong swear word ("fucking")'
