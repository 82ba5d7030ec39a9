"""The kept half of the exclusion and pile-on phrasings (issue 19), written with test_bullying_exclusion.py
and test_pile_on.py before the detectors changed. Nothing was tuned on these: they run only when
HARBOUR_DISTRESS_KEPT=final, once, at the end, and the count caught goes into docs/model-card.md.
"""

import os

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

pytestmark = pytest.mark.skipif(
    os.environ.get("HARBOUR_DISTRESS_KEPT") != "final", reason="the kept half runs once, at the end"
)

EXCLUSION = [
    "no one even likes ruby tbh",
    "everyone thinks aisha is a weirdo",
    "dont let kyle sit with us at lunch",
    "nobody would miss freya if she left the group",
    "lets not tell olly where we're meeting",
    "the whole class hates zara",
    "nobody talks to him for a reason",
    "remove ellis from the gc",
    "no one wants dan on the team",
    "everybody is laughing at mia behind her back",
]

NOT_EXCLUSION = [
    "no one likes being left out",
    "everyone hates traffic",
    "nobody wants to do the washing up",
    "dont invite strangers to your live stream",
    "the whole class loves mr khan",
    "no one would notice the stain",
    "everybody is talking about the match",
    "let's all meet at the hub",
    "nobody can stand the smell in the science block",
    "ask kai if he wants to come",
]

PARENTS = [
    "no one even likes ruby tbh",
    "the whole class hates zara",
    "ur so ugly no wonder nobody talks to u",
]
JOINING = ["lmaooo", "couldnt agree more", "real 😭", "spot on", "exactly what i was thinking", "💯"]
NOT_JOINING = ["thats harsh", "leave him alone fr", "stop being mean"]


def bullying(text: str, parent: str | None = None) -> list:
    verdict = screen(text, Context(author="a", thread="t1", parent_text=parent))
    return [f for f in verdict.findings if f.category == Category.BULLYING]


@pytest.mark.parametrize("text", EXCLUSION)
def test_kept_exclusion_is_found(text):
    assert max((f.severity for f in bullying(text)), default=0) >= 2, text


@pytest.mark.parametrize("text", NOT_EXCLUSION)
def test_kept_ordinary_passes(text):
    assert bullying(text) == [], text


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("reply", JOINING)
def test_kept_joining_in(parent, reply):
    assert any(f.evidence.get("joins_in") for f in bullying(reply, parent)), (parent, reply)


@pytest.mark.parametrize("reply", NOT_JOINING + JOINING)
def test_kept_replies_under_ordinary_text_pass(reply):
    assert bullying(reply, "the bus is late again") == [], reply
