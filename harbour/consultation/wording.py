"""The builder's warnings: what a consultation's author is told as they write a question, and what stops it
being published (guidance 4.3: polls and surveys "must not have leading questions" and should use "both
qualitative and quantitative methods"; docs/safeguarding.md, rule 29, on the lawful basis).

Plain Python rules, each one explainable in a sentence, each with a fair and an unfair example in
tests/consultation/test_wording.py. A warning is either BLOCKING (publishing is refused until it is put
right) or ADVICE (shown, the author decides). What blocks:

- leading or persuasive wording ("don't you agree", "surely", "how great is", a loaded adjective such as
  "amazing" describing the thing asked about) and asking for what identifies a young person (their name,
  school, address, date of birth: the consultation asks an age band itself, if it needs one);
- a scale without both ends named, or whose ends are not equally strong ("Quite bad" to "Excellent");
- single-choice answers that overlap ("1-3", "3-5") or repeat;
- a survey without both a question with choices (quantitative) and one in their own words (qualitative);
  a poll without its one question; a board without an introduction saying what to post about;
- a reading age more than READING_AGE_MARGIN years above the youngest age the channel is for;
- the privacy notice's missing parts (purpose, why the lawful basis applies, how long answers are kept),
  and consent as the lawful basis for a channel whose audience starts under 13 (consent would need a
  parent's, which Harbour cannot check).

What only advises: a reading age above the youngest age but within the margin, a question that may ask
two things at once ("and"/"or" in a question with one answer), a single choice of three or more without a
"not sure" or "other" way out, "do you agree that ..." outside an agree/disagree statement, and consent as
the lawful basis where the audience is 13 or over.

The measure of reading age is the screening engine's (harbour.screening.reading_age: Flesch-Kincaid grade
plus 5), which is rough on one short sentence: that is why only a large gap blocks.
"""

import re
from dataclasses import dataclass

from django.utils import timezone

from harbour.lib.bidi import isolate
from harbour.screening import plain_words, reading_age

READING_AGE_MARGIN = 4  # years above the youngest reader before a reading age blocks publishing
DEFAULT_TARGET = 11  # when a channel gives no youngest age


@dataclass(frozen=True)
class Warning:
    rule: str  # a short name, stable for tests
    blocking: bool
    message: str  # one sentence (or two) for the author
    question: object = None  # the Question it is about, when saved; None for the whole consultation
    where: str = ""  # "question", "choices", "scale", "introduction", "details"

    @property
    def level(self) -> str:
        return "Must fix" if self.blocking else "Advice"


# Leading or persuasive phrases: each invites one answer. Matched on whole words, case-insensitive.
LEADING = [
    (
        r"\b(don'?t|do not|wouldn'?t|would not|won'?t|can'?t|couldn'?t|shouldn'?t) you (agree|think|say|feel|want|like|love)\b",
        "asks them to agree with you",
    ),
    (r"\bwouldn'?t you\b", "asks them to agree with you"),
    (
        r"\b(isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|didn'?t) (it|they|that|this|there)\b.*\?",
        "asks them to agree with you",
    ),
    (
        r"\b(surely|obviously|clearly|of course|undoubtedly|everyone knows|everybody knows)\b",
        "tells them what the answer is",
    ),
    (
        r"\b(most|many|all) (young )?people (agree|think|feel|say|know|love|like)\b",
        "tells them what others think",
    ),
    (r"\bhow much do you (love|like|enjoy|hate|dislike|appreciate)\b", "assumes how they feel"),
    (
        r"\bhow (great|amazing|brilliant|fantastic|wonderful|awesome|terrible|awful|dreadful) (is|are|was|were|would)\b",
        "assumes the answer in the question",
    ),
    (
        r"\bwhy (is|are|was|were|do|does|did) .* so (good|bad|great|important|popular|useful|poor)\b",
        "assumes the answer in the question",
    ),
    (r"\b(agree|admit) that\b.*\b(should|must|need)\b", "asks them to agree with you"),
]
LEADING_RE = [(re.compile(p, re.IGNORECASE), why) for p, why in LEADING]

