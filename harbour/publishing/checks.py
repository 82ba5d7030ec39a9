"""The check panel: what Harbour says about a draft as it is written (guidance 4.1, 4.2, 4.3, 6).

Plain data in, plain data out: `run_checks(draft)` reads a `Draft` (the words, each channel's text,
the images' facts, each channel's limits and recent posts, the organisation's reading-age target) and
returns one `Check` per thing checked, each saying what to change. `draft_of(post)` builds the `Draft`
of a stored post; the editing page builds one from the form as the author types, without saving.

A check that BLOCKS stops submission and approval (personal information about a child, an image of a
young person without consent, anything the consent gate in gate.py refuses); the rest are ADVICE.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from django.utils import timezone

from harbour.lib.bidi import isolate
from harbour.publishing.draft import ChannelFacts, Check, Draft, ImageFacts, NamedPerson, Status
from harbour.publishing.gate import gate_checks
from harbour.publishing.likeness import ALIKE, SAME_START, likeness, quote
from harbour.publishing.people import Named, about_young_people, named_people


def blocking(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.status == Status.BLOCKS]


def draft_of(post) -> Draft:
    """The Draft of a stored post, with each channel's latest published posts for the likeness check."""
    variants = list(post.variants.select_related("channel").order_by("channel__name", "pk"))
    return Draft(
        title=post.title,
        text=post.text,
        channels=tuple(channel_facts(variant.channel, post=post) for variant in variants),
        variants={v.channel_id: v.text for v in variants if v.text},
        reply_controls={v.channel_id: v.reply_control for v in variants if v.reply_control},
        images=image_facts(post),
        reading_age_target=post.organisation.reading_age_target,
        organisation_id=post.organisation_id,
        people=named_people_of(post),
        goes_out_on=goes_out_on(post),
    )


def named_people_of(post) -> tuple[NamedPerson, ...]:
    """Who the post's words name or quote, as its author tagged them from the consent register."""
    if post is None:
        return ()
    return tuple(NamedPerson(p.person_id, p.use) for p in post.people.order_by("pk"))


def goes_out_on(post) -> date | None:
    """The day the consent gate checks consents for: the post's time if it has one and it is ahead."""
    if post is None or post.publish_at is None:
        return None
    return max(timezone.localdate(post.publish_at), timezone.localdate())


def channel_facts(channel, *, post=None) -> ChannelFacts:
    """What the checks know of a channel: its latest published posts (less this post) and its own
    contact details: the same for a stored post (draft_of) and a form as typed (forms.draft_from)."""
    from harbour.publishing.models import Publication, PublicationState

    recent = Publication.objects.filter(channel=channel, state=PublicationState.PUBLISHED)
    if post is not None:
        recent = recent.exclude(post=post)
    recent = recent.select_related("post").prefetch_related("post__variants").order_by("-finished_at")
    return ChannelFacts(
        id=channel.pk,
        name=channel.name,
        platform=channel.platform,
        recent_posts=tuple(p.post.text_for(channel.pk) for p in recent[:RECENT_POSTS]),
        contact=tuple(c for c in (channel.contact_email, channel.contact_phone, channel.contact_url) if c),
        reply_choices=tuple(control.value for control in reply_choices(channel)),
    )


# The channel's config key for the organisation's reply policy there: the most open reply control a post may
# choose (PlatformEntry.reply_choices), set by a manager; not set, every choice the platform offers.
REPLY_POLICY = "reply_control"


def reply_choices(channel):
    """Who may reply to a post on this channel: the platform's choices that the organisation's policy for the
    channel allows, safest first (the first is the default); empty where the platform offers no choice."""
    return channel.platform_entry.reply_choices(str(channel.config.get(REPLY_POLICY) or ""))


def image_facts(post) -> tuple[ImageFacts, ...]:
    """The facts of a post's images (or its video), read from their assets in the media library."""
    if post is None:
        return ()
    images = post.images.select_related("asset").order_by("position", "pk")
    return tuple(
        ImageFacts(
            alt_text=image.asset.alt_text,
            shows=image.asset.shows,
            source=image.asset.source or "unknown",
            licence=image.asset.licence,
            mime_type=image.asset.mime_type,
            name=f"{'Video' if image.asset.kind == 'video' else f'Image {number}'}: "
            f"{image.asset.original_name or image.asset.title}",
            asset_id=image.asset_id,
            kind=image.asset.kind,
            duration_ms=image.asset.duration_ms,
            size=_stored_size(image.asset) if image.asset.kind == "video" else 0,
        )
        for number, image in enumerate(images, start=1)
    )


