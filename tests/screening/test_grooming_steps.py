"""grooming_steps: single messages that are a grooming step by themselves (issue 15: "Do your mum and dad
check your phone much?" scored 0). The grooming tracker counts the same steps towards its isolation stage
(tests/screening/test_grooming_tracker.py)."""

import pytest

from harbour.screening.detectors.grooming import GroomingTracker
from harbour.screening.engine import default_engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context, Direction

# Probing how closely an adult watches over the child; written before the lexicon (the other half of the
# phrasings was kept aside and run once, at the end).
PROBES = [
    "Do your mum and dad check your phone much?",
    "do your parents know you're on here?",
    "does anyone check what you do on your phone?",
    "can your mum see your snapchat?",
    "does your dad read your texts?",
    "would your mum and dad mind you talking to me?",
    "does your mum know your instagram password?",
    "are ur parents really strict",
    "does ur step dad ever go through ur phone",
]

EVERYDAY = [
    "Please ask your parents to check the kit list",
    "does your mum know what time the trip ends?",
    "can your mum and dad sign the consent form?",
    "is your mum picking you up?",
    "my mum checks my phone every night",  # about the author's own parents
    "do your parents know the way to the hub?",
    "my dad is really strict",
]


@pytest.mark.parametrize("text", PROBES)
def test_probing_supervision_is_a_grooming_step(found, text):
    assert ("grooming", 2) in [
        (category, severity) for category, severity, _ in found("grooming_steps", text)
    ]


@pytest.mark.parametrize("text", PROBES)
def test_the_tracker_counts_it_as_isolation(text):
    assert "isolation" in [name for name, _, _ in GroomingTracker().signals(Document(text))]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_talk_about_parents_passes(flagged, text):
    assert flagged("grooming_steps", text) == 0


def test_an_organisations_own_draft_is_not_screened_for_grooming():
    verdict = default_engine().screen(
        "Do your parents check your phone?", Context(direction=Direction.OUTGOING)
    )
    assert "grooming_steps" not in [f.detector for f in verdict.findings]
