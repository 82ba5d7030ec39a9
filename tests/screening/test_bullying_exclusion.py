"""Exclusion bullying (issue 19): leaving a named child out, or turning others against them, found from the
structure (people as a whole + a social verb against + a person) and its meaning, not from names.

Written before the detector changed; this is the development half. The other half, written at the same
time, is in test_bullying_kept.py and was run once, at the end (docs/model-card.md says how many it catches).
"""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

EXCLUSION = [
    "nobody wants tia there lol",
    "no one likes jess",
    "everyone hates kai",
    "dont invite him",
    "no one would care if leo didnt come",
    "literally nobody wants to sit with maya",
    "tell everyone not to talk to sophie",
    "we should all just ignore ben tomorrow",
    "nobody in our class can stand chloe",
    "make sure josh doesnt find out about the party",
]

NOT_EXCLUSION = [
    "nobody likes mondays",
    "no one likes the new lunch menu",
    "everyone hates homework",
    "dont invite too many people, the room is small",
    "no one would care if the bus was late",
    "nobody wants to sit in the rain",
    "everyone loves tia",
    "jess says nobody likes sprouts",
    "tell everyone the meeting is at 5",
    "we should all go to leo's party",
]


def bullying(text: str, *, second_stage: bool = True) -> int:
    verdict = screen(text, Context(second_stage=second_stage))
    return max((f.severity for f in verdict.findings if f.category == Category.BULLYING), default=0)


@pytest.mark.parametrize("text", EXCLUSION)
def test_leaving_someone_out_is_found(text):
    assert bullying(text) >= 2, text


@pytest.mark.parametrize("text", NOT_EXCLUSION)
def test_things_and_kindness_are_not_exclusion(text):
    assert bullying(text) == 0, text