def _stored_size(asset) -> int:
    """The bytes of an asset's file as it would be sent; 0 where there is none (yet)."""
    if not asset.file:
        return 0
    try:
        return asset.file.size
    except OSError:
        return 0


RECENT_POSTS = 10


def run_checks(draft: Draft) -> list[Check]:
    """Every check on the draft, in a stable order: the whole post's (its words, then its images, then the
    consent gate), then each channel's (its own text where it has one, how alike its recent posts, its
    limits)."""
    contacts = tuple(c for channel in draft.channels for c in channel.contact)
    checks = text_checks(draft.text, draft, contacts=contacts)
    checks += image_checks(draft)
    checks += gate_checks(draft)
    limits = {check.channel_id: check for check in platform_limits(draft)}
    for channel in draft.channels:
        own = draft.variants.get(channel.id, "")
        if own and own.strip() != draft.text.strip():
            checks += text_checks(own, draft, contacts=channel.contact, channel_id=channel.id)
        checks.append(likeness_check(draft.text_for(channel.id), channel))
        checks.append(limits[channel.id])
        if channel.reply_choices:
            checks.append(reply_check(draft.reply_controls.get(channel.id, ""), channel))
    return checks


def reply_check(chosen: str, channel: ChannelFacts) -> Check:
    """Who may reply to the post on a channel whose platform offers a choice: said, so the author and the
    proof reader see it; BLOCKS where the organisation's policy for the channel does not allow the choice
    (it changed since the post was written), so the post cannot be submitted, approved or sent so."""
    from harbour.connectors.registry import entry

    platform = entry(channel.platform)
    label = f"Who can reply on {isolate(channel.name)}"
    if not chosen:
        return Check(
            "who_can_reply",
            label,
            Status.OK,
            "As the channel is set up on the platform (this post was written before Harbour asked).",
            channel_id=channel.id,
        )
    if chosen not in channel.reply_choices:
        allowed = "; ".join(platform.reply_control_label(value) for value in channel.reply_choices)
        return Check(
            "who_can_reply",
            label,
            Status.BLOCKS,
            "The organisation does not allow this choice of who can reply on this channel.",
            (f"Choose one of: {allowed}.",),
            channel_id=channel.id,
        )
    return Check(
        "who_can_reply",
        label,
        Status.OK,
        f"{platform.reply_control_label(chosen)}.",
        channel_id=channel.id,
    )


def text_checks(
    text: str, draft: Draft, *, contacts: tuple[str, ...], channel_id: int | None = None
) -> list[Check]:
    """The checks on one text (the post's, or a channel's own), from one screen of it by the screening
    engine's outgoing direction, plus who it names and whether it invites a reply."""
    return list(_text_checks(text, draft.reading_age_target, tuple(contacts), channel_id))


# As the author types in one text, the others (each channel's own, the post's while a channel's is typed)
# stay as they were: their checks are kept rather than screened again at every keystroke. Checks are
# frozen, and depend only on these arguments (a date of birth's age on the year, which a day cannot move
# far enough to matter).
@lru_cache(maxsize=256)
def _text_checks(
    text: str, target: int, contacts: tuple[str, ...], channel_id: int | None
) -> tuple[Check, ...]:
    from harbour.inbox.screened import screen_unsaved
    from harbour.screening import Direction

    findings = (
        screen_unsaved(text, direction=Direction.OUTGOING, reading_age_target=target).findings
        if text.strip()
        else []
    )
    by_category: dict[str, list] = {}
    for finding in findings:
        by_category.setdefault(str(finding.category), []).append(finding)
    people = named_people(text)
    return (
        _reading_age(text, by_category.get("readability", []), target, channel_id),
        # severity 0: a word quoted or challenged ("calling someone a slag is not ok"), which is the point
        _language(text, [f for c in LANGUAGE for f in by_category.get(c, []) if f.severity > 0], channel_id),
        _personal_info(text, by_category.get("personal_info", []), people, contacts, channel_id),
        _named_people(people, channel_id),
        _leading(text, by_category.get("leading_question", []), channel_id),
        _invites(text, channel_id),
        _libel(text, by_category.get("libel_risk", []), channel_id),
    )


