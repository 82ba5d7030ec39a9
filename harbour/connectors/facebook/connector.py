"""Facebook Pages: comments on the Page's posts, visitors' posts and Messenger messages in; hide, reply, ban,
delete, and posts with photos out, through the Graph API (harbour/connectors/meta/graph.py).

config: graph_url (the Graph host; the simulator's address in tests and the demo), account_id (the Page id).
credentials: access_token (the Page access token), app_secret (for appsecret_proof; "" for none).

Where things come from (Meta's documentation, docs/connectors.md "Facebook Pages"):
- The Page's feed (GET /{page-id}/feed) holds its own posts and visitors' posts, newest first. A visitor's
  post is an item (Kind.COMMENT: a comment on the organisation's Page); the newest WATCHED posts of the
  feed are watched for comments.
- Comments on a watched post (GET /{post-id}/comments?filter=stream&order=chronological: replies too, each
  with its parent) are items (Kind.REPLY), asked for only when the post's updated_time (which a new
  comment moves) is later than when they were last read, and every RECHECK seconds regardless. Comments on
  older posts arrive through the `feed` webhook (items_from_change) only.
- Messenger (GET /{page-id}/conversations, then /{conversation-id}/messages, newest first) gives direct
  messages (Kind.DIRECT_MESSAGE).
The Page's own posts, comments and messages are never items.

Platform ids: a comment is its Graph id ("{post}_{comment}"), a visitor's post its post id
("{page}_{post}"), a Messenger message "dm:{PSID}:{message id}" (a message id is never a Graph path, and a
reply needs the person's Page-scoped id). An author is their Graph id, or "psid:{PSID}" for someone who wrote
through Messenger (the same person has another id there; a ban by PSID uses the psid parameter).
publish(PublishRequest(text, reply_to=...)) answers a comment or a visitor's post with a comment, and a
message with a Messenger message (only within 24 hours of the person's last message: Meta's standard window).

The cursor is the connector's own JSON: the newest feed post seen (time and the ids at that time), each
watched post's comment cursor (Graph's `after`, kept from the last page too, so the next poll resumes
after the last comment read), and for Messenger the time of the newest message read in each recent
conversation. When Meta's usage headers say the app is near its limit (Graph.usage.slow_down), fetch stops
early: it returns what it read with a cursor that resumes exactly there, has_more False and a warning, and
the next scheduled poll carries on.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from harbour.connectors.base import (
    Account,
    AuthFailed,
    Batch,
    Connector,
    ConnectorError,
    IncomingItem,
    Kind,
    MalformedItem,
    MediaRef,
    Problem,
    Published,
    PublishRequest,
    Rejected,
)
from harbour.connectors.facebook.platform import FACEBOOK
from harbour.connectors.meta.graph import FACEBOOK_GRAPH, GRAPH_VERSION, SAFE_PATH, Graph
from harbour.connectors.meta.webhooks import Change
from harbour.connectors.platform import megabytes

log = logging.getLogger(__name__)

WATCHED = 25  # the newest posts in the Page's feed whose comments each poll reads
FEED_PAGES = 4  # pages of the feed read for visitors' posts newer than the last poll's
CONVERSATION_PAGES = 2  # pages of recently updated Messenger conversations read in one poll
MESSAGE_PAGES = 4  # pages of one conversation's messages read back to the last one seen
KEEP_CONVERSATIONS = 200  # conversations the cursor remembers; older ones fold into its floor
FIND_PAGES = 5  # pages of the Page's feed find_published reads back
CLOCK_SLACK = timedelta(minutes=5)
# Graph gives times to the second, and two messages can share one: a conversation whose newest second is the
# last one read is read again unless Harbour read it this many seconds after that second began (Meta's
# clock and Harbour's may differ by a few seconds).
SAME_SECOND = 5
# A watched post's comments are read again after this many seconds even when its updated_time has not moved
# (in case Meta does not move it for a reply to a comment).
RECHECK = 900
SLOW_CALLS = 2  # calls a poll still makes after Meta's usage headers say the app is near its limit
WEB = "https://www.facebook.com"
MAX_PHOTO_BYTES = 10_000_000  # the Photo reference: a photo "less than 10 MB"
UNKNOWN = "unknown:"  # an author Meta did not name, then the item's id

POST_FIELDS = "id,message,created_time,updated_time,permalink_url,from,attachments,is_hidden"
COMMENT_FIELDS = "id,message,created_time,from,parent,is_hidden,permalink_url,attachment"
MESSAGE_FIELDS = "id,message,from,created_time,attachments"


class _SlowDown(Exception):
    """Meta's usage headers say the app is near a limit: stop this batch where it is."""


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _graph_id(value: Any) -> str:
    """A Graph id: digits, or digits joined by one underscore (a post or comment)."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    parts = text.split("_")
    if not text or len(parts) > 2 or not all(part.isdigit() for part in parts):
        raise MalformedItem(f"{value!r} is not a Facebook id")
    return text


def _time(value: Any) -> datetime:
    """Graph's "2026-12-06T07:00:00+0000", or seconds since 1970 (webhooks)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        for parse in (lambda v: datetime.strptime(v, "%Y-%m-%dT%H:%M:%S%z"), datetime.fromisoformat):
            try:
                parsed = parse(value)
            except ValueError:
                continue
            if parsed.tzinfo is not None:
                return parsed.astimezone(UTC)
    raise MalformedItem("created_time is not a time with a timezone")


