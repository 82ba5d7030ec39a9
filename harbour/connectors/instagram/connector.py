"""Instagram through the Instagram API with Facebook Login (graph.facebook.com): comments and replies on the
organisation's posts, @mentions of the account, and direct messages in; hide, unhide, delete and reply; image
and carousel posts and reels out (Meta downloads each image or video from the public address Harbour gives it:
`_post`, `_reel`).

config: graph_url (default Meta's host; the simulator's address in tests and the demo), account_id (the
Instagram professional account's id), page_id (the Facebook Page linked to it, for direct messages).
credentials: access_token (the Page's access token), app_secret ("" for none: then no appsecret_proof).

Item ids (platform_id), and so what a reply answers:
- a comment or a reply to a comment on the organisation's post: the comment's id ("17873440459141021").
  Its thread_id is the post's id; parent_id the comment it answers, or the post. A reply to it is
  POST /{comment-id}/replies (Instagram puts a reply to a reply under the top-level comment).
- a mention in a comment on someone else's post: "mention:{media-id}:{comment-id}"; in a caption:
  "mention:{media-id}". A reply is POST /{ig-user-id}/mentions with media_id (and comment_id).
- a direct message: "dm:{sender's Instagram-scoped id}:{message id}". A reply is POST /{page-id}/messages
  to that id, which Meta takes only within 24 hours of the person's last message (else Rejected, saying so).

Polling (fetch), with the cursor this connector writes (JSON):
- Comments: the 50 newest posts are listed with their comment counts; the comments (every page, with
  every reply) are read on the 5 newest posts each time, and on an older one when its count changed
  since the last poll. Per post the cursor keeps the count, the newest comment time delivered, and the
  ids delivered in the OVERLAP before it, so a comment is delivered once, even one Meta lists a little
  late. A comment on an older post whose count did not change (one added and one deleted between two
  polls) waits for its webhook; so does a comment on a post older than the 50 newest.
- Direct messages: the Page's Instagram conversations, most recently active first, each with its 20
  newest messages (all that Meta's conversation API gives in detail), with the same per conversation
  record. More than 20 messages in one conversation between two polls: the older ones arrive only by
  webhook.
- Mentions: Meta lists them only through the `mentions` webhook (ids to read: `items_for_change`).
- Items come out oldest first, at most `limit`; the rest wait for the next fetch (has_more).
- Slowing down: when the account's post listing (the first call) says usage is near Meta's limit,
  fetch raises RateLimited with the wait Meta gave (or SLOW_WAIT). When it says so later in the batch,
  fetch stops early (has_more False) and returns what it read: a post or conversation it did not read
  keeps its old record, so nothing it held is lost.

The organisation's own comments and messages are not items. Media in a message is a MediaRef (the URL):
never fetched.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from harbour.connectors.base import (
    Account,
    AuthFailed,
    Batch,
    Connector,
    IncomingItem,
    Kind,
    MalformedItem,
    MediaRef,
    NotSupported,
    PlatformUnavailable,
    Problem,
    Published,
    PublishRequest,
    RateLimited,
    Rejected,
)
from harbour.connectors.instagram.platform import INSTAGRAM
from harbour.connectors.meta.graph import DOES_NOT_EXIST, FACEBOOK_GRAPH, GRAPH_VERSION, Graph
from harbour.connectors.meta.webhooks import Change

log = logging.getLogger(__name__)

RECENT_MEDIA = 50  # the newest posts whose comments polling reads
ALWAYS_READ = 5  # the newest posts whose comments are read every poll, whatever their count says
MEDIA_PAGE = 25
COMMENT_PAGE = 50
CONVERSATION_PAGE = 25
CONVERSATION_PAGES = 4  # pages of conversations read while every conversation on the page has news
KEPT_CONVERSATIONS = 200  # conversations the cursor remembers
OVERLAP = 600  # seconds: an item this much older than the newest delivered one is still looked for
SLOW_WAIT = 300.0  # seconds to wait when Meta's usage headers say near the limit with no time of their own
DM_MAX = 1000  # characters in one direct message
CONTAINER_WAIT = 60.0  # seconds Harbour waits for Meta to prepare a post
CONTAINER_POLL = 1.0  # asking again after this, then twice as long each time up to CONTAINER_POLL_MAX
CONTAINER_POLL_MAX = 8.0
REEL_WAIT = 300.0  # seconds Harbour waits for Meta to prepare a reel (Meta: check once a minute, 5 minutes)
REEL_MAX_WIDTH = 1920  # the reel specifications: at most 1,920 columns
FIND_PAGES = 4  # find_published reads back at most 100 of the account's posts
CLOCK_SLACK = timedelta(minutes=5)
COMMENT_FIELDS = "id,text,timestamp,username,from,hidden,like_count,parent_id"
MESSAGE_FIELDS = "id,message,from,created_time,attachments"
MENTION_FIELDS = "id,text,timestamp,username,like_count,media{id,permalink}"
CAPTION_FIELDS = "id,caption,timestamp,username,permalink"
WEB = "https://www.instagram.com"


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _id(value: Any, what: str = "id") -> str:
    """A Graph id: digits (Meta sends them as strings; some answers as numbers)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit():
        raise MalformedItem(f"{what} {str(value)[:40]!r} is not an Instagram id")
    return str(value)