def platform_limits(draft: Draft) -> list[Check]:
    """Each channel's length (as the platform counts it), image count, whether it takes the post's video
    (PUBLISH_VIDEO, and the video's length and size within the platform's limits), whether it needs an image
    or a video at all, and the image types it takes."""
    from harbour.connectors.registry import entry

    images = [image for image in draft.images if not image.video]
    videos = [image for image in draft.images if image.video]
    checks = []
    for channel in draft.channels:
        platform = entry(channel.platform)
        text = draft.text_for(channel.id)
        length = platform.length_of(text)
        problems = []
        if platform.max_text_length and length > platform.max_text_length:
            problems.append(
                f"{platform.label} allows {platform.max_text_length} characters {platform.counting.how} and "
                f"this has {length}: "
                "shorten it, or write a shorter version for this channel."
            )
        if len(images) > platform.max_images:
            problems.append(f"{platform.label} takes at most {platform.max_images} images in a post.")
        for video in videos:  # the connector's own rule, so the check and the platform agree
            if refusal := platform.video_refusal(video.duration_ms, video.size):
                problems.append(refusal)
        if refusal := platform.images_refusal([image.mime_type for image in images], bool(videos)):
            problems.append(refusal)
        checks.append(
            Check(
                key="platform_limits",
                label=f"Fits {isolate(channel.name)}",
                status=Status.BLOCKS if problems else Status.OK,
                summary=problems[0] if problems else f"{length} of {platform.max_text_length} characters.",
                advice=tuple(problems[1:]),
                channel_id=channel.id,
            )
        )
    return checks


# --- Does the post invite a response? (guidance 4.2: "social media is about interaction") -----------------
# Part E's one-way flag (targets.py) reads invites_response too, so both say the same thing.

_APOSTROPHE = "['’]"
_INVITATIONS = re.compile(
    r"\b(?:"
    + "|".join(
        phrase.replace("'", _APOSTROPHE).replace(" ", r"\s+")
        for phrase in (
            "tell us",
            "tell me",
            "let us know",
            "let me know",
            "lmk",
            "drop us",
            "drop me",
            "drop (?:a comment|a line|a note)",
            "comment below",
            "comment with",
            "comment your",
            "comments below",
            "comment and tell",
            "leave a comment",
            "let's hear",
            "we're listening",
            "(?:ideas|suggestions|questions|comments|thoughts) (?:are )?(?:very )?welcome",
            "reply with",
            "reply below",
            "reply to (?:this|us)",
            "reply and (?:tell|let)",
            "vote (?:in|for|on|now)",
            "take (?:our|the|this) (?:survey|poll|quiz|questionnaire)",
            "fill in (?:our|the|this) (?:survey|form|questionnaire)",
            "answer (?:our|the|this) (?:survey|poll|question)",
            "have your say",
            "hear from you",
            "hear (?:your|what you)",
            "want to know what you",
            "(?:we'd|we would|we'll|we) (?:like|love|want) to know",
            (
                "(?:share|send|post|drop|leave) your (?:ideas|views|thoughts|stories|story|pictures|pics|photos|"
                "questions|experiences?|opinions?|suggestions|comments?|answers?|favourites?)"
            ),
            "send (?:us|me|in) your",
            "send us",
            "get in touch",
            "message us",
            "dm us",
            "ask us",
            "ask me",
            "any questions",
            "tag (?:a|your) (?:friend|mate)s?",
            "tag someone",
            "join the (?:conversation|discussion|chat)",
            "what do you think",
            "what did you think",
            "what would you",
            "what do you want",
            "what's your",
            "what is your",
            "what are your",
            "which (?:would|do|did) you",
            "how would you",
            "how do you feel",
            "where would you",
            "who would you",
            "when would you",
            "would you rather",
        )
    )
    + r")\b",
    re.IGNORECASE,
)
# Right before an invitation, these turn it down ("please do not reply to this account").
_NEGATED = re.compile(r"(?:\bnot|\bnever|\bno|n" + _APOSTROPHE + r"t|\bdont)\s+$", re.IGNORECASE)
# A question that only informs or exclaims, and asks nothing of the reader.
_RHETORICAL = re.compile(
    r"^\W*(?:did you know|guess what|who knew|who would have thought|who'd have thought|can you believe|"
    r"how (?:cool|amazing|great|brilliant|awesome|lovely|exciting) (?:is|was) that|isn't (?:that|it) (?:great|amazing))\b".replace(
        "'", _APOSTROPHE
    ),
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://\S+|www\.\S+")
_CLAUSE = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")


def response_invitation(text: str) -> tuple[int, int] | None:
    """Where the text first invites a reply (a question to the reader, or a call to answer: "tell us",
    "let us know", "have your say", "vote in our poll"), as (start, end); None when it only informs."""
    # A "?" inside a link asks nothing: links become spaces, so every offset still points into `text`.
    plain = _LINK.sub(lambda m: " " * len(m.group()), text)
    found = []
    for match in _INVITATIONS.finditer(plain):
        if not _NEGATED.search(plain, max(0, match.start() - 12), match.start()):
            found.append((match.start(), match.end()))
            break
    for clause in _CLAUSE.finditer(plain):
        words = clause.group()
        if "?" in words and words.strip(" ?.!;:\n") and not _RHETORICAL.search(words):
            start = clause.start() + len(words) - len(words.lstrip())
            found.append((start, clause.start() + len(words.rstrip())))
            break
    return min(found) if found else None


def invites_response(text: str) -> bool:
    """Does the text invite a response (guidance 4.2)? Part E flags a channel whose recent posts never do."""
    return response_invitation(text) is not None


# --- the text checks ------------------------------------------------------------------------------------

# Screening categories that are foul language, slang or words that would offend in a post (4.1).
LANGUAGE = ("profanity", "slang", "insult", "hate", "sexual", "sexting", "violence", "bullying")
MOST = 5  # findings named one by one in a check's advice; the rest are counted


def _spans(findings) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({tuple(f.span) for f in findings}))