def _web(value: Any) -> str:
    value = _str(value)
    return value if value.startswith(("https://", "http://")) else ""


def _person(value: Any) -> tuple[str, str]:
    """(id, name) of a `from` object."""
    if not isinstance(value, dict):
        raise MalformedItem("it names nobody as its author")
    return _graph_id(value.get("id")), _str(value.get("name"))


def _author(value: Any, object_id: str) -> tuple[str, str]:
    """(id, name) of a comment's or post's author. Meta leaves `from` out where it will not say who wrote it
    (a person's comment read without the access that shows them): the words are still screened, under an
    author of their own ("unknown:{id}"), whom Harbour cannot ban."""
    if value is None:
        return f"{UNKNOWN}{object_id}", ""
    return _person(value)


def _message_id(platform_id: str) -> tuple[str, str] | None:
    """(PSID, message id) of a Messenger item's platform id, or None for anything else."""
    kind, _, rest = platform_id.partition(":")
    psid, _, mid = rest.partition(":")
    if kind != "dm" or not psid.isdigit() or not mid:
        return None
    return psid, mid


def _photos_of(attachment: Any) -> list[MediaRef]:
    """References to the photos a comment's `attachment` or a post's `attachments` show (never fetched)."""
    found = []
    if isinstance(attachment, dict):
        media = attachment.get("media")
        image = media.get("image") if isinstance(media, dict) else None
        if isinstance(image, dict) and _web(image.get("src")):
            found.append(MediaRef(_web(image["src"]), _str(attachment.get("description")), "image/*"))
        children = attachment.get("subattachments")
        for child in children.get("data") or [] if isinstance(children, dict) else []:
            found.extend(_photos_of(child))
    return found


def _item(
    raw: dict,
    platform_id: str,
    kind: Kind,
    author: tuple[str, str],
    *,
    url: str,
    thread_id: str,
    parent_id: str = "",
    media=(),
    hidden: bool = False,
) -> IncomingItem:
    """The item for a comment, post or message Graph gave as `raw`: its words (`message`) and time
    (`created_time`) read the same way for all three; author is (id, name), as Facebook gives no handle."""
    return IncomingItem(
        platform=FACEBOOK.key,
        platform_id=platform_id,
        kind=kind,
        text=_str(raw.get("message")),
        author_id=author[0],
        author_handle="",
        author_display_name=author[1],
        created_at=_time(raw.get("created_time")),
        url=url,
        thread_id=thread_id,
        parent_id=parent_id,
        media=tuple(media),
        hidden=hidden,
    )


def item_from_comment(page_id: str, comment: dict) -> IncomingItem | None:
    """A comment from the comments edge (or a webhook's comment) as an item; None when the Page wrote it."""
    comment_id = _graph_id(comment.get("id"))
    author_id, author_name = _author(comment.get("from"), comment_id)
    if author_id == page_id:
        return None
    parent = comment.get("parent")
    parent_id = _graph_id(parent.get("id")) if isinstance(parent, dict) and parent.get("id") else ""
    post_part = comment_id.split("_")[0]
    thread_id = f"{page_id}_{post_part}"
    return _item(
        comment,
        comment_id,
        Kind.REPLY,
        (author_id, author_name),
        url=_web(comment.get("permalink_url")),
        thread_id=thread_id,
        parent_id=parent_id or thread_id,
        media=_photos_of(comment.get("attachment")),
        hidden=comment.get("is_hidden") is True,  # hidden on Facebook before Harbour read it
    )


