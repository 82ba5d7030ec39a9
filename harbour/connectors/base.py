"""The connector contract: plain config in, plain dataclasses out, errors that say what to do next.

A connector talks to one platform for one channel. It imports no Django, stores nothing and never
fetches, copies or thumbnails media from incoming items (docs/safeguarding.md rule 1): an item carries only
references to its media (URL, alt text, type), and the console shows media from the platform.
"""

from __future__ import annotations

import abc
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import ClassVar

from harbour.connectors.platform import ReportReason

# Seconds for any one outbound call. A connector never makes a call without a timeout.
DEFAULT_TIMEOUT = 15.0


def safe_text(value: str) -> str:
    """value with lone surrogates and NUL characters replaced by U+FFFD, so any database can store it."""
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\x00", "\ufffd")


class Kind(StrEnum):
    REPLY = "reply"  # a reply to one of the organisation's posts
    MENTION = "mention"  # names the organisation's account (a Bluesky quote post counts as a mention)
    DIRECT_MESSAGE = "direct_message"
    COMMENT = "comment"  # a comment on the organisation's page (imports, platforms with comments)


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A reference to media on the platform. Never the bytes: Harbour does not fetch incoming media."""

    url: str
    alt_text: str = ""
    mime_type: str = ""  # "image/jpeg", or "image/*" where the platform only says "image"

    def __post_init__(self):
        for name in ("url", "alt_text", "mime_type"):
            object.__setattr__(self, name, safe_text(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class IncomingItem:
    """One reply, mention, message or comment. Every text field came from a stranger: treat it as hostile."""

    platform: str
    platform_id: str  # unique within the channel; the ingest key with the channel
    kind: Kind
    text: str  # plain text, never HTML
    author_id: str  # stable platform id (a DID, an account id)
    author_handle: str
    author_display_name: str
    created_at: datetime  # aware, UTC
    url: str  # where a person can see it on the platform ("" when the platform has no web page for it)
    thread_id: str = ""  # platform id of the thread's root post
    parent_id: str = ""  # platform id of the post this one answers
    media: tuple[MediaRef, ...] = ()
    # The platform had already hidden it (Instagram's `hidden`, a comment filter's catch): it arrives hidden
    # in Harbour too, until a moderator shows it again.
    hidden: bool = False

    def __post_init__(self):
        if not self.platform_id:
            raise ValueError("an item needs a platform_id")
        for name in (
            "platform_id",
            "text",
            "author_id",
            "author_handle",
            "author_display_name",
            "url",
            "thread_id",
            "parent_id",
        ):
            object.__setattr__(self, name, safe_text(getattr(self, name)))
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "created_at", self.created_at.astimezone(UTC))
        object.__setattr__(self, "media", tuple(self.media))


@dataclass(frozen=True, slots=True)
class Problem:
    """An item that could not be read. It was skipped; the rest of the batch is good."""

    ref: str  # what it was: a platform id, "row 12", "notification 3"
    message: str  # plain words for the person who reads the channel's log


@dataclass(slots=True)
class Batch:
    """What fetch returns: items oldest first, the cursor to pass next time, and anything skipped.

    Store next_cursor in the same transaction as the items. When has_more is true, fetch again at
    once with next_cursor. warnings are about the whole batch (e.g. "read as Windows-1252").
    """

    items: list[IncomingItem]
    next_cursor: str | None
    has_more: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImageUpload:
    """An image the organisation publishes (already checked against the consent register)."""

    data: bytes
    alt_text: str
    mime_type: str
    # Where the platform can fetch it while the post is being posted, for a platform that fetches media
    # (PlatformEntry.fetches_media; harbour/publishing/public_media.py); "" for the others.
    url: str = ""

    def __post_init__(self):
        if not self.alt_text.strip():
            raise ValueError("every published image needs alt text")
        if not self.data:
            raise ValueError("the image is empty")


@dataclass(frozen=True, slots=True)
class VideoUpload:
    """A video the organisation publishes: an MP4 (H.264 video, AAC sound) that Harbour encoded again without
    any metadata (harbour/accounts/videos.py), already checked against the consent register."""

    data: bytes
    alt_text: str
    mime_type: str  # "video/mp4"
    width: int
    height: int
    duration_ms: int
    url: str = ""  # as ImageUpload.url

    def __post_init__(self):
        if not self.alt_text.strip():
            raise ValueError("every published video needs alt text")
        if not self.data:
            raise ValueError("the video is empty")


# Bluesky's base32-sortable alphabet for TIDs (timestamp identifiers, its record keys).
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def new_publish_key() -> str:
    """A fresh idempotency key for a post: a TID (53 bits of microseconds since 1970, 10 random bits),
    13 characters. Bluesky takes it as the post's record key, so a second create with it cannot make a
    second post; Mastodon takes it as the Idempotency-Key header."""
    micros = int(datetime.now(UTC).timestamp() * 1_000_000)
    value = (micros << 10) | secrets.randbelow(1024)
    return "".join(TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


@dataclass(frozen=True, slots=True)
class PublishRequest:
    text: str
    images: tuple[ImageUpload, ...] = ()
    video: VideoUpload | None = None  # one video, never with images (no platform mixes them)
    reply_to: str | None = None  # platform_id of the item or post being answered
    # The post's idempotency key (new_publish_key): the same key never makes two posts, and
    # Connector.find_published finds the post it made. "" for a reply sent from the inbox.
    key: str = ""
    # Who may reply to the post: one of the platform's PlatformEntry.reply_controls, as the author chose it and
    # the proof reader approved it; "" for the channel's own setting (a reply from the inbox, a platform
    # with no choice). A connector whose platform has no reply controls ignores it.
    reply_control: str = ""

    def __post_init__(self):
        object.__setattr__(self, "images", tuple(self.images))
        if self.video is not None and self.images:
            raise ValueError("a post has images or one video, not both")


@dataclass(frozen=True, slots=True)
class Published:
    platform_id: str
    url: str


@dataclass(frozen=True, slots=True)
class Account:
    """Who the credentials belong to, from verify()."""

    platform: str
    account_id: str
    handle: str
    display_name: str
    url: str


# Errors. permanent=True: retrying will not help (the organisation or a person must act).
# permanent=False: retry later, after retry_after seconds where the platform said.
class ConnectorError(Exception):
    permanent: bool = False

    def __init__(self, message: str, *, permanent: bool | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        if permanent is not None:
            self.permanent = permanent
        self.retry_after = retry_after


class AuthFailed(ConnectorError):
    """The credentials were refused: the organisation must reconnect the channel."""

    permanent = True


class RateLimited(ConnectorError):
    """The platform asked us to slow down; retry_after says for how long when it said."""


class PlatformUnavailable(ConnectorError):
    """The platform could not be reached or answered with a server error: retry later."""


class Rejected(ConnectorError):
    """The platform refused this request (not allowed, not found, invalid): retrying will not help."""

    permanent = True


class NotSupported(ConnectorError):
    """The platform has no way to do this (its registry entry's capabilities say so)."""

    permanent = True


class MalformedItem(ConnectorError):
    """One item could not be read. fetch skips it and lists it in Batch.problems; the others are kept."""

    permanent = True


class Connector(abc.ABC):
    """One channel on one platform.

    config holds the non-secret settings (the server's address), credentials the secrets. A
    connector that renews its session calls on_credentials_change with the new credentials, for the
    caller to store (encrypted) in place of the old ones.
    """

    platform: ClassVar[str]  # its key in harbour/connectors/registry.py, where its capabilities are

    def __init__(
        self,
        config: Mapping[str, str],
        credentials: Mapping[str, str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        on_credentials_change: Callable[[dict[str, str]], None] | None = None,
    ):
        self.config = dict(config)
        self.credentials = dict(credentials)
        self.timeout = timeout
        self.on_credentials_change = on_credentials_change

    @abc.abstractmethod
    def verify(self) -> Account:
        """Check the credentials with the platform. Raises AuthFailed if they are refused."""

    @abc.abstractmethod
    def fetch(self, cursor: str | None, limit: int = 50) -> Batch:
        """Items that arrived after cursor (None: start from what the platform has now), oldest first."""

    def publish(self, request: PublishRequest) -> Published:
        raise NotSupported(f"{self.platform} connector cannot publish")

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The post that publish(request) made, if the platform has it: asked before publishing again
        after an attempt whose outcome Harbour never saw (a worker killed mid-call), so that a post never
        goes out twice. request.key is the attempt's idempotency key; since is a time before the first
        attempt began (the publication's creation). None: the platform has no such post, and publishing again is safe."""
        raise NotSupported(f"{self.platform} connector cannot check what it published")

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        """Hide someone else's reply in the organisation's thread, where the platform allows it."""
        raise NotSupported(f"{self.platform} has no way to hide other people's replies")

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        """Undo hide: show the reply again. Unhiding one that is not hidden is harmless."""
        raise NotSupported(f"{self.platform} has no way to hide other people's replies")

    def delete(self, platform_id: str) -> None:
        """Delete one of the organisation's own posts."""
        raise NotSupported(f"{self.platform} connector cannot delete posts")

    def report(
        self, platform_id: str, author_id: str, reason: str, reason_kind: str = ReportReason.OTHER
    ) -> str:
        """Report an item (or, with platform_id "", its author's account) to the platform's moderators,
        with reason in the staff member's words, as reason_kind (a ReportReason the platform's entry
        lists in report_reasons; another is Rejected). Returns the platform's reference for the report."""
        raise NotSupported(f"{self.platform} has no way for Harbour to send a report")

    def block(self, author_id: str) -> None:
        """Block an account from the organisation's account. Blocking twice is harmless."""
        raise NotSupported(f"{self.platform} connector cannot block accounts")

    def unblock(self, author_id: str) -> None:
        """Undo block. Unblocking an account that is not blocked is harmless."""
        raise NotSupported(f"{self.platform} connector cannot block accounts")

    def mute(self, author_id: str) -> None:
        """Mute an account for the organisation's account: its posts and notifications are no longer shown
        in the platform's apps (Harbour still reads what it sends). Muting twice is harmless."""
        raise NotSupported(f"{self.platform} connector cannot mute accounts")

    def unmute(self, author_id: str) -> None:
        """Undo mute. Unmuting an account that is not muted is harmless."""
        raise NotSupported(f"{self.platform} connector cannot mute accounts")

    @abc.abstractmethod
    def report_url(self, item: IncomingItem) -> str:
        """A web page where staff can report this item to the platform."""
