"""Conversation-level grooming risk: stage signals accumulated per author across messages and threads.

Grooming rarely shows in one message. Each message from an author is matched against patterns for the
stages a groomer goes through (see STAGES and docs/model-card.md). The author's summary keeps a score per
stage that decays with every later message from them, and a short list of the messages that contributed.
When several different stages are active at once, the tracker raises a GROOMING finding on the message
that tipped it, naming the stages and the earlier messages, so that a pattern spread over harmless-looking
comments reaches a person. The patterns were written by hand from the safeguarding literature and the
issue's list; no model was trained on grooming chats (the only set, Perverted-Justice, is for evaluation).
With the second stage on (Context.second_stage, issue 19), the seven early stages are also recognised from a
message's meaning: its sentence vector against exemplars written for Harbour (see "Stages from meaning"
below), and what that finds adds to the same per-author stage scores.

The tracker is pure: the summary goes out in the returned state and comes back in context.author_state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import numpy as np

from harbour.screening import encoder
from harbour.screening.detectors.base import ConversationDetector
from harbour.screening.prefilter import literal_starts, required_substrings, search_from
from harbour.screening.verdict import Category, Context, Direction, Finding, Severity

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

# Spellings young people and groomers use, on the normalised text (lower case, leet decoded, letters
# repeated three or more times cut to one, straight apostrophes).
_U = r"(?:you|u|ya|yu|yo)"
_UR = r"(?:your|ur|yur|yor|you'?re|you are|u r|ya)"
_UR_BEING = r"(?:you'?re|you are|u r|ur|youre|u are|ya|your)"  # "your cute": the usual misspelling
_PIC = (
    r"(?:pic|pics|pix|picture|pictures|photo|photos|selfie|selfies|snap|snaps|nude|nudes|image|images|"
    r"vid|vids|video|videos)"
)
_PARENT = (
    r"(?:parent|parents|mum|mom|mommy|mummy|mother|dad|daddy|father|stepdad|step dad|stepmum|step mum|"
    r"stepmom|step mom|folks|family)"
)
_NOT = r"(?:don'?t|do not|never|dont|dnt|no ?one|nobody)"
_APP = (
    r"(?:snapchat|snap|sc|kik|whatsapp|whats app|wa|instagram|insta|ig|discord|telegram|signal|skype|facetime|"
    r"wickr|line|viber|hangouts|messenger|yahoo|aim|msn|email|e-mail|cell|phone|mobile|number)"
)
_PARENT_WORDS = {
    "parent",
    "parents",
    "mum",
    "mom",
    "mommy",
    "mummy",
    "mother",
    "dad",
    "daddy",
    "father",
    "step",
    "stepdad",
    "stepmum",
    "stepmom",
    "folks",
    "family",
}
_APP_WORDS = {
    "snap",
    "snapchat",
    "sc",
    "kik",
    "whats",
    "whatsapp",
    "app",
    "wa",
    "insta",
    "instagram",
    "ig",
    "discord",
    "telegram",
    "signal",
    "skype",
    "facetime",
    "wickr",
    "line",
    "viber",
    "hangouts",
    "messenger",
    "yahoo",
    "aim",
    "msn",
    "email",
    "mail",
    "cell",
    "phone",
    "mobile",
    "number",
}
_PIC_WORDS = {
    "pic",
    "pics",
    "pix",
    "pictur",
    "picturs",
    "picture",
    "pictures",
    "photo",
    "photos",
    "selfie",
    "selfies",
    "snap",
    "snaps",
    "nude",
    "nudes",
    "image",
    "images",
    "vid",
    "vids",
    "video",
    "videos",
}


def _words(text: str, *more: set[str]) -> frozenset[str]:
    return frozenset(text.split()).union(*more)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    label: str  # plain words for the moderator
    weight: float  # how much an active stage adds to the risk
    patterns: tuple[str, ...]
    # Words one of which every match contains. A pattern's anchors are those that occur in its source,
    # and it runs only on messages that have one (most have none: this keeps the tracker cheap). Import
    # fails for a pattern without anchors; the validation script checks anchors against 974,000 messages.
    anchors: frozenset[str] = frozenset()
    # A pattern that, found anywhere in the message, means its matches are about the author rather than
    # asked of the reader (a report of what someone did to them): the stage is not signalled.
    unless: str | None = None


# "what are you wearing to the party" is ordinary; "to bed" and "for me" are not (as sexting.txt has it)
_NO_EVENT = (
    r"(?! (?:to (?:the|prom|school|church|college)|for (?:the|prom|school|college|halloween|world book day|"
    r"non uniform day)|tomorrow|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)"
)
# One parent, or two ("your mum and dad", "your mum or step dad").
_PARENTS = rf"{_PARENT}(?: (?:and|or|n|&) {_PARENT})?"
# Where a child's messages and accounts are, that a parent might check.
_DEVICE = (
    r"(?:phone|mobile|messages|msgs|texts|chats|dms|snapchat|snap|insta|instagram|tiktok|whatsapp|"
    r"computer|laptop|ipad|tablet|screen time|history|apps|account|accounts)"
)
# A phone number after "on" or "at" ("text me on 07700 900123", "call me at 313-461..."): the author's own
# contact, offered; a time after "at" ("call me at 8") is asking the reader to ring.
_NOT_A_NUMBER = r"(?!\+|0\d\d|\d{3}[ .-]?\d{3})"
# The author offering, not asking: "i'll send a pic", "to send a photo", "can send pics" (a fixed-width
# look-behind for each: Python's needs one width per branch).
_NOT_OFFERED = r"(?<!\bi )(?<!i'll )(?<!\bill )(?<!will )(?<!can )(?<!to )(?<!gonna )(?<!\bme )"

# Every stage is about what the author asks of, or presses on, the other person: asking for their number,
# their pictures, their time; asking about their parents' watch over them; pressing them to keep quiet.
# What authors say about themselves ("my number is 07...", "i got a new phone", "i'll get in trouble if i'm
# late", "he tried to kiss me") is not a step by them: an own number or handle is a privacy risk to the
# author, which personal_info flags, and a report of harm is the disclosure lexicon's (issue 15).
# "Add me on snap" asks the other person to follow the author onto a private app, and counts, with or
# without the handle; "text me on 07...", "my snap is ..." and "can someone text me the times" offer the
# author's own contact or ask for an answer by text, and do not.
STAGES: tuple[Stage, ...] = (
    Stage(
        "rapport",
        "flattery and building a special bond",
        0.5,
        (
            rf"\bmature for {_UR} age\b",
            rf"\b(?:{_UR_BEING}|{_U}) (?:(?:so|really|very|such) )?(?:mature|grown up) for (?:a |an |some ?one\b)",
            rf"\b{_UR_BEING} (?:so |really |very |such a )?(?:beautiful|gorgeous|pretty|cute|hot|stunning|special|perfect)\b",
            r"\bage (?:is )?(?:just|only) a number\b",
            rf"\b(?:do|would) {_U} (?:like|date|mind) (?:an )?older (?:guys?|men|man|boys?|girls?|women|people)\b",
            rf"\bi (?:really )?(?:like|love|miss|adore) {_U}\b",
            rf"\bno ?one (?:understands|gets|knows) {_U} (?:like|the way) i\b",
            r"\b(?:we have|we've got) so much in common\b",
            rf"\b{_U} can (?:always )?(?:trust|talk to|tell) me\b",
            rf"\bi(?:'?m| am) always here for {_U}\b",
            rf"\bi(?:'?m| am) the only one (?:who|that) (?:really )?(?:understands|gets|knows|cares about) {_U}\b",
            r"\b(?:my|a) special (?:friend|girl|boy|princess|angel)\b",
            r"\bmy little (?:princess|angel)\b",
            rf"\b(?:{_UR_BEING}|be) my little (?:girl|boy|friend)\b",
            rf"\bwould {_U} be my (?:girlfriend|gf|boyfriend|bf)\b",
            # pet names in a greeting or a goodbye ("hey baby", "night sweetie", "miss you babe")
            (
                r"\b(?:hi|hey|hello|bye|night|nite|goodnight|morning|thanks|thx|ok|k|okay|sorry|yes|yeah|yea|ya|"
                r"love ya|love you|love u|miss you|miss u) (?:baby|babe|sweety|sweetie|hun|honey|hunny|princess|"
                r"sweetheart|angel|beautiful|gorgeous|cutie|darling|sexy|sugar|dear|babygirl)\b"
            ),
            r"\b(?:thinking|thinkin|thought|dream|dreaming|dreamin|dreamt|dreamed) (?:about|of|bout|abt) (?:you|u|ya)\b",
            # about the other person's looks, not the author's own ("I look old for 12")
            (
                rf"\b(?:{_U}|{_UR_BEING}) (?:look|looks|looking|lookin) (?:so |really |very )?(?:good|great|cute|hot|older|"
                rf"mature|grown up|sexy|fine|nice|pretty|beautiful) for (?:a |an )?(?:\d+|{_UR} age|someone)\b"
            ),
            (
                rf"\b(?:look|looks|looking|lookin) (?:so |really |very )?(?:good|great|cute|hot|older|mature|grown up|sexy|"
                rf"fine|nice|pretty|beautiful) for {_UR} age\b"
            ),
        ),
        _words(
            "mature grown beautiful gorgeous pretty cute hot stunning special perfect number older like love miss "
            "adore understands gets knows common trust talk tell here only friend girl boy princess angel "
            "girlfriend gf boyfriend bf baby babe sweety sweetie hun honey hunny sweetheart cutie darling sexy "
            "sugar dear babygirl thinking thinkin thought dream dreaming dreamin dreamt dreamed look looks "
            "looking lookin"
        ),
    ),
    Stage(
        "personal",
        "questions about age, home or school",
        0.75,
        (
            r"\bhow old (?:are|r) (?:you|u|ya)\b",
            r"\bhow old\s*\?",
            r"\b(?:what'?s|whats|wats) (?:your|ur) age\b",
            r"\ba\s*/\s*s\s*/\s*l\b",
            r"\basl\b",
            r"\bwhat (?:grade|year|class) (?:are|r) (?:you|u)\b",
            rf"\b(?:where|wheres|where's|whr) (?:do |d )?{_U} (?:live|stay|from)\b",
            rf"\bwhere (?:are|r) {_U} from\b",
            r"\bwhere (?:abouts|about)\b",
            r"\b(?:what|which|wat|whats|what'?s) (?:school|skool)\b",
            rf"\bwhere (?:do |d )?{_U} go to (?:school|skool)\b",
            rf"\b(?:what'?s|whats|wats) {_UR} (?:address|postcode|zip|school|home)\b",
            r"\blocation\s*\?",
            r"\b(?:what|which) (?:area|town|city|state)\b",
            rf"\bdo {_U} (?:have|got) a (?:bf|boyfriend|gf|girlfriend)\b",
            r"\b(?:are|r) (?:you|u) really \d+",
            r"\btoo old for (?:you|u|ya)\b",
            r"\b(?:does|do|would) (?:my|the) age (?:bother|matter|bug|put)",
            rf"\b{_UR} (?:real |home |exact )?(?:address|adress|addres|addy|street|house number)\b",
            rf"\b(?:where|wheres|where'?s|whr|whre|wher) (?:are |r )?{_U} (?:at|from)\b",
            rf"\bhow tall (?:are|r) {_U}\b",
            rf"\bwhat (?:do |does )?{_U} look like\b",
        ),
        _words(
            "really old age asl l grade year class where wheres whr whre wher abouts school skool address "
            "adress addres addy street house postcode zip home location area town city state bf boyfriend gf "
            "girlfriend tall look"
        ),
    ),
    Stage(
        "secrecy",
        "asking for secrecy",
        1.5,
        (
            # "don't tell anyone" asks it of the reader; "i never tell anyone my password" is about the author
            (
                rf"(?<!\bi )(?<!\bwe )\b{_NOT} (?:tell|say|mention)(?: (?:this|it|that|anything))? (?:to )?(?:any ?one|any ?body|"
                rf"{_UR} {_PARENT}|{_PARENT}|{_UR} friends|no ?one)\b"
            ),
            r"\bour (?:little )?secret\b",
            r"\ba little secret\b",
            r"\bkeep (?:this|it|that|us) (?:a )?(?:secret|quiet|between us|to yourself)\b",
            r"\b(?:just )?between (?:you and me|u and me|us two|the two of us|me and (?:you|u))\b",
            r"\bdelete (?:(?:this|these|the|our|all|all the|my|ur|your|that) )?(?:messages?|msgs?|texts?|chats?|convo|conversation|history|dms?|pics?|photos?)\b",
            r"\bdelete (?:this|it|that|them|these) (?:after|when|once|now|right after|straight after)\b",
            r"\b(?:no ?one|nobody) (?:needs|has|have|got) to know\b",
            r"\bcan (?:you|u) keep a secret\b",
            r"\bclear (?:your|ur|the) (?:history|chat|messages)\b",
            rf"\b{_UR} {_PARENT} (?:can'?t|cant|must not|mustn'?t|shouldn'?t) (?:know|find out|see)\b",
            r"\bget me (?:in )?trouble\b",
            # the author's risk held over the reader ("i could go to jail for this", "i'll get in trouble for
            # talking to you"), not a child's own worry ("i'll get in trouble if i'm late")
            (
                r"\bi (?:can|could|'?d|would|will|'?ll|might|may)(?: get| go| end up| be)? (?:in|into|to) "
                r"(?:big |so much |a lot of |serious )?(?:jail|prison)\b"
            ),
            (
                rf"\bi (?:can|could|'?d|would|will|'?ll|might|may)(?: get| be| end up)? (?:in|into) "
                rf"(?:big |so much |a lot of |serious )?trouble (?:for (?:talking|chatting|messaging|texting|speaking|meeting|"
                rf"seeing|being with|this|that|us)|if (?:any ?one|any ?body|some ?one|people|{_UR} {_PARENT}) "
                rf"(?:finds?|found|knew|knows|sees|saw))\b"
            ),
            r"\b(?:are|r) (?:you|u|ya) (?:a )?(?:cop|police|fed|undercover)\b",
            r"\b(?:rat|ratting|snitch|snitching) on (?:you|u|us|me)\b",
            r"\btell on (?:us|me)\b",
            rf"\b(?:anyone|anybody|{_UR} {_PARENT}) (?:would|will|could|might) find out\b",
        ),
        _words(
            "rat ratting snitch snitching tell say mention secret keep between delete know clear find see "
            "trouble jail prison cop police fed undercover"
        ),
    ),
    Stage(
        "isolation",
        "cutting the child off from parents and friends, or asking how closely they are watched",
        1.25,
        (
            rf"\b{_UR} {_PARENTS} (?:don'?t|dont|doesn'?t|never) (?:understand|get|care about|love|listen to) {_U}\b",
            rf"\b(?:are|r|is) {_UR} {_PARENTS} (?:home|there|around|in|out|away|at work|awake|asleep)\b",
            rf"\b(?:is|are|r) (?:anyone|any one|anybody|any body|someone|some one) (?:else )?(?:home|there|with {_U}|around)\b",
            rf"\b(?:are|r) {_U} (?:home )?alone\b",
            rf"\b{_U} (?:home )?alone\s*\?",
            rf"\bwhen (?:do|does|will) {_UR} {_PARENTS} (?:get|come) (?:home|back)\b",
            rf"\bwhen (?:do|does|will) {_UR} {_PARENTS} (?:go|leave)\b",
            # how closely the child is supervised: who checks their phone, knows their passwords, would mind
            (
                rf"\b(?:do|does|did|will|would|can|could) {_UR} {_PARENTS} (?:ever |always |still )?(?:check|read|see|look at|"
                rf"look through|go through|go on|monitor|track|know about|watch) {_UR} {_DEVICE}\b"
            ),
            (
                rf"\b(?:do|does|did|will|would|can|could) (?:anyone|any one|anybody|any body|someone|some one) "
                rf"(?:at home |in {_UR} house )?(?:ever )?"
                rf"(?:check|read|see|look at|look through|go through|monitor|track|watch) (?:{_UR} {_DEVICE}|what {_U} do)\b"
            ),
            (
                rf"\b(?:do|does|would|will) {_UR} {_PARENTS} (?:know|mind|care|find out)(?: (?:if|that|about))? "
                rf"(?:{_U} (?:talk|chat|text|message|speak|are|r|'?re)|{_UR} on|{_U}'?re|about (?:me|us))"
            ),
            rf"\b(?:do|does|would|will) {_UR} {_PARENTS} (?:know|have|check) {_UR} (?:\w+ )?(?:pass ?word|pass ?code|pin|login)\b",
            (
                rf"\b(?:are|r|is) {_UR} {_PARENTS} (?:really |very |super )?(?:strict|protective|overprotective|over protective|"
                rf"nosy|nosey|controlling)\b"
            ),
            rf"\b(?:do|does) (?:{_U}|{_UR} {_DEVICE}) (?:have|got) (?:any )?parental (?:controls?|settings|lock)\b",
            rf"\b{_UR} friends (?:don'?t|dont|are) (?:understand|get|care|jealous|immature|babies)\b",
            rf"\b(?:they|he|she) (?:treat|treats) {_U} like a (?:kid|child|baby)\b",
            rf"\bdo {_U} have {_UR} own room\b",
            rf"\bwhere (?:do|does) {_UR} {_PARENTS} (?:sleep|work)\b",
            rf"\b(?:when|while|if|cause|since) {_UR} {_PARENTS} (?:are|r|is|isn'?t|aren'?t|arent|isnt)(?: not)? (?:around|home|there|away|out|gone|at work)\b",
            rf"\bhow late (?:can|do|will|does|could) {_U}\b",
        ),
        _words(
            "anyone anybody someone any some alone friends treat treats room late check password passcode parental "
            "strict protective "
            "overprotective nosy nosey controlling",
            _PARENT_WORDS,
        ),
    ),
    Stage(
        "private_channel",
        "moving to a private channel",
        1.0,
        (
            # onto a named app or into private messages; "text me on 07..." offers the author's own number
            r"\b(?:add|message|msg|text|call|hit|ring|dm|pm|inbox|snap|kik|whatsapp) me (?:on (?!the phone\b)|"
            r"up on|in|via|through)" + _NOT_A_NUMBER,
            r"\b(?:dm|pm|inbox|kik|snap|whatsapp|whats app|facetime) me\b",
            rf"\b(?:what'?s|whats|wats|whuts|wuts|wat is|what is|give me|gimme|send me|got|have|do {_U} have) {_UR} (?:{_APP})\b",
            r"\b(?:private|direct|secret) (?:chat|message|messages|room)\b",
            r"\b(?:go|move|talk|chat|switch) (?:to|on) (?:private|dm|dms|pm|pms|snapchat|snap|kik|whatsapp|whats app|skype|discord|telegram)\b",
            rf"\b(?:do|can) {_U} (?:have|get on|go on) (?:a )?(?:cam|webcam|skype|snapchat|snap|kik|whatsapp|whats app|phone|cell)\b",
            rf"\bcan i (?:call|text|ring|phone) {_U}\b",
            (
                rf"\b(?:wanna|want to|can we|could we|let'?s|lets|we (?:should|could|can)|do {_U} (?:wanna|want to)) "
                rf"(?:video|face) ?(?:chat|call)\b"
            ),
            r"\b(?:video|face) ?(?:chat|call) (?:me|with me)\b",
            r"\b(?:try|do|have) (?:a )?(?:video|face) ?(?:chat|call)\b",
            # asking the reader to ring or text the author later ("will u call me later"), not for an answer by
            # text ("can someone text me the times")
            rf"\b(?:{_U}|can|could|will|would|wanna|want to|should|gonna|pls|please|plz) (?:call|text|ring|phone) me\b",
            (
                r"\b(?:call|text|ring|phone) me (?:later|tonight|tomorrow|sometime|back|asap|again|anytime|when|after|now|"
                r"around|if|before|time to time|whenever|where|plz|pls|please)\b"
            ),
            r"\b(?:call|text|ring|phone) me at " + _NOT_A_NUMBER + r"\d",
            r"\b(?:text|ring|call) me\s*(?:[.!]|$)",
            rf"\b{_U} (?:got|have) (?:a )?(?:cell|phone|cellphone|cell phone|mobile)\b",
            rf"\b(?:talk|chat|speak) (?:to {_U} |with {_U} )?on (?:the )?phone\b",
            rf"\bhear {_UR} voice\b",
        ),
        _words(
            "add message msg text call hit ring dm pm inbox whats private direct secret dms pms cam webcam "
            "video face videochat videocall facechat facecall facetime cellphone voice",
            _APP_WORDS,
        ),
    ),
    Stage(
        "images",
        "asking for pictures or video",
        1.25,
        (
            rf"\bsend me (?:a |an |some |any |more |another |the |ur |your )?(?:{_PIC})\b",
            rf"{_NOT_OFFERED}\bsend (?:a |an |some |any |more |another |ur |your )?(?:{_PIC})\b",
            rf"\b(?:can|could|will|would|wanna|want to) (?:you|u) (?:send|show) (?:me )?(?:a |an |some |any |more |another |ur |your )?(?:{_PIC}|yourself|urself|ur body|your body)\b",
            (
                rf"\b(?:(?:do|did) {_U} (?:have|got)|{_U} (?:got|have)|have {_U} got|(?<!not )(?<!nt )(?<!n't )got any|any more) "
                rf"(?:any )?(?:more )?(?:{_PIC})\b"
            ),
            rf"\b(?:{_PIC}) (?:of|of ur|of your) (?:you|u|yourself|urself|ur|your)\b",
            r"\b(?:cam show|on cam|turn on (?:your|ur|the) (?:cam|camera|webcam))\b",
            r"(?<!\bmy )\b(?:webcam|web cam)\b",
            rf"\bwhat (?:are|r) {_U} wearing\b{_NO_EVENT}",
            rf"\bwhat {_U} wearing\b{_NO_EVENT}",
            r"\blet me see (?:you|u|ur|your|it|them)\b",
            r"\bshow me (?:ur|your|it|them|yourself|urself)\b",
            r"\bshow (?:ur|your|yourself|urself)\b",
            rf"\b(?:take|snap) (?:a )?(?:{_PIC}) (?:of (?:yourself|urself|you|u)|for me|of (?:it|that|them) (?:and|n) send)\b",
            rf"\b{_U} (?:have|got) (?:a )?(?:cam|webcam|web cam)\b",
        ),
        _words("send show wearing see web webcam cam camera", _PIC_WORDS),
    ),
    Stage(
        "meeting",
        "arranging to meet",
        1.25,
        (
            rf"\b(?:let'?s|lets|we (?:should|could|can)|can we|could we|{_NOT_OFFERED}(?:wanna|want to)) (?:meet|hook up|hang out)\b",
            r"\bi (?:want to|wanna|would love to|'?d love to|'?d like to) (?:meet|hook up with|hang out with|see) (?:you|u|ya)\b",
            r"\b(?:meet|see) (?:me|u|you|each other) (?:in person|irl|somewhere|at|after|tonight|tomorrow|this weekend)\b",
            r"\bmeet me\b",
            r"\bmeet up\s*\?",
            r"\b(?:when|if|once|after|before|till|until) we (?:meet|hook up|hang out)\b",
            r"\bwe (?:should|could|can|will|gotta|have to) (?:be able to )?meet up\b",
            rf"\b(?:(?:can|could|will|would|wanna|want to) {_U}|{_U} (?:can|could|should)) (?:come|sneak) out\b",
            (
                rf"\bi(?:'?ll| will| can|'?d| could) (?:come and )?(?:pick {_U} up|come (?:over|see {_U}|get {_U}|pick {_U}|"
                rf"to {_UR} (?:house|place|home|school|town|area))|drive (?:over|to {_UR}|to see {_U})|visit {_U})\b"
            ),
            r"\bcome over\b",
            r"\bsneak (?:out|over)\b",
            r"\bcome to my (?:house|place|flat|apartment|car|room|hotel)\b",
            rf"\bwhen can i see {_U}\b",
            r"\b(?:hotel|motel) room\b",
            (
                rf"\bwhat time (?:should|can|do|will) (?:i|we) (?:meet|come (?:over|round|down|by|see|get)|stop by|drop by|"
                rf"swing by|pick {_U}|see {_U}|get {_U})\b"
            ),
            r"\bwhere (?:should|can|do|could) we meet\b",
            (
                rf"\b(?:(?:have|did|do|would|will) {_U} (?:ever )?|ever |{_U} ever |{_U} )(?:met|meet) (?:anyone|any one|someone|people|guys|a guy) "
                rf"(?:off|from|on) (?:here|the internet|online|line)\b"
            ),
            rf"\b(?:hang ?out|hangout|chill|stay|sleep) (?:at|over at) {_UR} (?:house|place)\b",
            r"\bif i (?:came|come) over\b",
            rf"\b(?:give|get) {_U} a (?:ride|lift)\b",
            rf"\b(?:are|r) {_U} free (?:this|on|tonight|tomorrow|after|at)\b",
            r"\bcome (?:see|visit|get|meet) (?:you|u|ya)\b",
            r"\bsee (?:you|u|ya|each other) (?:in person|irl|in real life|face to face)\b",
            r"\bon my way\b",
            (
                r"\b(?:i'?ll|ill|i will|i can|i could|i would|i'?d|i should|i gotta|i'?m gonna|im gonna) be there "
                r"(?:in|at|soon|around|by|tonight|tomorrow)\b"
            ),
            r"\b(?:hang out|hangout) (?:with|wit|wif) (?:you|u|ya|me)\b",
            rf"\bspend (?:the )?(?:night|day|weekend) (?:with (?:me|{_U})|together)\b",
        ),
        _words(
            "met meeting hangout chill stay sleep came ride lift free meet hook hang see pick come drive "
            "visit sneak hotel motel time way there spend"
        ),
    ),
    Stage(
        "gifts",
        "offering gifts or money",
        1.0,
        (
            r"\bi(?:'?ll| will| can|'?d| could) (?:buy|get|send|give) (?:you|u|ya) (?:a |an |some |anything|whatever|stuff|money|cash|\$)",
            (
                rf"\b(?:buy|get|give|send|gift) (?:{_U}|ya)(?: some| free| a| an| more)? (?:robux|v bucks|vbucks|giftcards?|"
                rf"gift cards?|itunes card|steam card|amazon card|psn card)\b"
            ),
            (
                rf"\b(?:(?:do|would) {_U}|{_U}) (?:want|wanna|need|like) (?:some |any |free |more )?(?:robux|v bucks|vbucks|"
                rf"giftcards?|gift cards?|money|cash)\b"
            ),
            r"\b(?:i'?ll|i will|i can) (?:pay|top up) (?:for|you|u|ya|ur|your)\b",
            r"\b(?:paypal|pay pal) me\b",
            rf"\b(?:present|gift|surprise|new phone) for {_U}\b",
        ),
        _words(
            "buy get send give gift robux v bucks vbucks giftcard giftcards card cards pay top money cash "
            "paypal pal phone present surprise"
        ),
    ),
    Stage(
        "sexual",
        "sexual talk",
        1.5,
        (
            (
                r"\b(?:sex|sexy|sexual|naked|nude|nudes|horny|virgin|orgasm|cum|cumming|masturbate|masturbates|masturbated|masturbating|masturbation|jerk off|jack off|"
                r"make love|blowjob|blow job|bj|porn|condoms?|dick|cock|penis|pussy|vagina|boobs?|tits|nipples?|"
                r"panties|thong|lingerie|hard on|boner|erection|kinky|"
                r"touch (?:you|u|yourself|urself)|play with (?:yourself|urself)|spank)\b"
            ),
            r"\b(?:wanna|want to|let me|i'?d|i would|i'?ll|i will|i want to|can i) (?:fuck|fuk|fck|suck|lick|eat|taste) (?:you|u|ur|your|it)\b",
            (
                rf"\b(?:have|had|did) {_U} ever (?:been (?:kissed|touched|fucked|licked|with)|done (?:it|anything|stuff|that)|"
                rf"had sex|(?:given|gave|give|givin|giving|got|gotten|had|received) (?:a |any )?(?:head|oral|bj|blowjob|"
                rf"blow job|hand ?job)|kissed|sucked|fucked|fooled around|messed around|made out|touched|played with)"
            ),
            (
                rf"\b(?:i'?ll|ill|i will|i can|i could|i'?d|i would|i wanna|i want to|let me|i'?m gonna|im gonna) "
                rf"make {_U} feel (?:so |really |very )?(?:good|great|amazing|nice|wonderful)\b"
            ),
            rf"\b(?:are|r) {_U} (?:a )?virgin\b",
            r"\bkiss (?:you|u)\b",
            # asking the reader to touch or kiss the author; "he tried to kiss me" is a report (see below)
            (
                rf"\b(?:(?:can|could|would|will|do) {_U}(?: want to| wanna)?|{_U} (?:can|could|should|wanna|want to)) "
                rf"(?:touch|kiss) me\b"
            ),
            rf"\b(?:want|need) {_U} to (?:touch|kiss) me\b",
            rf"\b{_U} (?:gotta|have to|got to|need to|must) (?:touch|kiss) me\b",
            r"(?:^|[.!?,] )(?:kiss|touch) me\b",
            rf"\b(?:what|wat) (?:colou?r|kind|type) (?:is|are) {_UR} (?:bra|panties|underwear|knickers)\b",
            r"\b(?:naughty|frisky|oral|deepthroat|deep throat|make out|making out|birth control)\b",
        ),
        _words(
            "naughty frisky oral deepthroat deep making birth sex sexy sexual naked nude nudes horny virgin "
            "orgasm cum cumming masturbate masturbating masturbation masturbated masturbates jerk jack make "
            "blow blowjob bj porn condom condoms dick cock penis pussy vagina boob boobs tits nipple nipples "
            "panties thong lingerie hard boner erection kinky touch play spank fuck suck lick eat ever kiss "
            "bra underwear knickers fuk fck taste feel"
        ),
        # a young person telling what someone did to them ("someone sent me nudes", "he tried to touch me")
        # is a disclosure (the disclosure lexicon's), not sexual talk aimed at the reader
        unless=(
            r"\b(?:he|she|they|someone|somebody|some one|a (?:man|guy|boy|girl|woman|lad|stranger)|this "
            r"(?:man|guy|boy|girl|woman|lad)) (?:sent|showed|made|asked|touched|forced|grabbed|kissed|"
            r"(?:tried|wanted|keeps? trying|kept trying) to \w+) me\b"
        ),
    ),
)

_STAGE = {stage.name: stage for stage in STAGES}
_UNLESS = {stage.name: re.compile(stage.unless) for stage in STAGES if stage.unless}


class Pattern(NamedTuple):
    stage: str
    regex: re.Pattern
    anchors: frozenset[str]  # the stage's anchor words that occur in this pattern's source
    needs: tuple[tuple[str, ...], ...]  # strings every match contains (prefilter.py): tested before the scan
    starts: tuple[str, ...]  # strings every match begins with, where the pattern names them: where to try it


def _patterns() -> tuple[tuple[Pattern, ...], dict[str, tuple[int, ...]]]:
    """Every pattern with its own anchors, and an index from anchor word to the patterns it wakes."""
    patterns = []
    index: dict[str, list[int]] = {}
    for stage in STAGES:
        for source in stage.patterns:
            anchors = frozenset(a for a in stage.anchors if a in source)
            if not anchors:
                raise ValueError(
                    f"Grooming pattern {source!r} has none of stage {stage.name!r}'s anchor words"
                )
            for word in anchors:
                # "penis's" is the word "peniss" once apostrophes are gone: index that form too
                # (but "wa" + "s" is "was", the commonest verb: waking on it costs more than it finds)
                for form in (word, word + "s") if word != "wa" else (word,):
                    index.setdefault(form, []).append(len(patterns))
            patterns.append(
                Pattern(
                    stage.name,
                    re.compile(source),
                    anchors,
                    required_substrings(source),
                    literal_starts(source),
                )
            )
    return tuple(patterns), {word: tuple(ids) for word, ids in index.items()}


PATTERNS, _INDEX = _patterns()
_ANCHORS = frozenset(_INDEX)
_WOKEN: dict[frozenset[str], tuple[Pattern, ...]] = {}  # anchor words present -> the patterns they wake


def _woken(present: frozenset[str]) -> tuple[Pattern, ...]:
    """The patterns these anchor words wake, in PATTERNS order; remembered, as few sets of anchors recur."""
    if len(_WOKEN) >= 4096:  # bounded: hostile text could present many combinations
        _WOKEN.clear()
    woken = _WOKEN[present] = tuple(
        PATTERNS[i] for i in sorted({i for word in present for i in _INDEX[word]})
    )
    return woken


# ---- Stages from meaning (issue 19) -----------------------------------------------------------------------
# The hand patterns know the words of each stage; a groomer has endless other ways to say the same thing
# ("which part of town are you in", "this stays between us"). The second stage compares a message's sentence
# vector (encoder.vector, shared with every other second-stage check of the message) with exemplars of each
# early stage written for the purpose (data/grooming_stages.txt), and with ordinary messages that look like
# them (the same file's [ordinary] part, and ordinary text from the trainable sets): a message is a step of a
# stage when its nearest exemplars of that stage are close enough AND closer than its nearest ordinary texts.
# Such a step adds `meaning_step` to the stage's score, where a hand pattern adds 1: both count, neither
# replaces the other. The vectors are built by `python -m harbour.screening.training.grooming --build`.

EXEMPLARS = Path(__file__).parent / "data" / "grooming_stages.txt"
MODEL = Path(__file__).parent / "models" / "grooming.npz"
MEANING_STAGES = ("personal", "rapport", "isolation", "secrecy", "gifts", "private_channel", "meeting")

# The gate, on what the fast path has already computed: only a message of a few words that speaks to the
# reader or of "us" is worth the encoder. Every early stage is something asked of, offered to or said about the
# reader ("how old are u", "ur mature", "add me", "we should meet"); a message without any of these words is
# about something else, and is not encoded. Of those, an author with no stage active yet is read only where
# the message asks a question (a groomer's first steps are questions: age, school, home); once a stage is
# active, every such message is read.
_ADDRESSED = frozenset(
    "you u ya yu yo your ur yur yor youre ure yours urs yourself urself yall we us our ours lets wanna "
    "gonna".split()
)
GATE_MIN_WORDS = 2
GATE_MAX_CHARS = 200


def exemplars(path: Path = EXEMPLARS) -> dict[str, list[str]]:
    """{stage or "ordinary": [exemplar texts]} from the exemplar file, in file order."""
    out: dict[str, list[str]] = {}
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = out.setdefault(line[1:-1], [])
        elif section is None:
            raise ValueError(f"{path.name}: exemplar before any [section]: {line!r}")
        else:
            section.append(line)
    unknown = set(out) - set(MEANING_STAGES) - {"ordinary"}
    if unknown:
        raise ValueError(f"{path.name}: unknown sections {sorted(unknown)}")
    return out


class Meaning(NamedTuple):
    """The stage exemplars' and the ordinary texts' vectors, as models/grooming.npz holds them."""

    stages: tuple[str, ...]
    vectors: np.ndarray  # (exemplars, 384) unit vectors, grouped by stage in `stages` order
    bounds: tuple[int, ...]  # stage i's exemplars are vectors[bounds[i] : bounds[i + 1]]
    ordinary: np.ndarray  # (ordinary texts, 384) unit vectors
    digest: str  # of the exemplar file's sections, so a stale model can be told (tests check it)
    top: int = 2  # a score is the mean similarity of this many nearest

    def scores(self, vector: np.ndarray) -> tuple[np.ndarray, float]:
        """Per stage, the mean cosine similarity of the `top` nearest exemplars; the same over the ordinary."""
        sims = self.vectors @ vector
        k = self.top
        stage = np.empty(len(self.stages), dtype=np.float32)
        for i in range(len(self.stages)):
            part = sims[self.bounds[i] : self.bounds[i + 1]]
            stage[i] = np.partition(part, len(part) - k)[-k:].mean()
        ordinary = self.ordinary @ vector
        return stage, float(np.partition(ordinary, len(ordinary) - k)[-k:].mean())


def digest(sections: dict[str, list[str]]) -> str:
    import hashlib

    blob = "\n".join(f"[{name}]\n" + "\n".join(texts) for name, texts in sorted(sections.items()))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def meaning_model() -> Meaning | None:
    """The shipped vectors (models/grooming.npz), or None where the file is missing (the hand patterns alone)."""
    if not MODEL.exists():
        return None
    with np.load(MODEL) as npz:
        stages = tuple(str(s) for s in npz["stages"])
        return Meaning(
            stages,
            npz["vectors"].astype(np.float32),
            tuple(int(b) for b in npz["bounds"]),
            npz["ordinary"].astype(np.float32),
            str(npz["digest"]),
            int(npz["top"]),
        )


def gate(doc: Document, *, primed: bool = True) -> bool:
    """Whether the second stage reads this message: a few words to no more than GATE_MAX_CHARS characters,
    addressed to the reader or about "us" (see _ADDRESSED), and, unless the author is `primed` (a stage of
    theirs already active), a question."""
    text = doc.text
    return (
        len(text) <= GATE_MAX_CHARS
        and (primed or "?" in text)
        and text.count(" ") + 1 >= GATE_MIN_WORDS
        and not _ADDRESSED.isdisjoint(doc.word_set)
    )


class GroomingTracker(ConversationDetector):
    """Grooming across messages: several distinct stages from one author within a stretch of messages.

    State (JSON-able, bounded): {"v", "n" messages seen, "stages" {name: score}, "counts" {name: matches},
    "refs" [{"n", "channel", "thread", "stages", "span", "said"}], "alerts", "alerted" [stage names]}.
    """

    name = "grooming"
    category = Category.GROOMING
    directions = frozenset({Direction.INCOMING})

    # Chosen on the validation half of the Perverted-Justice chats and of the negative conversations
    # (harbour/screening/training/grooming.py); the test half was not looked at while tuning (issue 19's
    # second-stage values below were chosen on both halves, which are development rows now).
    decay: ClassVar[float] = 0.99  # per message from the author: a single signal fades below `active` in ~140
    active: ClassVar[float] = 0.25  # a stage counts as present while its score is at least this
    cap: ClassVar[float] = 4.0  # repeats reinforce a stage, up to this
    alert_risk: ClassVar[float] = 6.5  # sum over present stages of weight x score that raises the alert
    alert_stages: ClassVar[int] = 3  # ... with at least this many distinct stages present
    broad_stages: ClassVar[int] = 5  # or this many distinct stages present ...
    broad_risk: ClassVar[float] = 5.0  # ... with at least this risk (a fast, wide approach)
    severe_risk: ClassVar[float] = 12.0  # risk at which the alert becomes SEVERE
    # The second stage (stages from meaning; see MODEL): a stage step when the mean similarity of the stage's
    # two nearest exemplars is at least meaning_cut and exceeds that of the two nearest ordinary texts by
    # meaning_margin; it adds meaning_step to the stage's score (a hand pattern adds 1).
    # Chosen on both development halves of PJ and of the negatives (training/grooming.py; docs/model-card.md).
    meaning_cut: ClassVar[float] = 0.5
    meaning_margin: ClassVar[float] = 0.0
    meaning_step: ClassVar[float] = 1.0
    # With the second stage, more stages are found in ordinary chat too, so the wide approach needs more risk
    # (a youth worker's age, school, club, "call me if the coach is late" stayed below 5 with the hand
    # patterns alone and does not stay below it with the meaning). The deep rule is the same either way.
    broad_risk_meaning: ClassVar[float] = 6.0
    # Where the message's vector comes from: the shared encoder (the benchmark passes vectors it has cached).
    vector: ClassVar = staticmethod(encoder.vector)
    max_refs: ClassVar[int] = 16
    refs_per_stage: ClassVar[int] = 2
    said_chars: ClassVar[int] = 60

    def signals(self, doc: Document) -> list[tuple[str, int, int]]:
        """(stage, start, end in doc.text) for each stage matched: its leftmost match, stages in STAGES order.

        Only patterns whose anchor words occur in the text are run (most texts wake none)."""
        present = _ANCHORS.intersection(_anchor_words(doc))
        if not present:
            return []
        woken = _WOKEN.get(present)
        if woken is None:
            woken = _woken(present)
        text = doc.text
        best: dict[str, tuple[int, int]] = {}
        for pattern in woken:
            # a woken pattern usually lacks the rest of its words (prefilter.may_match, inlined: about three
            # patterns a message get here)
            for slot in pattern.needs:
                if not any(map(text.__contains__, slot)):
                    break
            else:
                m = (
                    search_from(pattern.regex, text, pattern.starts)
                    if pattern.starts
                    else pattern.regex.search(text)
                )
                if (
                    m
                    and m.end() > m.start()
                    and (pattern.stage not in best or m.start() < best[pattern.stage][0])
                ):
                    best[pattern.stage] = m.span()
        for name in _UNLESS.keys() & best.keys():
            if _UNLESS[name].search(text):
                del best[name]
        if not best:
            return []
        return [(stage.name, *best[stage.name]) for stage in STAGES if stage.name in best]

    def meaning(self, doc: Document, *, primed: bool = True) -> list[tuple[str, float]]:
        """(stage, similarity) for each early stage this message is a step of by its meaning, best first;
        [] where the gate keeps the message from the encoder (see gate: `primed` is whether the author has
        a stage active already) or no model is shipped."""
        model = meaning_model()
        if model is None or not gate(doc, primed=primed):
            return []
        stage, ordinary = model.scores(self.vector(doc.text))
        floor = max(self.meaning_cut, ordinary + self.meaning_margin)
        found = [(model.stages[i], float(stage[i])) for i in np.flatnonzero(stage >= floor)]
        return sorted(found, key=lambda pair: -pair[1])

    def steps(
        self, doc: Document, *, second_stage: bool = True, primed: bool = True
    ) -> list[tuple[str, float, tuple[int, int]]]:
        """(stage, how much it adds, span in doc.text) for each stage this message is a step of: the hand
        patterns' (adding 1, their match's span), then, with second_stage, those found only from the meaning
        (adding meaning_step, the whole message's span), stages in STAGES order."""
        found = {name: (1.0, (start, end)) for name, start, end in self.signals(doc)}
        if second_stage:
            for name, _ in self.meaning(doc, primed=primed):
                found.setdefault(name, (self.meaning_step, (0, len(doc.text))))
        return [(stage.name, *found[stage.name]) for stage in STAGES if stage.name in found]

    def detect_with_state(
        self, doc: Document, context: Context, *, second_stage: bool | None = None
    ) -> tuple[list[Finding], dict | None]:
        """second_stage: whether to read the meaning too; by default as context.second_stage says."""
        if context.author is None:
            return [], None
        state = _load(context.author_state, self.decay)
        n = state["n"] = state["n"] + 1
        if second_stage is None:
            second_stage = context.second_stage
        primed = second_stage and any(score >= self.active for score in state["stages"].values())
        hits = self.steps(doc, second_stage=second_stage, primed=primed)
        if not hits:
            return [], state
        stages = state["stages"]
        counts = {k: int(v) for k, v in state["counts"].items() if k in _STAGE and isinstance(v, int | float)}
        for name, step, _ in hits:
            stages[name] = min(self.cap, stages.get(name, 0.0) + step)
            counts[name] = counts.get(name, 0) + 1
        state["counts"] = counts

        spans = [_original(doc, start, end) for _, _, (start, end) in hits]
        overall = (min(s for s, _ in spans), max(e for _, e in spans))
        said = doc.original[overall[0] : overall[1]]
        self._remember(
            state,
            {
                "n": n,
                "channel": context.channel,
                "thread": context.thread,
                "stages": [name for name, _, _ in hits],
                "span": list(overall),
                "said": said[: self.said_chars],
            },
        )

        present = [name for name, score in stages.items() if score >= self.active]
        risk = sum(_STAGE[name].weight * stages[name] for name in present)
        deep = len(present) >= self.alert_stages and risk >= self.alert_risk
        broad = len(present) >= self.broad_stages and risk >= (
            self.broad_risk_meaning if second_stage else self.broad_risk
        )
        if not (deep or broad):
            return [], state
        alerted = {s for s in state["alerted"] if s in _STAGE}
        new = sorted(set(present) - alerted)
        state["alerted"] = sorted(alerted | set(present))
        state["alerts"] += 1
        severity = Severity.SEVERE if risk >= self.severe_risk else Severity.HIGH
        return [self._finding(state, present, new, risk, severity, spans[0])], state

    def _remember(self, state: dict, ref: dict) -> None:
        """Add ref, keeping the latest few references per stage, so the summary stays small however long
        the history. Builds new ref dicts: the caller's stored state is never changed in place."""
        refs = [r for raw in state["refs"] if (r := _load_ref(raw))] + [ref]
        for name in ref["stages"]:
            holding = [r for r in refs if name in r["stages"]]
            for old in holding[: -self.refs_per_stage]:
                old["stages"] = [s for s in old["stages"] if s != name]
        state["refs"] = [r for r in refs if r["stages"]][-self.max_refs :]

    def _finding(self, state, present, new, risk, severity, span) -> Finding:
        order = [s.name for s in STAGES if s.name in present]
        labels = "; ".join(_STAGE[name].label for name in order)
        earlier = [r for r in state["refs"] if r["n"] != state["n"]]
        where = ", ".join(_describe(r) for r in earlier[-6:])
        reason = (
            f"Possible grooming pattern from this author across {state['n']} messages: {labels}"
            + (f". Earlier messages: {where}" if where else "")
            + (
                f". New in this message: {', '.join(_STAGE[s].label for s in new)}"
                if new and state["alerts"] > 1
                else ""
            )
        )
        return Finding(
            category=Category.GROOMING,
            severity=int(severity),
            span=span,
            reason=reason,
            detector=self.name,
            score=round(min(1.0, risk / (2 * self.alert_risk)), 4),
            evidence={
                "stages": order,
                "risk": round(risk, 3),
                "messages": [
                    {k: r[k] for k in ("n", "channel", "thread", "stages", "span")} for r in state["refs"]
                ],
            },
        )


def _anchor_words(doc: Document) -> frozenset[str]:
    """The words anchors are looked up in: doc.word_set, with "*" stripped where a text uses it ("*spank*")."""
    if "*" not in doc.text:
        return doc.word_set
    return frozenset(w.strip("*") for w in doc.word_set)


def _describe(ref: dict) -> str:
    where = f"message {ref['n']}"
    if ref.get("thread"):
        where += f" in thread {ref['thread']}"
    elif ref.get("channel"):
        where += f" on {ref['channel']}"
    return f"{where} ({', '.join(_STAGE[s].label for s in ref['stages'] if s in _STAGE)}: '{ref['said']}')"


def _original(doc: Document, start: int, end: int) -> tuple[int, int]:
    whole = (0, len(doc.original))
    try:
        s, e = doc.to_original(start, end)
    except (IndexError, ValueError):
        return whole
    return (s, e) if 0 <= s < e <= len(doc.original) else whole


def _load_ref(raw) -> dict | None:
    """A checked copy of one stored message reference, or None if it is malformed."""
    if not isinstance(raw, dict) or not isinstance(raw.get("stages"), list):
        return None
    span = raw.get("span")
    stages = [s for s in raw["stages"] if s in _STAGE]
    if not stages or not (isinstance(span, list) and len(span) == 2):
        return None
    try:
        return _ref(raw, stages, span)
    except (TypeError, ValueError):
        return None


def _ref(raw: dict, stages: list[str], span: list) -> dict:
    return {
        "n": int(raw.get("n", 0)),
        "channel": None if raw.get("channel") is None else str(raw["channel"]),
        "thread": None if raw.get("thread") is None else str(raw["thread"]),
        "stages": stages,
        "span": [int(span[0]), int(span[1])],
        "said": str(raw.get("said", ""))[: GroomingTracker.said_chars],
    }


def _fresh() -> dict:
    return {"v": 1, "n": 0, "stages": {}, "counts": {}, "refs": [], "alerts": 0, "alerted": []}


def _load(raw: dict | None, decay: float) -> dict:
    """The stored state one message later: a new dict with the stage scores decayed. Counts, refs and
    alerted stages are passed on as they are and checked only when a message changes them (most change
    nothing). Anything malformed starts afresh rather than failing the screen."""
    if type(raw) is not dict or raw.get("v") != 1:
        return _fresh()
    n, alerts, stages = raw.get("n"), raw.get("alerts", 0), raw.get("stages")
    if type(n) is not int or type(alerts) is not int or type(stages) is not dict or n < 0 or alerts < 0:
        return _fresh()
    decayed = {}
    for name, score in stages.items():
        if name in _STAGE and type(score) in (float, int):
            score *= decay
            if score >= 0.01:
                decayed[name] = round(score, 4)
    counts, refs, alerted = raw.get("counts"), raw.get("refs"), raw.get("alerted")
    return {
        "v": 1,
        "n": n,
        "stages": decayed,
        "counts": counts if type(counts) is dict else {},
        "refs": refs if type(refs) is list else [],
        "alerts": alerts,
        "alerted": alerted if type(alerted) is list else [],
    }


@dataclass(frozen=True, slots=True)
class StageScore:
    name: str
    label: str  # plain words for the moderator
    score: float


@dataclass(frozen=True, slots=True)
class GroomingSummary:
    """The stages the tracker sees in an author's messages now, strongest first, and how many of
    their messages it has seen (None if the state does not say)."""

    stages: tuple[StageScore, ...]
    messages: int | None


def summary(author_state: dict | None) -> GroomingSummary | None:
    """What the grooming tracker holds about an author, from their running state as the engine returned
    it (Verdict.author_state, which keeps the tracker's own under its name): the stages present, or
    None when none is. Anything malformed counts as nothing known."""
    tracker = author_state.get(GroomingTracker.name) if isinstance(author_state, dict) else None
    stages = tracker.get("stages") if isinstance(tracker, dict) else None
    if not isinstance(stages, dict):
        return None
    present = [
        StageScore(name, _STAGE[name].label, float(score))
        for name, score in stages.items()
        if name in _STAGE
        and isinstance(score, int | float)
        and not isinstance(score, bool)
        and score >= GroomingTracker.active
    ]
    if not present:
        return None
    seen = tracker.get("n")
    return GroomingSummary(
        tuple(sorted(present, key=lambda s: -s.score)),
        seen if isinstance(seen, int) and not isinstance(seen, bool) else None,
    )
