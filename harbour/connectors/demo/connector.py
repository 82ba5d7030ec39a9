"""A demo platform that replays a bundled feed (feed.json) at a pace, so `harbour run` shows an inbox
filling up live: friendly questions, event replies, personal details, swearing, bullying, a worrying
message and a grooming pattern spread over several messages from one adult.

config: started_at (ISO time the feed began; the channel stores it), pace_seconds (default 20): item n
becomes available at started_at + n × pace. The cursor is the number of items already returned, so the
same cursor always gives the same items. Nothing leaves Harbour: publish (with images or a video), hide,
unhide, block, mute and delete succeed (for the feed's own authors and posts) and change nothing anywhere
else; a post published with a key always has the same id, and find_published gives it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from harbour.connectors.base import (
    Account,
    Batch,
    Connector,
    IncomingItem,
    MediaRef,
    Published,
    PublishRequest,
    Rejected,
)
from harbour.connectors.demo.platform import DEMO

FEED = Path(__file__).with_name("feed.json")


@cache
def feed() -> dict:
    return json.loads(FEED.read_text(encoding="utf-8"))


def now() -> datetime:
    return datetime.now(UTC)


class DemoConnector(Connector):
    platform = DEMO.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        try:
            self.started_at = datetime.fromisoformat(self.config["started_at"])
            self.pace = timedelta(seconds=float(self.config.get("pace_seconds", 20)))
        except (KeyError, ValueError, TypeError):
            raise Rejected(
                "The demo channel needs started_at (an ISO time) and a number for pace_seconds"
            ) from None
        if self.started_at.tzinfo is None or self.pace <= timedelta(0):
            raise Rejected("The demo channel's started_at needs a timezone and pace_seconds must be above 0")

    def verify(self) -> Account:
        org = feed()["authors"]["org"]
        return Account(self.platform, org["id"], org["handle"], org["name"], "")

    def fetch(self, cursor: str | None, limit: int = 50) -> Batch:
        start = int(cursor) if cursor and cursor.isdigit() else 0
        messages = feed()["messages"]
        available = sum(1 for n in range(len(messages)) if self.started_at + n * self.pace <= now())
        end = min(available, start + max(1, limit))
        items = [self._item(n, messages[n]) for n in range(start, end)]
        return Batch(items, str(max(end, start)), has_more=end < available)

    def _item(self, n: int, message: dict) -> IncomingItem:
        author = feed()["authors"][message["author"]]
        return IncomingItem(
            platform=self.platform,
            platform_id=message["id"],
            kind=message["kind"],
            text=message["text"],
            author_id=author["id"],
            author_handle=author["handle"],
            author_display_name=author["name"],
            created_at=self.started_at + n * self.pace,
            url="",
            thread_id=message["thread"] or message["id"],
            parent_id=message["parent"],
            media=tuple(MediaRef(**media) for media in message.get("media", ())),
        )

    def publish(self, request: PublishRequest) -> Published:
        """The post's id: from its key when it has one (the same key, the same post, however often it is
        sent), else from its words and the time (a reply sent from the inbox). Its images or video are
        checked against DEMO's limits as a real platform would, and then kept nowhere: the demo platform
        stores nothing of a post, and its id is made from neither."""
        if len(request.images) > DEMO.max_images:
            raise Rejected(f"The demonstration feed takes at most {DEMO.max_images} images in a post")
        if request.video is not None and (
            problem := DEMO.video_refusal(request.video.duration_ms, len(request.video.data))
        ):
            raise Rejected(problem)
        if request.key:
            return self._keyed(request.key)
        digest = hashlib.sha256(
            f"{request.text}\n{request.reply_to}\n{now().isoformat()}".encode()
        ).hexdigest()
        return Published(f"demo-published-{digest[:16]}", "")

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The demo platform is Harbour itself and keeps nothing, so sending a post and having it are the
        same thing: the post for the key is the one publish(request) gives."""
        if not request.key:
            raise Rejected("Only a post sent with a key can be found again on the demo platform")
        return self._keyed(request.key)

    @staticmethod
    def _keyed(key: str) -> Published:
        digest = hashlib.sha256(f"key\n{key}".encode()).hexdigest()
        return Published(f"demo-published-{digest[:16]}", "")

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        """Nothing to tell: the demo platform is Harbour itself."""

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        """Nothing to tell, as for hide."""

    def block(self, author_id: str) -> None:
        self._known_author(author_id)

    def unblock(self, author_id: str) -> None:
        self._known_author(author_id)

    def mute(self, author_id: str) -> None:
        self._known_author(author_id)

    def unmute(self, author_id: str) -> None:
        self._known_author(author_id)

    @staticmethod
    def _known_author(author_id: str) -> None:
        """The demo's authors are the feed's: any other id is refused, as a real platform would."""
        authors = feed()["authors"]
        if author_id == authors["org"]["id"]:
            raise Rejected("The organisation's account cannot block or mute itself")
        if author_id not in {author["id"] for author in authors.values()}:
            raise Rejected(f"The demonstration feed has no account {author_id!r}")

    def delete(self, platform_id: str) -> None:
        if not platform_id.startswith("demo-published-"):
            raise Rejected("Harbour only deletes the organisation's own posts")

    def report_url(self, item: IncomingItem) -> str:
        return ""
