"""The kept half of the self-harm phrasings (issue 19), written with test_self_harm_meaning.py before the
detector changed. Nothing was tuned on these: they run only when HARBOUR_DISTRESS_KEPT=final, once, at the
end of the work, and the count caught goes into docs/model-card.md.
"""

import os

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

pytestmark = pytest.mark.skipif(
    os.environ.get("HARBOUR_DISTRESS_KEPT") != "final", reason="the kept half runs once, at the end"
)

ACTS = [
    "did it again tonight. the blade is under my bed",
    "i keep hurting myself and hiding it with long sleeves",
    "been sh'ing again, 2 weeks clean gone",
    "burned my arm with a lighter on purpose",
    "i scratch my skin till it bleeds when im stressed",
    "the only thing that helps is cutting",
]

PLANS = [
    "ive been stockpiling tablets for weeks",
    "tonight i'm finally going to do it, i've decided",
    "looked up how many paracetamol it takes",
    "i'm going to jump when everyone's asleep",
    "i have a rope in my wardrobe",
]

HOPELESSNESS = [
    "honestly dont know why i bother waking up",
    "everything feels pointless lately",
    "i just want to sleep and never wake up",
    "there's no way out of this for me",
    "life is never going to get better is it",
    "i'm done with everything, i cant do it anymore",
]

BURDEN = [
    "if i vanished tomorrow nobody would notice",
    "i ruin everything for everyone, they'd be fine without me",
    "my friends would be relieved if i wasnt around anymore",
    "i'm such a waste of space, everyone would be better off",
    "would anyone even miss me if i was gone",
]

GOODBYE = [
    "sorry for everything. you wont have to deal with me anymore after tonight",
    "i love you all, please dont blame yourselves",
    "giving my stuff away, wont be needing it",
    "this is the last time youll hear from me",
]

HYPERBOLE = [
    "this weather is killing me",
    "dead 💀💀",
    "my legs are dead after football",
    "if i fail this test my mum will kill me",
    "i'm so bored i could die",
    "whats the point in going if it's raining",
    "my feet are killing me after the walk",
    "nobody would notice if i left early right?",
    "i'm sorry for being late, wont happen again",
    "last message from me tonight, going to bed",
    "cutting my hair short this weekend",
    "scratched my arm on the fence",
    "my brother is such a burden lol jk",
    "tired of this rain",
]


def self_harm(text: str) -> int:
    verdict = screen(text, Context())
    return max((f.severity for f in verdict.findings if f.category == Category.SELF_HARM), default=0)


@pytest.mark.parametrize("text", ACTS + PLANS + BURDEN + GOODBYE)
def test_kept_acts_plans_burden_and_goodbyes_escalate(text):
    assert self_harm(text) >= 3, text


@pytest.mark.parametrize("text", HOPELESSNESS)
def test_kept_hopelessness_is_a_look(text):
    assert self_harm(text) >= 2, text


@pytest.mark.parametrize("text", HYPERBOLE)
def test_kept_hyperbole_passes(text):
    assert self_harm(text) == 0, text