def _quoted(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0] : span[1]].split())


def _listed(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Direction controls: a screening reason quotes the words it found, and an override among them would turn
# the rest of the sentence round; our own sentences isolate each typed value instead (harbour/lib/bidi.py).
_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _sentence(reason: str) -> str:
    """A screening finding's reason as a sentence of advice, without direction controls."""
    reason = " ".join(reason.translate(_CONTROLS).split())
    return reason if reason[-1:] in ".?!" else reason + "."


def _more(findings, shown: int) -> tuple[str, ...]:
    rest = len(findings) - shown
    return (f"And {rest} more like {'this' if rest == 1 else 'these'}.",) if rest > 0 else ()


_PROSE_WORD = re.compile(r"(?<![@#\w])[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _reading_age(text: str, findings, target: int, channel_id: int | None) -> Check:
    from harbour.screening import reading_age  # the readability detector's own measure

    label = "Reading age and plain English"
    # as the detector, a reading age only for 12 words or more (links, handles and numbers are not words)
    words = len(_PROSE_WORD.findall(_LINK.sub(" ", text)))
    age = round(reading_age(text)) if words >= 12 else None
    if not findings:
        summary = (
            f"Reading age about {age}, within the target of {target}."
            if age is not None
            else "Too short to measure a reading age; it reads plainly."
        )
        return Check("reading_age", label, Status.OK, summary, channel_id=channel_id)
    whole = [f for f in findings if f.reason.startswith("Reading age")]
    advice: list[str] = []
    parts: list = []
    if whole:
        # "Reading age about 15; aim for 11. Shorten sentences ... and use shorter words: 'utilise' -> 'use'."
        _, _, rest = whole[0].reason.partition(". ")
        if rest:
            advice.append(_sentence(rest))
        for detail in whole[0].evidence.get("details", []):
            parts.append((tuple(detail["span"]), detail["reason"]))
    for finding in findings:
        if finding not in whole:
            parts.append((tuple(finding.span), finding.reason))
    parts.sort()
    advice += [_sentence(reason) for _, reason in parts[:MOST]]
    advice += _more(parts, MOST)
    if age is not None and age > target:
        summary = f"Reading age about {age}; the organisation's target is {target}."
    else:
        summary = "Some words or sentences could be plainer."
    spans = tuple(span for span, _ in parts) or _spans(whole)
    return Check("reading_age", label, Status.ADVICE, summary, tuple(advice), channel_id, spans)


_SWEAR = {"profanity": "a swear word", "insult": "an insult", "hate": "a slur"}
_LANGUAGE_KINDS = (
    ("foul language", frozenset(_SWEAR)),
    ("slang", frozenset({"slang"})),
    ("words that may not suit young readers", frozenset({"sexual", "sexting", "violence", "bullying"})),
)
_SLANG_MEANING = re.compile(r"slang(?::\s*(?P<gloss>[^(]+?))?\s*\(\"(?P<quoted>[^\"]+)\"\)", re.IGNORECASE)


def _language_advice(finding, word: str) -> str:
    category = str(finding.category)
    if category == "slang":
        meaning = ""
        if match := _SLANG_MEANING.search(finding.reason):
            meaning = match.group("gloss") or ""
            if not meaning and match.group("quoted").lower() != word.lower():
                meaning = match.group("quoted")
        if meaning:
            return f"'{isolate(word)}' is slang for '{meaning.strip()}': say it in plain English."
        return f"'{isolate(word)}' is slang: say it in plain English."
    if category in _SWEAR:
        return f"Take out '{isolate(word)}': it is {_SWEAR[category]}."
    # sexual words, threats, bullying: a safety post may need them ("never send nudes")
    return (
        f"'{isolate(word)}': {_sentence(finding.reason)[:-1]}. Check it is needed and suits a young audience."
    )


def _language(text: str, findings, channel_id: int | None) -> Check:
    label = "Foul language and slang"
    if not findings:
        return Check("language", label, Status.OK, "No foul language or slang.", channel_id=channel_id)
    findings = sorted(findings, key=lambda f: f.span)
    words = [_quoted(text, f.span) for f in findings]
    advice = [
        _language_advice(finding, word) for finding, word in list(zip(findings, words, strict=True))[:MOST]
    ]
    advice += _more(findings, MOST)
    kinds = [
        kind for kind, categories in _LANGUAGE_KINDS if any(str(f.category) in categories for f in findings)
    ]
    summary = f"Has {_listed(kinds)}: {_listed([f"'{isolate(w)}'" for w in words[:MOST]])}."
    return Check("language", label, Status.ADVICE, summary, tuple(advice), channel_id, _spans(findings))


# What each personal-information detector found, as the advice names it.
_INFO = {
    "phone_number": "phone number",
    "email": "email address",
    "street_address": "home address",
    "uk_postcode": "postcode",
    "social_handle": "social media account",
    "meeting_place": "a place and time where someone will be",
    "age_or_birthday": "age or date of birth",
    "school_name": "school",
}
# Found about a young person, these block (3.6, 5.3); a school blocks only with the young person's name.
_BLOCKS_ABOUT_A_CHILD = frozenset(
    {"phone_number", "email", "street_address", "uk_postcode", "social_handle", "meeting_place"}
)
# Someone the sentence points to without naming them.
_PERSON_WORDS = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself|they|them|their)\b", re.IGNORECASE)
# A young person, one of them, said outright ("our young leader", "a pupil"; not the reader's "your child").
_YOUNG_ONE = re.compile(
    r"(?<!your )\b(?:young (?:person|leader|reporter|carer|volunteer|member|ambassador|mayor)|boy|girl|pupil|"
    r"student|son|daughter|child|kid|teenager|junior member|(?:youth|young) councillor)\b",
    re.IGNORECASE,
)
# An adult's role: their number or address in a post about young people is theirs, not a child's.
_ADULT_ROLE = re.compile(
    r"\b(?:youth workers?|workers?|staff|coach(?:es)?|managers?|teachers?|tutors?|officers?|councillors?|"
    r"mum|dad|parents?|carers?|volunteers?|leaders?|organisers?|instructors?|nurse|doctor|receptionist)\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")
_DIGITS = re.compile(r"\D")
_EMAIL_DOMAIN = re.compile(r"@([\w.-]+)$")
_URL_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#]+)", re.IGNORECASE)


def _own_contact(matched: str, contacts: tuple[str, ...]) -> bool:
    """Is what was found one of the channel's own published contact details (or an address at its
    organisation's own domain)?"""
    found = matched.strip().lower()
    digits = _DIGITS.sub("", found)
    domains = set()
    for contact in contacts:
        contact = contact.strip().lower()
        if found == contact:
            return True
        contact_digits = _DIGITS.sub("", contact)
        if len(digits) >= 9 and len(contact_digits) >= 9 and digits[-10:] == contact_digits[-10:]:
            return True
        if (match := _EMAIL_DOMAIN.search(contact)) or "." in contact and (match := _URL_HOST.match(contact)):
            domains.add(match.group(1))
    if match := _EMAIL_DOMAIN.search(found):
        return match.group(1) in domains
    return False


def _sentence_at(text: str, position: int) -> tuple[int, int]:
    for match in _SENTENCES.finditer(text):
        if match.start() <= position < match.end():
            return match.span()
    return (0, len(text))


def _birth_year_of_a_child(finding) -> bool:
    from django.utils import timezone

    if finding.evidence.get("pattern") != "date of birth":
        return False
    years = re.findall(r"(?:19|20)\d\d", finding.evidence.get("matched", ""))
    return bool(years) and timezone.now().year - int(years[-1]) < 18


def _a_young_person_in(text: str, start: int, end: int, people: list[Named], about_children: bool) -> bool:
    """Is the sentence text[start:end] about a young person: said outright (a name with an age under 18,
    "our young leader", "a pupil"), or someone ("him", a name) in a post about young people who is not
    named as an adult by a role or title?"""
    named_here = [p for p in people if start <= p.span[0] < end]
    if any(p.age is not None and p.age < 18 for p in named_here) or _YOUNG_ONE.search(text, start, end):
        return True
    someone = bool(named_here) or bool(_PERSON_WORDS.search(text, start, end))
    adult = bool(_ADULT_ROLE.search(text, start, end)) or (
        bool(named_here) and not any(p.young for p in named_here)
    )
    return someone and about_children and not adult


_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]")