def _time(value: Any) -> datetime:
    """Graph's "2017-08-31T18:10:30+0000"."""
    try:
        return datetime.strptime(_str(value), "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)
    except ValueError:
        raise MalformedItem(f"the time {str(value)[:40]!r} is not one Meta sends") from None


def _web(value: Any) -> str:
    value = _str(value)
    return value if value.startswith("https://") else ""


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _comment_item(comment: dict, media_id: str, permalink: str) -> IncomingItem:
    """A comment (or a reply to one) on the organisation's post, as Graph's IG Comment gives it."""
    comment_id = _id(comment.get("id"), "the comment's id")
    text = comment.get("text")
    if not isinstance(text, str):
        raise MalformedItem("the comment has no text")
    author = comment.get("from") if isinstance(comment.get("from"), dict) else {}
    username = _str(author.get("username")) or _str(comment.get("username"))
    if not author.get("id") and not username:
        raise MalformedItem("the comment has no author")
    parent = comment.get("parent_id")
    return IncomingItem(
        platform=INSTAGRAM.key,
        platform_id=comment_id,
        kind=Kind.COMMENT,
        text=text,
        author_id=_id(author.get("id"), "the author's id") if author.get("id") else username,
        author_handle=username,
        author_display_name="",
        created_at=_time(comment.get("timestamp")),
        url=permalink,
        thread_id=media_id,
        parent_id=_id(parent, "the parent's id") if parent else media_id,
        # IG Comment's `hidden`: hidden on Instagram before Harbour read it (by a person, or the account's
        # hidden words and offensive-comment filters), so it arrives hidden in Harbour too.
        hidden=comment.get("hidden") is True,
    )


def _attachments(attachments: Any) -> tuple[MediaRef, ...]:
    """Media in a message, as the conversation API ({"data": [{"image_data": {"url"}}]}) or a webhook
    ([{"type": "image", "payload": {"url"}}]) gives it: URLs only."""
    rows = attachments.get("data") if isinstance(attachments, dict) else attachments
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        for key, kind in (("image_data", "image/*"), ("video_data", "video/*")):
            if isinstance(row.get(key), dict) and _web(row[key].get("url")):
                found.append(MediaRef(_web(row[key]["url"]), "", kind))
        payload = row.get("payload")
        if isinstance(payload, dict) and _web(payload.get("url")):
            kind = {"image": "image/*", "video": "video/*", "audio": "audio/*"}.get(_str(row.get("type")), "")
            found.append(MediaRef(_web(payload["url"]), "", kind))
        if _web(row.get("file_url")):
            found.append(MediaRef(_web(row["file_url"]), "", ""))
    return tuple(found)


def _message_item(
    sender: str, handle: str, message_id: str, text: str, created: datetime, media
) -> IncomingItem:
    if not text and not media:
        raise MalformedItem(
            "a message Harbour cannot read (a reaction, a share or a story reply): see it in Instagram's inbox"
        )
    return IncomingItem(
        platform=INSTAGRAM.key,
        platform_id=f"dm:{sender}:{message_id}",
        kind=Kind.DIRECT_MESSAGE,
        text=text,
        author_id=sender,
        author_handle=handle,
        author_display_name="",
        created_at=created,
        url=f"{WEB}/direct/inbox/",  # the conversation itself has no address Meta gives
        thread_id=f"dm:{sender}",
        media=media,
    )


def items_from_change(change: Change) -> list[IncomingItem]:
    """The items an Instagram webhook change carries whole, for the channels app's Meta webhook view:
    `comments` (a comment or reply on the account's post: no time in it, so the time it arrived) and
    `messages` (a direct message; the account's own echoes, reads and reactions carry none). `mentions`
    carries only ids: InstagramConnector.items_for_change reads them. Another field: []. A comment or
    message that cannot be read raises MalformedItem."""
    if change.object != "instagram":
        return []
    value = change.value
    if change.field in ("comments", "live_comments"):
        author = value.get("from") if isinstance(value.get("from"), dict) else {}
        if str(author.get("id")) == change.account_id:
            return []  # the organisation's own comment
        media = value.get("media") if isinstance(value.get("media"), dict) else {}
        comment = {**value, "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")}
        return [_comment_item(comment, _id(media.get("id"), "the post's id"), "")]
    if change.field == "messages":
        message = value.get("message")
        if not isinstance(message, dict) or message.get("is_echo") or message.get("is_deleted"):
            return []
        sender = _id((value.get("sender") or {}).get("id"), "the sender's id")
        if sender == change.account_id:
            return []
        stamp = value.get("timestamp")
        if isinstance(stamp, bool) or not isinstance(stamp, int | float):
            raise MalformedItem("the message has no time")
        mid = _str(message.get("mid"))
        if not mid:
            raise MalformedItem("the message has no id")
        # Milliseconds, as the Messenger Platform documents; some of Meta's examples give seconds.
        created = datetime.fromtimestamp(stamp / 1000 if stamp > 10**11 else stamp, UTC)
        return [
            _message_item(
                sender, "", mid, _str(message.get("text")), created, _attachments(message.get("attachments"))
            )
        ]
    return []


