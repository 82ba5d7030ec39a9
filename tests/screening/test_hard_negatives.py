"""Hard negatives: ordinary messages to a youth service must be allowed. Counter-speech, idioms, place
names with rude words in them, and sport and games.

First through every rule-based detector, then through the whole default screen with the learned
classifiers too. The models trained on other hand-written hard negatives
(harbour/screening/training/hard_negatives.txt), never on these rows, so these stay a fair check.
"""

import pytest

from harbour.screening import registry
from harbour.screening.engine import Engine, default_engine
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


# The whole default screen, learned classifiers included. A bag of character n-grams reads "Cockermouth" and
# "shitake" as rude and "the word 'retard' is a slur" as abuse; the classifiers do not count innocent words
# (detectors/data/innocent_words.txt) or quoted and challenged ones as evidence (test_classifier.py), which
# is what lets those rows through. Until that rule, they were strict xfails here.
FULL = default_engine()


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_messages_are_allowed_by_the_full_screen(text):
    verdict = FULL.screen(text)
    assert verdict.action == Action.ALLOW, [(f.detector, f.severity, f.score) for f in verdict.findings]


def test_the_models_never_trained_on_these_rows():
    """These rows check the models' hard-negative training (harbour/screening/training/hard_negatives.txt);
    they are only a fair check while none of them is in it."""
    from harbour.screening.training.data import hard_negatives

    trained = {example.text.lower() for example in hard_negatives()}
    assert not trained & {text.lower() for text in ALLOWED}
