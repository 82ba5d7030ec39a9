"""Sexual words and emoji; sex education, place names and food pass."""

import pytest

SEXUAL = [
    ("she's so horny", 2),
    ("wanna see my cock", 3),
    ("send me porn", 2),
    ("🍆🍑", 3),
    ("🍆💦", 3),
    ("👉👌", 3),
    ("blowjob", 3),
    ("bl0wj0b", 3),
    ("c0ck", 3),
    ("shagging", 2),
    ("p e n i s", 1),
    ("🍆", 1),
]

INNOCENT = [
    "sex education lesson on Tuesday",
    "relationships and sex education",
    "what sex is your hamster",
    "same sex marriage",
    "Sussex and Middlesex",
    "cocktail sausages",
    "the weather cock on the church",
    "he graduated summa cum laude",
    "Cumbria and Scunthorpe",
    "a shag pile carpet",
    "pussy cat pussy cat where have you been",
    "sweet fanny adams",
    "the peach was juicy",
    "aubergine curry",
    "analysis of the results",
    "we need 69 more signatures",
    "escort the children to the bus",
    "sussex",
]


@pytest.mark.parametrize(("text", "severity"), SEXUAL)
def test_sexual_terms_are_found(flagged, text, severity):
    assert flagged("sexual_terms", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_education_places_and_food_pass(flagged, text):
    assert flagged("sexual_terms", text) == 0
