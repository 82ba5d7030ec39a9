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

from harbour.publishing.draft import ChannelFacts, Check, Draft, ImageFacts, Status
from harbour.publishing.gate import gate_checks


def blocking(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.status == Status.BLOCKS]


def draft_of(post) -> Draft:
    """The Draft of a stored post, with each channel's latest published posts for the likeness check."""
    from harbour.publishing.models import Publication, PublicationState

    channels = []
    for variant in post.variants.select_related("channel").order_by("channel__name", "pk"):
        channel = variant.channel
        recent = (
            Publication.objects.filter(channel=channel, state=PublicationState.PUBLISHED)
            .exclude(post=post)
            .select_related("post")
            .order_by("-finished_at")[:RECENT_POSTS]
        )
        channels.append(
            ChannelFacts(
                id=channel.pk,
                name=channel.name,
                platform=channel.platform,
                recent_posts=tuple(p.post.text_for(channel.pk) for p in recent),
                contact=tuple(
                    c for c in (channel.contact_email, channel.contact_phone, channel.contact_url) if c
                ),
            )
        )
    images = tuple(
        ImageFacts(
            alt_text=image.alt_text,
            shows=image.shows,
            consent_confirmed=image.consent_confirmed,
            source=image.source,
            licence=image.licence,
            mime_type=image.mime_type,
            name=f"Image {number}" + (f": {image.original_name}" if image.original_name else ""),
        )
        for number, image in enumerate(post.images.order_by("position", "pk"), start=1)
    )
    return Draft(
        title=post.title,
        text=post.text,
        channels=tuple(channels),
        variants={v.channel_id: v.text for v in post.variants.all() if v.text},
        images=images,
        reading_age_target=post.organisation.reading_age_target,
    )


RECENT_POSTS = 10


def run_checks(draft: Draft) -> list[Check]:
    """Every check on the draft, the whole post's first, then each channel's."""
    checks = [*platform_limits(draft), *gate_checks(draft)]
    return checks


def platform_limits(draft: Draft) -> list[Check]:
    """Each channel's length (as the platform counts it) and image count."""
    from harbour.connectors.registry import entry

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
        if len(draft.images) > platform.max_images:
            problems.append(f"{platform.label} takes at most {platform.max_images} images in a post.")
        checks.append(
            Check(
                key="platform_limits",
                label=f"Fits {channel.name}",
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
            "comment below",
            "comment with",
            "comments below",
            "comment and tell",
            "leave a comment",
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
            "share your (?:ideas|views|thoughts|stories|story|pictures|photos|questions|experiences?|opinions?|suggestions)",
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
