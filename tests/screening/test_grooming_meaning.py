"""Grooming stages recognised from their meaning (issue 19): the tracker's second stage compares a message's
sentence vector with stage exemplars (detectors/data/grooming_stages.txt) and adds what it finds to the
hand patterns' stage scores.

The tables below were written before the second stage was built, in phrasings of our own. TUNED rows were
used while choosing the exemplars and the cut-offs; KEPT rows were never looked at while tuning: their
share caught is reported in docs/model-card.md, and held here only to a floor fixed before the first run.
"""

import pytest

from harbour.screening.detectors.grooming import (
    MEANING_STAGES,
    GroomingTracker,
    digest,
    exemplars,
    gate,
    meaning_model,
)
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context

TRACKER = GroomingTracker()

# (stage, message): one early-stage step each, mostly in words the hand patterns do not know.
TUNED = [
    ("personal", "so hw old r u anyway"),
    ("personal", "are you in high school or middle school"),
    ("personal", "which part of town are you in"),
    ("personal", "u still live with ur mum?"),
    ("personal", "when's your birthday, how many candles this year"),
    ("rapport", "honestly ur the most amazing girl ive ever talked to"),
    ("rapport", "you're way smarter than other kids your age"),
    ("rapport", "i feel like i've known you forever"),
    ("rapport", "nobody gets me like you do, we just click"),
    ("rapport", "you deserve someone who treats you like a queen"),
    ("isolation", "your mom sounds really mean, she doesnt deserve u"),
    ("isolation", "do your folks keep tabs on who you talk to online"),
    ("isolation", "what time does your mum get back from work"),
    ("isolation", "your friends are just jealous of you, you dont need them"),
    ("isolation", "is there anyone at home with you right now"),
    ("secrecy", "dont mention me to your mum ok"),
    ("secrecy", "this stays between us yeah"),
    ("secrecy", "people wouldnt understand what we have so keep it to yourself"),
    ("secrecy", "wipe our chat when youre done"),
    ("secrecy", "if anyone asks, you're just talking to a friend from school"),
    ("gifts", "i could get you that new iphone if you want"),
    ("gifts", "want me to top up your phone credit"),
    ("gifts", "ill send you some money for the skins you wanted"),
    ("gifts", "i bought something for you, you'll get it when we meet"),
    ("gifts", "how about a new pair of trainers, my treat"),
    ("private_channel", "this app is rubbish, got snap?"),
    ("private_channel", "lets talk somewhere more private"),
    ("private_channel", "message me on insta its easier"),
    ("private_channel", "can i have your number so we can text"),
    ("private_channel", "do u use whatsapp"),
    ("meeting", "we should grab a milkshake sometime, just us two"),
    ("meeting", "i can come pick you up after school friday"),
    ("meeting", "i'm only 20 min away from you"),
    ("meeting", "would be nice to finally see you for real"),
    ("meeting", "tell your mum you're staying at a friend's and come to mine"),
]

# Never tuned on (see the module docstring).
KEPT = [
    ("personal", "u look young, what age r u"),
    ("personal", "which secondary do you go to"),
    ("personal", "whereabouts in manchester do u live"),
    ("personal", "wat grade r u in"),
    ("personal", "do you live near the park"),
    ("rapport", "you're honestly so special to me"),
    ("rapport", "ur prettier than any girl my age"),
    ("rapport", "you can tell me anything, i'll never judge you"),
    ("rapport", "i cant stop thinking bout u"),
    ("rapport", "we have a real connection you know"),
    ("isolation", "do ur parents let u have ur phone in ur room at night"),
    ("isolation", "they dont appreciate you like i do"),
    ("isolation", "are you by yourself tonight"),
    ("isolation", "your teachers just dont get you"),
    ("isolation", "does your mum work late"),
    ("secrecy", "you can't tell anyone about me, promise?"),
    ("secrecy", "make sure u delete this after"),
    ("secrecy", "if your dad finds out i'll be in big trouble"),
    ("secrecy", "its our thing, nobody else needs to hear about it"),
    ("secrecy", "say you were at your friend's if she asks"),
    ("gifts", "i'll buy you robux if you want"),
    ("gifts", "do you want a new phone? i can sort that"),
    ("gifts", "i got you a little something"),
    ("gifts", "need anything? i can send u cash"),
    ("gifts", "i'll pay for your bus ticket"),
    ("private_channel", "add me on snapchat my user is xx"),
    ("private_channel", "what's your kik"),
    ("private_channel", "we can facetime later if u want"),
    ("private_channel", "this chat is too public, let's go somewhere else"),
    ("private_channel", "give me ur number"),
    ("meeting", "wanna meet up this weekend"),
    ("meeting", "i'll be in your area saturday"),
    ("meeting", "can you get out of the house tonight"),
    ("meeting", "let's go to the cinema together, just the two of us"),
    ("meeting", "i'll wait for you by the station"),
]
KEPT_FLOOR = 0.5  # fixed before the first run: at least half of the kept rows get their stage

