"""The needs-reply signal (harbour/screening/needs_reply.py): examples written for it, none of them from the
demo feed, which it was developed on (docs/detectors.md, "Needs a reply")."""

import json
import subprocess
import sys

import pytest

from harbour.screening import needs_reply
from harbour.screening.needs_reply import COMPLAINT, CONCERN, DIRECT, HELP, QUESTION, reply_reason

REPLY, COMMENT, MENTION, DM = "reply", "comment", "mention", "direct_message"


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        # Questions to the organisation, with and without a question mark.
        ("what time does the disco finish", REPLY, QUESTION),
        ("Does the Tuesday drop-in run in the summer holidays?", COMMENT, QUESTION),
        ("is the youth club open tonight", REPLY, QUESTION),
        ("whens the next trip", REPLY, QUESTION),
        ("where do we meet for the walk", COMMENT, QUESTION),
        ("Hi there. Will the session be indoors if it rains", COMMENT, QUESTION),
        ("my brother is 9 can he come too, is that ok", REPLY, QUESTION),
        ("just wondering if there are spaces left for the residential", COMMENT, QUESTION),
        ("trampolining again next week??", REPLY, QUESTION),
        ("wh@t t1me is it on", REPLY, QUESTION),  # the normaliser reads the leetspeak
        ("how much is the cinema trip", REPLY, QUESTION),
        ("@thehub any news on the football kit", MENTION, QUESTION),
        # Requests for help.
        ("I need someone to call me back about my son's place on the course", COMMENT, HELP),
        ("can someone send me the form for the trip", REPLY, HELP),
        ("please could you send the consent form again", COMMENT, HELP),
        ("i want to talk to one of the youth workers", DM, HELP),
        # Complaints.
        ("My daughter was left waiting outside for an hour. Not good enough.", COMMENT, COMPLAINT),
        ("this club is rubbish now", REPLY, COMPLAINT),
        ("Really disappointed the trip was cancelled with no warning", COMMENT, COMPLAINT),
        ("still waiting to hear back about the refund", REPLY, COMPLAINT),
        # Concerns from a young person or a parent.
        ("I'm worried about a boy in my son's group who seems really down", COMMENT, CONCERN),
        ("some older kids keep sending me horrible messages", DM, CONCERN),
        ("i get picked on every time at the bus stop after club", REPLY, CONCERN),
        ("i feel scared walking home from the centre", REPLY, CONCERN),
        # Direct messages lean yes: anything but thanks, greetings and emojis.
        ("been a rough week tbh", DM, DIRECT),
        ("my mum said i should message here", DM, HELP),
        # Mentions lean yes: a please or a should is enough.
        ("@thehub please bring back the cooking sessions", MENTION, HELP),
        ("@thehub you should do a trip to the coast", MENTION, HELP),
    ],
)
def test_when_it_needs_a_reply_then_it_says_why(text, kind, reason):
    assert reply_reason(text, kind) == reason
    assert needs_reply(text, kind) is True


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Chit-chat, thanks, praise and emojis.
        ("thanks so much, had a brilliant time", REPLY),
        ("Thank you to all the volunteers who made today happen", COMMENT),
        ("🎉🎉🎉", REPLY),
        ("😂😂😂", DM),
        ("lol same", REPLY),
        ("what a day that was ☀️", REPLY),
        ("how lovely to see everyone together", COMMENT),
        ("would love to come next year", REPLY),
        ("can't wait for friday!!", REPLY),
        ("see you all next week 👋", REPLY),
        ("Fantastic photos, well done everyone", COMMENT),
        ("great session tonight, the new coach is mint", REPLY),
        ("who cares lol", REPLY),
        ("was so fun", REPLY),
        # Direct messages that are only thanks or greetings.
        ("thank you xx", DM),
        ("hiya", DM),
        ("thanks for sorting the bus yesterday, all good now", DM),
        # A question mark inside a link is not a question.
        ("sign up here https://example.org/form?id=12 see you there", REPLY),
        # Mentions without an ask.
        ("@thehub great night at the awards", MENTION),
        # Empty.
        ("", REPLY),
        ("   ", DM),
    ],
)
def test_when_it_is_chit_chat_or_thanks_then_no_reply_is_needed(text, kind):
    assert reply_reason(text, kind) is None
    assert needs_reply(text, kind) is False


def test_the_same_words_in_a_reply_need_none_but_in_a_direct_message_they_do():
    assert needs_reply("been a rough week tbh", REPLY) is False
    assert needs_reply("been a rough week tbh", DM) is True
    assert needs_reply("you should do a trip to the coast", REPLY) is False
    assert needs_reply("you should do a trip to the coast", MENTION) is True


def test_it_reads_hostile_input_in_time():
    # a long message of one repeated clause: the rules are linear in the text
    assert needs_reply("ok " * 20_000, REPLY) is False
    assert needs_reply("ok. " * 10_000 + "what time is it", REPLY) is True


SCRIPT = """
import json, sys
from harbour.screening import needs_reply
print(json.dumps({"django": [m for m in sys.modules if m == "django" or m.startswith("django.")],
                  "answer": needs_reply("when is the next trip", "reply")}))
"""


def test_it_imports_no_django():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"django": [], "answer": True}
