"""The one list of platforms: each one's PlatformEntry, from its own folder. Everything Harbour knows
about a platform is read from here (docs/connectors.md, "Adding a platform").

The entries are plain data; a connector class is imported on first use, so `import harbour` stays
light and a platform's SDK loads only when a channel on it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module

from harbour.connectors.base import Connector
from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.demo.platform import DEMO
from harbour.connectors.file_import.platform import FILE_IMPORT
from harbour.connectors.mastodon.platform import MASTODON
from harbour.connectors.platform import Delivery, PlatformEntry
from harbour.connectors.webhook.platform import WEBHOOK

# In the order the channel form offers them. Tests add entries of their own for test connectors.
PLATFORMS: dict[str, PlatformEntry] = {
    entry.key: entry for entry in (BLUESKY, MASTODON, FILE_IMPORT, WEBHOOK, DEMO)
}


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
