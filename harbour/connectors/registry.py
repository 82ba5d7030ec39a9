"""The one list of platforms. Each maps to a dotted path, imported on first use (so `import harbour`
stays light and a platform's SDK loads only when a channel on it is used)."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module

from harbour.connectors.base import Connector

CONNECTORS: dict[str, str] = {
    "bluesky": "harbour.connectors.bluesky.connector.BlueskyConnector",
    "mastodon": "harbour.connectors.mastodon.connector.MastodonConnector",
    "demo": "harbour.connectors.demo.connector.DemoConnector",
}


class UnknownPlatform(LookupError):
    pass


def connector_class(platform: str) -> type[Connector]:
    try:
        dotted = CONNECTORS[platform]
    except KeyError:
        raise UnknownPlatform(f"no connector for platform {platform!r}") from None
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def get_connector(platform: str, config: Mapping[str, str], credentials: Mapping[str, str], **options) -> Connector:
    """A connector for one channel; options are Connector's keyword arguments (timeout, on_credentials_change)."""
    return connector_class(platform)(config, credentials, **options)
