"""Self-harm and hopelessness in the many ways young people say them (issue 19), not the phrases of a list.

Written before the detector changed, in five kinds (acts, plans, hopelessness, burden, goodbye), with
ordinary hyperbole beside them. This is the development half: prototypes and the threshold were chosen
looking at it. The other half, written at the same time, is in test_self_harm_kept.py and was run once,
at the end (docs/model-card.md says how many it catches).

Severity: acts, plans, burden and goodbye escalate (self_harm escalates from 3); hopelessness is a look for
the safeguarding lead (2, review), unless a phrase says more.
"""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

ACTS = [
    "been cutting again",
    "i cut again last night, deeper this time",
    "relapsed on sh after 3 months clean",
    "my arms are covered in scars and i keep adding more",
    "i hit myself when i get like this",
    "took a load of my mums pills last night to see what would happen",
]

PLANS = [
    "i've got the pills saved up, tonight's the night",
    "i know how i'm going to do it now",
    "going to the bridge after school and not coming back",
    "i wrote my note already",
    "planning to end it this weekend",
]

HOPELESSNESS = [
    "i dont see the point of anything anymore",
    "whats the point in even trying",
    "nothing is ever going to get better for me",
    "i'm so tired of everything, i just want it all to stop",
    "i feel so empty all the time, nothing helps",
    "i cant keep going like this",
]

BURDEN = [
    "nobody would even notice if i wasnt here",
    "everyone would be happier without me around",
    "i'm just a burden to my family",
    "my mum would be better off if i was gone",
    "no one would care if i disappeared",
]

GOODBYE = [
    "thank you for everything, i'm sorry for what i'm about to do",
    "this is my last message, tell my sister i love her",
    "i just wanted to say goodbye to everyone",
    "by the time you read this i'll be gone",
]

HYPERBOLE = [
    "this homework is killing me",
    "i'm dead 😂",
    "kill me now the bus is late",
    "i literally died when he said that",
    "my phone is dying",
    "i could just die of embarrassment",
    "i'm so done with this maths test",
    "whats the point of homework on a friday",
    "nobody noticed my new haircut :(",
    "i cut my fringe myself and it looks awful",
    "i'm so tired, didnt sleep at all",
    "goodbye everyone, see you monday!",
    "thank you for everything this year, best youth club ever",
    "i'm going to the bridge after school to meet jay",
    "i burned the toast again lol",
]


def self_harm(text: str, *, second_stage: bool = True) -> int:
    verdict = screen(text, Context(second_stage=second_stage))
    return max((f.severity for f in verdict.findings if f.category == Category.SELF_HARM), default=0)


# Development phrasings the change does not catch (measured, not hidden): "hit myself", a plan said as an errand,
# burden said of one parent, two hopeless ones near "so tired", and a plan whose only cue is "going", which
# the gate lets through only with a second cue (it kept the encoder to half the messages it would ask).
MISSED = {
    "i know how i'm going to do it now",
    "i hit myself when i get like this",
    "going to the bridge after school and not coming back",
    "my mum would be better off if i was gone",
    "whats the point in even trying",
    "i cant keep going like this",
}
LOOK_ONLY = {"this is my last message, tell my sister i love her"}  # found, but not clear enough to escalate


def _cases(texts, floor):
    return [
        pytest.param(t, floor, marks=pytest.mark.xfail(strict=True, reason="a known miss"))
        if t in MISSED
        else (t, floor)
        for t in texts
    ]


@pytest.mark.parametrize(
    ("text", "floor"), _cases([t for t in ACTS + PLANS + BURDEN + GOODBYE if t not in LOOK_ONLY], 3)
)
def test_acts_plans_burden_and_goodbyes_escalate(text, floor):
    assert self_harm(text) >= floor, text


@pytest.mark.parametrize(("text", "floor"), _cases(HOPELESSNESS + sorted(LOOK_ONLY), 2))
def test_hopelessness_is_a_look_for_the_safeguarding_lead(text, floor):
    assert self_harm(text) >= floor, text


def test_the_fast_path_alone_caught_two_of_these():
    # the lexicon alone, as before this change: "been cutting again", "i dont see the point of anything anymore"
    caught = [
        t for t in ACTS + PLANS + BURDEN + GOODBYE + HOPELESSNESS if self_harm(t, second_stage=False) >= 2
    ]
    assert caught == ["been cutting again", "i dont see the point of anything anymore"]


@pytest.mark.parametrize("text", HYPERBOLE)
def test_hyperbole_and_ordinary_talk_pass(text):
    assert self_harm(text) == 0, text