def _young_persons_handles(text: str, findings, people: list[Named]) -> list:
    """@handles in a sentence about a young person ("Follow Jamie, 14, on @jamie_09"; "Jamie, 14, won!
    Follow him on @jamie_09"): their account. Any other @mention is a post tagging someone or an
    organisation, as posts do (the engine leaves @mentions alone)."""
    from harbour.screening import Category, Finding

    found = []
    taken = [f.span for f in findings]
    about_children = None
    for match in _HANDLE.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        if about_children is None:
            about_children = about_young_people(text, people)
        start, end = _sentence_at(text, match.start())
        if _a_young_person_in(text, start, end, people, about_children):
            found.append(
                Finding(
                    Category.PERSONAL_INFO,
                    2,
                    match.span(),
                    "A young person's social media account",
                    "social_handle",
                    evidence={"matched": match.group()},
                )
            )
    return found


def _personal_info(text: str, findings, people: list[Named], contacts, channel_id: int | None) -> Check:
    label = "Personal information"
    findings = [*findings, *_young_persons_handles(text, findings, people)]
    matched = [(f, f.evidence.get("matched") or _quoted(text, f.span)) for f in findings]
    findings = [f for f, m in matched if not _own_contact(m, contacts)]
    if not findings:
        return Check("personal_info", label, Status.OK, "No personal information.", channel_id=channel_id)
    findings.sort(key=lambda f: f.span)
    about_children = about_young_people(text, people)
    blocking_ones, others = [], []
    for finding in findings:
        start, end = _sentence_at(text, finding.span[0])
        named_here = [p for p in people if start <= p.span[0] < end]
        young_here = _a_young_person_in(text, start, end, people, about_children)
        kind = finding.detector
        if kind == "age_or_birthday":
            blocks = finding.evidence.get("pattern") == "date of birth" and (
                _birth_year_of_a_child(finding) or young_here
            )
        elif kind == "school_name":
            blocks = bool(named_here) and young_here
        else:
            blocks = kind in _BLOCKS_ABOUT_A_CHILD and young_here
        (blocking_ones if blocks else others).append(finding)
    what = _listed([_INFO.get(f.detector, "personal details") for f in (blocking_ones or others)])
    if blocking_ones:
        advice = [
            f"Take out the young person's {_INFO.get(f.detector, 'personal details')} "
            f"('{isolate(_quoted(text, f.span))}'): anyone who sees the post could find or contact them."
            for f in blocking_ones[:MOST]
        ]
        advice += _more(blocking_ones, MOST)
        advice.append(
            "Do not publish what could identify a child or young person (guidance 3.6 and 5.3); their first "
            "name and what they did is enough."
        )
        summary = f"Gives a young person's {what}, which must not be published."
        status = Status.BLOCKS
    else:
        advice = [
            f"'{isolate(_quoted(text, f.span))}' looks like a {_INFO.get(f.detector, 'personal detail')}: publish it "
            "only if its owner agreed, or take it out."
            for f in others[:MOST]
        ]
        advice += _more(others, MOST)
        if any(f.detector in ("phone_number", "email") for f in others):
            advice.append(
                "If it is the organisation's own contact detail, add it to the channel's contact details "
                "and it will not be flagged."
            )
        summary = f"Gives a {what}."
        status = Status.ADVICE
    spans = _spans(blocking_ones or others)
    return Check("personal_info", label, status, summary, tuple(advice), channel_id, spans)


