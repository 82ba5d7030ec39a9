"""Bullying phrases: exclusion, contempt, humiliation, and telling someone to kill themselves."""

import json
import random
import time

import pytest

from harbour.screening.detectors.lexicon import _outermost
from harbour.screening.engine import default_engine
from harbour.screening.verdict import Category, Context

BULLYING = [
    ("nobody likes you", 3),
    ("no one likes u", 3),
    ("everyone hates you", 3),
    ("you have no friends", 3),
    ("ur worthless", 3),
    ("lets all ignore her", 3),
    ("i'll leak your pics", 4),
    ("kys", 4),
    ("k y s", 4),
    ("just kill yourself", 4),
    ("go die", 3),
    ("hope u die", 4),
    ("nobody would care if you died", 4),
    ("no one would care if u were gone", 4),
    ("everyone would be better off without you", 4),
    ("you should kill yourself tbh", 4),
    ("shut up", 1),
    ("youre pathetic", 2),
]

INNOCENT = [
    "everyone likes you here",
    "I have no friends in Leeds yet, any tips?",
    "saying kys is not ok",
    "nobody likes mondays",
    "the shutter is up",
    "I hope you feel better",
    "we should all ignore the rain",
    "your pics from the trip are lovely",
    "I dye my hair",
    "go dive in the pool",
    "killed it yourself? well done",
    "no one liked the film",
    "nobody would care if you were late",
    "everyone would be better off with a bigger hall",
]


@pytest.mark.parametrize(("text", "severity"), BULLYING)
def test_bullying_is_found(screen_bullying, text, severity):
    assert screen_bullying(text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_kind_and_ordinary_text_passes(screen_bullying, text):
    assert screen_bullying(text) == 0


@pytest.fixture
def screen_bullying(found):
    """Bullying is found by its own lexicon and, for "kill yourself" and the like, the self-harm one."""

    def run(text):
        hits = found("bullying", text) + found("self_harm", text)
        return max((s for category, s, _ in hits if category == "bullying"), default=0)

    return run


# Issue 15: "nobody wants tia there lol" scored 0. Leaving a named child out; written before the lexicon
# changed (the other half of the phrasings was kept aside and run once, at the end).
EXCLUSION = [
    ("nobody wants tia there lol", 2),
    ("dont invite ellie shes so annoying", 2),
    ("tia isnt welcome here", 2),
    ("nobody wants to sit with amy", 2),
    ("tell sam not to come, no one wants him there", 2),
    ("ugh why does priya always have to come, nobody even likes her", 2),
    ("lets all ignore zac", 3),
]

NOT_EXCLUSION = [
    "nobody wants to go there in the rain",
    "leave it out",
    "don't let the rain stop you",
    "no one likes the new rules",
    "everyone hates mondays",
    "nobody wants homework",
    "don't let him play in goal, he's injured",
]


@pytest.mark.parametrize(("text", "severity"), EXCLUSION)
def test_leaving_a_named_child_out_is_found(screen_bullying, text, severity):
    assert screen_bullying(text) == severity


@pytest.mark.parametrize("text", NOT_EXCLUSION)
def test_things_nobody_wants_are_not_a_child(screen_bullying, text):
    assert screen_bullying(text) == 0


# A reply that only agrees or laughs joins in: it means something only in its thread (issue 15: "😂😂 facts"
# under "nobody wants tia there lol" scored 0).
JOINING_IN = ["😂😂 facts", "literally 💀", "this 😂", "hahaha ikr", "say it louder", "facts tho"]


def _thread(*messages, engine=None):
    """Screen (author, thread, text) in order, keeping each author's state as ingest does; the last verdict."""
    engine = engine or default_engine()
    states, verdict = {}, None
    for author, thread, text in messages:
        verdict = engine.screen(text, Context(author=author, thread=thread, author_state=states.get(author)))
        states[author] = verdict.author_state
    return verdict


@pytest.mark.parametrize("reply", JOINING_IN)
def test_a_laughing_reply_from_someone_who_just_bullied_in_the_thread_joins_in(reply):
    verdict = _thread(
        ("zac", "t1", "nobody wants tia there lol"), ("mia", "t1", "she is so annoying"), ("zac", "t1", reply)
    )
    joined = [f for f in verdict.findings if f.category == Category.BULLYING]
    assert joined and joined[0].severity == 2 and joined[0].evidence["joins_in"], reply
    assert verdict.action != "allow"


@pytest.mark.parametrize("reply", JOINING_IN)
def test_the_same_reply_elsewhere_or_alone_passes(reply):
    # in another thread, from someone else, or with no history: an ordinary laugh
    assert _thread(("zac", "t1", "nobody wants tia there lol"), ("zac", "t2", reply)).severity == 0
    assert _thread(("zac", "t1", "nobody wants tia there lol"), ("leo", "t1", reply)).severity == 0
    assert _thread(("zac", "t1", reply)).severity == 0
    assert default_engine().screen(reply).severity == 0  # no author, no thread


@pytest.mark.parametrize(
    "reply", ["not true lol", "no lol leave her alone", "haha thats not funny", "lol what time is the bus"]
)
def test_disagreeing_or_moving_on_is_not_joining_in(reply):
    verdict = _thread(("zac", "t1", "nobody wants tia there lol"), ("zac", "t1", reply))
    assert not [f for f in verdict.findings if f.evidence.get("joins_in")]


def test_the_bullying_state_is_small_and_survives_bad_input():
    engine = default_engine()
    state = None
    for i in range(30):
        context = Context(author="z", thread=f"t{i}", author_state=state)
        state = engine.screen("nobody wants tia there", context).author_state
    assert state["bullying"]["threads"] == [f"t{i}" for i in range(22, 30)]
    json.dumps(state)
    for bad in ({"v": 1, "threads": "t1"}, {"v": 9}, [], "x", {"v": 1, "threads": [1, None]}):
        verdict = engine.screen(
            "😂😂 facts", Context(author="z", thread="t1", author_state={"bullying": bad})
        )
        assert verdict.severity == 0


def test_a_text_of_thousands_of_hits_is_filtered_in_linear_time(found):
    # "lol " 25,000 times is 25,000 slang hits: the "word inside a longer phrase" filter compared every hit
    # with every other (minutes); one sort and a sweep now (issue 15 item 2's bound is 20 µs a character)
    text = "lol " * 25_000 + "nobody wants tia there"
    started = time.process_time()
    hits = found("slang", text) + found("bullying", text)
    assert time.process_time() - started < 5
    assert len(hits) == 25_001 and ("bullying", 2, "nobody wants tia there") in hits


def test_the_filter_keeps_what_the_pairwise_rule_kept():
    rng = random.Random(15)
    for _ in range(3000):
        forms = [rng.randint(0, 1) for _ in range(6)]
        hits = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 10)
            hits.append(("entry", rng.randint(0, 5), 0, start, start + rng.randint(1, 5), "match"))
        pairwise = [
            h
            for h in hits
            if not any(
                o is not h
                and o[3] <= h[3]
                and h[4] <= o[4]
                and o[4] - o[3] > h[4] - h[3]
                and forms[o[1]] == forms[h[1]]
                for o in hits
            )
        ]
        assert _outermost(hits, forms) == pairwise