def item_from_post(page_id: str, post: dict) -> IncomingItem | None:
    """A visitor's post on the Page's feed as an item; None for the Page's own."""
    post_id = _graph_id(post.get("id"))
    author_id, author_name = _author(post.get("from"), post_id)
    if author_id == page_id:
        return None
    attachments = post.get("attachments")
    media = []
    for attachment in attachments.get("data") or [] if isinstance(attachments, dict) else []:
        media.extend(_photos_of(attachment))
    return _item(
        post,
        post_id,
        Kind.COMMENT,
        (author_id, author_name),
        url=_web(post.get("permalink_url")) or f"{WEB}/{post_id}",
        thread_id=post_id,
        media=media,
        hidden=post.get("is_hidden") is True,  # the Page Post's own flag
    )


def item_from_message(page_id: str, message: dict) -> IncomingItem | None:
    """A Messenger message from the conversations edge as an item; None when the Page sent it."""
    mid = _str(message.get("id"))
    if not mid:
        raise MalformedItem("the message has no id")
    author_id, author_name = _person(message.get("from"))
    if author_id == page_id:
        return None
    media = []
    attachments = message.get("attachments")
    for attachment in attachments.get("data") or [] if isinstance(attachments, dict) else []:
        image = attachment.get("image_data") if isinstance(attachment, dict) else None
        if isinstance(image, dict) and _web(image.get("url")):
            media.append(MediaRef(_web(image["url"]), "", _str(attachment.get("mime_type")) or "image/*"))
    return _item(
        message,
        f"dm:{author_id}:{mid}",
        Kind.DIRECT_MESSAGE,
        (f"psid:{author_id}", author_name),
        url="",
        thread_id=f"dm:{author_id}",
        media=media,
    )


def items_from_change(change: Change) -> list[IncomingItem]:
    """The items one webhook change for a Page carries: a comment or a visitor's post added (the `feed`
    field, verb add) or a Messenger message (the `messages` event, not the Page's own echo). Anything else
    (an edit, a hide, a reaction) carries no new item. Raises MalformedItem for a change it cannot read."""
    if change.object != "page":
        return []
    value, page_id = change.value, change.account_id
    if change.field == "feed":
        if value.get("verb") != "add":
            return []
        if value.get("item") == "comment":
            post = value.get("post") if isinstance(value.get("post"), dict) else {}
            post_id = _graph_id(value.get("post_id"))
            comment_id = _graph_id(value.get("comment_id"))
            permalink = _web(post.get("permalink_url")) or f"{WEB}/{post_id}"
            comment = {
                "id": comment_id,
                "message": value.get("message"),
                "from": value.get("from"),
                "created_time": value.get("created_time"),
                "parent": {"id": value.get("parent_id") or post_id},
                "permalink_url": f"{permalink}?comment_id={comment_id.split('_')[-1]}",
            }
            item = item_from_comment(page_id, comment)
            return [item] if item else []
        if value.get("item") in ("status", "post", "photo", "video", "share"):
            post = {
                "id": value.get("post_id"),
                "message": value.get("message"),
                "from": value.get("from"),
                "created_time": value.get("created_time"),
            }
            item = item_from_post(page_id, post)
            return [item] if item else []
        return []
    if change.field == "messages":
        message = value.get("message")
        sender = value.get("sender")
        if not isinstance(message, dict) or message.get("is_echo") or not isinstance(sender, dict):
            return []
        timestamp = value.get("timestamp")
        if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
            raise MalformedItem("the message has no time")
        attachments = [
            {"image_data": {"url": a["payload"]["url"]}, "mime_type": "image/*"}
            for a in message.get("attachments") or []
            if isinstance(a, dict)
            and a.get("type") == "image"
            and isinstance(a.get("payload"), dict)
            and _web(a["payload"].get("url"))
        ]
        item = item_from_message(
            page_id,
            {
                "id": message.get("mid"),
                "message": message.get("text"),
                "from": {"id": sender.get("id"), "name": ""},
                "created_time": timestamp / 1000,
                "attachments": {"data": attachments},
            },
        )
        return [item] if item else []
    return []


