"""What Harbour knows about one platform: one PlatformEntry, in the platform's own folder
(harbour/connectors/<platform>/platform.py), listed once in harbour/connectors/registry.py.

Plain Python, no Django, and no platform SDK: the connector is a dotted path imported on first use,
so reading the registry (the channel form, the scheduler, `harbour screen`) stays light.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from harbour.connectors.text_length import CHARACTERS, Counting

IMAGE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG"}


def duration_words(seconds: int) -> str:
    """ "3 minutes", "2 minutes 5 seconds", "45 seconds", "1 hour": a video's length as people say it."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    if seconds or not parts:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(parts)


def megabytes(size: int) -> str:
    """ "100 MB", "103.8 MB": a size in megabytes of 1,000,000 bytes, to the nearest tenth where needed."""
    tenths = (size + 50_000) // 100_000
    return f"{tenths // 10:,} MB" if tenths % 10 == 0 else f"{tenths // 10:,}.{tenths % 10} MB"


class PlatformCapability(StrEnum):
    """What Harbour can do on a platform through its API, for pages to offer only what works there."""

    HIDE = "hide"  # hide someone else's reply under the organisation's own post
    UNHIDE = "unhide"  # show a reply Harbour hid again (the undo of a mistaken hide)
    DELETE = "delete"  # delete one of the organisation's own posts
    REPLY = "reply"  # answer an item from Harbour
    REPORT = "report"  # send a report about an item or its author to the platform's moderators
    BLOCK = "block"  # block the author from the organisation's account (and unblock)
    MUTE = "mute"  # mute the author for the organisation's account (and unmute)
    DIRECT_MESSAGES = "direct_messages"  # read direct messages sent to the account
    PUBLISH = "publish"  # post as the organisation
    PUBLISH_IMAGES = "publish_images"  # post images, each with alt text
    PUBLISH_VIDEO = "publish_video"  # post one video with alt text


CAPABILITY_LABELS = {
    PlatformCapability.HIDE: "Hide replies from other people",
    PlatformCapability.UNHIDE: "Show a hidden reply again",
    PlatformCapability.DELETE: "Delete the organisation's own posts",
    PlatformCapability.REPLY: "Reply to comments and messages",
    PlatformCapability.REPORT: "Report a post or an account to the platform",
    PlatformCapability.BLOCK: "Block an account",
    PlatformCapability.MUTE: "Mute an account",
    PlatformCapability.DIRECT_MESSAGES: "Read direct messages",
    PlatformCapability.PUBLISH: "Publish posts",
    PlatformCapability.PUBLISH_IMAGES: "Publish images with alt text",
    PlatformCapability.PUBLISH_VIDEO: "Publish a video (with alt text where the platform takes it)",
}


class ReportReason(StrEnum):
    """Why an item is reported to the platform's moderators, in the kinds platforms take. Each platform
    takes some of them (PlatformEntry.report_reasons); its connector sends each as the platform names it."""

    SPAM = "spam"
    SEXUAL = "sexual"
    RUDE = "rude"
    MISLEADING = "misleading"
    VIOLATION = "violation"
    LEGAL = "legal"
    OTHER = "other"


# (label, hint) for the report form's choices and the item's history.
REPORT_REASON_LABELS = {
    ReportReason.SPAM: ("Spam", "Adverts, scams or the same message again and again"),
    ReportReason.SEXUAL: ("Sexual content", "Unwanted sexual content, nudity or sexual messages"),
    ReportReason.RUDE: ("Abuse or harassment", "Rude, bullying, hateful or threatening behaviour"),
    ReportReason.MISLEADING: ("Misleading", "Pretending to be someone else, or misleading content"),
    ReportReason.VIOLATION: ("Breaks the platform's rules", "Against the platform's rules or the law"),
    ReportReason.LEGAL: ("Illegal", "Against the law in the UK or where the server is"),
    ReportReason.OTHER: ("Something else", "Your words below say what is wrong"),
}


# What moderation can do by itself on Harbour's own pages (Delivery.HOSTED): nothing is sent anywhere.
HOSTED_CAPABILITIES = frozenset({PlatformCapability.HIDE, PlatformCapability.UNHIDE})


class Delivery(StrEnum):
    """How items reach Harbour."""

    POLLED = "polled"  # the scheduler asks the platform's API through the connector
    UPLOADED = "uploaded"  # staff upload an export file (harbour/connectors/file_import/)
    WEBHOOK = "webhook"  # another system sends signed deliveries (harbour/connectors/webhook/)
    # Young people post on Harbour's own pages (a consultation board, harbour/consultation): Harbour is the
    # platform, so a moderation action takes effect at once, sending nothing, and anything screening does
    # not allow arrives hidden until a moderator has looked at it.
    HOSTED = "hosted"


