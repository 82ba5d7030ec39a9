"""Counter-speech: is a word quoted or challenged ("calling someone a slag is not ok", "the word 'retard' is a
slur") rather than used against someone? The lexicons lower such a match to severity 0 (`challenged`). The
classifiers do not count a word that is quoted (`quoted`: named as a word, or as what not to call people),
but leave the rules on what follows a word to the lexicons: "X is not ok" challenges a slur, while for a
group noun ("immigrants are illegal") it is the hate itself.
"""

from __future__ import annotations

import re

_CHALLENGE_BEFORE = re.compile(
    r"(?<![a-z0-9])(?:(?:do ?n'?t|do not|never|stop|not ok(?:ay)? to|shouldn'?t|no one should|nobody should|not cool to)"
    r" (?:call(?:ing)?|say(?:ing)?|use|using) (?:(?:someone|somebody|anyone|people|them|him|her|me|you|u|"
    r"others|each other|other people|a person|girls|boys|kids)[ ,]+)?(?:an? |the word |words like )?"
    r"|call(?:ing)? (?:someone|somebody|anyone|people|a person|others|other people|girls|boys|kids) (?:an? )?"
    r"|the word |words like |word \"|terms like |slurs? like |the term |(?:report|reported) (?:\w+ )?for saying )"
    r"[\"']?$"
)
_CHALLENGE_AFTER = re.compile(
    r"^[\"']? ?,? ?(?:is|isn'?t|are|aren'?t|was|should not be|shouldn'?t be|=) (?:(?:so|really|just|never|not) )?"
    r"(?:not (?:ok(?:ay)?|acceptable|funny|cool|on|nice|alright|a joke|banter|fine)|never (?:ok(?:ay)?|acceptable)"
    r"|unacceptable|wrong|bullying|an? (?:slur|insult)|offensive|hurtful|racist|homophobic|sexist|abuse|abusive"
    r"|hate speech|harassment|not allowed|banned|against the rules|a hate crime|an? (?:crime|offence)|illegal"
    r"|against the law)"
)

# Every phrase _CHALLENGE_BEFORE knows has one of these strings (quotes are optional there, so no cue); "say",
# "use" and "using" always follow a space there, so "because" is no cue.
_CHALLENGE_CUES = re.compile(r"call|\ssay|\sus(?:e|ing)|word|term|slur|report")
_SENTENCE_END = re.compile(r"[.!?\n]")


def challenged(text: str, start: int, end: int) -> bool:
    """Is the word at [start, end) quoted or challenged? Cheap substring tests first: most are not."""
    after = " ".join(text[end : end + 60].split())
    if _CHALLENGE_AFTER.match(after):
        return True
    return quoted(text, start, end)


def quoted(text: str, start: int, end: int) -> bool:
    """Is the word at [start, end) mentioned rather than used: named as a word ("the word X", "words like X")
    or as what people should not be called ("don't call people X", "calling someone a X")?"""
    window = text[max(0, start - 60) : start]
    if not _CHALLENGE_CUES.search(window):
        return False
    before = _SENTENCE_END.split(" ".join(window.split()))[-1].lstrip()
    return bool(_CHALLENGE_BEFORE.search(before + (" " if text[start - 1 : start].isspace() else "")))


# Every phrase _CHALLENGE_BEFORE knows begins at a word and has one of these words.
QUOTE_CUES = frozenset(
    "call calling say saying use using word words term terms slur slurs report reported".split()
)


def may_quote(words: frozenset[str]) -> bool:
    """False when no word of a text (its Document.word_set) can be quoted: a set test, not a scan."""
    return not words.isdisjoint(QUOTE_CUES)


# The words the rules are made of ("calling someone a ..."): the frame around a quoted word, never the word
# itself, so a detector that checks words one by one skips them.
FRAME_WORDS = frozenset(
    """a an the you u me him her them someone somebody anyone people others girls boys kids person each other
    word words like term terms slur slurs call calling say saying use using dont do stop never""".split()
)
