"""Insults aimed at someone, British ones first; counter-speech and ordinary words pass."""

import pytest

INSULTS = [
    ("you minger", "minger"),
    ("what a pillock", "pillock"),
    ("she's a slag", "slag"),
    ("u r a slag", "slag"),
    ("he's a right munter", "munter"),
    ("you nonce", "nonce"),
    ("shut up knobhead", "knobhead"),
    ("absolute bellend", "bellend"),
    ("you twat", "twat"),
    ("what a muppet", "what a muppet"),
    ("wanker", "wanker"),
    ("you silly cow", "you silly cow"),
    ("ur such a tart", "ur such a tart"),
    ("youre so ugly", "youre so ugly"),
    ("ur fat", "ur fat"),
    ("sket", "sket"),
    ("w@nker", "w@nker"),
    ("ѕlаg", "ѕlаg"),
    ("s l a g", "s l a g"),
    ("b3llend", "b3llend"),
    ("you are a complete fool", "a complete fool"),
    ("simpletons like you", "simpletons"),
    ("I bet you inbred hillbilly", "you inbred"),
    ("you little toad!!", "you little toad"),
    ("sorry dikhead", "dikhead"),
    ("youre thick", "youre thick"),
    ("you coward", "you coward"),
    ("he's an imbecile", "imbecile"),
]

INNOCENT = [
    "calling someone a slag is not ok",
    "don't call her a slag",
    "the word minger is unkind",
    'the word "slag" hurts',
    "we had jam tart and custard",
    "the cow is in the field",
    "turn the door knob",
    "a knob of butter",
    "Dick Whittington is the panto this year",
    "Moby Dick and spotted dick",
    "I pricked my finger on a pin prick",
    "git pull then git push",
    "a control freak",
    "my dad is a fitness freak",
    "ho ho ho merry christmas",
    "I'm from Westward Ho",
    "garden hoe",
    "prickly pear",
    "that skit was funny",
    "the slagheap by the mine",
    "my pillow is soft",
    "the Muppet Christmas Carol is the best film",
    "can you fool the teacher?",
    "you fool around too much",
    "stop fooling around",
    "a thick slice of toast",
    "the walls are thick",
    "did you rat on him?",
    "you snake through the cones in the drill",
]


@pytest.mark.parametrize(("text", "words"), INSULTS)
def test_insults_are_found(found, text, words):
    assert any(
        category == "insult" and severity >= 1 and covered == words
        for category, severity, covered in found("insults", text)
    )


@pytest.mark.parametrize("text", INNOCENT)
def test_counter_speech_and_ordinary_words_pass(flagged, text):
    assert flagged("insults", text) == 0