# TUNED rows the tracker still misses with the shipped exemplars and cut-offs (strict: a fix must say so here).
# The first and last are near their stage but not near enough; the other two never reach the encoder, as
# they name no one ("you", "we"): the gate passes only messages addressed to someone.
MISSED = {
    "nobody gets me like you do, we just click",
    "how about a new pair of trainers, my treat",
    "this app is rubbish, got snap?",
    "we should grab a milkshake sometime, just us two",
}

# Ordinary messages about ages, schools, parents, phones and plans that are no step towards the reader.
NOT_A_STEP = [
    "how old is your dog now",
    "the new school building looks amazing",
    "my mum got me a new phone for christmas",
    "what time does the shop close",
    "i bought the tickets for the concert yesterday",
    "this homework is impossible",
    "did you watch the match last night",
    "my birthday party was so fun",
    "the teacher kept us late again",
    "lol that video is hilarious",
    "Shakespeare went to a grammar school in Stratford",
    "our cat is older than me",
]

# Teenagers among themselves: questions about age and school, plans and phones between peers. Whole
# streams, each from one author, that must not raise an alert.
PEER_STREAMS = [
    [
        "omg did u see the new episode",
        "wait how old is ur brother again",
        "lol he acts like hes 5",
        "are you going to maddie's party",
        "my mum said i can go if im back by 10",
        "what are you wearing",
        "can u send me the maths homework",
        "ugh i hate fractions",
        "see u in form tomorrow",
        "dont tell jess i said that about her haircut lol",
        "add me on snap btw my old account got hacked",
        "wanna go into town saturday",
        "ill ask my dad if he can drive us",
        "haha ur so funny",
        "night x",
    ],
    [
        "what school do you go to? i think my cousin goes there",
        "how old are you, you seem older",
        "im 14 lol",
        "year 9 is the worst",
        "our teacher gave us so much homework",
        "do you play fortnite",
        "whats ur username ill add you",
        "we should play duos later",
        "my mum takes my phone at 9 tho",
        "she checks everything its so annoying",
        "i love your drawings btw they're amazing",
        "you should post more",
        "gtg dinner",
        "back",
        "ok bye see you tomorrow",
    ],
    [
        "anyone know when the trip money is due",
        "i think its friday",
        "are ur parents letting u go",
        "mine said yes if i do my chores",
        "can someone text me the times",
        "my phone is so broken",
        "i need a new one for my birthday",
        "lets all meet at the bus stop at 8",
        "bring snacks",
        "ur the best",
        "dont forget ur permission slip",
        "see u all there",
    ],
]

# Made-up groomer streams in our own words (not from any data set), filler between the steps.
GROOMER_STREAMS = [
    [
        "hey saw ur post about the concert",
        "that band is class",
        "so how old are u if u dont mind me asking",
        "ur very grown up for that",
        "which school u at",
        "lol nice",
        "do ur parents keep an eye on ur phone",
        "we should chat on snap its better",
        "dont mention me to anyone tho, people get weird about age",
        "i could get you those headphones you wanted",
        "when can we hang out",
    ],
    [
        "hiya",
        "you seem really mature, not like other girls ur age",
        "what year are you in",
        "your friends dont sound like they really care about you",
        "i'm always here if you need to talk",
        "is your mum around much in the evenings",
        "this stays between us ok",
        "do u have whatsapp",
        "i'll top up your phone if you're low",
        "would love to meet you for real one day",
    ],
]


def stages(text: str, *, second_stage: bool = True) -> set[str]:
    return {name for name, _, _ in TRACKER.steps(Document(text), second_stage=second_stage)}