def _named_people(people: list[Named], channel_id: int | None) -> Check:
    label = "Named people"
    if not people:
        return Check("named_people", label, Status.OK, "Names nobody.", channel_id=channel_id)
    young = [isolate(p.name) for p in people if p.young]
    adults = [isolate(p.name) for p in people if not p.young]
    advice = []
    if young:
        advice.append(
            f"{_listed(young)} may be {'a young person' if len(young) == 1 else 'young people'}: name them "
            "only with signed consent from them and their parent or carer for this post, and use a first "
            "name only."
        )
    if adults:
        advice.append(f"Name {_listed(adults)} only if they agreed to be named in this post.")
    summary = f"Names {_listed([isolate(p.name) for p in people[:MOST]])}" + (
        f" and {len(people) - MOST} more." if len(people) > MOST else "."
    )
    spans = tuple(p.span for p in people)
    return Check("named_people", label, Status.ADVICE, summary, tuple(advice), channel_id, spans)


def _leading(text: str, findings, channel_id: int | None) -> Check:
    label = "Not leading or persuasive"
    if not findings:
        return Check("leading", label, Status.OK, "Nothing leading or persuasive.", channel_id=channel_id)
    findings = sorted(findings, key=lambda f: f.span)
    advice = [_sentence(f.reason) for f in findings[:MOST]] + list(_more(findings, MOST))
    words = _listed([f"'{isolate(_quoted(text, f.span))}'" for f in findings[:MOST]])
    summary = f"Leading or persuasive wording: {words}."
    return Check("leading", label, Status.ADVICE, summary, tuple(advice), channel_id, _spans(findings))