@dataclass
class _Position:
    """What the cursor remembers: per post, its comment count (n), the newest comment time delivered (t)
    and the ids delivered since OVERLAP before it with their times (s); per conversation, t and s."""

    media: dict[str, dict] = field(default_factory=dict)
    conversations: dict[str, dict] = field(default_factory=dict)
    started: bool = False  # False before the first fetch: everything there now is new

    def encode(self) -> str:
        return json.dumps(
            {"v": 1, "m": self.media, "c": self.conversations}, sort_keys=True, separators=(",", ":")
        )

    @classmethod
    def decode(cls, cursor: str | None) -> _Position:
        if not cursor:
            return cls()
        try:
            data = json.loads(cursor)
            if not isinstance(data, dict) or data.get("v") != 1:
                raise ValueError
            media = {
                _id(key): {"n": int(value.get("n", -1)), **_record(value)}
                for key, value in data.get("m", {}).items()
            }
            conversations = {str(key): _record(value) for key, value in data.get("c", {}).items()}
        except (ValueError, TypeError, AttributeError, MalformedItem):
            raise ValueError(f"{cursor[:60]!r} is not an Instagram cursor from this connector") from None
        return cls(media, conversations, started=True)


def _record(value: dict) -> dict:
    return {"t": int(value.get("t", 0)), "s": {str(k): int(t) for k, t in value.get("s", {}).items()}}


def _is_new(item: IncomingItem, record: dict | None) -> bool:
    if record is None:
        return True
    if item.platform_id in record["s"]:
        return False
    return _epoch(item.created_at) >= record["t"] - OVERLAP


def _delivered(record: dict | None, items: list[IncomingItem]) -> dict:
    """The record after delivering items: the newest time, and the ids delivered within OVERLAP of it."""
    old = record or {"t": 0, "s": {}}
    seen = {**old["s"], **{i.platform_id: _epoch(i.created_at) for i in items}}
    newest = max(old["t"], *seen.values())
    return {**old, "t": newest, "s": {key: t for key, t in seen.items() if t >= newest - OVERLAP}}


