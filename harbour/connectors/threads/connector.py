"""Threads: replies to the organisation's threads and mentions of it in; hide and unhide, reply, text posts
with who-can-reply, and deleting its own posts out (docs/connectors.md, "Threads").

config: graph_url (https://graph.threads.net, or the simulator's address), account_id (the Threads user id;
"me" when not set), reply_control (who may answer what Harbour posts unless the post chooses
(PublishRequest.reply_control): everyone, accounts_you_follow, mentioned_only, parent_post_author_only or
followers_only; accounts_you_follow when not set).
credentials: access_token (the Threads user token from Threads' own OAuth), app_secret (for appsecret_proof;
"" sends none).

Everything the connector reads is a Threads media object, so an item's platform_id is its Threads media id,
and a reply to any item is POST /me/threads with reply_to_id=<that id> (then threads_publish): there are no
messages to tell apart from comments, as Threads' API has none.

Threads has no list of "replies to my posts". Polling reads the conversation (every reply, at any depth) of
the account's newest threads (WATCH_THREADS of them, posted in the last WATCH_DAYS days) and the account's
mentions, each newest first down to the cursor's time; replies to older threads reach Harbour through the
replies webhook (items_from_change) only. The cursor is the connector's own JSON: the newest time handed
out and the ids handed out within OVERLAP of it, so a reply that shows up a little late, or with the same
second as another, is neither lost nor doubled.

Rate limits: when Meta's usage headers say slow down (graph.usage.slow_down) before any reply is read, fetch
raises RateLimited with Meta's wait (or DEFAULT_WAIT); when they say so after, the batch read so far is
returned with has_more False, so the scheduler waits for the next poll instead of asking again at once.

Incoming media are never fetched: an image reply becomes a MediaRef holding Meta's address.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

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
    NotSupported,
    PlatformUnavailable,
    Problem,
    Published,
    PublishRequest,
    RateLimited,
    Rejected,
)
from harbour.connectors.meta.graph import DEFAULT_WAIT, THREADS_GRAPH, THREADS_VERSION, Graph
from harbour.connectors.meta.webhooks import Change
from harbour.connectors.threads.platform import THREADS

log = logging.getLogger(__name__)

WATCH_THREADS = 20  # the account's newest threads whose replies a poll reads
WATCH_DAYS = 14  # ... posted within this many days
PAGE = 50  # items asked for in one page
MAX_PAGES = 10  # pages of one thread's replies (or of mentions) read in one poll
OVERLAP = timedelta(minutes=5)  # how far back before the cursor's time a late reply is still taken
FIND_PAGES = 4  # find_published reads back at most 200 of the account's own posts or replies
CLOCK_SLACK = timedelta(minutes=5)
CONTAINER_POLL = 1.0  # seconds before asking again whether a container is ready, then twice as long, up to 8
CONTAINER_WAIT = (
    120.0  # seconds to wait for Threads to prepare a post (it fetches images first) before publishing
)
VIDEO_WAIT = 300.0  # seconds to wait for Threads to prepare a video (it fetches and processes it first)
SEEN_MAX = 500  # ids remembered in the cursor

IMAGE_TYPES = ("image/jpeg", "image/png")
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_ALT_TEXT = 1000
VIDEO_TYPE = "video/mp4"
VIDEO_MAX_WIDTH = 1920  # Threads' video specifications: at most 1,920 columns

REPLY_CONTROLS = (
    "everyone",
    "accounts_you_follow",
    "mentioned_only",
    "parent_post_author_only",
    "followers_only",
)
# Who may reply to what Harbour posts, unless the channel's config says otherwise: people the organisation
# follows. Safer for a youth organisation than everyone: strangers cannot pile onto its posts.
REPLY_CONTROL = "accounts_you_follow"

FIELDS = (
    "id,text,username,timestamp,permalink,media_type,media_url,alt_text,root_post,replied_to,is_reply,"
    "is_reply_owned_by_me,hide_status"
)
MEDIA_TYPES = {"IMAGE": "image/*", "VIDEO": "video/*", "CAROUSEL_ALBUM": "image/*"}
# A reply's hide_status (Threads' reply management reference) when Threads already keeps it from view: hidden
# by the account, covered by its hidden words, or from an author it blocked or restricted. NOT_HUSHED and
# UNHUSHED (shown again) are not.
HIDDEN_STATUSES = frozenset({"HIDDEN", "COVERED", "BLOCKED", "RESTRICTED"})
WEB = "https://www.threads.net"


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _id(value: Any) -> str:
    """A Threads id: a string of digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit():
        raise MalformedItem(f"id {str(value)[:40]!r} is not a Threads id")
    return str(value)