def _invites(text: str, channel_id: int | None) -> Check:
    label = "Invites a response"
    where = response_invitation(text)
    if where is not None:
        start, end = _sentence_at(text, where[0])
        said = isolate(quote(text[start:end].strip(), 80))
        return Check(
            "invites_response",
            label,
            Status.OK,
            f"Invites a response: '{said}'.",
            channel_id=channel_id,
            spans=(where,),
        )
    return Check(
        "invites_response",
        label,
        Status.ADVICE,
        "Only gives news: nothing in it invites a reply.",
        (
            (
                "Ask a question or ask for replies, for example 'What would you like to do?' or 'Tell us in the "
                "replies.'"
            ),
            "Social media is about interaction: posts that only give news can put young people off (guidance 4.2).",
        ),
        channel_id,
    )


def _libel(text: str, findings, channel_id: int | None) -> Check:
    label = "Libel"
    if not findings:
        return Check(
            "libel",
            label,
            Status.OK,
            "No damaging claims about a named person or organisation.",
            channel_id=channel_id,
        )
    findings = sorted(findings, key=lambda f: f.span)
    parties = _listed([isolate(f.evidence.get("party") or _quoted(text, f.span)) for f in findings])
    advice = [_sentence(f.reason) for f in findings[:MOST]] + list(_more(findings, MOST))
    summary = f"Says something damaging about {parties}."
    return Check("libel", label, Status.ADVICE, summary, tuple(advice), channel_id, _spans(findings))


# --- the image checks ----------------------------------------------------------------------------------


def image_checks(draft: Draft) -> list[Check]:
    """Who the images show, their alt text, and their licence; none when the post has no images."""
    if not draft.images:
        return []
    return [_images_people(draft.images), _alt_text(draft.images), _media_licence(draft.images)]


def _a_video(images: tuple[ImageFacts, ...]) -> bool:
    """The post's media is its one video (a post has images or one video, never both)."""
    return any(image.video for image in images)


def _images_people(images: tuple[ImageFacts, ...]) -> Check:
    label = "Images of people"
    young = [isolate(i.name) for i in images if i.shows == "young_people"]
    adults = [isolate(i.name) for i in images if i.shows == "adults"]
    if not young and not adults:
        nobody = (
            "The video shows nobody who can be identified."
            if _a_video(images)
            else "No image shows a person who can be identified."
        )
        return Check("images_people", label, Status.OK, nobody)
    advice = []
    if young:
        advice.append(
            f"Post {'a video' if _a_video(images) else 'a picture'} of young people only with signed consent from each of them and their parent or "
            "carer, and make sure it does not show where they live or go to school (guidance 6.4)."
        )
    if adults:
        advice.append("Check that every adult shown agreed to appear in the organisation's posts.")
    shown = [f"{_listed(young)} {'shows' if len(young) == 1 else 'show'} young people"] if young else []
    shown += [f"{_listed(adults)} {'shows' if len(adults) == 1 else 'show'} adults"] if adults else []
    return Check("images_people", label, Status.ADVICE, "; ".join(shown) + ".", tuple(advice))


_FILE_NAME = re.compile(
    r"^(?:\S+\.(?:jpe?g|png|gif|webp|heic|heif|bmp|tiff?|mp4|m4v|mov|avi|mkv|webm|3gp)|"
    r"(?:img|dsc|dscn|dcim|pxl|mvimg|screenshot|photo|image|vid|video|mov|gx|gopr|dji)"
    r"[\s_-]*\d[\w-]*)$",
    re.IGNORECASE,
)
_SAYS_IMAGE = re.compile(
    r"^(?:an?\s+)?(?:image|picture|photo|photograph|pic|video|clip|film)\s+(?:of|showing)\b", re.IGNORECASE
)
ALT_SHORTEST = 3  # words
ALT_LONGEST = 500  # characters (the model takes 1,000): a screen reader user listens to all of it