class FacebookConnector(Connector):
    platform = FACEBOOK.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        self._page_id = str(self.config.get("account_id") or "")
        self._graph: Graph | None = None
        self._calls, self._budget = 0, None

    # Plumbing ----------------------------------------------------------------------------------------

    def _api(self) -> Graph:
        if self._graph is None:
            token = self.credentials.get("access_token")
            if not token:
                raise AuthFailed("The Facebook channel has no Page access token: reconnect it")
            if not self._page_id.isdigit():
                raise Rejected("The Facebook channel has no Page id: reconnect it and choose the Page")
            self._graph = Graph(
                self.config.get("graph_url") or FACEBOOK_GRAPH,
                token,
                version=GRAPH_VERSION,
                app_secret=self.credentials.get("app_secret") or "",
                timeout=self.timeout,
            )
        return self._graph

    def _read(self, path: str, doing: str, **params) -> dict:
        """A GET while fetching. Once an answer says the app is near its limit, SLOW_CALLS more, then
        _SlowDown."""
        graph = self._api()
        if self._calls and graph.usage.slow_down:
            self._budget = SLOW_CALLS if self._budget is None else self._budget
            if self._budget <= 0:
                raise _SlowDown
            self._budget -= 1
        self._calls += 1
        return graph.get(path, doing, **params)

    @staticmethod
    def _page(answer: dict) -> tuple[list[dict], str | None, bool]:
        """A list answer's rows, its `after` cursor (kept on the last page too) and whether more follow."""
        rows = [row for row in answer.get("data") or [] if isinstance(row, dict)]
        paging = answer.get("paging") if isinstance(answer.get("paging"), dict) else {}
        cursors = paging.get("cursors") if isinstance(paging.get("cursors"), dict) else {}
        after = cursors.get("after")
        return rows, after if isinstance(after, str) and after else None, bool(paging.get("next"))

    # Interface ---------------------------------------------------------------------------------------

    def verify(self) -> Account:
        page = self._api().get(self._page_id, "checking the Page", fields="id,name,username,link")
        page_id = _graph_id(page.get("id"))
        if page_id != self._page_id:
            raise AuthFailed("The access token is not for this channel's Page: reconnect it")
        name = _str(page.get("name"))
        return Account(
            self.platform,
            page_id,
            _str(page.get("username")) or name,
            name,
            _web(page.get("link")) or f"{WEB}/{page_id}",
        )

    def fetch(self, cursor: str | None, limit: int = 25) -> Batch:
        limit = max(1, min(limit, 100))
        state = self._decode(cursor)
        batch = Batch(items=[], next_cursor=None)
        self._calls, self._budget = 0, None
        unit = None
        try:
            self._fetch_feed(state, batch, limit)
            # Each watched post's comments, then Messenger, starting where a slowed poll stopped.
            units = [*state["watch"], "dm"]
            start = units.index(state.get("turn")) if state.get("turn") in units else 0
            for unit in units[start:] + units[:start]:
                if unit == "dm":
                    self._fetch_messages_if_allowed(state, batch, limit)
                else:
                    self._fetch_comments(unit, state, batch, limit)
            state["turn"] = None
        except _SlowDown:
            state["turn"] = unit
            batch.has_more = False
            batch.warnings.append(
                "Meta says Harbour's app is near its rate limit, so this poll read less than usual; the next "
                "one carries on from here"
            )
        for entry in state["watch"].values():
            entry.pop("now", None)  # this poll's reading of the feed, not part of the position
        batch.items.sort(key=lambda item: item.created_at)
        batch.next_cursor = json.dumps(state, sort_keys=True, separators=(",", ":"))
        return batch

    @staticmethod
    def _decode(cursor: str | None) -> dict:
        fresh = {"v": 1, "feed": None, "watch": {}, "dm": {"floor": 0, "convs": {}, "started": False}}
        if not cursor:
            return fresh
        try:
            state = json.loads(cursor)
        except ValueError:
            raise Rejected("The Facebook channel's saved position cannot be read") from None
        if not isinstance(state, dict) or state.get("v") != 1:
            raise Rejected("The Facebook channel's saved position is from another version")
        return {**fresh, **state}

    def _fetch_feed(self, state: dict, batch: Batch, limit: int) -> None:
        """Visitors' posts newer than the last poll's newest post, and the watched posts."""
        known = state["feed"]  # [newest time, [ids at that time]] or None before the first poll
        rows, after, newest = [], None, None
        for number in range(FEED_PAGES):
            answer = self._read(
                f"{self._page_id}/feed",
                "reading the Page's posts",
                fields=POST_FIELDS,
                limit=WATCHED,
                **({"after": after} if after else {}),
            )
            page, after, more = self._page(answer)
            rows.extend(page)
            if number == 0:
                watched = {}
                for post in page:
                    try:
                        post_id = _graph_id(post.get("id"))
                    except MalformedItem:
                        continue
                    entry = state["watch"].get(post_id) or {}
                    watched[post_id] = {"after": "", "seen": None, "at": 0.0, **entry}
                    try:
                        watched[post_id]["now"] = _time(post.get("updated_time")).timestamp()
                    except MalformedItem:
                        watched[post_id]["now"] = None  # no updated_time: read its comments every poll
            if known is None or not more or self._reached(page, known):
                break
        else:
            batch.warnings.append(
                f"More than {FEED_PAGES * WATCHED} posts arrived on the Page since the last poll: the older ones "
                "were not read"
            )
        before = state["watch"]  # the posts the last poll saw: a broken one is reported once
        for number, post in enumerate(rows):
            try:
                post_id = _graph_id(post.get("id"))
                created = _time(post.get("created_time"))
            except MalformedItem as error:
                if _str(post.get("id")) not in before:
                    batch.problems.append(
                        Problem(
                            _str(post.get("id"))[:40] or f"post {number + 1}", f"skipped: {error.message}"
                        )
                    )
                continue
            if newest is None or created > newest[0]:
                newest = (created, [post_id])
            elif created == newest[0]:
                newest[1].append(post_id)
            if known is None or self._is_new(created, post_id, known):
                try:
                    item = item_from_post(self._page_id, post)
                except MalformedItem as error:
                    batch.problems.append(Problem(post_id, f"skipped: {error.message}"))
                    continue
                if item:
                    batch.items.append(item)
        if newest is not None:
            if known is None or newest[0].timestamp() > known[0]:
                state["feed"] = [newest[0].timestamp(), newest[1]]
            elif newest[0].timestamp() == known[0]:
                state["feed"] = [known[0], sorted(set(known[1]) | set(newest[1]))]
        state["watch"] = watched

    @staticmethod
    def _is_new(created: datetime, object_id: str, known) -> bool:
        moment = created.timestamp()
        return moment > known[0] or (moment == known[0] and object_id not in known[1])

    def _reached(self, page: list[dict], known) -> bool:
        """The page reaches back to what the last poll saw (rows come newest first)."""
        for row in reversed(page):
            try:
                if not self._is_new(_time(row.get("created_time")), _graph_id(row.get("id")), known):
                    return True
            except MalformedItem:
                continue
        return False

    def _fetch_comments(self, post_id: str, state: dict, batch: Batch, limit: int) -> None:
        """One page of new comments on a watched post; has_more when it has more. A post whose updated_time
        (which a new comment moves) is no later than when its comments were last read to the end is not
        asked again, unless that was in the same second or RECHECK seconds ago."""
        watch = state["watch"][post_id]
        updated, seen = watch.pop("now", None), watch["seen"]
        read_at = time.time()
        if (
            updated is not None
            and seen is not None
            and updated <= seen
            and not (updated == seen and watch["at"] < seen + SAME_SECOND)
            and read_at - watch["at"] < RECHECK
        ):
            return
        after = watch["after"]
        answer = self._read(
            f"{post_id}/comments",
            "reading comments on the Page's posts",
            filter="stream",
            order="chronological",
            fields=COMMENT_FIELDS,
            limit=limit,
            **({"after": after} if after else {}),
        )
        rows, following, more = self._page(answer)
        for number, comment in enumerate(rows):
            try:
                item = item_from_comment(self._page_id, comment)
            except MalformedItem as error:
                batch.problems.append(
                    Problem(_str(comment.get("id")) or f"comment {number + 1}", f"skipped: {error.message}")
                )
                continue
            if item:
                batch.items.append(item)
        if following:
            watch["after"] = following
        if more:
            watch["seen"] = None  # read on at the next poll
        else:
            watch["seen"], watch["at"] = updated, read_at
        batch.has_more = batch.has_more or more

    def _fetch_messages_if_allowed(self, state: dict, batch: Batch, limit: int) -> None:
        """Messenger, unless the Page's token may not read it (the manager did not grant pages_messaging):
        then the comments still arrive, and the channel's log says what is missing."""
        try:
            self._fetch_messages(state, batch, limit)
        except Rejected as error:
            if "permission" not in error.message:
                raise
            batch.warnings.append(f"Messenger messages were not read. {error.message}")

    def _fetch_messages(self, state: dict, batch: Batch, limit: int) -> None:
        """New messages in each Messenger conversation updated since the newest message read in it."""
        dm = state["dm"]
        floor, seen = dm["floor"], dm["convs"]
        changed, after = [], None
        for _ in range(CONVERSATION_PAGES):
            answer = self._read(
                f"{self._page_id}/conversations",
                "reading the Page's messages",
                fields="id,updated_time",
                limit=25,
                **({"after": after} if after else {}),
            )
            rows, after, more = self._page(answer)
            done = False
            for row in rows:
                conversation = _str(row.get("id"))
                try:
                    updated = _time(row.get("updated_time")).timestamp()
                except MalformedItem:
                    continue
                known = seen.get(conversation)
                mark = known[0] if known else floor
                if updated < mark:
                    done = True
                    continue
                if known and updated == mark and known[2] >= mark + SAME_SECOND:
                    continue  # read after that second ended: a message in it was there to read
                changed.append((updated, conversation))
            if done or not more:
                break
        for _, conversation in sorted(changed):  # the least recently updated first
            if not SAFE_PATH.fullmatch(conversation):
                batch.problems.append(Problem(conversation[:40], "skipped: not a conversation id"))
                continue
            self._read_conversation(
                conversation,
                seen.get(conversation, [floor, []]),
                state,
                batch,
                limit,
                first=not dm["started"] and conversation not in seen,
            )
        dm["started"] = True
        if len(seen) > KEEP_CONVERSATIONS:
            oldest = sorted(seen, key=lambda c: seen[c][0])[: len(seen) - KEEP_CONVERSATIONS]
            dm["floor"] = max(dm["floor"], *(seen[c][0] for c in oldest))
            for conversation in oldest:
                del seen[conversation]

    def _read_conversation(
        self, conversation: str, known: list, state: dict, batch: Batch, limit: int, *, first: bool
    ) -> None:
        """The conversation's messages newer than `known` (newest time, ids at that time), newest first, back
        to the last one seen (on the first poll, its latest page only)."""
        new, after, newest = [], None, None
        read_at = time.time()  # before the read: a message later in the newest second is read again
        for _ in range(1 if first else MESSAGE_PAGES):
            answer = self._read(
                f"{conversation}/messages",
                "reading a Messenger conversation",
                fields=MESSAGE_FIELDS,
                limit=limit,
                **({"after": after} if after else {}),
            )
            rows, after, more = self._page(answer)
            reached = False
            for number, message in enumerate(rows):
                mid = _str(message.get("id"))
                try:
                    created = _time(message.get("created_time"))
                except MalformedItem as error:
                    batch.problems.append(
                        Problem(mid or f"message {number + 1}", f"skipped: {error.message}")
                    )
                    continue
                if newest is None or created.timestamp() > newest[0]:
                    newest = [created.timestamp(), [mid]]
                elif created.timestamp() == newest[0]:
                    newest[1].append(mid)
                if not self._is_new(created, mid, known):
                    reached = True
                    continue
                new.append((mid, message))
            if reached or not more:
                break
        for mid, message in new:
            try:
                item = item_from_message(self._page_id, message)
            except MalformedItem as error:
                batch.problems.append(Problem(mid or "a message", f"skipped: {error.message}"))
                continue
            if item:
                batch.items.append(item)
        if newest is not None:
            if newest[0] == known[0]:
                newest[1] = sorted(set(newest[1]) | set(known[1]))
            kept = newest if newest[0] >= known[0] else known[:2]
            state["dm"]["convs"][conversation] = [kept[0], kept[1], read_at]

    # Acting --------------------------------------------------------------------------------------------

    def _object_id(self, platform_id: str, what: str) -> str:
        try:
            return _graph_id(platform_id)
        except MalformedItem:
            raise Rejected(f"{platform_id[:60]!r} is not a Facebook {what}") from None

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        """POST /{comment-id} is_hidden=true (a visitor's post too): hidden from everyone but its author
        and their friends."""
        self._set_hidden(item_platform_id, True)

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        self._set_hidden(item_platform_id, False)

    def _set_hidden(self, platform_id: str, hidden: bool) -> None:
        if _message_id(platform_id):
            raise Rejected("A Messenger message cannot be hidden")
        object_id = self._object_id(platform_id, "comment")
        doing = "hiding the comment" if hidden else "showing the comment again"
        self._api().post(object_id, doing, is_hidden="true" if hidden else "false")

    def delete(self, platform_id: str) -> None:
        """DELETE /{id}: one of the Page's own posts, or a comment on them."""
        if _message_id(platform_id):
            raise Rejected("Harbour cannot delete a Messenger message")
        object_id = self._object_id(platform_id, "post or comment")
        self._api().delete(object_id, "deleting the post")

    def block(self, author_id: str) -> None:
        """POST /{page-id}/blocked: bans the person from the Page (by PSID for a Messenger author)."""
        self._api().post(
            f"{self._page_id}/blocked", "banning the person from the Page", **self._who(author_id)
        )

    def unblock(self, author_id: str) -> None:
        self._api().delete(f"{self._page_id}/blocked", "lifting the ban", **self._who(author_id))

    def _who(self, author_id: str) -> dict:
        kind, _, psid = author_id.partition(":")
        if kind == "psid" and psid.isdigit():
            return {"psid": psid}
        if author_id.startswith(UNKNOWN):
            raise Rejected(
                "Meta did not say who wrote this, so Harbour cannot ban them: ban them on Facebook"
            )
        person = self._object_id(author_id, "person")
        if person == self._page_id:
            raise Rejected("The organisation's Page cannot ban itself")
        return {"user": person}

    def publish(self, request: PublishRequest) -> Published:
        """A reply (request.reply_to: a comment or post gets a comment, a Messenger message a message) or a
        post on the Page: text, and photos each uploaded unpublished (POST /{page-id}/photos with the bytes
        as `source` and the alt text as alt_text_custom) and attached to one feed post (attached_media).
        Meta takes no idempotency key: find_published is what stops a post going out twice."""
        if request.video is not None:
            raise Rejected("Harbour does not publish videos to Facebook yet")
        if problem := FACEBOOK.too_long(request.text, "The post"):
            raise Rejected(problem)
        graph = self._api()
        if request.reply_to:
            if request.images:
                raise Rejected("Harbour replies on Facebook with words only")
            if target := _message_id(request.reply_to):
                return self._answer_message(target[0], request.text)
            object_id = self._object_id(request.reply_to, "comment or post")
            made = graph.post(f"{object_id}/comments", "replying to the comment", message=request.text)
            return self._published(_graph_id(made.get("id")))
        if len(request.images) > FACEBOOK.max_images:
            raise Rejected(f"Harbour posts at most {FACEBOOK.max_images} photos in one Facebook post")
        for number, image in enumerate(request.images):
            if len(image.data) >= MAX_PHOTO_BYTES:
                limit, size = megabytes(MAX_PHOTO_BYTES), megabytes(len(image.data))
                raise Rejected(
                    f"Facebook takes photos of less than {limit}; photo {number + 1} is "
                    f"{size + ' or more' if size == limit else size}. Use a smaller photo."
                )
        media = {}
        for number, image in enumerate(request.images):
            uploaded = graph.call(
                "POST",
                f"{self._page_id}/photos",
                f"uploading photo {number + 1}",
                data={"published": "false", "alt_text_custom": image.alt_text},
                files={"source": (f"photo-{number + 1}", image.data, image.mime_type)},
            )
            media[f"attached_media[{number}]"] = json.dumps({"media_fbid": _graph_id(uploaded.get("id"))})
        made = graph.post(f"{self._page_id}/feed", "publishing the post", message=request.text, **media)
        return self._published(_graph_id(made.get("id")))

    def _answer_message(self, psid: str, text: str) -> Published:
        """POST /{page-id}/messages as a RESPONSE: Meta refuses it after its 24-hour window (Rejected, saying so)."""
        sent = self._api().post(
            f"{self._page_id}/messages",
            "answering the message",
            recipient=json.dumps({"id": psid}),
            messaging_type="RESPONSE",
            message=json.dumps({"text": text}),
        )
        mid = _str(sent.get("message_id"))
        if not mid:
            raise MalformedItem("Meta's answer had no message id")
        return Published(f"dm:{psid}:{mid}", "")

    def _published(self, object_id: str) -> Published:
        """The new post's or comment's permalink; "" when it cannot be read (it is posted: never raise)."""
        try:
            found = self._api().get(object_id, "reading the new post's address", fields="permalink_url")
        except ConnectorError as error:
            log.info("facebook: no permalink for %s: %s", object_id, error.message)
            return Published(object_id, "")
        return Published(object_id, _web(found.get("permalink_url")))

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """What publish(request) made, if Facebook has it: the Page's own comment with request's text under
        the item answered, its own Messenger message with the text in that conversation, or its own feed post
        with the text since `since` (less a few minutes for the clocks). Rejected when more of the Page's
        posts came since then than Harbour reads back, rather than risk posting twice."""
        since = since.astimezone(UTC) - CLOCK_SLACK
        wanted = " ".join(request.text.split())
        graph = self._api()
        if request.reply_to and (target := _message_id(request.reply_to)):
            return self._find_message(target[0], wanted, since)
        if request.reply_to:
            object_id = self._object_id(request.reply_to, "comment or post")
            path, fields = (
                f"{object_id}/comments",
                {"order": "reverse_chronological", "fields": COMMENT_FIELDS},
            )
        else:
            path, fields = f"{self._page_id}/feed", {"fields": POST_FIELDS}
        after = None
        for _ in range(FIND_PAGES):
            answer = graph.get(
                path,
                "checking whether the post is on Facebook",
                limit=50,
                **fields,
                **({"after": after} if after else {}),
            )
            rows, after, more = self._page(answer)
            for row in rows:
                try:
                    created = _time(row.get("created_time"))
                    author, _ = _person(row.get("from"))
                    object_id = _graph_id(row.get("id"))
                except MalformedItem:
                    continue
                if created < since:
                    return None
                if author == self._page_id and " ".join(_str(row.get("message")).split()) == wanted:
                    return Published(object_id, _web(row.get("permalink_url")))
            if not more:
                return None
        raise Rejected(
            f"Facebook shows too many of the Page's posts since {since:%d %B %Y %H:%M} UTC for Harbour to check "
            "whether this one went out"
        )

    def _find_message(self, psid: str, wanted: str, since: datetime) -> Published | None:
        graph = self._api()
        answer = graph.get(
            f"{self._page_id}/conversations", "finding the conversation", user_id=psid, fields="id"
        )
        rows, _, _ = self._page(answer)
        for row in rows:
            conversation = _str(row.get("id"))
            if not SAFE_PATH.fullmatch(conversation):
                continue
            listed = graph.get(
                f"{conversation}/messages", "checking the conversation", fields=MESSAGE_FIELDS, limit=50
            )
            for message in self._page(listed)[0]:
                try:
                    created = _time(message.get("created_time"))
                    author, _ = _person(message.get("from"))
                except MalformedItem:
                    continue
                if created < since:
                    break
                if author == self._page_id and " ".join(_str(message.get("message")).split()) == wanted:
                    return Published(f"dm:{psid}:{_str(message.get('id'))}", "")
        return None

    def report_url(self, item: IncomingItem) -> str:
        """The comment's or post's permalink, whose menu has "Report"; a Messenger message is reported from
        the conversation in the Page's inbox (Meta Business Suite)."""
        if item.kind == Kind.DIRECT_MESSAGE or _message_id(item.platform_id):
            return f"https://business.facebook.com/latest/inbox/all?asset_id={self._page_id}"
        return item.url or f"{WEB}/{item.platform_id}"