class InstagramConnector(Connector):
    platform = INSTAGRAM.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        self._base = self.config.get("graph_url") or FACEBOOK_GRAPH
        self._account_id = str(self.config.get("account_id") or "")
        self._page_id = str(self.config.get("page_id") or "")
        self._client: Graph | None = None

    def _graph(self) -> Graph:
        if self._client is None:
            token = self.credentials.get("access_token")
            if not token:
                raise AuthFailed("The Instagram channel has no access token: reconnect it from its page")
            if not self._account_id.isdigit():
                raise AuthFailed("The Instagram channel has no Instagram account chosen: reconnect it")
            self._client = Graph(
                self._base,
                token,
                version=GRAPH_VERSION,
                app_secret=self.credentials.get("app_secret") or "",
                timeout=self.timeout,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # Reading ---------------------------------------------------------------------------------------

    def verify(self) -> Account:
        me = self._graph().get(self._account_id, "checking the Instagram account", fields="id,username,name")
        username = _str(me.get("username"))
        return Account(
            self.platform,
            _id(me.get("id"), "the account's id"),
            f"@{username}",
            _str(me.get("name")),
            f"{WEB}/{username}/" if username else "",
        )

    def fetch(self, cursor: str | None, limit: int = 50) -> Batch:
        limit = max(1, limit)
        position = _Position.decode(cursor)
        graph = self._graph()
        problems: list[Problem] = []
        found: list[tuple[IncomingItem, str, str]] = []  # (item, "m" or "c", post or conversation id)
        counts: dict[str, int] = {}  # posts read whole: their comment count now
        stopped = False

        media_rows: list[dict] = []
        after = None
        while len(media_rows) < RECENT_MEDIA:
            rows, after = graph.page(
                f"{self._account_id}/media",
                "reading the account's posts",
                after=after,
                fields="id,permalink,timestamp,comments_count",
                limit=MEDIA_PAGE,
            )
            if not media_rows and graph.usage.slow_down:
                raise RateLimited(
                    "Meta says Harbour is near its limit for this account: polling waits before reading more",
                    retry_after=graph.usage.wait_seconds or SLOW_WAIT,
                )
            media_rows += rows
            if not after:
                break

        posts: list[tuple[str, dict]] = []
        for index, media in enumerate(media_rows[:RECENT_MEDIA]):
            try:
                posts.append((_id(media.get("id"), "the post's id"), media))
            except MalformedItem as error:
                problems.append(Problem(f"post {index + 1}", f"skipped: {error}"))
        listed = [media_id for media_id, _ in posts]
        for index, (media_id, media) in enumerate(posts):
            count = media.get("comments_count")
            record = position.media.get(media_id)
            if position.started and index >= ALWAYS_READ and record is not None and record["n"] == count:
                continue
            if graph.usage.slow_down:
                stopped = True
                break
            permalink = _web(media.get("permalink"))
            for comment in self._comments(graph, media_id, problems):
                try:
                    item = _comment_item(comment, media_id, permalink)
                except (MalformedItem, ValueError) as error:
                    problems.append(
                        Problem(str(comment.get("id", f"a comment on post {media_id}")), f"skipped: {error}")
                    )
                    continue
                if self._own(item):
                    continue
                if _is_new(item, record):
                    found.append((item, "m", media_id))
            if isinstance(count, int):
                counts[media_id] = count

        conversations_read: set[str] = set()
        if self._page_id and not stopped:
            stopped = self._messages(graph, position, found, problems, conversations_read)

        found.sort(key=lambda entry: (entry[0].created_at, entry[0].platform_id))
        batch, rest = found[:limit], found[limit:]
        waiting = {(kind, key) for _, kind, key in rest}

        media_next: dict[str, dict] = {}
        for media_id in listed:
            record = position.media.get(media_id)
            delivered = [item for item, kind, key in batch if kind == "m" and key == media_id]
            if delivered:
                record = _delivered(record, delivered)
            if media_id in counts and ("m", media_id) not in waiting:
                record = {**(record or {"t": 0, "s": {}}), "n": counts[media_id]}
            if record is not None:
                record.setdefault("n", -1)
                media_next[media_id] = record
        conversations_next = dict(position.conversations)
        for conversation_id in conversations_read:
            delivered = [item for item, kind, key in batch if kind == "c" and key == conversation_id]
            if delivered:
                conversations_next[conversation_id] = _delivered(
                    conversations_next.get(conversation_id), delivered
                )
            elif conversation_id not in conversations_next:
                conversations_next[conversation_id] = {"t": 0, "s": {}}
        newest = sorted(conversations_next.items(), key=lambda kv: kv[1]["t"], reverse=True)
        conversations_next = dict(newest[:KEPT_CONVERSATIONS])

        next_cursor = _Position(media_next, conversations_next, started=True).encode()
        return Batch(
            [item for item, _, _ in batch],
            next_cursor,
            has_more=bool(rest) and not stopped,
            problems=problems,
        )

    def _own(self, item: IncomingItem) -> bool:
        return item.author_id == self._account_id

    def _comments(self, graph: Graph, media_id: str, problems: list[Problem]) -> list[dict]:
        """Every comment on the post, each top-level one followed by its replies (every page of both)."""
        comments, after = [], None
        while True:
            try:
                rows, after = graph.page(
                    f"{media_id}/comments",
                    "reading comments",
                    after=after,
                    fields=f"{COMMENT_FIELDS},replies.limit({COMMENT_PAGE}){{{COMMENT_FIELDS}}}",
                    limit=COMMENT_PAGE,
                )
            except Rejected as error:
                if not _gone(error):
                    raise  # a missing permission: the whole channel must hear of it
                # The post was deleted since it was listed.
                problems.append(Problem(f"post {media_id}", f"comments not read: {error.message}"))
                return comments
            for row in rows:
                comments.append(row)
                comments.extend(self._replies(graph, row, problems))
            if not after:
                return comments

    def _replies(self, graph: Graph, comment: dict, problems: list[Problem]) -> list[dict]:
        edge = comment.get("replies") if isinstance(comment.get("replies"), dict) else {}
        replies = [r for r in edge.get("data") or [] if isinstance(r, dict)]
        paging = edge.get("paging") if isinstance(edge.get("paging"), dict) else {}
        cursors = paging.get("cursors") if isinstance(paging.get("cursors"), dict) else {}
        after = _str(cursors.get("after")) if paging.get("next") else ""
        while after and str(comment.get("id", "")).isdigit():
            try:
                rows, after = graph.page(
                    f"{comment['id']}/replies",
                    "reading replies",
                    after=after,
                    fields=COMMENT_FIELDS,
                    limit=COMMENT_PAGE,
                )
            except Rejected as error:
                if not _gone(error):
                    raise
                problems.append(Problem(str(comment["id"]), f"replies not read: {error.message}"))
                break
            replies += rows
        return replies

    def _messages(
        self,
        graph: Graph,
        position: _Position,
        found: list[tuple[IncomingItem, str, str]],
        problems: list[Problem],
        read: set[str],
    ) -> bool:
        """Read new direct messages into `found`; True when the usage headers said to stop early."""
        after = None
        for _ in range(CONVERSATION_PAGES):
            if graph.usage.slow_down:
                return True
            rows, after = graph.page(
                f"{self._page_id}/conversations",
                "reading direct messages",
                after=after,
                platform="instagram",
                fields=f"id,updated_time,participants,messages{{{MESSAGE_FIELDS}}}",
                limit=CONVERSATION_PAGE,
            )
            news = 0
            for number, conversation in enumerate(rows):
                conversation_id = _str(conversation.get("id"))
                if not conversation_id:
                    problems.append(Problem(f"conversation {number + 1}", "skipped: no id"))
                    continue
                record = position.conversations.get(conversation_id)
                try:
                    updated = _epoch(_time(conversation.get("updated_time")))
                except MalformedItem:
                    updated = None
                if record is not None and updated is not None and updated < record["t"]:
                    continue  # nothing since what was delivered
                if record is None or updated is None or updated > record["t"]:
                    news += 1  # active since the last poll (the same second is read again, not counted)
                read.add(conversation_id)
                messages = (
                    conversation.get("messages") if isinstance(conversation.get("messages"), dict) else {}
                )
                for message in messages.get("data") or []:
                    try:
                        item = self._message(message)
                    except (MalformedItem, ValueError, AttributeError) as error:
                        ref = _str(message.get("id")) if isinstance(message, dict) else ""
                        problems.append(
                            Problem(ref or f"a message in conversation {number + 1}", f"skipped: {error}")
                        )
                        continue
                    if item is not None and _is_new(item, record):
                        found.append((item, "c", conversation_id))
            if not after or not position.started or news < len(rows):
                return False
        return False

    def _message(self, message: dict) -> IncomingItem | None:
        sender = message.get("from") if isinstance(message.get("from"), dict) else {}
        sender_id = _id(sender.get("id"), "the sender's id")
        if sender_id == self._account_id:
            return None  # the organisation's own message
        message_id = _str(message.get("id"))
        if not message_id:
            raise MalformedItem("the message has no id")
        return _message_item(
            sender_id,
            _str(sender.get("username")),
            message_id,
            _str(message.get("message")),
            _time(message.get("created_time")),
            _attachments(message.get("attachments")),
        )

    def items_for_change(self, change: Change) -> list[IncomingItem]:
        """The items of a webhook change, reading what it gives only as ids: a `mentions` change names a
        comment (or a caption) on someone else's post, read through the account's mentioned_comment
        (mentioned_media) field. Other fields: items_from_change."""
        if change.object != "instagram" or change.field != "mentions":
            return items_from_change(change)
        media_id = _id(change.value.get("media_id"), "the post's id")
        comment_id = change.value.get("comment_id")
        graph = self._graph()
        if comment_id:
            comment_id = _id(comment_id, "the comment's id")
            answer = graph.get(
                self._account_id,
                "reading a mention",
                fields=f"mentioned_comment.comment_id({comment_id}){{{MENTION_FIELDS}}}",
            )
            comment = answer.get("mentioned_comment")
            if not isinstance(comment, dict):
                raise MalformedItem("Meta gave no comment for the mention")
            media = comment.get("media") if isinstance(comment.get("media"), dict) else {}
            username = _str(comment.get("username"))
            if not username:
                raise MalformedItem("the mention has no author")
            text = comment.get("text")
            if not isinstance(text, str):
                raise MalformedItem("the mention has no text")
            return [
                IncomingItem(
                    platform=self.platform,
                    platform_id=f"mention:{media_id}:{comment_id}",
                    kind=Kind.MENTION,
                    text=text,
                    author_id=username,  # Meta gives a mention's username, not its author's id
                    author_handle=username,
                    author_display_name="",
                    created_at=_time(comment.get("timestamp")),
                    url=_web(media.get("permalink")),
                    thread_id=media_id,
                    parent_id=media_id,
                )
            ]
        answer = graph.get(
            self._account_id,
            "reading a mention",
            fields=f"mentioned_media.media_id({media_id}){{{CAPTION_FIELDS}}}",
        )
        media = answer.get("mentioned_media")
        if not isinstance(media, dict) or not isinstance(media.get("caption"), str):
            raise MalformedItem("Meta gave no caption for the mention")
        username = _str(media.get("username"))
        return [
            IncomingItem(
                platform=self.platform,
                platform_id=f"mention:{media_id}",
                kind=Kind.MENTION,
                text=media["caption"],
                author_id=username,
                author_handle=username,
                author_display_name="",
                created_at=_time(media.get("timestamp")),
                url=_web(media.get("permalink")),
                thread_id=media_id,
            )
        ]

    # Acting ----------------------------------------------------------------------------------------

    def publish(self, request: PublishRequest) -> Published:
        """A post (without reply_to: `_post`), or a text reply to a comment, a mention or a direct message,
        by the item's platform_id (the module's docstring)."""
        if not request.reply_to:
            return self._post(request)
        if request.images or request.video is not None:
            raise NotSupported("Harbour sends text replies to Instagram, without images or video")
        if problem := INSTAGRAM.too_long(request.text):
            raise Rejected(problem)
        target = request.reply_to
        graph = self._graph()
        if target.isdigit():
            answer = self._gone_means(
                lambda: graph.post(f"{target}/replies", "replying to the comment", message=request.text)
            )
            return Published(_id(answer.get("id"), "the reply's id"), "")
        if target.startswith("mention:"):
            media_id, _, comment_id = target.removeprefix("mention:").partition(":")
            if not media_id.isdigit() or (comment_id and not comment_id.isdigit()):
                raise Rejected(f"{target[:60]!r} is not an Instagram mention Harbour gave")
            data = {"media_id": media_id, "message": request.text}
            if comment_id:
                data["comment_id"] = comment_id
            answer = self._gone_means(
                lambda: graph.post(f"{self._account_id}/mentions", "replying to the mention", **data)
            )
            return Published(_id(answer.get("id"), "the reply's id"), "")
        if target.startswith("dm:"):
            sender, _, _message = target.removeprefix("dm:").partition(":")
            if not sender.isdigit():
                raise Rejected(f"{target[:60]!r} is not an Instagram message Harbour gave")
            if not self._page_id.isdigit():
                raise Rejected(
                    "The Instagram channel has no linked Facebook Page, so it cannot send messages"
                )
            if len(request.text) > DM_MAX:
                raise Rejected(
                    f"Instagram takes direct messages of at most {DM_MAX:,} characters; this one is "
                    f"{len(request.text):,}. Shorten it."
                )
            answer = graph.post(
                f"{self._page_id}/messages",
                "answering the direct message",
                recipient=json.dumps({"id": sender}),
                message=json.dumps({"text": request.text}),
                messaging_type="RESPONSE",
            )
            return Published(f"dm:{sender}:{_str(answer.get('message_id'))}", "")
        raise Rejected(f"{target[:60]!r} is not an Instagram item Harbour can answer")

    def _post(self, request: PublishRequest) -> Published:
        """An image post, or a carousel of 2 to 10 images, with the caption and each image's alt text
        (content publishing: a container per image, a carousel container naming them, then media_publish).
        Meta downloads each image from its address (ImageUpload.url, a signed public address Harbour gives
        while the post is being posted), and takes JPEG only. Everything is checked before the first call:
        a post without an image, an image without an address or not a JPEG, more than 10 images or a
        caption over 2,200 characters is refused and nothing is sent. A post with a video is a reel
        (`_reel`)."""
        if request.video is not None:
            return self._reel(request)
        if refusal := INSTAGRAM.images_refusal([image.mime_type for image in request.images], False):
            raise Rejected(refusal)
        if len(request.images) > INSTAGRAM.max_images:
            raise Rejected(f"Instagram takes at most {INSTAGRAM.max_images} images in a post")
        if problem := INSTAGRAM.too_long(request.text, "The caption"):
            raise Rejected(problem)
        for image in request.images:
            if not getattr(image, "url", ""):
                raise NotSupported(
                    "Instagram downloads each image from an address on the internet, and this post's images "
                    "have none: Harbour gives them one only where HARBOUR_SITE_URL is set"
                )
        graph = self._graph()
        if len(request.images) == 1:
            (image,) = request.images
            container = self._container(
                graph, image_url=image.url, alt_text=image.alt_text, caption=request.text
            )
        else:
            children = [
                self._container(graph, image_url=image.url, alt_text=image.alt_text, is_carousel_item="true")
                for image in request.images
            ]
            for child in children:
                self._ready(graph, child)
            container = self._container(
                graph, media_type="CAROUSEL", children=",".join(children), caption=request.text
            )
        self._ready(graph, container)
        answer = graph.post(f"{self._account_id}/media_publish", "publishing the post", creation_id=container)
        media_id = _id(answer.get("id"), "the post's id")
        try:
            permalink = _web(
                graph.get(media_id, "reading the post's address", fields="permalink").get("permalink")
            )
        except (Rejected, PlatformUnavailable):
            permalink = ""  # posted: the address is a nicety
        return Published(media_id, permalink)

    def _reel(self, request: PublishRequest) -> Published:
        """A post with a video goes out as a reel (content publishing, "Reels posts"): a REELS container with
        the video's address (VideoUpload.url, the signed public address Harbour gives while it is posted),
        the caption and share_to_feed=true (the reel shows in the account's grid too), waited for while
        Meta prepares the video (at most REEL_WAIT), then media_publish. Meta's reference names no alt text
        for a reel, so the video's alt text stays in Harbour (docs/connectors.md). Checked before the first
        call, from the reel specifications on the IG User media reference: an MP4 with an address, 3
        seconds to INSTAGRAM.max_video_seconds long, at most INSTAGRAM.max_video_bytes, at most 1,920
        pixels across, an aspect ratio between 1:100 and 10:1, and a caption of at most 2,200 characters."""
        video = request.video
        if not video.url:
            raise NotSupported(
                "Instagram downloads the video from an address on the internet, and this post's video has "
                "none: Harbour gives it one only where HARBOUR_SITE_URL is set"
            )
        if video.mime_type != "video/mp4":
            raise Rejected("Instagram takes a reel as an MP4 video: add the video to the media library again")
        if refusal := INSTAGRAM.video_refusal(video.duration_ms, len(video.data)):
            raise Rejected(refusal)
        if video.width > REEL_MAX_WIDTH:
            raise Rejected(
                f"Instagram takes videos at most {REEL_MAX_WIDTH:,} pixels across; this one is "
                f"{video.width:,}. Add it to the media library at a smaller size"
            )
        if not (video.width > 0 and video.height > 0 and 0.01 <= video.width / video.height <= 10):
            raise Rejected("Instagram takes videos between 1:100 and 10:1 in shape; this one is outside that")
        if problem := INSTAGRAM.too_long(request.text, "The caption"):
            raise Rejected(problem)
        graph = self._graph()
        container = self._container(
            graph, media_type="REELS", video_url=video.url, caption=request.text, share_to_feed="true"
        )
        self._ready(graph, container, wait=REEL_WAIT, what="video")
        answer = graph.post(f"{self._account_id}/media_publish", "publishing the reel", creation_id=container)
        media_id = _id(answer.get("id"), "the reel's id")
        try:
            permalink = _web(
                graph.get(media_id, "reading the reel's address", fields="permalink").get("permalink")
            )
        except (Rejected, PlatformUnavailable):
            permalink = ""  # posted: the address is a nicety
        return Published(media_id, permalink)

    def _container(self, graph: Graph, **data) -> str:
        answer = graph.post(f"{self._account_id}/media", "preparing the post on Instagram", **data)
        return _id(answer.get("id"), "the container's id")

    def _ready(
        self, graph: Graph, container: str, *, wait: float = CONTAINER_WAIT, what: str = "images"
    ) -> None:
        """Wait, boundedly (`wait` seconds), until Meta has prepared the container (status_code FINISHED)."""
        started, pause = time.monotonic(), CONTAINER_POLL
        while True:
            answer = graph.get(container, "checking the post is ready", fields="status_code,status")
            status = _str(answer.get("status_code"))
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status in ("ERROR", "EXPIRED"):
                said = _str(answer.get("status"))[:200]
                raise Rejected(
                    f"Instagram could not prepare the post ({said or status}): nothing was posted. Check the "
                    f"{what}, then try again"
                )
            if time.monotonic() - started >= wait:
                raise PlatformUnavailable(
                    f"Instagram had not prepared the post after {wait / 60:.0f} minute{'s' if wait >= 90 else ''}: "
                    "nothing was posted. Harbour will try again later"
                )
            time.sleep(pause)
            pause = min(pause * 2, CONTAINER_POLL_MAX)

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The account's own post since `since` (less five minutes for the clocks) whose caption is
        request's text (white space aside): its newest posts, at most FIND_PAGES pages; if those do not
        reach back to `since`, Rejected rather than a guess. Meta takes no idempotency key. A reply cannot
        be looked for (NotSupported): the inbox never sends one twice."""
        if request.reply_to:
            raise NotSupported("Harbour cannot check whether an Instagram reply went out")
        wanted = " ".join(request.text.split())
        since = since.astimezone(UTC) - CLOCK_SLACK
        graph, after = self._graph(), None
        for _ in range(FIND_PAGES):
            rows, after = graph.page(
                f"{self._account_id}/media",
                "checking whether the post is on Instagram",
                after=after,
                fields="id,caption,timestamp,permalink",
                limit=MEDIA_PAGE,
            )
            for row in rows:
                try:
                    created = _time(row.get("timestamp"))
                except MalformedItem:
                    continue
                if created < since:
                    return None  # newest first: the rest are older
                if " ".join(_str(row.get("caption")).split()) == wanted and str(row.get("id", "")).isdigit():
                    return Published(str(row["id"]), _web(row.get("permalink")))
            if not after:
                return None
        raise Rejected(
            f"Instagram shows too many of the account's posts since {since:%d %B %Y %H:%M} UTC for Harbour to "
            "check whether this one went out"
        )

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        """POST /{comment-id} hide=true: only a comment on the organisation's own post."""
        comment_id = self._comment_id(item_platform_id, "hide")
        self._gone_means(lambda: self._graph().post(comment_id, "hiding the comment", hide="true"))

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        comment_id = self._comment_id(item_platform_id, "show again")
        self._gone_means(lambda: self._graph().post(comment_id, "showing the comment again", hide="false"))

    def delete(self, platform_id: str) -> None:
        """DELETE /{comment-id}: a comment on the organisation's own post (its own, or anyone's). A comment
        already gone is deleted: deleting twice is harmless."""
        comment_id = self._comment_id(platform_id, "delete")
        try:
            self._gone_means(lambda: self._graph().delete(comment_id, "deleting the comment"))
        except _Gone:
            return

    @staticmethod
    def _comment_id(platform_id: str, doing: str) -> str:
        if not platform_id.isdigit():
            raise Rejected(
                f"Harbour can {doing} only comments on the organisation's own Instagram posts, not a mention "
                "or a message"
            )
        return platform_id

    @staticmethod
    def _gone_means(call):
        """call(), with Graph's "does not exist" (error 100, subcode 33: `_gone`) in words: the comment is gone."""
        try:
            return call()
        except Rejected as error:
            if _gone(error):
                raise _Gone(
                    "The comment is no longer on Instagram: its author or the organisation deleted it"
                ) from None
            raise

    def report_url(self, item: IncomingItem) -> str:
        """Where staff report it on Instagram: the post the comment is under (each comment's menu has
        Report), Instagram's inbox for a message, or the author's profile when Harbour has no link."""
        if item.url:
            return item.url
        if item.kind == Kind.DIRECT_MESSAGE:
            return f"{WEB}/direct/inbox/"
        return f"{WEB}/{item.author_handle}/" if item.author_handle else WEB


def _gone(error: Rejected) -> bool:
    """Whether Graph's refusal says the object is gone: error 100 with subcode 33, as Meta documents it (its
    words change with the request: "Unsupported get request", "...does not exist..."), or, where an answer
    carries no subcode, the words "does not exist"."""
    if getattr(error, "code", 0) == 100 and getattr(error, "subcode", 0) == DOES_NOT_EXIST:
        return True
    return "does not exist" in error.message


class _Gone(Rejected):
    """The comment no longer exists on Instagram."""
