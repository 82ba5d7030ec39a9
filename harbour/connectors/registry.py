"""The one list of platforms: each one's PlatformEntry, from its own folder. Everything Harbour knows
about a platform is read from here (docs/connectors.md, "Adding a platform").

The entries are plain data; a connector class is imported on first use, so `import harbour` stays
light and a platform's SDK loads only when a channel on it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module

from harbour.connectors.base import Connector
from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.consultation.platform import CONSULTATION
from harbour.connectors.demo.platform import DEMO
from harbour.connectors.facebook.platform import FACEBOOK
from harbour.connectors.file_import.platform import FILE_IMPORT
from harbour.connectors.instagram.platform import INSTAGRAM
from harbour.connectors.mastodon.platform import MASTODON
from harbour.connectors.platform import Delivery, PlatformEntry
from harbour.connectors.threads.platform import THREADS
from harbour.connectors.webhook.platform import WEBHOOK

# In the order the channel form offers them. Tests add entries of their own for test connectors.
PLATFORMS: dict[str, PlatformEntry] = {
    entry.key: entry
    for entry in (BLUESKY, MASTODON, INSTAGRAM, FACEBOOK, THREADS, CONSULTATION, FILE_IMPORT, WEBHOOK, DEMO)
}


@dataclass(frozen=True)
class MetaLogin:
    """How a channel on one of Meta's platforms is connected (harbour/channels/oauth.py): which of the
    organisation's Meta apps (`app`: "facebook_login", or "threads_login" for Threads' own), the
    permissions asked for, and what the manager picks after signing in ("linked_account": an Instagram
    professional account linked to one of their Pages; "page": a Page; "self": the account that signed in)."""

    app: str
    scopes: tuple[str, ...]
    picks: str
    # The Page's webhook fields Harbour subscribes it to once connected (POST /{page-id}/subscribed_apps):
    # Meta sends a Page's (and its Instagram account's) webhooks only for a Page subscribed to the app.
    page_fields: tuple[str, ...] = ()


# Meta's platforms, by key (the connectors live in their own folders; their permissions are listed here,
# once, for the connect page and the dialog). Permissions as Meta's permissions reference names them.
META_LOGINS: dict[str, MetaLogin] = {
    INSTAGRAM.key: MetaLogin(
        "facebook_login",
        (
            "instagram_basic",
            "instagram_manage_comments",
            "instagram_manage_messages",
            "instagram_content_publish",  # PUBLISH: image and carousel posts
            "pages_show_list",
            "pages_read_engagement",
            "pages_manage_metadata",
            "business_management",
        ),
        "linked_account",
        ("feed",),  # any field: Instagram's webhooks need the linked Page subscribed
    ),
    FACEBOOK.key: MetaLogin(
        "facebook_login",
        (
            "pages_show_list",
            "pages_read_engagement",
            "pages_read_user_content",
            "pages_manage_engagement",
            "pages_manage_posts",
            "pages_manage_metadata",
            "pages_messaging",
            "business_management",
        ),
        "page",
        ("feed", "messages"),
    ),
    THREADS.key: MetaLogin(
        "threads_login",
        (
            "threads_basic",
            "threads_read_replies",
            "threads_manage_replies",
            "threads_manage_mentions",
            "threads_content_publish",
            "threads_delete",  # DELETE: the organisation's own posts (DELETE /{threads-media-id})
        ),
        "self",
    ),
}


def meta_login(platform: str) -> MetaLogin | None:
    """How a channel on this platform connects to Meta, or None when it is not one of Meta's."""
    return META_LOGINS.get(platform) if platform in PLATFORMS else None


def meta_platforms(app: str) -> tuple[str, ...]:
    """The registered platforms that connect through one Meta app ("facebook_login" or "threads_login")."""
    return tuple(key for key, login in META_LOGINS.items() if login.app == app and key in PLATFORMS)


class UnknownPlatform(LookupError):
    pass


def entry(platform: str) -> PlatformEntry:
    try:
        return PLATFORMS[platform]
    except KeyError:
        raise UnknownPlatform(f"no platform {platform!r} in the registry") from None


def label(platform: str) -> str:
    """What people call the platform ("Bluesky"); a key no longer in the registry (a stored snapshot's, say)
    as it was stored."""
    try:
        return entry(platform).label
    except UnknownPlatform:
        return platform


def keys(*, delivery: Delivery | None = None, pushed: bool | None = None) -> tuple[str, ...]:
    """The platforms' keys, all or those delivered one way (for a database filter)."""
    return tuple(
        key
        for key, platform in PLATFORMS.items()
        if (delivery is None or platform.delivery == delivery)
        and (pushed is None or platform.pushed == pushed)
    )


def connector_class(platform: str) -> type[Connector]:
    dotted = entry(platform).connector
    if not dotted:
        raise UnknownPlatform(f"no connector for platform {platform!r}: its items are sent to Harbour")
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def get_connector(
    platform: str, config: Mapping[str, str], credentials: Mapping[str, str], **options
) -> Connector:
    """A connector for one channel; options are Connector's keyword arguments (timeout, on_credentials_change)."""
    return connector_class(platform)(config, credentials, **options)
