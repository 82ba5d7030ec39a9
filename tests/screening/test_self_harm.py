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


# Issue 15: "i dont see the point of anything anymore. been cutting again and nobody notices" scored 0.
# Self-harm going on now or again, and hopelessness; written before the lexicon changed (the other half of
# the phrasings was kept aside and run once, at the end).
SELF_HARM_NOW = [
    ("i dont see the point of anything anymore. been cutting again and nobody notices", 4),
    ("started cutting again last night, my arms are a mess", 4),
    ("i've been hurting myself again and i cant stop", 4),
    ("been burning myself with a lighter so i can feel something", 4),
    ("relapsed last week, been self harming every night", 4),
    ("cut my wrists again tonight and hid the blood from mum", 4),
    ("i keep scratching my arms till they bleed", 3),
    ("i dont see the point of anything anymore", 3),
    ("what is the point of living", 2),
]

EVERYDAY = [
    "my hair needs cutting again",
    "the grass needs cutting again",
    "i burnt my arm on the oven",
    "i have been cutting back on sugar",
    "whats the point of this homework",
    "nothing matters more than family",
    "i'm hopeless at maths lol",
]


@pytest.mark.parametrize(("text", "severity"), SELF_HARM_NOW)
def test_self_harm_now_and_hopelessness_are_found(flagged, text, severity):
    assert flagged("self_harm", text) == severity


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_cutting_burning_and_pointless_homework_pass(flagged, text):
    assert flagged("self_harm", text) == 0