@dataclass(frozen=True)
class ChecklistItem:
    """One privacy or safety setting to check on the account, named where the platform's app keeps it."""

    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class ReplyControl:
    """One of a platform's choices of who may reply to a post: its value as the platform's API names it,
    and in words for the author and the proof reader."""

    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True, kw_only=True, eq=False)
class PlatformEntry:
    key: str  # stored in Channel.platform: never change one
    label: str  # shown in Harbour ("Bluesky")
    # Where the disclaimer tells young people their report goes: the platform's own route, not its name
    # in Harbour ("Demonstration feed" is no place to report to).
    report_to: str
    delivery: Delivery = Delivery.POLLED
    connector: str = ""  # dotted path of its Connector subclass; "" when items are pushed, not fetched
    # The platform's own minimum age, the starting value of a channel's age rating (guidance 2.3); None
    # when the platform has no rules of its own (an import, a webhook).
    minimum_age: int | None = None
    # Credentials a manager enters (CredentialKind values); the channel cannot go active without them.
    credential_kinds: tuple[str, ...] = ()
    # The connector's credential that carries the channel's handle ("@" dropped), where it signs in with it.
    handle_credential: str = ""
    # The connector's config, read from the channel's config: connector key -> Channel.config key.
    config_from: Mapping[str, str] = field(default_factory=dict)
    # The account lives on one of many servers, so the channel form asks for the server's address
    # (Channel.config["server_url"]).
    asks_server_url: bool = False
    # The feed plays out from the moment the channel goes active (Channel.config["started_at"]).
    starts_when_active: bool = False
    capabilities: frozenset[PlatformCapability] = frozenset()
    max_images: int = 0  # in one post
    # The longest and largest video the platform takes in a post (PUBLISH_VIDEO); 0 where it takes none.
    max_video_seconds: int = 0
    max_video_bytes: int = 0
    min_video_seconds: int = 0  # the shortest video it takes (Instagram's reels: 3 seconds)
    needs_media: bool = False  # every post carries an image or a video (Instagram)
    image_types: frozenset[str] = frozenset()  # the image types it takes (MIME); empty: any the library keeps
    # The platform fetches a post's images and video from an address on the internet instead of taking the
    # files (Instagram, Threads): sending gives each one a signed public address (ImageUpload.url).
    fetches_media: bool = False
    max_text_length: int = 0  # as the platform counts: `counting`, through length_of()
    counting: Counting = CHARACTERS  # how the platform measures a post (harbour/connectors/text_length.py)
    # The reasons a report can give there (REPORT capability), in the order the report form offers them.
    report_reasons: tuple[ReportReason, ...] = (ReportReason.OTHER,)
    hide_means: str = ""  # what "hide" does there, in words for staff
    # The moderation buttons' words there: on Harbour's own boards hiding takes a post off the board.
    hide_label: str = "Hide"
    unhide_label: str = "Show again"
    # What blocking and muting do there, in words for staff: above all whether Harbour still sees what the
    # account sends (on Bluesky it does not).
    block_means: str = ""
    mute_means: str = ""
    # Platform-specific settings to check, before the checks every account gets (harbour/channels/privacy.py).
    privacy_checklist: tuple[ChecklistItem, ...] = ()
    # Who may reply to a post, the platform's own choices, SAFEST FIRST: the author picks one for each post
    # (reply_choices); empty where the platform's API offers no choice.
    reply_controls: tuple[ReplyControl, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "capabilities", frozenset(PlatformCapability(c) for c in self.capabilities))
        object.__setattr__(self, "report_reasons", tuple(ReportReason(r) for r in self.report_reasons))
        if ReportReason.OTHER not in self.report_reasons:
            raise ValueError(f"{self.key}: every platform takes a report of 'something else'")
        if (self.delivery == Delivery.POLLED) != bool(self.connector):
            raise ValueError(
                f"{self.key}: a polled platform needs a connector, and only a polled one has one"
            )
        if self.delivery == Delivery.HOSTED and not self.capabilities <= HOSTED_CAPABILITIES:
            raise ValueError(f"{self.key}: on Harbour's own pages Harbour can only hide and show items")

    @property
    def hosted(self) -> bool:
        """Items are posted on Harbour's own pages (Delivery.HOSTED)."""
        return self.delivery == Delivery.HOSTED

    @property
    def pushed(self) -> bool:
        """Items are sent to Harbour (an uploaded file, a signed webhook): never polled."""
        return self.delivery != Delivery.POLLED

    def can(self, capability: str) -> bool:
        """Whether Harbour can do this on the platform; an unknown name is a ValueError, not False."""
        return PlatformCapability(capability) in self.capabilities

    def length_of(self, text: str) -> int:
        """text's length as the platform counts it (graphemes on Bluesky; on Mastodon with web addresses as
        23): the one measure for checking a reply or post against max_text_length."""
        return self.counting.length_of(text)

    @property
    def length_rule(self) -> str:
        """ "Bluesky allows 300 characters, counting each emoji as one." ("" with no limit)."""
        if not self.max_text_length:
            return ""
        how = f", {self.counting.how}" if self.counting.how else ""
        return f"{self.label} allows {self.max_text_length:,} characters{how}."

    def too_long(self, text: str, what: str = "Your reply") -> str | None:
        """Why text does not fit in one post here, in words for staff, or None when it fits."""
        length = self.length_of(text)
        if not self.max_text_length or length <= self.max_text_length:
            return None
        over = length - self.max_text_length
        return (
            f"{what} is {length:,} characters; {self.length_rule} "
            f"Shorten it by {over:,} character{'s' if over != 1 else ''}."
        )

    def video_refusal(self, duration_ms: int, size_bytes: int) -> str | None:
        """Why a video of this length and size cannot go in a post here, in words for staff (the first
        reason), or None when it fits. Each connector refuses with it before uploading anything."""
        if not self.can(PlatformCapability.PUBLISH_VIDEO):
            return f"{self.label} does not take videos from Harbour."
        if duration_ms > self.max_video_seconds * 1000:
            return (
                f"{self.label} takes videos of at most {duration_words(self.max_video_seconds)}; this one is "
                f"{duration_words(math.ceil(duration_ms / 1000))}. Shorten it."
            )
        if duration_ms < self.min_video_seconds * 1000:
            return (
                f"{self.label} takes videos of at least {duration_words(self.min_video_seconds)}; this one is "
                f"shorter. Choose a longer one."
            )
        if size_bytes > self.max_video_bytes:
            limit, size = megabytes(self.max_video_bytes), megabytes(size_bytes)
            return (
                f"{self.label} takes videos of at most {limit}; this one is "
                f"{'just over ' + limit if size == limit else size}. Shorten it, or film it at a lower quality."
            )
        return None

    def images_refusal(self, mime_types: list[str], has_video: bool) -> str | None:
        """Why a post with images of these types (or a video) cannot go here, in words for staff, or None.
        The publishing checks and the connector both refuse with it."""
        if self.needs_media and not mime_types and not has_video:
            article = "An" if self.label[:1].lower() in "aeiou" else "A"
            return f"{article} {self.label} post needs an image or a video: add one, or post this on another channel."
        for number, kind in enumerate(mime_types, start=1):
            if self.image_types and kind not in self.image_types:
                taken = sorted(IMAGE_NAMES.get(t, t) for t in self.image_types)
                this = f"a {IMAGE_NAMES[kind]}" if kind in IMAGE_NAMES else "of another kind"
                return (
                    f"{self.label} takes {' or '.join(taken)} images only; image {number} is {this}. "
                    f"Save it as a {taken[0]} and add it again."
                )
        return None

    def reply_choices(self, policy: str = "") -> tuple[ReplyControl, ...]:
        """The reply controls an author may choose on a channel whose organisation allows replies from at
        most `policy` (the value of the most open choice it allows; "" allows every choice), safest first:
        the first is the default. A policy that is not one of the choices allows only the safest."""
        if not policy or not self.reply_controls:
            return self.reply_controls
        values = [control.value for control in self.reply_controls]
        if policy not in values:
            return self.reply_controls[:1]
        return self.reply_controls[: values.index(policy) + 1]

    def reply_control_label(self, value: str) -> str:
        """A reply control's words ("" for none or one the platform does not offer)."""
        return next((control.label for control in self.reply_controls if control.value == value), "")

    def takes_report(self, reason: str) -> bool:
        return reason in {r.value for r in self.report_reasons}

    def report_reason_choices(self) -> list[tuple[str, str, str]]:
        """(value, label, hint) for each reason a report can give here, in the form's order."""
        return [(r.value, *REPORT_REASON_LABELS[r]) for r in self.report_reasons]

    def capability_rows(self) -> list[tuple[str, bool, str]]:
        """Each capability in words, whether Harbour can do it here, and a note (what hiding means),
        in PlatformCapability's order: the channel page's "What Harbour can do on this platform"."""
        notes = {
            PlatformCapability.HIDE: self.hide_means,
            PlatformCapability.BLOCK: self.block_means,
            PlatformCapability.MUTE: self.mute_means,
        }
        return [(CAPABILITY_LABELS[c], c in self.capabilities, notes.get(c, "")) for c in PlatformCapability]