def _ref(value: Any) -> str:
    """The id in {"id": ...} (root_post, replied_to), or "" when there is none."""
    return _id(value["id"]) if isinstance(value, dict) and value.get("id") is not None else ""


def _time(value: Any) -> datetime:
    """Threads' "2024-08-07T10:33:16+0000"."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise MalformedItem("timestamp is not a time with a timezone")
    return parsed.astimezone(UTC)


def _web(value: Any) -> str:
    value = _str(value)
    return value if urlsplit(value).scheme == "https" else ""


def item_from(raw: dict, kind: Kind) -> IncomingItem:
    """An IncomingItem from a Threads media object (a reply or a post that mentions the account)."""
    media_id = _id(raw.get("id"))
    # A private profile's reply comes without its username (Threads' replies reference). Young people's
    # profiles are often private, so it is read all the same, under an author of its own: never linked to
    # another private profile's posts, which may be someone else's.
    username = _str(raw.get("username"))
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise MalformedItem("text is not text")
    media = ()
    url = _web(raw.get("media_url"))
    if url and _str(raw.get("media_type")) in MEDIA_TYPES:
        media = (MediaRef(url, _str(raw.get("alt_text")), MEDIA_TYPES[_str(raw.get("media_type"))]),)
    root, parent = _ref(raw.get("root_post")), _ref(raw.get("replied_to"))
    return IncomingItem(
        platform=THREADS.key,
        platform_id=media_id,
        kind=kind,
        text=text,
        # Threads names other people by username only (no user id for someone else's post).
        author_id=username or f"private:{media_id}",
        author_handle=username,
        author_display_name="" if username else "A private Threads profile",
        created_at=_time(raw.get("timestamp")),
        url=_web(raw.get("permalink")),
        thread_id=root or media_id,
        parent_id=parent,
        media=media,
        hidden=_str(raw.get("hide_status")) in HIDDEN_STATUSES,
    )


def items_from_change(change: Change) -> list[IncomingItem]:
    """The item a Threads webhook change carries: "replies" (a reply in the organisation's thread, not its
    own) or "mentions" (a post naming the account). Other fields (publish, delete) carry none, nor does a
    value that cannot be read (the next poll reads it from Threads instead)."""
    if change.object != "threads" or change.field not in ("replies", "mentions"):
        return []
    value = change.value
    if change.field == "replies":
        root = value.get("root_post") if isinstance(value.get("root_post"), dict) else {}
        if root.get("username") and root.get("username") == value.get("username"):
            return []  # the organisation answering in its own thread
    try:
        return [item_from(value, Kind.REPLY if change.field == "replies" else Kind.MENTION)]
    except (MalformedItem, ValueError, TypeError) as error:
        log.warning("threads: webhook change %s not read: %s", change.field, error)
        return []


class ThreadsConnector(Connector):
    platform = THREADS.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        self._graph: Graph | None = None

    # Plumbing -------------------------------------------------------------------------------------------

    def graph(self) -> Graph:
        if self._graph is None:
            base = self.config.get("graph_url") or THREADS_GRAPH
            if urlsplit(base).scheme not in ("http", "https"):
                raise Rejected(f"The Threads channel's API address {base[:60]!r} is not a web address")
            token = self.credentials.get("access_token")
            if not token:
                raise AuthFailed("The Threads channel has no access token: reconnect it from its page")
            self._graph = Graph(
                base,
                token,
                version=THREADS_VERSION,
                app_secret=self.credentials.get("app_secret", ""),
                timeout=self.timeout,
            )
        return self._graph

    @property
    def user(self) -> str:
        account = str(self.config.get("account_id") or "")
        return account if account.isdigit() else "me"

    def _reply_control(self, chosen: str = "") -> str:
        """Who may reply: the post's own choice (PublishRequest.reply_control), else the channel's setting,
        else REPLY_CONTROL."""
        control = chosen or self.config.get("reply_control") or REPLY_CONTROL
        if control not in REPLY_CONTROLS:
            whose = "The post's" if chosen else "The channel's"
            raise Rejected(
                f"{whose} reply setting {control[:40]!r} is not one Threads knows: use one of "
                f"{', '.join(REPLY_CONTROLS)}"
            )
        return control

    # Interface ------------------------------------------------------------------------------------------

    def verify(self) -> Account:
        me = self.graph().get("me", "checking the Threads account", fields="id,username,name")
        try:
            account_id = _id(me.get("id"))
        except MalformedItem:
            raise PlatformUnavailable("Threads answered the account check without an account id") from None
        username = _str(me.get("username"))
        expected = str(self.config.get("account_id") or "")
        if expected and expected != account_id:
            raise AuthFailed(
                f"This connection is for another Threads account (@{username}): reconnect the channel "
                "signed in as the organisation's account"
            )
        return Account(self.platform, account_id, f"@{username}", _str(me.get("name")), f"{WEB}/@{username}")

    def fetch(self, cursor: str | None, limit: int = PAGE) -> Batch:
        limit = max(1, min(limit, 100))
        since, seen = self._decode(cursor) if cursor else (None, {})
        floor = since - OVERLAP if since else None
        graph = self.graph()
        threads, _ = graph.page(
            f"{self.user}/threads",
            "reading the account's threads",
            fields="id,timestamp",
            limit=WATCH_THREADS,
        )
        if graph.usage.slow_down:
            raise RateLimited(
                "Meta asked Harbour to slow down reading Threads (its usage figures are near the limit)",
                retry_after=graph.usage.wait_seconds or DEFAULT_WAIT,
            )
        recent = datetime.now(UTC) - timedelta(days=WATCH_DAYS)
        problems: list[Problem] = []
        warnings: list[str] = []
        raw: list[tuple[dict, Kind]] = []
        for thread in threads:
            try:
                thread_id, posted = _id(thread.get("id")), _time(thread.get("timestamp"))
            except MalformedItem as error:
                problems.append(Problem(str(thread.get("id", "a thread"))[:40], f"thread skipped: {error}"))
                continue
            if posted < recent:
                continue
            rows, capped = self._read(f"{thread_id}/conversation", "reading replies to a thread", floor, True)
            raw.extend((row, Kind.REPLY) for row in rows)
            if capped:
                warnings.append(
                    f"More than {MAX_PAGES * PAGE} new replies to one thread since the last read: the oldest of "
                    "them may be missing here. Read that thread on Threads."
                )
        rows, capped = self._read(f"{self.user}/mentions", "reading mentions", floor, False)
        raw.extend((row, Kind.MENTION) for row in rows)
        if capped:
            warnings.append(
                f"More than {MAX_PAGES * PAGE} new mentions since the last read: the oldest may be missing here."
            )

        fresh: dict[str, IncomingItem] = {}
        for number, (row, kind) in enumerate(raw):
            ref = str(row.get("id") or f"reply {number + 1}")[:40]
            if row.get("is_reply_owned_by_me") is True or ref in fresh or ref in seen:
                continue  # the organisation's own reply, or read already
            try:
                item = item_from(row, kind)
            except (MalformedItem, ValueError, TypeError) as error:
                if ref not in seen:
                    problems.append(Problem(ref, f"skipped: {error}"))
                    seen[ref] = (since or datetime.now(UTC)).timestamp()  # reported once
                continue
            if floor is None or item.created_at > floor:
                fresh[item.platform_id] = item
        ordered = sorted(fresh.values(), key=lambda item: (item.created_at, int(item.platform_id)))
        batch = ordered[:limit]
        if batch:
            since = max(since or batch[-1].created_at, batch[-1].created_at)
            seen |= {item.platform_id: item.created_at.timestamp() for item in batch}
        has_more = len(ordered) > limit and not graph.usage.slow_down
        return Batch(
            batch, self._encode(since, seen), has_more=has_more, problems=problems, warnings=warnings
        )

    def _read(
        self, path: str, doing: str, floor: datetime | None, conversation: bool
    ) -> tuple[list[dict], bool]:
        """Newest first, page by page, until a page reaches back to floor (one page when there is no floor
        yet): the rows, and whether MAX_PAGES ran out before floor was reached."""
        params = {"fields": FIELDS, "limit": PAGE}
        if conversation:
            params["reverse"] = "true"
        rows: list[dict] = []
        after = None
        for _ in range(MAX_PAGES if floor else 1):
            page, after = self.graph().page(path, doing, after=after, **params)
            rows.extend(page)
            if after is None or floor is None or any(self._older(row, floor) for row in page):
                return rows, False
        return rows, True

    @staticmethod
    def _older(row: dict, floor: datetime) -> bool:
        try:
            return _time(row.get("timestamp")) <= floor
        except MalformedItem:
            return False

    @staticmethod
    def _encode(since: datetime | None, seen: dict[str, float]) -> str | None:
        if since is None:
            return None
        keep = since.timestamp() - OVERLAP.total_seconds()
        kept = sorted(((at, key) for key, at in seen.items() if at >= keep), reverse=True)[:SEEN_MAX]
        return "v1:" + json.dumps(
            {"since": since.isoformat(), "seen": {key: at for at, key in kept}},
            sort_keys=True,
            separators=(",", ":"),
        )

    @staticmethod
    def _decode(cursor: str) -> tuple[datetime, dict[str, float]]:
        try:
            version, _, body = cursor.partition(":")
            position = json.loads(body)
            if (
                version != "v1"
                or not isinstance(position, dict)
                or not isinstance(position.get("seen"), dict)
            ):
                raise ValueError
            since = datetime.fromisoformat(position["since"])
            if since.tzinfo is None:
                raise ValueError
            seen = {str(key): float(at) for key, at in position["seen"].items()}
        except (ValueError, TypeError, KeyError):
            raise ValueError(f"{cursor[:60]!r} is not a Threads cursor from this connector") from None
        return since.astimezone(UTC), seen

    # Acting ---------------------------------------------------------------------------------------------

    def publish(self, request: PublishRequest) -> Published:
        """A text post, or a reply to request.reply_to, made as Threads documents: a container
        (POST /{user}/threads with the text, reply_to_id and reply_control), waited for until Threads has
        prepared it (at most CONTAINER_WAIT seconds), then POST /{user}/threads_publish. Who may reply is the
        post's own choice (request.reply_control, approved with its words), else the channel's reply_control
        (REPLY_CONTROL when not set); either is checked before anything is sent.

        Images: Threads fetches each from its public address (ImageUpload.url, which Harbour signs for the
        time of the post; PlatformEntry.fetches_media) and takes its alt text. One image is an IMAGE
        container; two to MAX_IMAGES are each an is_carousel_item IMAGE container, prepared, then a CAROUSEL
        container of them. An image without a public address, or one Threads does not take (not
        JPEG or PNG, over 8 MB) is refused before anything is sent.

        A video is a VIDEO container with its public address (VideoUpload.url) and its alt text, waited for
        while Threads fetches and prepares it (at most VIDEO_WAIT seconds). Threads' video specifications are
        checked before anything is sent (`_video_refusal`)."""
        reply_control = self._reply_control(request.reply_control)
        if request.video is not None and (problem := self._video_refusal(request.video)):
            raise problem
        images = request.images
        if len(images) > THREADS.max_images:
            raise Rejected(f"Threads takes at most {THREADS.max_images} images in a post")
        for number, image in enumerate(images, start=1):
            if not image.url:
                raise NotSupported(
                    "Threads fetches a post's images from an address on the internet, and Harbour gave this one "
                    "none: post the text alone, or add the image on Threads"
                )
            if image.mime_type not in IMAGE_TYPES:
                raise Rejected(f"Threads takes JPEG and PNG images only: image {number} is {image.mime_type}")
            if len(image.data) > MAX_IMAGE_BYTES:
                raise Rejected(f"Threads takes images of at most 8 MB: image {number} is larger")
            if len(image.alt_text) > MAX_ALT_TEXT:
                raise Rejected(
                    f"Threads takes alt text of at most {MAX_ALT_TEXT:,} characters: image {number}'s is "
                    f"{len(image.alt_text):,}"
                )
        if not request.text.strip() and not images and request.video is None:
            raise Rejected("A Threads post needs some text")
        what = "Your reply" if request.reply_to else "The post"
        if problem := THREADS.too_long(request.text, what):
            raise Rejected(problem)
        data = {"text": request.text, "reply_control": reply_control}
        if request.reply_to:
            try:
                data["reply_to_id"] = _id(request.reply_to)
            except MalformedItem:
                raise Rejected("Harbour can only answer a Threads post by its Threads id") from None
        doing = "preparing the reply" if request.reply_to else "preparing the post"
        if request.video is not None:
            data |= {
                "media_type": "VIDEO",
                "video_url": request.video.url,
                "alt_text": request.video.alt_text,
            }
        elif len(images) == 1:
            data |= {"media_type": "IMAGE", "image_url": images[0].url, "alt_text": images[0].alt_text}
        elif images:
            children = [
                self._container(
                    f"preparing image {number} of {len(images)}",
                    media_type="IMAGE",
                    image_url=image.url,
                    alt_text=image.alt_text,
                    is_carousel_item="true",
                )
                for number, image in enumerate(images, start=1)
            ]
            data |= {"media_type": "CAROUSEL", "children": ",".join(children)}
        else:
            data["media_type"] = "TEXT"
        container_id = self._container(
            doing, wait=VIDEO_WAIT if request.video is not None else CONTAINER_WAIT, **data
        )
        graph = self.graph()
        made = graph.post(f"{self.user}/threads_publish", "publishing on Threads", creation_id=container_id)
        try:
            media_id = _id(made.get("id"))
        except MalformedItem:
            raise PlatformUnavailable("Threads published the post but did not say its id") from None
        try:
            url = _web(
                graph.get(media_id, "reading the new post's address", fields="permalink").get("permalink")
            )
        except ConnectorError:
            url = ""  # it is published: its address is only for people to follow
        return Published(media_id, url)

    @staticmethod
    def _video_refusal(video) -> ConnectorError | None:
        """Why Threads would not take this video, from its video specifications (the posts documentation):
        an MP4 with a public address, at most THREADS.max_video_seconds long and THREADS.max_video_bytes,
        at most 1,920 pixels across, between 1:100 and 10:1 in shape, alt text of at most 1,000 characters."""
        if not video.url:
            return NotSupported(
                "Threads fetches a post's video from an address on the internet, and Harbour gave this one "
                "none: post the text alone, or add the video on Threads"
            )
        if video.mime_type != VIDEO_TYPE:
            return Rejected("Threads takes videos as MP4 files: add the video to the media library again")
        if refusal := THREADS.video_refusal(video.duration_ms, len(video.data)):
            return Rejected(refusal)
        if video.width > VIDEO_MAX_WIDTH:
            return Rejected(
                f"Threads takes videos at most {VIDEO_MAX_WIDTH:,} pixels across; this one is {video.width:,}. "
                "Add it to the media library at a smaller size"
            )
        if not (video.width > 0 and video.height > 0 and 0.01 <= video.width / video.height <= 10):
            return Rejected("Threads takes videos between 1:100 and 10:1 in shape; this one is outside that")
        if len(video.alt_text) > MAX_ALT_TEXT:
            return Rejected(
                f"Threads takes alt text of at most {MAX_ALT_TEXT:,} characters: the video's is "
                f"{len(video.alt_text):,}"
            )
        return None

    def _container(self, doing: str, *, wait: float = CONTAINER_WAIT, **data) -> str:
        """A media container made and prepared (waiting at most `wait` seconds): its id."""
        container = self.graph().post(f"{self.user}/threads", doing, **data)
        try:
            container_id = _id(container.get("id"))
        except MalformedItem:
            raise PlatformUnavailable(f"Threads answered {doing} without the container's id") from None
        self._wait_until_ready(container_id, wait)
        return container_id

    def _wait_until_ready(self, container_id: str, wait: float = CONTAINER_WAIT) -> None:
        deadline, pause = time.monotonic() + wait, CONTAINER_POLL
        while True:
            state = self.graph().get(
                container_id, "checking the prepared post", fields="status,error_message"
            )
            status = _str(state.get("status"))
            if status in ("FINISHED", ""):  # "" : a host that does not report a status for text
                return
            if status in ("ERROR", "EXPIRED"):
                reason = _str(state.get("error_message")) or status.lower()
                raise Rejected(f"Threads could not prepare the post ({reason[:200]})")
            if time.monotonic() + pause > deadline:
                raise PlatformUnavailable(
                    f"Threads was still preparing the post after {wait:.0f} seconds: nothing was posted. Try "
                    "again later"
                )
            time.sleep(pause)
            pause = min(pause * 2, 8.0)

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The account's own post (or, for a reply, its own reply to request.reply_to) made since `since`
        with request's text: Threads takes no idempotency key, so this is how a retry after an unseen outcome
        avoids posting twice. Newest first, at most FIND_PAGES pages; past that Harbour cannot tell, and
        says so (Rejected) rather than risk a second post."""
        wanted = " ".join(request.text.split())
        floor = since.astimezone(UTC) - CLOCK_SLACK
        edge = "replies" if request.reply_to else "threads"
        after = None
        for _ in range(FIND_PAGES):
            rows, after = self.graph().page(
                f"{self.user}/{edge}",
                "checking whether the post is on Threads",
                after=after,
                fields="id,text,timestamp,permalink,replied_to",
                limit=PAGE,
            )
            for row in rows:
                try:
                    created, media_id = _time(row.get("timestamp")), _id(row.get("id"))
                    parent = _ref(row.get("replied_to"))
                except MalformedItem:
                    continue
                if created < floor:
                    return None  # newest first: the rest are older
                text = " ".join(_str(row.get("text")).split())
                if text == wanted and parent == (request.reply_to or ""):
                    return Published(media_id, _web(row.get("permalink")))
            if after is None:
                return None
        raise Rejected(
            f"Threads shows too many of the account's posts since {floor:%d %B %Y %H:%M} UTC for Harbour to "
            "check whether this one went out"
        )

    def _top_level_reply(self, platform_id: str, doing: str) -> str:
        """platform_id, when it is a reply made directly to a thread: Threads hides nothing else."""
        try:
            reply_id = _id(platform_id)
        except MalformedItem:
            raise Rejected("Harbour can only hide a Threads reply by its Threads id") from None
        reply = self.graph().get(reply_id, doing, fields="id,is_reply,root_post,replied_to")
        try:
            root, parent = _ref(reply.get("root_post")), _ref(reply.get("replied_to"))
        except MalformedItem:
            root = parent = ""
        if not parent:
            raise Rejected(
                "This is a post, not a reply: Threads hides only replies to the organisation's threads"
            )
        if parent != root:
            raise Rejected(
                "Threads hides only replies made directly to the organisation's thread, not replies to a "
                "reply: hide the reply this one answers, which hides this one with it"
            )
        return reply_id

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        reply_id = self._top_level_reply(item_platform_id, "checking the reply to hide")
        self.graph().post(f"{reply_id}/manage_reply", "hiding the reply", hide="true")

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        reply_id = self._top_level_reply(item_platform_id, "checking the reply to show again")
        self.graph().post(f"{reply_id}/manage_reply", "showing the reply again", hide="false")

    def delete(self, platform_id: str) -> None:
        """Delete one of the organisation's own posts or replies (DELETE /{threads-media-id}; Threads allows
        100 deletions a day)."""
        try:
            media_id = _id(platform_id)
        except MalformedItem:
            raise Rejected("Harbour can only delete a Threads post by its Threads id") from None
        self.graph().delete(media_id, "deleting the post")

    def report_url(self, item: IncomingItem) -> str:
        """Threads has no report API: its own page, whose menu has Report."""
        return item.url or f"{WEB}/@{item.author_handle}"
