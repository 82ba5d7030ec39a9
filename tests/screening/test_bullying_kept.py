"""The kept half of the exclusion and pile-on phrasings (issue 19), written with test_bullying_exclusion.py
and test_pile_on.py before the detectors changed. Nothing was tuned on these: they ran once, at the end
(2026-12-05, with HARBOUR_DISTRESS_KEPT=final), and the count caught is in docs/model-card.md. They run
always now, as they came out of that run: its misses are strict known misses, not to be tuned away.
"""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

# What the one run missed (before the change: exclusion 3 of 10, joining in 1 of 18).
MISSED = {
    "no one even likes ruby tbh",
    "everyone thinks aisha is a weirdo",
    "lets not tell olly where we're meeting",
    "remove ellis from the gc",
    "everybody is laughing at mia behind her back",
    # the bullying lexicon's "dont invite _" frame, flagged before this change too
    "dont invite strangers to your live stream",
}
# Joining in missed: every reply under the parent that was itself missed, and replies the agreeing words and
# the meaning did not read as agreeing.
JOINING_MISSED = {
    ("no one even likes ruby tbh", r)
    for r in ("lmaooo", "couldnt agree more", "real 😭", "spot on", "exactly what i was thinking", "💯")
} | {
    (p, r)
    for p in ("the whole class hates zara", "ur so ugly no wonder nobody talks to u")
    for r in ("couldnt agree more", "spot on", "💯")
}


def _known(texts):
    return [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="missed in the one kept run"))
        if t in MISSED
        else t
        for t in texts
    ]


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


@pytest.mark.parametrize("text", _known(EXCLUSION))
def test_kept_exclusion_is_found(text):
    assert max((f.severity for f in bullying(text)), default=0) >= 2, text


@pytest.mark.parametrize("text", _known(NOT_EXCLUSION))
def test_kept_ordinary_passes(text):
    assert bullying(text) == [], text


@pytest.mark.parametrize(
    ("parent", "reply"),
    [
        pytest.param(p, r, marks=pytest.mark.xfail(strict=True, reason="missed in the one kept run"))
        if (p, r) in JOINING_MISSED
        else (p, r)
        for p in PARENTS
        for r in JOINING
    ],
)
def test_kept_joining_in(parent, reply):
    assert any(f.evidence.get("joins_in") for f in bullying(reply, parent)), (parent, reply)


@pytest.mark.parametrize("reply", NOT_JOINING + JOINING)
def test_kept_replies_under_ordinary_text_pass(reply):
    assert bullying(reply, "the bus is late again") == [], reply
