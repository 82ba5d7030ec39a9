"""Sources of items for the ingest tests: real Connector subclasses, registered under test platform
names. Importing this module registers them (the R1 test's worker subprocess imports it too)."""

import time
from datetime import UTC, datetime, timedelta

from harbour.connectors.base import (
    Account,
    Batch,
    Connector,
    IncomingItem,
    Kind,
    PlatformUnavailable,
    Problem,
    RateLimited,
)
from harbour.connectors.platform import PlatformEntry
from harbour.connectors.registry import PLATFORMS

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
TEXTS = [
    "Is the youth club open on Saturday?",
    "Thanks for the poster about the skate park",
    "what time does the council meeting start",
    "my mate says the bus to the event is free, is that right?",
]


def make_item(n: int, *, author: str | None = None, text: str | None = None) -> IncomingItem:
    return IncomingItem(
        platform="test",
        platform_id=f"post-{n}",
        kind=Kind.REPLY,
        text=text if text is not None else f"{TEXTS[n % len(TEXTS)]} ({n})",
        author_id=author or f"author-{n % 7}",
        author_handle=f"person{n % 7}.example",
        author_display_name=f"Person {n % 7}",
        created_at=EPOCH + timedelta(seconds=n),
        url=f"https://example.test/post/{n}",
        thread_id="post-root",
        parent_id="post-root",
    )


class PagedSource(Connector):
    """`total` items, `page_size` a page, `delay` seconds a page; the cursor is the offset."""

    platform = "test_paged"

    def verify(self):
        return test_account(self.platform)

    def fetch(self, cursor, limit=50):
        total, size = int(self.config["total"]), int(self.config.get("page_size", limit))
        start = int(cursor or 0)
        time.sleep(float(self.config.get("delay", 0)))
        end = min(total, start + size)
        return Batch([make_item(n) for n in range(start, end)], next_cursor=str(end), has_more=end < total)

    def report_url(self, item):
        return item.url


class ScriptedSource(Connector):
    """Answers each fetch from SCRIPT in turn: an exception to raise, or a Batch to return."""

    platform = "test_scripted"
    SCRIPT: list = []
    calls: list = []

    def verify(self):
        return test_account(self.platform)

    def fetch(self, cursor, limit=50):
        ScriptedSource.calls.append(cursor)
        step = ScriptedSource.SCRIPT.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def report_url(self, item):
        return item.url


def test_account(platform: str) -> Account:
    return Account(
        platform, "org-account", "youthclub.example", "Youth Club", "https://example.test/youthclub"
    )


def unavailable():
    return PlatformUnavailable("The platform answered 503 Service Unavailable")


def rate_limited(seconds):
    return RateLimited("The platform answered 429 Too Many Requests", retry_after=seconds)


def batch(*numbers, cursor=None, problems=()):
    return Batch([make_item(n) for n in numbers], next_cursor=cursor, problems=list(problems))


__all__ = ["Problem", "batch", "make_item", "make_platform", "rate_limited", "unavailable"]


def make_platform(key: str, connector: str, **more) -> PlatformEntry:
    """A registry entry for a test connector: polled, no credentials, no capabilities."""
    return PlatformEntry(
        key=key, label=key, report_to="the site where it was posted", connector=connector, **more
    )


PLATFORMS["test_paged"] = make_platform(
    "test_paged",
    f"{__name__}.PagedSource",
    config_from={"total": "total", "page_size": "page_size", "delay": "delay"},
)
PLATFORMS["test_scripted"] = make_platform("test_scripted", f"{__name__}.ScriptedSource")
