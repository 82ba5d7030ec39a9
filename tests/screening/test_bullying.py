"""Bullying phrases: exclusion, contempt, humiliation, and telling someone to kill themselves."""

import pytest

BULLYING = [
    ("nobody likes you", 3),
    ("no one likes u", 3),
    ("everyone hates you", 3),
    ("you have no friends", 3),
    ("ur worthless", 3),
    ("lets all ignore her", 3),
    ("i'll leak your pics", 4),
    ("kys", 4),
    ("k y s", 4),
    ("just kill yourself", 4),
    ("go die", 3),
    ("hope u die", 4),
    ("nobody would care if you died", 4),
    ("no one would care if u were gone", 4),
    ("everyone would be better off without you", 4),
    ("you should kill yourself tbh", 4),
    ("shut up", 1),
    ("youre pathetic", 2),
]

INNOCENT = [
    "everyone likes you here",
    "I have no friends in Leeds yet, any tips?",
    "saying kys is not ok",
    "nobody likes mondays",
    "the shutter is up",
    "I hope you feel better",
    "we should all ignore the rain",
    "your pics from the trip are lovely",
    "I dye my hair",
    "go dive in the pool",
    "killed it yourself? well done",
    "no one liked the film",
    "nobody would care if you were late",
    "everyone would be better off with a bigger hall",
]


@pytest.mark.parametrize(("text", "severity"), BULLYING)
def test_bullying_is_found(screen_bullying, text, severity):
    assert screen_bullying(text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_kind_and_ordinary_text_passes(screen_bullying, text):
    assert screen_bullying(text) == 0


@pytest.fixture
def screen_bullying(found):
    """Bullying is found by its own lexicon and, for "kill yourself" and the like, the self-harm one."""

    def run(text):
        hits = found("bullying", text) + found("self_harm", text)
        return max((s for category, s, _ in hits if category == "bullying"), default=0)

    return run
