"""Threats of violence against a person; idioms, games and negations pass."""

import pytest

THREATS = [
    ("I'll stab you", 3),
    ("im gonna batter you", 3),
    ("i know where you live", 3),
    ("I'll 🔪 you", 3),
    ("watch your back", 2),
    ("you're dead", 3),
    ("ur dead after school", 3),
    ("i'll smash your face in", 3),
    ("imma shank u", 3),
    ("im going to bring a knife to school", 4),
    ("i will kiiiill you", 3),
    ("ill st4b y0u", 3),
]

INNOCENT = [
    "I'm going to kill it in my exam",
    "this exam is killing me",
    "killer outfit",
    "you're dead funny",
    "you're dead good at this",
    "I'll beat you at fifa",
    "I'll smash you at chess",
    "hit me up later",
    "I'm not going to hurt you",
    "I'll kill you with kindness",
    "I'll knife and fork it",
    "the dead sea",
    "chin up, it'll be ok",
    "I know where you live is near the park, lucky you",
]


@pytest.mark.parametrize(("text", "severity"), THREATS)
def test_threats_are_found(flagged, text, severity):
    assert flagged("threats", text) == severity


@pytest.mark.parametrize("text", INNOCENT[:-1])
def test_idioms_games_and_negations_pass(flagged, text):
    assert flagged("threats", text) == 0