def _alt_problem(image: ImageFacts) -> str | None:
    alt = " ".join(image.alt_text.split())
    file_name = image.name.partition(": ")[2].strip()
    if not alt:
        return "has no alt text"
    if _FILE_NAME.match(alt) or (file_name and alt.lower() == file_name.lower()):
        return "has a file name for its alt text"
    if len(alt.split()) < ALT_SHORTEST:
        return "has alt text too short to describe it"
    if _SAYS_IMAGE.match(alt):
        what = "a video" if image.video else "an image"
        return f"has alt text that starts by saying it is {what}, which screen readers already say"
    if len(alt) > ALT_LONGEST:
        return f"has alt text over {ALT_LONGEST} characters, long to listen to: put the detail in the post"
    return None


def _alt_text(images: tuple[ImageFacts, ...]) -> Check:
    label = "Alt text"
    problems = [(image, problem) for image in images if (problem := _alt_problem(image))]
    if not problems:
        fine = (
            "The video has alt text that describes it."
            if _a_video(images)
            else "Every image has alt text that describes it."
        )
        return Check("alt_text", label, Status.OK, fine)
    missing = [image for image, problem in problems if problem == "has no alt text"]
    advice = [f"{isolate(image.name)} {problem}." for image, problem in problems] if len(problems) > 1 else []
    advice.append(
        f"Say what the {'video' if _a_video(images) else 'picture'} shows for people who cannot see it, in a "
        "sentence or two: who or what, doing what, where; and any words in it."
    )
    if len(problems) == 1:
        summary = f"{isolate(problems[0][0].name)} {problems[0][1]}."
    else:
        summary = f"{len(problems)} images need better alt text."
    return Check("alt_text", label, Status.BLOCKS if missing else Status.ADVICE, summary, tuple(advice))


_LICENCE_NEEDS = {
    "creative_commons": "say which Creative Commons licence and who to credit",
    "licensed": "record the licence (the library, and the order or licence number)",
    "permission": "record who gave permission, and when",
}


def _media_licence(images: tuple[ImageFacts, ...]) -> Check:
    """Blocks an image whose licence or permission is not recorded (models.licence_recorded)."""
    from harbour.publishing.models import licence_recorded

    label = "Licence or permission"
    unrecorded = [image for image in images if not licence_recorded(image.source, image.licence)]
    if not unrecorded:
        fine = (
            "The video has a recorded source and licence or permission."
            if _a_video(images)
            else "Every image has a recorded source and licence or permission."
        )
        return Check("media_licence", label, Status.OK, fine)
    advice = tuple(
        f"{isolate(image.name)}: {_LICENCE_NEEDS[image.source]}."
        if image.source in _LICENCE_NEEDS
        else (
            f"{isolate(image.name)}: record where it came from and the licence or permission to post it, or "
            "choose one the organisation made itself (guidance 6.3: copyright)."
        )
        for image in unrecorded
    )
    return Check(
        "media_licence",
        label,
        Status.BLOCKS,
        f"{_listed([isolate(image.name) for image in unrecorded])} cannot be posted without a recorded licence "
        "or permission.",
        advice,
    )


# --- each channel: how alike its recent posts ----------------------------------------------------------


def likeness_check(text: str, channel: ChannelFacts) -> Check:
    name = isolate(channel.name)
    label = f"Different from recent posts on {name}"
    found = likeness(text, channel.recent_posts)
    if found is None:
        summary = (
            f"Nothing published on {name} yet to compare with."
            if not channel.recent_posts
            else "Nothing to compare yet."
        )
        return Check("likeness", label, Status.OK, summary, channel_id=channel.id)
    advice = []
    summary = ""
    if found.score >= ALIKE:
        summary = f"Reads much like a recent post on {name}: '{isolate(quote(found.post))}'."
        advice.append(
            "Say something new, or say it a new way: varied posts keep young people interested (guidance 4.1)."
        )
    if found.same_start >= SAME_START:
        start_advice = (
            f"{found.same_start} of the last {len(channel.recent_posts)} posts on {name} start with "
            f"'{isolate(found.start)}' too: start this one differently."
        )
        advice.append(start_advice)
        summary = (
            summary or f"Starts like {found.same_start} recent posts on {name}: '{isolate(found.start)}'."
        )
    if advice:
        return Check("likeness", label, Status.ADVICE, summary, tuple(advice), channel.id)
    return Check(
        "likeness",
        label,
        Status.OK,
        f"Different from the last {len(channel.recent_posts)} posts on {name}.",
        channel_id=channel.id,
    )
