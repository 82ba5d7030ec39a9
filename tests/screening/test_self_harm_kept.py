"""The kept half of the self-harm phrasings (issue 19), written with test_self_harm_meaning.py before the
detector changed. Nothing was tuned on these: they ran once, at the end of the work (2026-12-05, with
HARBOUR_DISTRESS_KEPT=final), and the count caught is in docs/model-card.md. They run always now, as they
came out of that run: what it missed is marked a known miss (strict, so a later change that catches one
says so) and must not be tuned away by looking at these.
"""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

# What the one run missed: before the change 2 of 20 escalated, 0 of 6 hopeless, 0 of 14 ordinary flagged.
MISSED = {
    "burned my arm with a lighter on purpose",
    "the only thing that helps is cutting",
    "looked up how many paracetamol it takes",
    "my friends would be relieved if i wasnt around anymore",  # a look (2), not escalated
    "i'm such a waste of space, everyone would be better off",
    "sorry for everything. you wont have to deal with me anymore after tonight",
    "i love you all, please dont blame yourselves",
    "giving my stuff away, wont be needing it",
    "honestly dont know why i bother waking up",
    "i just want to sleep and never wake up",
    "there's no way out of this for me",
    "life is never going to get better is it",
}
FALSE_ALARMS = {"nobody would notice if i left early right?", "i'm sorry for being late, wont happen again"}


def _cases(texts, known):
    return [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="missed in the one kept run"))
        if t in known
        else t
        for t in texts
    ]


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


@pytest.mark.parametrize("text", _cases(ACTS + PLANS + BURDEN + GOODBYE, MISSED))
def test_kept_acts_plans_burden_and_goodbyes_escalate(text):
    assert self_harm(text) >= 3, text


@pytest.mark.parametrize("text", _cases(HOPELESSNESS, MISSED))
def test_kept_hopelessness_is_a_look(text):
    assert self_harm(text) >= 2, text


@pytest.mark.parametrize("text", _cases(HYPERBOLE, FALSE_ALARMS))
def test_kept_hyperbole_passes(text):
    assert self_harm(text) == 0, text