def stream(messages, *, second_stage: bool = True):
    """The 1-based number of the message that raised the first alert, or None."""
    state = None
    for n, text in enumerate(messages, 1):
        context = Context(author="a", author_state=state)
        found, state = TRACKER.detect_with_state(Document(text), context, second_stage=second_stage)
        if found:
            return n
    return None


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason="a known miss"))
        if row[1] in MISSED
        else row
        for row in TUNED
    ],
)
def test_an_early_stage_step_is_recognised(stage, text):
    assert stage in stages(text)


def test_the_kept_rows_clear_their_floor():
    caught = sum(stage in stages(text) for stage, text in KEPT)
    assert caught / len(KEPT) >= KEPT_FLOOR, f"{caught} of {len(KEPT)} kept rows caught"


@pytest.mark.parametrize("text", NOT_A_STEP)
def test_ordinary_messages_are_no_step(text):
    assert stages(text) == set()


@pytest.mark.parametrize("messages", PEER_STREAMS)
def test_teenagers_among_themselves_do_not_alert(messages):
    assert stream(messages) is None


@pytest.mark.parametrize("messages", GROOMER_STREAMS)
def test_a_groomer_in_other_words_alerts_within_the_stream(messages):
    assert stream(messages) is not None


def test_meaning_adds_to_the_hand_patterns_rather_than_replacing_them():
    # the hand patterns alone miss most of the stages in these streams
    assert stream(GROOMER_STREAMS[1], second_stage=False) is None
    assert stream(GROOMER_STREAMS[1]) is not None
    for text in ("how old are you", "add me on snap", "our little secret"):
        assert stages(text, second_stage=False) <= stages(text)


def test_without_the_second_stage_the_tracker_is_the_hand_patterns_and_never_asks_the_encoder():
    def no_encoder(text):
        raise AssertionError(f"the encoder was asked about {text!r}")

    tracker = GroomingTracker()
    tracker.vector = no_encoder
    for _, text in TUNED:
        doc = Document(text)
        hand = [(name, 1.0, (start, end)) for name, start, end in tracker.signals(doc)]
        assert tracker.steps(doc, second_stage=False) == hand
    state = None
    for text in GROOMER_STREAMS[0]:
        context = Context(author="a", author_state=state, second_stage=False)
        _, state = tracker.detect_with_state(Document(text), context)


def test_the_gate_reads_only_short_messages_addressed_to_someone():
    assert gate(Document("do u have whatsapp"))
    assert not gate(Document("my mum got me a new phone for christmas"))  # names no one
    assert not gate(Document("you " + "and more words " * 20))  # too long to be a chat line
    # an author with no stage active yet is read only where they ask something
    assert gate(Document("which part of town are you in?"), primed=False)
    assert not gate(Document("i could get you that new iphone"), primed=False)


def test_a_message_kept_from_the_encoder_by_the_gate_costs_no_encoding():
    asked = []
    tracker = GroomingTracker()
    tracker.vector = lambda text: asked.append(text) or meaning_model().vectors[0]
    context = Context(author="a")
    tracker.detect_with_state(Document("the new school building looks amazing"), context)
    tracker.detect_with_state(
        Document("i could get you that new iphone if you want"), context
    )  # no stage yet
    assert asked == []
    tracker.detect_with_state(Document("which part of town are you in?"), context)
    assert asked == ["which part of town are you in?"]


def test_the_shipped_vectors_are_built_from_the_exemplar_file_as_it_stands():
    model = meaning_model()
    sections = exemplars()
    assert model is not None and model.digest == digest(sections)
    assert model.stages == MEANING_STAGES
    assert [model.bounds[i + 1] - model.bounds[i] for i in range(len(MEANING_STAGES))] == [
        len(sections[stage]) for stage in MEANING_STAGES
    ]
    assert len(model.ordinary) > len(sections["ordinary"])  # the trainable sets' ordinary text as well


def test_the_engine_passes_its_second_stage_switch_to_the_tracker():
    from harbour.screening.engine import Engine

    def first_alert(engine):
        state = None
        for n, text in enumerate(GROOMER_STREAMS[1], 1):
            verdict = engine.screen(text, Context(author="a", author_state=state))
            state = verdict.author_state
            if any(f.detector == "grooming" for f in verdict.findings):
                return n
        return None

    assert first_alert(Engine(second_stage=False)) is None
    assert first_alert(Engine()) is not None
