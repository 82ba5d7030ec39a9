"""Disclosures: a young person saying they are being harmed goes to the safeguarding lead and off the page.
Play, idioms and an organisation's own advice do not."""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Action, Context, Direction

DISCLOSURES = [
    ("my stepdad hits me", 3),
    ("my dad always hits me when he's drunk", 3),
    ("my boyfriend hurt me again", 3),
    ("someone touched me down there", 4),
    ("he made me do things I didn't want to", 4),
    ("i was raped", 4),
    ("coz he molests me", 4),
    ("my uncle molested me", 4),
    ("a man sexually abused me", 4),
    ("someone is grooming me", 4),
    ("i think im being groomed", 4),
    ("I got jumped after school", 3),
    ("I don't feel safe at home", 4),
    ("im scared to go home tonight", 4),
    ("he said he'll share my nudes if i don't send more", 4),
    ("someone is threatening to post my pics", 4),
    ("i'm being blackmailed", 4),
    ("they make me carry stuff for them", 3),
    ("I'm being bullied and I don't know what to do", 3),
    ("I got bullied at school today", 3),
    ("people keep picking on me at school", 3),
    ("someone keeps sending me horrible messages", 3),
    ("someone made a fake account of me", 3),
    ("he told me not to tell anyone", 3),
    ("theres no food at home", 2),
    ("he hit me", 2),
    ("im b3ing bull1ed", 3),
    ("someone keeps sending me dick pics", 4),
    ("a man i met online wants to meet me on saturday", 3),
    ("an older guy on snap asked me for pics", 4),
    ("my uncle said its our secret", 3),
    ("he said it's our secret", 2),
    ("I'm not allowed to tell anyone", 3),
    ("my stepdad gave me a black eye", 3),
    ("he gives me weed to sell for him", 3),
    ("i want to run away from home", 2),
    ("I ran away from home last night", 3),
    ("my dad hits my mum when he's drunk", 3),
    ("my mum and dad fight all the time", 2),
    ("things at home are really bad right now", 2),
    ("I don't like it when he comes into my room", 3),
    ("my stepdad comes into my room at night", 2),
]

INNOCENT = [
    "if anyone hurts you, tell a member of staff",
    "the ball hit me in the face lol",
    "he hit me up on snap",
    "my mum made me dinner",
    "that song touched me",
    "she touched my heart with that speech",
    "bullying is never ok",
    "we run an anti-bullying workshop on Tuesday",
    "I feel safe at the youth club",
    "they make me laugh so much",
    "I'm not being bullied, just tired",
    "my mum gave me a lift to the club",
    "a guy I met online helped me with my homework",
    "she sent me pics of her dog",
    "my coach gave me a medal",
    "my mum said it is a secret, it's a surprise party",
    "our youth worker gave me some leaflets about drugs",
    "my dad hit my brother's high score on the game",
    "things at home are good now we've moved",
    "the session on grooming and exploitation was really useful",
    "I was never abused, I just want to talk about my friend",
]


@pytest.mark.parametrize(("text", "severity"), DISCLOSURES)
def test_disclosures_are_found(flagged, text, severity):
    assert flagged("disclosure", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_play_idioms_and_advice_pass(flagged, text):
    assert flagged("disclosure", text) == 0


# A negation inside the phrase's gap ("{adult} ... {hurts} me") is a denial: still a look, never an escalation,
# as "my dad never hits me where it shows" reads the same to a word list.
DENIALS = [
    "my dad never hits me",
    "my dad doesn't hit me",
    "my mum would never hurt me",
    "my uncle does not touch me",
]


@pytest.mark.parametrize("text", DENIALS)
def test_a_denial_is_a_look_not_an_escalation(text):
    verdict = screen(text, Context())
    (finding,) = [f for f in verdict.findings if f.detector == "disclosure"]
    assert finding.severity == 1 and finding.reason.endswith("(negated)")
    assert verdict.action == Action.REVIEW


def test_a_negation_the_phrase_spells_is_not_a_denial():
    verdict = screen("I don't feel safe at home and my stepdad always hits me", Context())
    assert sorted(f.severity for f in verdict.findings if f.detector == "disclosure") == [3, 4]
    assert verdict.action == Action.ESCALATE


def test_a_disclosure_goes_to_the_safeguarding_lead_and_off_the_page():
    verdict = screen("my stepdad hits me", Context())
    assert verdict.action == Action.ESCALATE
    (finding,) = [f for f in verdict.findings if f.detector == "disclosure"]
    assert finding.category == "disclosure" and finding.reason == "Says an adult or partner hurts them"
    assert "my stepdad hits me"[finding.span[0] : finding.span[1]] == "my stepdad hits me"


def test_an_organisations_own_post_is_not_read_for_disclosures():
    verdict = screen("my stepdad hits me", Context(direction=Direction.OUTGOING))
    assert not [f for f in verdict.findings if f.detector == "disclosure"]


def test_saying_you_are_bullied_is_not_read_as_an_insult():
    """The models no longer learn from tweets about being bullied as if they were bullying
    (training/data.py, cyberbullying_tweets): the disclosure is the only finding."""
    verdict = screen("I got bullied at school today", Context())
    assert [f.detector for f in verdict.findings] == ["disclosure"]
