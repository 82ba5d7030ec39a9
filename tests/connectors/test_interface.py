"""The contract in base.py: items are normalised, errors say whether to retry, the registry loads lazily."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from harbour.connectors import registry
from harbour.connectors.base import (
    AuthFailed,
    ConnectorError,
    ImageUpload,
    IncomingItem,
    Kind,
    MalformedItem,
    NotSupported,
    PlatformUnavailable,
    PublishRequest,
    RateLimited,
    Rejected,
)
from harbour.connectors.platform import PlatformEntry


def item(**overrides):
    values = {
        "platform": "demo",
        "platform_id": "1",
        "kind": "reply",
        "text": "hi",
        "author_id": "a1",
        "author_handle": "amy",
        "author_display_name": "Amy",
        "created_at": datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        "url": "",
    }
    return IncomingItem(**(values | overrides))


def test_created_at_is_converted_to_utc():
    bst = timezone(timedelta(hours=1))
    got = item(created_at=datetime(2026, 6, 1, 13, 0, tzinfo=bst))
    assert got.created_at == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert got.created_at.tzinfo is UTC


def test_naive_created_at_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        item(created_at=datetime(2026, 6, 1, 13, 0))


def test_kind_is_coerced_and_checked():
    assert item(kind="mention").kind is Kind.MENTION
    with pytest.raises(ValueError):
        item(kind="repost")


def test_item_needs_a_platform_id():
    with pytest.raises(ValueError, match="platform_id"):
        item(platform_id="")


def test_published_image_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        ImageUpload(b"\x89PNG", "   ", "image/png")
    request = PublishRequest("hello", images=[ImageUpload(b"\x89PNG", "A poster", "image/png")])
    assert isinstance(request.images, tuple)


@pytest.mark.parametrize(
    "error, permanent",
    [
        (AuthFailed("refused"), True),
        (Rejected("not yours"), True),
        (NotSupported("no hide"), True),
        (MalformedItem("bad"), True),
        (RateLimited("slow down", retry_after=30), False),
        (PlatformUnavailable("down"), False),
    ],
)
def test_errors_say_whether_to_retry(error, permanent):
    assert isinstance(error, ConnectorError)
    assert error.permanent is permanent


def test_rate_limited_carries_retry_after():
    assert RateLimited("slow down", retry_after=30.5).retry_after == 30.5


def test_unknown_platform_is_a_clear_error():
    with pytest.raises(registry.UnknownPlatform, match="myspace"):
        registry.connector_class("myspace")


def test_a_pushed_platform_has_no_connector():
    with pytest.raises(registry.UnknownPlatform, match="sent to Harbour"):
        registry.connector_class("file_import")


def test_registry_imports_on_first_use(monkeypatch):
    entry = PlatformEntry(
        key="base", label="Base", report_to="x", connector="harbour.connectors.base.Connector"
    )
    monkeypatch.setitem(registry.PLATFORMS, "base", entry)
    from harbour.connectors.base import Connector

    assert registry.connector_class("base") is Connector


def test_connectors_import_no_django():
    # Read the registry in a fresh interpreter: tests register connectors of their own in this one.
    code = (
        "import importlib, sys\n"
        "from harbour.connectors import registry\n"
        "for platform in registry.PLATFORMS.values():\n"
        "    if platform.connector:\n"
        "        importlib.import_module(platform.connector.rpartition('.')[0])\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