# Loaded adjectives: words that praise or condemn what is being asked about. They block unless they ask
# about change ("what would make it more exciting?": after more, less, most, least, too, as).
LOADED = {
    "amazing",
    "awesome",
    "brilliant",
    "excellent",
    "exciting",
    "fabulous",
    "fantastic",
    "great",
    "incredible",
    "lovely",
    "marvellous",
    "outstanding",
    "perfect",
    "superb",
    "wonderful",
    "much-needed",
    "vital",
    "awful",
    "appalling",
    "boring",
    "disgraceful",
    "dreadful",
    "horrible",
    "pointless",
    "ridiculous",
    "shocking",
    "stupid",
    "terrible",
    "useless",
    "wasteful",
    "dangerous",
    "disgusting",
}
COMPARING = {"more", "less", "most", "least", "too", "as", "so"}

# What identifies a young person, or where they are: never asked (ICO Children's code, data minimisation).
IDENTIFYING = re.compile(
    r"\b(your (full |first |last |sur)?name|your (home )?address|your post ?code|your school('s name)?|"
    r"which school|what school|where do you live|where you live|your date of birth|when were you born|"
    r"how old are you|your age|your (e-?mail|phone|mobile|number)|your (instagram|snapchat|tiktok|username))\b",
    re.IGNORECASE,
)

# Two things asked at once, in a question with one answer.
DOUBLE = re.compile(r"\b\w+\b (and|or) \b\w+", re.IGNORECASE)
ONE_ANSWER_START = re.compile(
    r"^\s*(do|does|did|are|is|was|were|have|has|would|will|should|could|can|how (much|often|happy|safe|satisfied|likely|well|good)|rate)\b",
    re.IGNORECASE,
)
AGREE_THAT = re.compile(r"\bdo you agree\b|\bagree or disagree\b", re.IGNORECASE)

# A way out for a single choice: someone who fits none of the choices must not be made to pick one.
WAY_OUT = re.compile(
    r"\b(other|not sure|unsure|don'?t know|do not know|none|neither|prefer not|no opinion|something else|"
    r"it depends|not applicable|n/?a)\b",
    re.IGNORECASE,
)

# The strength of a scale's end: strong words and intensifiers make an end "strong" (2), a plain word is 1.
STRONG = re.compile(
    r"\b(very|extremely|really|completely|totally|absolutely|fully|strongly|entirely|always|never|"
    r"not at all|a lot|very much|excellent|amazing|brilliant|perfect|awful|terrible|love|hate|"
    r"fantastic|best|worst)\b",
    re.IGNORECASE,
)
WEAK = re.compile(
    r"\b(quite|a bit|a little|slightly|fairly|somewhat|rather|sort of|kind of)\b", re.IGNORECASE
)

RANGE = re.compile(
    r"(?:(?P<a>\d+)\s*(?:-|–|to)\s*(?P<b>\d+))|(?:(?P<c>\d+)\s*(?:\+|or more|and over|or over|and above))|"
    r"(?:(?:under|less than|fewer than|below)\s*(?P<d>\d+))|(?:(?P<e>\d+)\s*or (?:less|fewer|under))"
)


def _strength(label: str) -> int:
    if STRONG.search(label):
        return 2
    if WEAK.search(label):
        return 0
    return 1


def _range(text: str):
    """A choice's number range (low, high), or None when it names none."""
    m = RANGE.search(text)
    if not m:
        return None
    if m.group("a") is not None:
        low, high = int(m.group("a")), int(m.group("b"))
        return (min(low, high), max(low, high))
    if m.group("c") is not None:
        return (int(m.group("c")), 10**9)
    if m.group("d") is not None:
        return (-(10**9), int(m.group("d")) - 1)
    return (-(10**9), int(m.group("e")))


def plainer(text: str, most: int = 2) -> list[str]:
    """Plainer words for the jargon in text ("'indicate' → 'show'"), from the screening engine's list."""
    table = plain_words()
    lowered = text.lower()
    found = []
    for form, plain in table.items():
        if re.search(rf"\b{re.escape(form)}\b", lowered):
            found.append(f"'{form}' → '{plain.split(',')[0].strip()}'")
            if len(found) >= most:
                break
    return found


def reading_warning(
    text: str, target: int, *, what: str, question=None, where: str = "question"
) -> Warning | None:
    """Advice when text reads above `target` years, blocking when more than READING_AGE_MARGIN above."""
    if not text.strip():
        return None
    age = round(reading_age(text))
    if age <= target:
        return None
    blocking = age > target + READING_AGE_MARGIN
    swaps = plainer(text)
    tip = f" Try {'; '.join(swaps)}." if swaps else " Try shorter sentences and shorter words."
    return Warning(
        "reading_age",
        blocking,
        f"{what} reads at about age {age}; the youngest people this channel is for are {target}.{tip}",
        question,
        where,
    )


