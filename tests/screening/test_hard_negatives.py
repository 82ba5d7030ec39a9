"""Hard negatives through every rule-based detector: ordinary messages to a youth service must be
allowed. Counter-speech, idioms, place names with rude words in them, and sport and games.

The learned classifiers are left out here: their false-positive rate is measured by their own
validation (harbour/screening/training), and these rows are a good check for it.
"""

import pytest

from harbour.screening import registry
from harbour.screening.engine import Engine
from harbour.screening.verdict import Action

RULES = Engine([path for path in registry.DETECTORS if ".classifier." not in path])

ALLOWED = [
    "I'm going to kill it in my exam tomorrow!",
    "this exam is killing me 💀💀",
    "that's a killer outfit",
    "calling someone a slag is not ok",
    "saying kys is not ok, please report it",
    "the word 'retard' is a slur, don't use it",
    "Scunthorpe 2 Penistone 1, what a game",
    "Cockermouth and Middlesex are lovely",
    "the assassin's creed game is class",
    "I had grapes and a cocktail sausage",
    "my therapist is helping me a lot",
    "shitake mushroom risotto",
    "Dick Whittington at the panto was brilliant",
    "I'll beat you at fifa later",
    "you're dead funny you are",
    "we saw blue tits and great tits at the nature reserve",
    "bring your tennis balls on Friday",
    "I nearly died laughing 😂",
    "my phone died at the concert",
    "thanks hun, see you next week x",
    "wow, bitter lemon is nice",
    "sex education is on the curriculum",
    "I'm gay and proud",
    "Nice to meet you all",
    "we met at the youth club",
    "Great session tonight, well done everyone",
    "can't wait for the trip on Saturday!!!",
    "cooool, see you soon",
    "the score was 12-3",
    "I have 2 cats and a dog",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_messages_are_allowed(text):
    verdict = RULES.screen(text)
    assert verdict.action == Action.ALLOW, [(f.category, f.severity, f.reason) for f in verdict.findings]


def test_an_organisation_can_allow_a_local_place_name():
    engine = Engine(RULES.detectors, allow=["Bell End"])
    assert engine.screen("Walk from Bell End to Romsley").action == Action.ALLOW
    assert RULES.screen("Walk from Bell End to Romsley").action != Action.ALLOW
