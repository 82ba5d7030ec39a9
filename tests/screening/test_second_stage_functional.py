"""Functional cases for the classifiers' second stage, in the manner of HateCheck (Röttger et al., 2021):
each case is one function of hateful or non-hateful language, written by us on 2026-12-05 BEFORE the heads
and their band were built, and never changed after seeing a verdict.

Each row is (function, text, expected): "flag" means the full screen should raise an offensive-language
finding (insult, hate, bullying, sexual, profanity or violence), "clear" that it should raise none.

DEVELOPMENT may be read while building; KEPT was written at the same time, in the same way, and is only
counted (tests/screening/test_second_stage_functional.py reports how many it gets right), never used to
choose anything.
"""

import pytest

from harbour.screening.engine import Engine

DEVELOPMENT = [
    # derogation of a group
    ("derogation", "gay people are disgusting and shouldn't be allowed near kids", "flag"),
    ("derogation", "women are too stupid to be in charge of anything", "flag"),
    ("derogation", "muslims are all the same, vile people", "flag"),
    ("derogation", "trans people are mentally ill freaks", "flag"),
    ("derogation", "immigrants are ruining this country, send them all back", "flag"),
    ("derogation", "disabled people are a drain on everyone", "flag"),
    # dehumanisation
    ("dehumanisation", "black people are animals", "flag"),
    ("dehumanisation", "those refugees are vermin", "flag"),
    ("dehumanisation", "jews are a disease on society", "flag"),
    # threats
    ("threat", "I'm going to find you and kill you", "flag"),
    ("threat", "someone should put a bullet in every one of them muslims", "flag"),
    ("threat", "watch your back after school, you're getting battered", "flag"),
    ("threat", "i will burn your house down", "flag"),
    # insults at one person
    ("insult", "you're a pathetic little loser and everyone laughs at you", "flag"),
    ("insult", "shut up you fat ugly cow", "flag"),
    ("insult", "nobody likes you, just leave the group already", "flag"),
    ("insult", "you are so thick it's embarrassing", "flag"),
    # hate phrased as a question or an opinion
    ("opinion", "why are gay people always so annoying and disgusting?", "flag"),
    ("opinion", "I honestly think women belong in the kitchen and nowhere else", "flag"),
    # negation of hate
    ("negation", "I don't hate gay people", "clear"),
    ("negation", "muslims are not terrorists", "clear"),
    ("negation", "there is nothing wrong with being trans", "clear"),
    ("negation", "black people are not animals, stop saying that", "clear"),
    # identity statements and positive statements about a group
    ("identity", "I'm gay and my parents are fine with it", "clear"),
    ("identity", "as a muslim girl I love going to the youth club", "clear"),
    ("identity", "my brother is disabled and he's the funniest person I know", "clear"),
    ("identity", "trans people deserve respect", "clear"),
    ("identity", "immigrants make this country better", "clear"),
    ("identity", "proud to be black and from Leeds", "clear"),
    # counter-speech: quoting or reporting hate to oppose it
    ("counter-speech", "calling someone gay as an insult is not ok", "clear"),
    ("counter-speech", "if you say women are stupid you need to grow up", "clear"),
    (
        "counter-speech",
        "someone in my class keeps saying muslims are terrorists and it's really upsetting",
        "clear",
    ),
    ("counter-speech", "racism has no place in football", "clear"),
    # reclaimed words and in-group use
    ("reclaimed", "queer and proud, see you all at pride!", "clear"),
    ("reclaimed", "the queer youth group meets on thursdays", "clear"),
    # ordinary chat that a bag of words might misread
    ("ordinary", "this homework is killing me lol", "clear"),
    ("ordinary", "you absolutely smashed it at the match today", "clear"),
    ("ordinary", "that film was sick, we should go again", "clear"),
    ("ordinary", "my mum is making me tidy my room before I can come out", "clear"),
    ("ordinary", "can't wait for the trip to the zoo on friday", "clear"),
]

KEPT = [
    ("derogation", "lesbians are gross and should keep away from our girls", "flag"),
    ("derogation", "all immigrants are criminals and liars", "flag"),
    ("derogation", "girls are useless at football and at everything else", "flag"),
    ("dehumanisation", "gypsies are rats, the lot of them", "flag"),
    ("dehumanisation", "muslims are parasites", "flag"),
    ("threat", "i know where you live and i'm coming for you", "flag"),
    ("threat", "we should beat up every gay kid in this school", "flag"),
    ("insult", "you're a worthless idiot, go cry to your mum", "flag"),
    ("insult", "everyone hates you, you ugly freak", "flag"),
    ("opinion", "don't you think disabled people are just a burden?", "flag"),
    ("negation", "I would never say anything bad about muslims", "clear"),
    ("negation", "being gay is not a choice and not a problem", "clear"),
    ("negation", "women are not worse at maths", "clear"),
    ("identity", "I'm a lesbian and I've just joined the club", "clear"),
    ("identity", "my best friend is trans and she's amazing", "clear"),
    ("identity", "our family came here as refugees when I was five", "clear"),
    ("counter-speech", "saying disabled people are a burden is disgusting and wrong", "clear"),
    ("counter-speech", "stop calling people gay like it's a bad thing", "clear"),
    ("reclaimed", "happy pride to all my queer friends", "clear"),
    ("ordinary", "i'm dying to see the new spider-man film", "clear"),
    ("ordinary", "we murdered that quiz tonight, well done team", "clear"),
]


OFFENSIVE = frozenset({"profanity", "insult", "hate", "bullying", "sexual", "violence"})


def _right(engine, cases) -> list[bool]:
    out = []
    for _, text, expected in cases:
        flagged = any(str(f.category) in OFFENSIVE for f in engine.screen(text).findings)
        out.append(flagged == (expected == "flag"))
    return out


@pytest.fixture(scope="module")
def engines():
    return Engine(second_stage=False), Engine()


def test_the_second_stage_gets_no_fewer_development_cases_right(engines):
    fast, second = engines
    without, with_ = _right(fast, DEVELOPMENT), _right(second, DEVELOPMENT)
    print(f"development cases right: fast path {sum(without)}/{len(DEVELOPMENT)}, second stage {sum(with_)}")
    assert sum(with_) >= sum(without)


def kept_counts() -> tuple[int, int]:
    """How many KEPT cases the fast path and the full screen with the second stage get right: counted,
    never asserted or tuned on (`python -m tests.screening.test_second_stage_functional`)."""
    fast, second = Engine(second_stage=False), Engine()
    return sum(_right(fast, KEPT)), sum(_right(second, KEPT))


if __name__ == "__main__":
    without, with_ = kept_counts()
    print(f"kept cases right: fast path {without}/{len(KEPT)}, with the second stage {with_}/{len(KEPT)}")