def question_warnings(
    text: str,
    *,
    kind: str,
    choices=(),
    hint: str = "",
    scale_low: str = "",
    scale_high: str = "",
    target: int = DEFAULT_TARGET,
    question=None,
) -> list[Warning]:
    """The warnings about one question, from its words alone (so the form can check them before saving)."""
    from harbour.consultation.models import QuestionKind

    found: list[Warning] = []
    words = f"{text} {hint}"
    for pattern, why in LEADING_RE:
        m = pattern.search(words)
        if m:
            found.append(
                Warning(
                    "leading",
                    True,
                    f"“{isolate(m.group(0).strip())}” {why}. Ask in a way that lets every answer feel as welcome.",
                    question,
                    "question",
                )
            )
            break
    tokens = re.findall(r"[\w'-]+", text.lower())
    for i, token in enumerate(tokens):
        if token in LOADED and (i == 0 or tokens[i - 1] not in COMPARING):
            found.append(
                Warning(
                    "loaded_word",
                    True,
                    f"“{isolate(token)}” praises or criticises what you are asking about, which pushes towards one "
                    "answer. Describe it plainly.",
                    question,
                    "question",
                )
            )
            break
    m = IDENTIFYING.search(words)
    if m:
        found.append(
            Warning(
                "identifying",
                True,
                f"“{isolate(m.group(0))}” asks for something that could identify a young person. Only ask what the "
                "consultation needs; to know ages, ask for an age band in the details.",
                question,
                "question",
            )
        )
    one_answer = kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.STATEMENT)
    if one_answer and ONE_ANSWER_START.search(text) and DOUBLE.search(text):
        found.append(
            Warning(
                "double",
                False,
                "This may ask about two things at once (“and” or “or”), but there is only one answer. If it "
                "does, ask two questions.",
                question,
                "question",
            )
        )
    if kind != QuestionKind.STATEMENT and AGREE_THAT.search(text):
        found.append(
            Warning(
                "agree_that",
                False,
                "Asking whether they agree makes agreeing the easy answer. Ask what they think, or use an "
                "agree or disagree statement.",
                question,
                "question",
            )
        )
    cleaned = [c.strip() for c in choices if c and c.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
        seen = set()
        for choice in cleaned:
            key = re.sub(r"\W+", " ", choice.lower()).strip()
            if key in seen:
                found.append(
                    Warning(
                        "repeated_choice",
                        True,
                        f"The choice “{isolate(choice)}” is there twice.",
                        question,
                        "choices",
                    )
                )
                break
            seen.add(key)
        if kind == QuestionKind.SINGLE:
            ranges = [(c, r) for c in cleaned if (r := _range(c))]
            clash = next(
                (
                    (a, b)
                    for i, (a, ra) in enumerate(ranges)
                    for b, rb in ranges[i + 1 :]
                    if ra[0] <= rb[1] and rb[0] <= ra[1]
                ),
                None,
            )
            if clash:
                found.append(
                    Warning(
                        "overlap",
                        True,
                        f"“{isolate(clash[0])}” and “{isolate(clash[1])}” overlap, so someone could fit both. Make the choices "
                        "separate, such as 1 to 3 and 4 to 6.",
                        question,
                        "choices",
                    )
                )
            if len(cleaned) >= 3 and not any(WAY_OUT.search(c) for c in cleaned):
                found.append(
                    Warning(
                        "no_way_out",
                        False,
                        "Add a choice such as “Not sure” or “Something else”, so nobody has to pick an answer "
                        "that is not theirs.",
                        question,
                        "choices",
                    )
                )
        for choice in cleaned:
            lowered = re.findall(r"[\w'-]+", choice.lower())
            if any(w in ("surely", "obviously") for w in lowered):
                found.append(
                    Warning(
                        "leading_choice",
                        True,
                        f"The choice “{isolate(choice)}” tells them what to think.",
                        question,
                        "choices",
                    )
                )
                break
    if kind == QuestionKind.SCALE:
        if not scale_low.strip() or not scale_high.strip():
            found.append(
                Warning("scale_ends", True, "Say what both ends of the scale mean.", question, "scale")
            )
        elif _strength(scale_low) != _strength(scale_high):
            found.append(
                Warning(
                    "scale_balance",
                    True,
                    f"The ends “{isolate(scale_low)}” and “{isolate(scale_high)}” are not equally strong, which tips answers "
                    "one way. Use matching ends, such as “Very unhappy” and “Very happy”.",
                    question,
                    "scale",
                )
            )
    reading = reading_warning(text, target, what="This question", question=question)
    if reading:
        found.append(reading)
    return found


def target_age(consultation) -> int:
    """The reading age to aim at: the youngest age the consultation's channel is for."""
    return consultation.channel.audience_min_age or DEFAULT_TARGET


def consultation_warnings(consultation) -> list[Warning]:
    """Every warning about a consultation: its details, its shape and each of its questions, blocking first."""
    from harbour.consultation.models import Kind, LawfulBasis, QuestionKind

    found: list[Warning] = []
    target = target_age(consultation)

    def whole(rule, blocking, message, where="details"):
        found.append(Warning(rule, blocking, message, None, where))

    if consultation.channel.status != "active":
        whole("channel", True, f"The channel {isolate(consultation.channel.name)} is not active.")
    if not consultation.purpose.strip():
        whole(
            "purpose",
            True,
            "Say what the answers are for and what will happen to them: the privacy notice needs it.",
        )
    if not consultation.lawful_basis_note.strip():
        whole("lawful_basis_note", True, "Say why the lawful basis applies: the privacy notice needs it.")
    if consultation.answers_kept_until is None:
        whole("kept_until", True, "Say until when the answers are kept: the privacy notice needs it.")
    elif consultation.answers_kept_until <= timezone.localdate():
        whole("kept_until", True, "The date the answers are kept until has passed. Choose a later date.")
    if consultation.lawful_basis == LawfulBasis.CONSENT:
        if target < 13:
            whole(
                "consent",
                True,
                "Consent cannot be the lawful basis when the channel is for people under 13: it would need a "
                "parent's consent, which Harbour cannot check. Use public task or legitimate interests.",
            )
        else:
            whole(
                "consent",
                False,
                "Consent is rarely the right basis for a consultation: it can be withdrawn at any time and must "
                "be freely given. Public task or legitimate interests usually fit better.",
            )
    now = timezone.now()
    if consultation.closes_at and consultation.closes_at <= now:
        whole("dates", True, "The closing date has passed. Choose a later one, or leave it empty.")
    if consultation.opens_at and consultation.closes_at and consultation.closes_at <= consultation.opens_at:
        whole("dates", True, "The closing date must be after the opening date.")

    if consultation.introduction.strip():
        reading = reading_warning(
            consultation.introduction, target, what="The introduction", where="introduction"
        )
        if reading:
            found.append(reading)

    questions = list(consultation.questions.prefetch_related("choices"))
    kinds = {q.kind for q in questions}
    if consultation.kind == Kind.BOARD:
        if not consultation.introduction.strip():
            whole(
                "board_prompt",
                True,
                "Write the introduction: it is what young people are asked to post about, and the board's rules.",
                "introduction",
            )
    elif consultation.kind == Kind.POLL:
        if not questions:
            whole("no_questions", True, "Add the poll's question.", "questions")
    else:
        if not questions:
            whole("no_questions", True, "Add the survey's questions.", "questions")
        else:
            if not kinds & QuestionKind.quantitative():
                whole(
                    "no_quantitative",
                    True,
                    "Add a question with choices or a scale: a survey needs answers that can be counted as well "
                    "as answers in their own words.",
                    "questions",
                )
            if QuestionKind.FREE_TEXT not in kinds:
                whole(
                    "no_qualitative",
                    True,
                    "Add a question they answer in their own words: a survey needs what they say as well as "
                    "what can be counted.",
                    "questions",
                )
    for question in questions:
        found.extend(
            question_warnings(
                question.text,
                kind=question.kind,
                choices=[c.text for c in question.choices.all()],
                hint=question.hint,
                scale_low=question.scale_low,
                scale_high=question.scale_high,
                target=target,
                question=question,
            )
        )
    return sorted(found, key=lambda w: not w.blocking)
