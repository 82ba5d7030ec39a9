"""What the checks read and say: a `Draft` (the words, each channel's text, the images' facts, each
channel's limits and recent posts, the organisation's reading-age target) and the `Check`s about it.
Plain data, so that the check panel can check a form as the author types, without saving it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    ADVICE = "advice"
    BLOCKS = "blocks"


@dataclass(frozen=True)
class Check:
    key: str  # "reading_age", "language", "personal_info", ... (stable: tests and the page use it)
    label: str  # "Reading age"
    status: Status
    summary: str  # one sentence: what was found, or that all is well
    advice: tuple[str, ...] = ()  # what to change, a sentence each
    channel_id: int | None = None  # None: the whole post; else the check read that channel's text
    spans: tuple[tuple[int, int], ...] = ()  # the words it is about, in the text it read

    def to_dict(self) -> dict:
        return asdict(self) | {"status": str(self.status)}


@dataclass(frozen=True)
class ImageFacts:
    alt_text: str
    shows: str  # models.Shows
    source: str  # models.Source ("unknown" where the asset has none recorded)
    licence: str
    mime_type: str = ""
    name: str = ""  # how the page names it ("Image 2: camp.jpg", "Video: race.mov")
    asset_id: int | None = None  # its consent.MediaAsset in the media library
    kind: str = "image"  # consent.models.MediaKind: "image" or "video" (a post has images or one video)
    duration_ms: int = 0  # a video's length
    size: int = 0  # a video's file as it would be sent, in bytes

    @property
    def video(self) -> bool:
        return self.kind == "video"


@dataclass(frozen=True)
class NamedPerson:
    """Someone in the consent register whom the post's words name or quote, tagged by the author."""

    person_id: int
    use: str  # consent.models.Use: FIRST_NAME, FULL_NAME or QUOTE


@dataclass(frozen=True)
class ChannelFacts:
    id: int
    name: str
    platform: str  # its key in harbour/connectors/registry.py (limits, counting, capabilities)
    recent_posts: tuple[str, ...] = ()  # the channel's latest published texts, newest first
    contact: tuple[str, ...] = ()  # the channel's own published contact details (not personal information)
    # Who may reply there: the values the author may choose (checks.reply_choices), safest first; empty where
    # the platform offers no choice.
    reply_choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    title: str
    text: str
    channels: tuple[ChannelFacts, ...]
    variants: dict[int, str] = field(default_factory=dict)  # channel id -> its own text ("" or absent: text)
    # channel id -> who may reply there (a ReplyControl value; "" or absent: the channel's own setting)
    reply_controls: dict[int, str] = field(default_factory=dict)
    images: tuple[ImageFacts, ...] = ()
    reading_age_target: int = 11
    organisation_id: int | None = None  # None: a draft outside any organisation (the consent gate passes)
    people: tuple[NamedPerson, ...] = ()
    goes_out_on: date | None = None  # the day it is to be posted; None: today

    def text_for(self, channel_id: int) -> str:
        return self.variants.get(channel_id) or self.text
