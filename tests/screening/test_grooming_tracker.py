"""The grooming tracker: stages accumulate per author across messages and threads into one alert."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.screening.detectors.grooming import STAGES, GroomingTracker
from harbour.screening.engine import Engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context, Severity

TRACKER = GroomingTracker()

# Each message alone looks harmless enough; together they walk through the stages.
GROOMER = [
    ("art", "loved your drawing in the art thread"),
    ("art", "you're so mature for your age honestly"),
    ("games", "how old are you btw?"),
    ("games", "where do you live? what school do you go to?"),
    ("art", "your parents don't understand you like i do"),
    ("games", "add me on snap, it's easier to chat there"),
    ("games", "don't tell anyone we talk ok, it's our little secret"),
    ("art", "send me a pic of you"),
]

YOUTH_WORKER = [
    "Hi everyone, the youth club is open on Tuesday from 6pm",
    "How old are you? The trip is for 13 to 17 year olds",
    "Which school do you go to? We run sessions at a few",
    "Great question, thanks for asking!",
    "You can always talk to me or any of the team at the centre",
    "Please ask your parents to sign the consent form",
    "Well done everyone, brilliant work at the showcase",
    "See you all next week",
]
TEENAGER = [
    "omg this homework is killing me",
    "what did you get for question 3",
    "i love you guys, best study group ever",
    "can you send me the notes from maths",
    "text me when you're done",
    "lol my mum says hi",
    "are you going to the match on saturday",
    "see you at school tomorrow",
]
PARENT = [
    "Is the trip still going ahead on Friday?",
    "My daughter says she lost her permission slip, can you send me another?",
    "Where do we meet for the coach?",
    "What time should we pick them up?",
    "Thank you so much, she had a wonderful time",
]


def converse(messages, author="a", state=None, channel="bsky"):
    """Screen messages from one author in order; return (findings per message, final state)."""
    out = []
    for thread, text in messages:
        found, state = TRACKER.detect_with_state(
            Document(text), Context(channel=channel, author=author, thread=thread, author_state=state)
        )
        out.append(found)
    return out, state


def test_alert_is_raised_on_the_message_that_completes_the_pattern():
    findings, _ = converse(GROOMER)
    first = next(i for i, found in enumerate(findings) if found)
    assert first == 6  # "don't tell anyone ... our little secret": the fifth distinct stage
    finding = findings[first][0]
    assert finding.category == Category.GROOMING
    assert finding.severity in (Severity.HIGH, Severity.SEVERE)
    assert "asking for secrecy" in finding.reason and "questions about age, home or school" in finding.reason


def test_alert_names_the_earlier_messages_and_their_threads():
    findings, _ = converse(GROOMER)
    finding = findings[6][0]
    refs = finding.evidence["messages"]
    assert [r["n"] for r in refs] == [2, 3, 4, 5, 6, 7]
    assert {r["thread"] for r in refs} == {"art", "games"}
    assert "message 5 in thread art" in finding.reason
    assert "your parents don't understand you" in finding.reason


def test_alert_span_is_the_signal_in_the_original_text():
    findings, _ = converse(GROOMER)
    start, end = findings[6][0].span
    assert GROOMER[6][1][start:end].lower().startswith("don't tell anyone")


def test_no_alert_before_several_distinct_stages():
    findings, _ = converse(GROOMER[:6])
    assert not any(findings)


def test_one_stage_repeated_never_alerts():
    findings, _ = converse([("t", "you're so beautiful")] * 30)
    assert not any(findings)


def test_friendly_conversations_do_not_alert():
    for messages in (YOUTH_WORKER, TEENAGER, PARENT):
        findings, _ = converse([("t", m) for m in messages])
        assert not any(findings), messages


def test_state_round_trips_through_json():
    _, state = converse(GROOMER[:5])
    restored = json.loads(json.dumps(state))
    assert restored == state
    resumed, _ = converse(GROOMER[5:], state=restored)
    assert resumed[1]  # the alert still lands on the seventh message overall


def test_each_authors_state_is_independent():
    state_a = state_b = None
    for (thread, text), friendly in zip(GROOMER, TEENAGER):
        _, state_a = TRACKER.detect_with_state(Document(text), Context(author="a", author_state=state_a))
        found_b, state_b = TRACKER.detect_with_state(
            Document(friendly), Context(author="b", author_state=state_b)
        )
        assert not found_b
    assert state_a["stages"] and state_a["n"] == state_b["n"] == len(GROOMER)
    assert state_b["alerts"] == 0 and state_a["alerts"] >= 1


def test_stages_fade_when_an_author_goes_quiet_on_them():
    _, state = converse(GROOMER[:5])
    _, state = converse([("t", "nice weather today")] * 300, state=state)
    assert all(score < GroomingTracker.active for score in state["stages"].values())
    findings, _ = converse(GROOMER[5:], state=state)
    assert not any(findings)


def test_no_author_means_no_state():
    found, state = TRACKER.detect_with_state(Document("our little secret"), Context())
    assert found == [] and state is None


def test_malformed_state_starts_afresh():
    for bad in ({"v": 1, "n": "x"}, {"v": 99}, {"v": 1, "refs": [{"stages": "no"}]}, "nonsense", []):
        found, state = TRACKER.detect_with_state(Document("hello"), Context(author="a", author_state=bad))
        assert found == [] and state["v"] == 1 and state["n"] >= 1


def test_engine_keeps_the_trackers_state_under_its_name():
    engine = Engine([GroomingTracker])
    state = None
    verdicts = []
    for thread, text in GROOMER:
        verdict = engine.screen(text, Context(author="a", thread=thread, author_state=state))
        state = verdict.author_state
        verdicts.append(verdict)
    assert "grooming" in state
    assert verdicts[6].findings and verdicts[6].findings[0].category == Category.GROOMING


def test_every_stage_has_at_least_one_pattern_that_matches_its_example():
    examples = {
        "rapport": "you're so mature for your age",
        "personal": "asl?",
        "secrecy": "this is just between you and me",
        "isolation": "are your parents home?",
        "private_channel": "whatsapp me",
        "images": "what are you wearing",
        "meeting": "I'll pick you up after school",
        "gifts": "I'll buy you robux",
        "sexual": "have you ever been kissed",
    }
    assert set(examples) == {s.name for s in STAGES}
    for stage, text in examples.items():
        assert stage in [name for name, _, _ in TRACKER.signals(Document(text))], stage


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what are you wearing", True),
        ("what r u wearing to bed", True),
        ("what u wearing for me", True),
        ("what are you wearing to the party?", False),
        ("what are you wearing on Friday", False),
    ],
)
def test_what_someone_wears_to_an_event_is_not_asking_for_images(text, asks):
    assert ("images" in [name for name, _, _ in TRACKER.signals(Document(text))]) == asks


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120) | st.sampled_from([t for _, t in GROOMER]), max_size=60))
def test_any_sequence_never_crashes_and_state_stays_bounded(messages):
    state = None
    for text in messages:
        doc = Document(text)
        found, state = TRACKER.detect_with_state(
            doc, Context(author="a", thread="t" * 50, author_state=state)
        )
        for f in found:
            assert 0 <= f.span[0] < f.span[1] <= len(text)
        json.dumps(state)
    if state is not None:
        assert len(state["refs"]) <= GroomingTracker.max_refs
        assert len(json.dumps(state)) < 6000


# Signals added from the missed validation chats: each should wake its stage ...
NEW_SIGNALS = [
    ("rapport", "night sweetie, talk tomorrow"),
    ("rapport", "i was thinking about you all day"),
    ("rapport", "you look really mature for 13"),
    ("personal", "whats ur address"),
    ("personal", "where u at right now"),
    ("personal", "how tall are you"),
    ("personal", "what do u look like"),
    ("secrecy", "i can get in big trouble for talking to you"),
    ("secrecy", "r u a cop"),
    ("isolation", "how late can you stay up"),
    ("private_channel", "will u call me later"),
    ("private_channel", "u got a cell?"),
    ("private_channel", "we could talk on the phone"),
    ("private_channel", "i want to hear your voice"),
    ("meeting", "i could come see you this weekend"),
    ("meeting", "im on my way"),
    ("meeting", "i can be there in an hour"),
    ("meeting", "i wanna hang out with you"),
    ("meeting", "spend the night with me"),
    ("sexual", "have you ever given a bj"),
    ("sexual", "i'll make you feel so good"),
]

# ... and these everyday messages should not.
HARD_NEGATIVES = [
    "How old are you? The club sign-up form needs your age",  # personal, on its own, is expected
    "call me crazy but I love Mondays",
    "Shall we meet the other parents at the park on Saturday?",
    "My mum will be there at 3 to pick you all up",
    "Did you get my email about the trip?",
    "That film made me feel so good about the world",
    "Have you ever been to the science museum?",
    "I thought the match was great",
    "Where is the trip going this year?",
    "The club is on its way to the finals!",
]


def test_new_signals_wake_their_stage():
    for stage, text in NEW_SIGNALS:
        assert stage in [name for name, _, _ in TRACKER.signals(Document(text))], (stage, text)


def test_hard_negatives_wake_no_stage_beyond_what_they_say():
    allowed = {HARD_NEGATIVES[0]: {"personal"}}
    for text in HARD_NEGATIVES:
        stages = {name for name, _, _ in TRACKER.signals(Document(text))}
        assert stages <= allowed.get(text, set()), (text, stages)


def test_youth_worker_and_parents_with_everyday_arrangements_do_not_alert():
    messages = YOUTH_WORKER + [
        "Hi hun, thanks for coming tonight",
        "Shall we meet at the park after school on Friday?",
        "Please call me if the coach is late",
        "How late can you stay on Friday? The disco ends at 9",
        "Your mum will be there at 3 to collect you",
    ]
    findings, _ = converse([("t", m) for m in messages])
    assert not any(findings)


def test_a_chat_that_mixes_new_signals_alerts():
    messages = [
        "hey baby",
        "how old r u",
        "you look really mature for 13",
        "u got a cell?",
        "will u call me later",
        "i can get in trouble for talking to you",
        "have you ever been kissed",
        "im on my way",
    ]
    findings, _ = converse([("t", m) for m in messages])
    assert any(findings)


# Issue 15: the stages are about what an author asks of, or presses on, someone else. Telling others about
# oneself (one's own number, handle, plans or past) is a privacy risk to the author, which personal_info
# flags, not a grooming step by them: these wake no stage.
SELF_DISCLOSURES = [
    # one's own contact, offered
    "my number is 07700 900123 can someone text me the times pls",
    "my snap is amy_k_2010",
    "here's my number 07700 900123",
    "text me on 07700 900123 if the minibus is late",
    "call me on 07700 900 123 when you get this",
    "my insta is priya_draws if you want to see more drawings",
    "can someone text me the times",
    # one's own past, plans or situation
    "when i was a little girl i loved climbing",
    "I look old for 12, everyone says so",
    "i'm the only one who got picked for the team",
    "i'll get in trouble if i'm late again",
    "i never tell anyone my password",
    "i'll send a pic of my drawing later",
    "i have pics of the trip if anyone wants them",
    "my webcam is broken so I can't join the online session",
    "i'll take a photo of the trip for you",
    "i want to meet new people at the club",
    "we meet up every tuesday at the hub",
    "i can come to the trip on saturday",
    "what time do we need to be there?",
    "i met someone online who plays the same game",
    "when do the results come out",
    "i got robux for my birthday",
    "i need money for the trip",
    "i got a new phone",
    "he tried to kiss me and i didnt like it",
    "someone sent me naked pics and i dont know what to do",
]


@pytest.mark.parametrize("text", SELF_DISCLOSURES)
def test_telling_about_oneself_wakes_no_stage(text):
    assert TRACKER.signals(Document(text)) == [], text


# The same families, asked of or pressed on the other person, still wake their stage.
REQUESTS = [
    ("private_channel", "Add me on snap, it's easier to chat privately there: markcoach88"),
    ("private_channel", "add me on snap"),
    ("private_channel", "whats ur snap"),
    ("private_channel", "send me your number"),
    ("private_channel", "message me on whatsapp"),
    ("private_channel", "text me on whatsapp instead"),
    ("private_channel", "dm me"),
    ("private_channel", "can i call you tonight"),
    ("private_channel", "lets move to snapchat"),
    ("private_channel", "wanna video chat?"),
    ("rapport", "you look so grown up for 12"),
    ("rapport", "you're my special friend"),
    ("secrecy", "you'll get me in trouble if you tell"),
    ("secrecy", "never tell anyone about us"),
    ("images", "send pics"),
    ("images", "got any more pics?"),
    ("images", "turn on your cam"),
    ("images", "take a pic of yourself for me"),
    ("meeting", "wanna meet up?"),
    ("meeting", "i want to meet you"),
    ("meeting", "i can come over to your house"),
    ("meeting", "have you ever met anyone off here"),
    ("meeting", "what time should i pick you up"),
    ("gifts", "I'll buy you robux"),
    ("gifts", "do you want some money"),
    ("gifts", "i got a present for you"),
    ("sexual", "can i kiss you"),
    ("sexual", "would you let me touch you"),
    ("isolation", "Do your mum and dad check your phone much?"),
    ("isolation", "does your mum look at your messages?"),
    ("isolation", "do your parents know you're on here?"),
]


@pytest.mark.parametrize(("stage", "text"), REQUESTS)
def test_asking_it_of_the_other_person_wakes_the_stage(stage, text):
    assert stage in [name for name, _, _ in TRACKER.signals(Document(text))], (stage, text)


def test_a_child_sharing_their_own_number_is_not_listed_as_moving_to_a_private_channel():
    """The demo's case: what the inbox lists under "Grooming signs from this author" is the state's stages."""
    engine = Engine()
    verdict = engine.screen(
        "my number is 07700 900123 can someone text me the times pls",
        Context(author="demo:amy", thread="demo-post-trip"),
    )
    assert "private_channel" not in verdict.author_state["grooming"]["stages"]
    assert {f.category for f in verdict.findings} >= {Category.PERSONAL_INFO}  # still flagged: her privacy
    verdict = engine.screen(
        "Add me on snap, it's easier to chat privately there: markcoach88", Context(author="demo:mark")
    )
    assert "private_channel" in verdict.author_state["grooming"]["stages"]
