"""Self-harm: saying they want to die or hurt themselves; hyperbole and negation handled."""

import pytest

DISCLOSURES = [
    ("i want to die", 4),
    ("I just wanna die", 4),
    ("i'm going to kill myself", 4),
    ("I cut myself again last night", 4),
    ("everyone would be better off without me", 4),
    ("i want to end it all", 4),
    ("no reason to live anymore", 4),
    ("I feel suicidal", 3),
    ("i cant go on", 3),
    ("kms", 2),
    ("i w4nt to d1e", 4),
    ("i want to diiiie", 4),
]

INNOCENT = [
    "I'm going to kill it in my exam",
    "this exam is killing me",
    "that killer outfit",
    "I'm dying to see the new film",
    "I nearly died laughing",
    "my phone died",
    "I could murder a pizza",
    "the plant will die without water",
    "Suicide Squad is on tonight",
    "a killer whale at the aquarium",
    "die hard is a christmas film",
    "I cut my hair",
]


@pytest.mark.parametrize(("text", "severity"), DISCLOSURES)
def test_disclosures_are_found(flagged, text, severity):
    assert flagged("self_harm", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_hyperbole_and_idioms_pass(flagged, text):
    assert flagged("self_harm", text) == 0


def test_negated_wish_still_gets_a_look(flagged):
    assert flagged("self_harm", "I don't want to die") == 1
