"""Libel risk: damaging claims of fact about a named person or organisation (guidance 6.2)."""

import pytest

from harbour.screening.detectors.libel import LibelRisk
from harbour.screening.verdict import Category

RISKY = [
    ("Councillor Smith is a thief.", "Councillor Smith", "thief", 2),
    ("Mr Jones stole the money from the youth club.", "Mr Jones", "stole", 2),
    ("ABC Ltd are crooks.", "ABC Ltd", "crooks", 2),
    ("Dave lied to us about the funding.", "Dave", "lied", 2),
    ("The headteacher is a bully.", "The headteacher", "bully", 2),
    ("Cllr J. Patel took bribes from developers.", "Cllr J. Patel", "took bribes", 2),
    ("Riverside Academy covered up the bullying.", "Riverside Academy", "covered up", 2),
    ("Mr Jones, our treasurer, fiddled the books.", "Mr Jones", "fiddled the books", 2),
    ("John Smith is a paedophile.", "John Smith", "paedophile", 3),
    ("Mrs Green is totally incompetent.", "Mrs Green", "incompetent", 1),
    (
        "We were ripped off by Castle Coaches Ltd.",
        "Castle Coaches Ltd",
        "were ripped off by Castle Coaches Ltd",
        2,
    ),
    # Opinion, attribution and reported convictions lower the severity but still need a check.
    ("I think Mr Brown is a liar.", "Mr Brown", "liar", 1),
    ("Allegedly Dr Khan had an affair with a parent.", "Dr Khan", "had an affair", 2),
    ("Police say Mr Smith was arrested on Friday.", "Mr Smith", "arrested", 1),
    ("Mr Smith was arrested for fraud.", "Mr Smith", "arrested", 2),
    ("Mr Patel assaulted a pupil.", "Mr Patel", "assaulted", 2),
    ("Coach Evans has been stealing from the tuck shop.", "Coach Evans", "stealing", 2),
    ("Mr Smith was convicted of fraud in 2019, the court heard.", "Mr Smith", "fraud", 1),
]

SAFE = [
    "Councillor Smith opened the new skate park today.",
    "Mr Jones stole the show at the talent contest!",
    "Thanks to ABC Ltd for the free pizzas.",
    "Dave is not a thief.",
    "Mrs Green was not arrested.",
    "They lied to us.",
    "Someone stole a bike from outside the club. Please tell us if you saw anything.",
    "Our new coach Sam starts on Monday.",
    "We talked about how to spot a scam online.",
    "Bullying is never OK. Talk to someone you trust.",
    "The film is about a thief who steals a dragon.",
    "Riverside Academy won the cup!",
    "If you are being bullied, call Childline on 0800 1111.",
    "Learn how to stay safe from online groomers with our workshop.",
    "I lied when I said I didn't like sprouts.",
    "Thanks to PC Brown, who arrested the vandals.",
    "Mr Jones was assaulted on his way home; police want to hear from witnesses.",
    "Miss Ali was bullied at school and now helps others who are bullied.",
    "Mrs Khan's bike was stolen from the car park.",
]


@pytest.fixture(scope="module")
def detector():
    return LibelRisk()


@pytest.mark.parametrize(("text", "party", "claim", "severity"), RISKY)
def test_claims_about_named_parties_are_found(detector, text, party, claim, severity):
    (f,) = detector.check(text)
    assert (f.evidence["party"], text[f.span[0] : f.span[1]], f.severity) == (party, claim, severity)
    assert f.category == Category.LIBEL_RISK


@pytest.mark.parametrize("text", SAFE)
def test_safe_drafts_have_no_findings(detector, text):
    assert detector.check(text) == []


def test_reason_names_the_party_and_what_to_do(detector):
    (f,) = detector.check("Councillor Smith is a thief.")
    assert f.reason == (
        "Possible libel: this says Councillor Smith is guilty of a crime ('thief'). A statement that harms "
        "someone's reputation can lead to legal action: remove it unless it is true and can be proved."
    )


def test_hedged_reason_warns_that_repeating_is_still_risky(detector):
    (f,) = detector.check("I think Mr Brown is a liar.")
    assert "given as opinion" in f.reason and "Repeating an accusation can still be libel" in f.reason


def test_curly_apostrophes_keep_spans_in_the_original_text(detector):
    text = "Mr O’Neill’s son is fine. Mr O’Neill lied."
    (f,) = detector.check(text)
    assert text[f.span[0] : f.span[1]] == "lied"
    assert f.evidence["party"] == "Mr O'Neill"
