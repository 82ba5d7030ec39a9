"""Does an incoming message need a reply from the organisation? Plain Python, no Django, rule-based.

A question to the organisation, a request for help, a complaint, or a concern from a young person or
a parent needs a reply; chit-chat, thanks, praise and emojis do not. Direct messages lean yes (someone
wrote to the organisation alone: only thanks, greetings and emojis are left unanswered), and mentions
lean yes (a "please" or "should" is enough). The rules read the screening normaliser's text
(normalise.py, so "wh@t time" and "ｃａｎ we" are read as words), one clause at a time, because young
people rarely end a question with a question mark ("how much does it cost").

What it cannot do (docs/detectors.md, "Needs a reply"): it does not know whom a question is for, so a
question one commenter asks another ("u coming saturday?") counts; a rhetorical question in an insult
counts too (the moderator hides that item, and done clears its deadline); a statement of need with no
cue word ("the bus was late again") does not.
"""

from __future__ import annotations

import re

from harbour.screening.normalise import Document

# Reasons, in the order they are checked: the first that applies is the one given.
HELP = "a request for help"
QUESTION = "a question"
COMPLAINT = "a complaint"
CONCERN = "a concern"
DIRECT = "a direct message"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_URL = re.compile(r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:ly|com|co|uk|org|net|io|me)/\S*")
_CLAUSES = re.compile(r"[.!?;:,\n]+|\s[-–]\s")
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")

# A clause that opens with one of these asks something ("is the hub open on monday").
_OPENERS = frozenset(
    "what whats when whens where wheres who whos why how hows which whose is isnt are arent can could "
    "will would does do did should shall may has have was were any anyone anybody wat wen wot".split()
)
# ...unless the next word makes it an exclamation or a statement: "what a goal", "can't wait",
# "would love to", "how lovely", "who cares", "do it", "any time".
_NOT_AFTER = {
    "what": {"a", "an", "the", "lol", "fun", "luck"},
    "whats": {"up"},
    "how": _words(
        "lovely great cool amazing nice fun sweet cute brilliant awesome kind exciting sad funny good "
        "beautiful proud"
    ),
    "who": {"cares", "knew"},
    "would": {"love", "like", "be", "have"},
    "could": {"be", "have", "not"},
    "will": {"do", "be", "see", "try", "bring", "come"},
    "do": {"it", "not", "this", "that"},
    "may": {"be"},
    "has": {"been"},
    "have": {"a", "fun", "been", "to", "got"},
    "was": {"so", "really", "great", "good", "amazing", "fun", "brilliant", "lovely", "the", "a"},
    "were": {"so", "really", "great", "good", "amazing", "fun", "brilliant", "lovely"},
    "any": {"time", "way", "more"},
    "is": {"so", "really", "great", "good", "amazing", "fun", "brilliant", "lovely"},
}

# Anywhere in a clause, these ask something or ask for something.
_QUESTION_PHRASES = _phrases(
    "is that ok|is that alright|is that fine|is that allowed|is it ok|is it alright|is it possible|"
    "is there|are there|are you open|does anyone|anyone know|do you know|do you have|i was wondering|"
    "just wondering if|wondering if|any news|any chance|any update|let me know|how do i|how can i|"
    "where can i|who do i|what time|how much|how many|how old"
)
_HELP_PHRASES = _phrases(
    "help me|need help|needs help|can you help|could you help|please help|pls help|can someone|"
    "can somebody|can anyone|could someone|could anyone|talk to someone|speak to someone|"
    "talk to somebody|can i talk|can i speak|need to talk|want to talk|need to speak|want to speak|"
    "get back to me|contact me|call me|text me back|please reply|pls reply|please respond|please can|"
    "please could|pls can|plz can|i need|we need|i would like to|id like to|please send|please tell"
)
_COMPLAINT_WORDS = frozenset(
    "complain complaint complaining disappointed disappointing disgusted disgusting unacceptable "
    "unhappy rubbish crap boring terrible awful appalling useless rude shocking ridiculous unfair "
    "worst pathetic joke shambles".split()
)
_COMPLAINT_PHRASES = _phrases(
    "not happy|not good enough|not acceptable|waste of|still waiting|no one replied|nobody replied|"
    "never replied|no reply|never got|why is there no|why isnt there|why cant|not fair|let down|"
    "fed up"
)
_CONCERN_WORDS = frozenset(
    "worried worrying worry concerned scared frightened afraid unsafe bullied bullying bully bullies "
    "upset threatened threatening harassing harassed abused abuse struggling cope hurting hurts "
    "stalking anxious".split()
)
_CONCERN_PHRASES = _phrases(
    "not safe|dont feel safe|picked on|horrible messages|nasty messages|keeps messaging|"
    "keep messaging|keep sending|keeps sending|dont want to go|nobody notices|no one notices|"
    "no one cares|nobody cares|cant cope|hurt me|hurting me"
)
# For direct messages and mentions: a gentler ask still needs a reply ("please bring back the trips").
_LEANING_WORDS = frozenset("please pls plz should shouldnt need needs want wish".split())

# What chit-chat is made of: a direct message of nothing else is left unanswered.
_SMALL_TALK = frozenset(
    "thanks thank thankyou thx ty cheers ta you u so much very lots x xx xxx ok okay k kk cool nice "
    "great lovely brilliant amazing awesome fab love it lol lmao haha hahaha hehe hi hello hey hiya "
    "bye see ya night goodnight morning good yes yeah yep no nope sure np fine all the best and for "
    "again too aw aww wow omg".split()
)
_THANKS = frozenset("thanks thank thankyou thx ty cheers ta".split())


def _clauses(text: str) -> list[list[str]]:
    out = []
    for clause in _CLAUSES.split(text):
        words = [w.replace("'", "") for w in _WORDS.findall(clause)]
        if words:
            out.append(words)
    return out


def _asks(words: list[str]) -> bool:
    first = words[0]
    if first in _OPENERS:
        after = words[1] if len(words) > 1 else ""
        return bool(after) and after not in _NOT_AFTER.get(first, ())
    return False


def _has_phrase(joined: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in joined for phrase in phrases)


def reply_reason(text: str, kind: str = "") -> str | None:
    """Why the message needs a reply (HELP, QUESTION, COMPLAINT, CONCERN or DIRECT), or None.

    kind is the item's kind as stored ("reply", "comment", "mention", "direct_message")."""
    if not text or not text.strip():
        return None
    body = _URL.sub(" ", Document(text).text)
    clauses = _clauses(body)
    words = [w for clause in clauses for w in clause]
    joined = " " + " ".join(words) + " "
    word_set = set(words)
    # Emoji become words or ":tags:" in the normaliser; tags are never a reason to reply.
    if _has_phrase(joined, _HELP_PHRASES):
        return HELP
    if "?" in body and not word_set <= _SMALL_TALK:
        return QUESTION
    if any(_asks(clause) for clause in clauses) or _has_phrase(joined, _QUESTION_PHRASES):
        return QUESTION
    if word_set & _COMPLAINT_WORDS or _has_phrase(joined, _COMPLAINT_PHRASES):
        return COMPLAINT
    if word_set & _CONCERN_WORDS or _has_phrase(joined, _CONCERN_PHRASES):
        return CONCERN
    if kind in ("direct_message", "mention") and word_set & _LEANING_WORDS:
        return HELP
    if kind == "direct_message" and words and not word_set <= _SMALL_TALK and words[0] not in _THANKS:
        return DIRECT
    return None


def needs_reply(text: str, kind: str = "") -> bool:
    """Whether an incoming message needs a reply from the organisation (reply_reason says why)."""
    return reply_reason(text, kind) is not None
