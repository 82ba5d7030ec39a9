"""Mastodon: mentions, replies and direct messages in; statuses with images and alt text out.

config: instance_url (https://…), allow_private_network ("true" only in tests).
credentials: access_token (an application token with read and write scopes).

Two sources, both with their own cursor. Mention notifications give every mention, reply and direct
message one by one. Since Mastodon 4.3 a server may file private mentions from people the account
does not follow under "filtered notifications", which the notifications list leaves out, so the
direct conversations list is read as well: it shows each conversation's latest status, so any direct
message the notifications missed still arrives. The same status from both sources is one item.
"""

from __future__ import annotations

import io
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

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
    PlatformUnavailable,
    Problem,
    Published,
    PublishRequest,
    RateLimited,
    Rejected,
    VideoUpload,
)
from harbour.connectors.mastodon.html import html_to_text
from harbour.connectors.mastodon.platform import MASTODON
from harbour.connectors.network import check_service_url
from harbour.connectors.platform import ReportReason, duration_words, megabytes
from harbour.connectors.text_length import REMOTE_MENTION

log = logging.getLogger(__name__)

PAGE = 40  # the most Mastodon returns in one page of notifications or conversations
REPORT_COMMENT_MAX = 1000  # Mastodon refuses a longer report comment
# The reason the moderator chose, as POST /api/v1/reports's category names it (MASTODON.report_reasons).
# "violation" is left out: it must name the server's rules (rule_ids).
CATEGORIES = {ReportReason.SPAM: "spam", ReportReason.LEGAL: "legal", ReportReason.OTHER: "other"}
# Mastodon.py checks the category against the three Mastodon 3.5 had; "legal" (Mastodon 4.2) goes round it.
CLIENT_CATEGORIES = {"spam", "violation", "other"}
MEDIA_TYPES = {"image": "image/*", "gifv": "video/*", "video": "video/*", "audio": "audio/*"}


# Mastodon prepares an uploaded video (and a large image) after answering: how long Harbour waits for it,
# in seconds, asking again after MEDIA_POLL seconds, then twice as long each time up to MEDIA_POLL_MAX.
MEDIA_WAIT = 120.0
MEDIA_POLL = 1.0
MEDIA_POLL_MAX = 8.0

FIND_PAGES = 5  # find_published reads back at most 200 of the account's own posts
CLOCK_SLACK = timedelta(minutes=5)  # the server's clock may be behind Harbour's


def _comparable(text: str) -> str:
    """Text as it can be compared with a status's content read back as plain text: runs of white space
    as one space, and a mention of another server's account as Mastodon shows it (@name, not
    @name@server)."""
    return " ".join(REMOTE_MENTION.sub(r"@\1", text).split())


def _count(value: Any) -> bool:
    """value is a whole number above 0 (a limit a server gives)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _id(value: Any) -> str:
    """A Mastodon id: a string of digits (some servers send numbers)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit():
        raise MalformedItem(f"id {value!r} is not a Mastodon id")
    return str(value)


def _time(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise MalformedItem("created_at is not a time with a timezone")
    return value.astimezone(UTC)


def _web(value: Any) -> str:
    value = _str(value)
    return value if urlsplit(value).scheme in ("http", "https") else ""


def _send_report(api: Mastodon, account_id: str, *, status_ids, comment: str, category: str) -> dict:
    """Mastodon.py's report(), forwarded to the author's server; for a category it does not know yet
    ("legal") the same request through its own request helper, so errors are the same MastodonErrors."""
    if category in CLIENT_CATEGORIES:
        return api.report(account_id, status_ids=status_ids, comment=comment, forward=True, category=category)
    params = {
        "account_id": account_id,
        "status_ids": status_ids,
        "comment": comment,
        "forward": True,
        "category": category,
    }
    return api._Mastodon__api_request("POST", "/api/v1/reports/", api._Mastodon__generate_params(params))


class MastodonConnector(Connector):
    platform = MASTODON.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        self._instance = self.config.get("instance_url", "")
        self._allow_private = str(self.config.get("allow_private_network", "")).lower() == "true"
        self._api: Mastodon | None = None
        self._me: dict | None = None

    def _connect(self) -> Mastodon:
        if self._api is not None:
            return self._api
        instance = check_service_url(self._instance, allow_private=self._allow_private)
        token = self.credentials.get("access_token")
        if not token:
            raise AuthFailed("The Mastodon channel has no access token: reconnect it")
        session = requests.Session()
        session.max_redirects = 0  # the checked address only
        api = Mastodon(
            api_base_url=instance,
            ratelimit_method="throw",
            request_timeout=self.timeout,
            version_check_mode="none",
            session=session,
        )
        # Set after construction: given to the constructor, a token that names a file is read from it.
        api.access_token = token
        self._instance, self._api = instance, api
        return api

    def _call(self, doing: str, action):
        api = self._connect()
        try:
            return action(api)
        except MastodonError as error:
            raise self._translate(error, doing) from None

    def _translate(self, error: MastodonError, doing: str) -> ConnectorError:
        if isinstance(error, MastodonRatelimitError):
            reset = self._api.ratelimit_reset if self._api is not None else None
            retry_after = max(reset - time.time(), 0.0) if reset else None
            return RateLimited(f"Mastodon rate limit reached while {doing}", retry_after=retry_after)
        if isinstance(error, MastodonUnauthorizedError):
            return AuthFailed(f"Mastodon refused the access token while {doing}: reconnect the channel")
        if isinstance(error, MastodonNetworkError):
            timed_out = "timed out" in str(error).lower() or "timeout" in str(error).lower()
            return PlatformUnavailable(
                f"Mastodon did not answer in time while {doing}"
                if timed_out
                else f"could not reach Mastodon while {doing}"
            )
        if isinstance(error, MastodonServerError):
            return PlatformUnavailable(f"Mastodon had a server error while {doing} ({error.args[1]})")
        if isinstance(error, MastodonNotFoundError):
            return Rejected(f"Mastodon could not find it while {doing}")
        if isinstance(error, MastodonAPIError) and len(error.args) >= 4:
            return Rejected(f"Mastodon refused {doing} ({error.args[1]}: {error.args[3] or error.args[2]})")
        if isinstance(error, MastodonIllegalArgumentError):
            return Rejected(f"Mastodon refused {doing} ({error})")
        return PlatformUnavailable(f"Mastodon failed while {doing} ({error})")

    def _account(self) -> dict:
        if self._me is None:
            self._me = dict(self._call("checking the account", lambda api: api.account_verify_credentials()))
        return self._me

    # Interface -------------------------------------------------------------------------------------

    def verify(self) -> Account:
        self._me = None  # always ask the server: this is the credentials check
        me = self._account()
        host = urlsplit(self._instance).hostname
        return Account(
            self.platform,
            _id(me.get("id")),
            f"@{_str(me.get('acct'))}@{host}",
            _str(me.get("display_name")),
            _web(me.get("url")),
        )

    def fetch(self, cursor: str | None, limit: int = 40) -> Batch:
        limit = max(1, min(limit, PAGE))
        position = self._decode(cursor) if cursor else {}
        me = self._account()
        problems: list[Problem] = []

        notifications = self._call(
            "reading notifications",
            lambda api: api.notifications(types=["mention"], min_id=position.get("n"), limit=limit),
        )
        conversations = self._call(
            "reading direct messages", lambda api: api.conversations(min_id=position.get("c"), limit=limit)
        )
        notification_ids, conversation_ids = [], []
        statuses: dict[str, tuple[str, Any]] = {}  # status id → (where it came from, status)
        for number, notification in enumerate(notifications or []):
            try:
                notification_ids.append(int(_id(notification.get("id"))))
            except (MalformedItem, AttributeError):
                problems.append(Problem(f"notification {number + 1}", "skipped: no readable id"))
                continue
            status = notification.get("status")
            if isinstance(status, dict):
                statuses.setdefault(str(status.get("id")), (f"notification {notification.get('id')}", status))
            else:
                problems.append(Problem(f"notification {notification.get('id')}", "skipped: no status in it"))
        for number, conversation in enumerate(conversations or []):
            last = conversation.get("last_status") if isinstance(conversation, dict) else None
            if not isinstance(last, dict):
                problems.append(Problem(f"conversation {number + 1}", "skipped: no last status"))
                continue
            try:
                conversation_ids.append(int(_id(last.get("id"))))
            except MalformedItem as error:
                problems.append(Problem(f"conversation {number + 1}", f"skipped: {error}"))
                continue
            account = last.get("account")
            if isinstance(account, dict) and str(account.get("id")) == str(me.get("id")):
                continue  # the organisation's own message
            statuses.setdefault(str(last.get("id")), (f"conversation {conversation.get('id')}", last))

        items = []
        for ref, status in statuses.values():
            try:
                items.append(self._item(status, me))
            except (MalformedItem, ValueError, TypeError, AttributeError) as error:
                problems.append(Problem(ref, f"skipped: {error}"))
                log.warning("mastodon: skipped %s: %s", ref, error)
        items.sort(key=lambda item: (item.created_at, int(item.platform_id)))

        next_position = {
            "n": str(max(notification_ids)) if notification_ids else position.get("n"),
            "c": str(max(conversation_ids)) if conversation_ids else position.get("c"),
        }
        has_more = len(notifications or []) >= limit or len(conversations or []) >= limit
        return Batch(items, self._encode(next_position), has_more=has_more, problems=problems)

    @staticmethod
    def _encode(position: dict) -> str:
        return "v1:" + json.dumps(
            {k: v for k, v in position.items() if v}, sort_keys=True, separators=(",", ":")
        )

    @staticmethod
    def _decode(cursor: str) -> dict:
        try:
            version, _, body = cursor.partition(":")
            position = json.loads(body)
            if version != "v1" or not isinstance(position, dict):
                raise ValueError
            return {k: _id(position[k]) for k in ("n", "c") if position.get(k)}
        except (ValueError, MalformedItem):
            raise ValueError(f"{cursor!r} is not a Mastodon cursor from this connector") from None

    def _item(self, status: dict, me: dict) -> IncomingItem:
        status_id = _id(status.get("id"))
        account = status.get("account")
        if not isinstance(account, dict):
            raise MalformedItem("no account")
        content = status.get("content")
        if not isinstance(content, str):
            raise MalformedItem("content is not text")
        text = html_to_text(content)
        warning = _str(status.get("spoiler_text")).strip()
        if warning:
            text = f"Content warning: {warning}\n\n{text}"
        parent = status.get("in_reply_to_id")
        parent_id = _id(parent) if parent is not None else ""
        if status.get("visibility") == "direct":
            kind = Kind.DIRECT_MESSAGE
        elif parent_id and str(status.get("in_reply_to_account_id")) == str(me.get("id")):
            kind = Kind.REPLY
        else:
            kind = Kind.MENTION
        media = []
        for attachment in status.get("media_attachments") or []:
            if isinstance(attachment, dict):
                media.append(
                    MediaRef(
                        _web(attachment.get("remote_url")) or _web(attachment.get("url")),
                        _str(attachment.get("description")),
                        MEDIA_TYPES.get(_str(attachment.get("type")), ""),
                    )
                )
        return IncomingItem(
            platform=self.platform,
            platform_id=status_id,
            kind=kind,
            text=text,
            author_id=_id(account.get("id")),
            author_handle=_str(account.get("acct")),
            author_display_name=_str(account.get("display_name")),
            created_at=_time(status.get("created_at")),
            url=_web(status.get("url")) or _web(status.get("uri")),
            thread_id=self._thread_root(status_id, parent_id) if parent_id else status_id,
            parent_id=parent_id,
            media=tuple(media),
        )

    def _thread_root(self, status_id: str, parent_id: str) -> str:
        """The first status of the thread (Mastodon statuses name only their parent)."""
        try:
            context = self._call("reading the thread", lambda api: api.status_context(status_id))
        except Rejected:
            return parent_id  # the thread is gone or hidden from us: the parent is the best we know
        ancestors = context.get("ancestors") if isinstance(context, dict) else None
        if ancestors and isinstance(ancestors[0], dict) and str(ancestors[0].get("id", "")).isdigit():
            return str(ancestors[0]["id"])
        return parent_id

    def publish(self, request: PublishRequest) -> Published:
        """Post request with its images, or its one video, each with its alt text as the description.

        A video is refused before it is uploaded when it is over MASTODON's limits, or over the server's
        own (its instance configuration, /api/v2/instance). Mastodon prepares a video after the upload:
        the upload's answer (202) has no url until it is ready, so the connector asks again
        (GET /api/v1/media/:id) until it is, for at most MEDIA_WAIT seconds, and only then posts the
        status with it."""
        if len(request.images) > MASTODON.max_images:
            raise Rejected(f"Mastodon takes at most {MASTODON.max_images} images in a post")
        if request.video is not None:
            self._refuse_video(request.video)
        text, visibility = request.text, "public"
        if request.reply_to:
            parent = self._call("finding the post to reply to", lambda api: api.status(request.reply_to))
            visibility = (
                _str(parent.get("visibility")) or "public"
            )  # a reply to a direct message stays direct
            acct = _str((parent.get("account") or {}).get("acct"))
            if acct and acct != _str(self._account().get("acct")) and f"@{acct}" not in text:
                text = f"@{acct} {text}"  # Mastodon tells people about replies through mentions
        media_ids = [
            self._upload(image.data, image.mime_type, image.alt_text, "image") for image in request.images
        ]
        if request.video is not None:
            video = request.video
            media_ids.append(self._upload(video.data, video.mime_type, video.alt_text, "video"))
        status = self._call(
            "publishing the post",
            lambda api: api.status_post(
                text,
                in_reply_to_id=request.reply_to,
                media_ids=media_ids or None,
                visibility=visibility,
                idempotency_key=request.key or None,
            ),
        )
        return self._published(status)

    def _refuse_video(self, video: VideoUpload) -> None:
        """Rejected, in a sentence for staff, for a video MASTODON's entry or this server would not take.
        The server's limits come from its instance configuration; a server that does not give them
        (before Mastodon 4.0, or another kind of server) is held to the entry's alone."""
        if problem := MASTODON.video_refusal(video.duration_ms, len(video.data)):
            raise Rejected(problem)
        media = self._media_configuration()
        types = media.get("supported_mime_types")
        if isinstance(types, list) and types and video.mime_type not in types:
            raise Rejected(f"This Mastodon server does not take videos of the type {video.mime_type}")
        size_limit = media.get("video_size_limit")
        if _count(size_limit) and len(video.data) > size_limit:
            limit, size = megabytes(size_limit), megabytes(len(video.data))
            raise Rejected(
                f"This Mastodon server takes videos of at most {limit}; this one is "
                f"{'just over ' + limit if size == limit else size}. Shorten it, or film it at a lower quality."
            )
        pixels = media.get("video_matrix_limit")
        if _count(pixels) and video.width * video.height > pixels:
            raise Rejected(
                f"This Mastodon server takes videos of at most {pixels:,} pixels a frame; this one is "
                f"{video.width} × {video.height}. Make it smaller."
            )

    def _media_configuration(self) -> dict:
        """configuration.media_attachments from GET /api/v2/instance, or {} where the server has none."""
        try:
            instance = self._call("reading the server's limits", lambda api: api.instance_v2())
        except Rejected:
            return {}  # no /api/v2/instance here (Mastodon before 4.0, another server)
        configuration = instance.get("configuration") if isinstance(instance, dict) else None
        media = configuration.get("media_attachments") if isinstance(configuration, dict) else None
        return dict(media) if isinstance(media, dict) else {}

    def _upload(self, data: bytes, mime_type: str, description: str, what: str) -> str:
        """Upload one image or video (POST /api/v2/media) and wait, boundedly, until the server has
        prepared it: the media id to post with."""
        attachment = self._call(
            f"uploading the {what}",
            lambda api: api.media_post(io.BytesIO(data), mime_type=mime_type, description=description),
        )
        media_id = _id(attachment.get("id"))
        started, pause = time.monotonic(), MEDIA_POLL
        while attachment.get("url") is None:
            if time.monotonic() - started >= MEDIA_WAIT:
                raise PlatformUnavailable(
                    f"Mastodon had not finished preparing the {what} after {duration_words(round(MEDIA_WAIT))}: "
                    "the post was not sent. Harbour will try again later."
                )
            time.sleep(pause)
            pause = min(pause * 2, MEDIA_POLL_MAX)
            attachment = self._media_state(media_id, what)
        return media_id

    def _media_state(self, media_id: str, what: str) -> dict:
        """The upload as the server has it now (GET /api/v1/media/:id: 206 while it is being prepared). A
        server that could not prepare it answers 422 ("Error processing thumbnail for uploaded media"):
        trying again will not help, so that is Rejected."""
        api = self._connect()
        try:
            return api.media(media_id)
        except MastodonError as error:
            if isinstance(error, MastodonAPIError) and len(error.args) >= 4 and error.args[1] == 422:
                raise Rejected(
                    f"Mastodon could not prepare the {what} ({error.args[3] or error.args[2]}): the post was "
                    f"not sent. Try another {what}, or post without it."
                ) from None
            raise self._translate(error, f"waiting for Mastodon to prepare the {what}") from None

    @staticmethod
    def _published(status: dict) -> Published:
        return Published(_id(status.get("id")), _web(status.get("url")) or _web(status.get("uri")))

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The account's own status, created since `since` (less a few minutes for the clocks), whose
        plain text is request's text, answering request.reply_to when it is a reply. Mastodon forgets an
        Idempotency-Key after an hour, so a retry later than that relies on this. The account's statuses
        are read newest first, at most FIND_PAGES pages; if those do not reach back to `since`, Harbour
        cannot tell, and says so (Rejected) rather than risk posting twice."""
        me = self._account()
        account_id = _id(me.get("id"))
        wanted = _comparable(request.text)
        since = since.astimezone(UTC) - CLOCK_SLACK
        max_id = None
        for _ in range(FIND_PAGES):
            page = self._call(
                "checking whether the post is on Mastodon",
                lambda api, max_id=max_id: api.account_statuses(
                    account_id,
                    max_id=max_id,
                    limit=PAGE,
                    exclude_reblogs=True,
                    exclude_replies=not request.reply_to,
                ),
            )
            if not page:
                return None  # the account's first status is behind us
            for status in page:
                if not isinstance(status, dict):
                    continue
                try:
                    created = _time(status.get("created_at"))
                except MalformedItem:
                    continue
                if created < since:
                    return None  # statuses come newest first: the rest are older
                if self._is_request(status, request, wanted):
                    return self._published(status)
            max_id = _id(page[-1].get("id"))
        raise Rejected(
            f"Mastodon shows too many of the account's posts since {since:%d %B %Y %H:%M} UTC for Harbour "
            "to check whether this one went out"
        )

    @staticmethod
    def _is_request(status: dict, request: PublishRequest, wanted: str) -> bool:
        parent = status.get("in_reply_to_id")
        if (str(parent) if parent is not None else None) != (request.reply_to or None):
            return False
        content = status.get("content")
        if not isinstance(content, str):
            return False
        text = _comparable(html_to_text(content))
        if request.reply_to and text != wanted:
            # publish() puts the person answered in front: "@acct text".
            first, _, rest = text.partition(" ")
            return first.startswith("@") and rest == wanted
        return text == wanted

    def delete(self, platform_id: str) -> None:
        try:
            self._call("deleting the post", lambda api: api.status_delete(platform_id))
        except Rejected as error:
            if "403" in error.message:
                raise Rejected("Harbour only deletes the organisation's own posts") from None
            raise

    def report(
        self, platform_id: str, author_id: str, reason: str, reason_kind: str = ReportReason.OTHER
    ) -> str:
        """POST /api/v1/reports to the organisation's server, with reason_kind's category and the staff
        member's own words as the comment, forwarded to the author's server when the author is elsewhere."""
        category = CATEGORIES.get(reason_kind)
        if category is None:
            raise Rejected(f"Mastodon takes no report of the kind '{reason_kind}': choose another reason")
        account_id = self._account_id(author_id)
        status_ids = [self._status_id(platform_id)] if platform_id else None
        comment = reason.strip()
        if len(comment) > REPORT_COMMENT_MAX:
            comment = comment[: REPORT_COMMENT_MAX - 1] + "…"
        try:
            created = self._call(
                "sending the report",
                lambda api: _send_report(
                    api, account_id, status_ids=status_ids, comment=comment, category=category
                ),
            )
        except Rejected as error:
            if "must belong" in error.message:
                raise Rejected("The status was not written by the account being reported") from None
            raise
        return _id(created.get("id"))

    def block(self, author_id: str) -> None:
        """POST /api/v1/accounts/:id/block. Mastodon also ends any follows between the two accounts."""
        account_id = self._own_account_refused(author_id, "block")
        self._call("blocking the account", lambda api: api.account_block(account_id))

    def unblock(self, author_id: str) -> None:
        account_id = self._account_id(author_id)
        self._call("unblocking the account", lambda api: api.account_unblock(account_id))

    def mute(self, author_id: str) -> None:
        """POST /api/v1/accounts/:id/mute with notifications=false: their posts leave the account's
        timelines, but their mentions still reach the notifications Harbour reads, so Harbour goes on
        screening what they send (muting notifications too would hide them from Harbour)."""
        account_id = self._own_account_refused(author_id, "mute")
        self._call("muting the account", lambda api: api.account_mute(account_id, notifications=False))

    def unmute(self, author_id: str) -> None:
        account_id = self._account_id(author_id)
        self._call("unmuting the account", lambda api: api.account_unmute(account_id))

    @staticmethod
    def _account_id(author_id: str) -> str:
        try:
            return _id(author_id)
        except MalformedItem:
            raise Rejected(f"{author_id!r} is not a Mastodon account id") from None

    @staticmethod
    def _status_id(platform_id: str) -> str:
        try:
            return _id(platform_id)
        except MalformedItem:
            raise Rejected(f"{platform_id!r} is not a Mastodon status id") from None

    def _own_account_refused(self, author_id: str, doing: str) -> str:
        account_id = self._account_id(author_id)
        if account_id == str(self._account().get("id")):
            raise Rejected(f"The organisation's account cannot {doing} itself")
        return account_id

    def report_url(self, item: IncomingItem) -> str:
        """The status on the organisation's own server, whose menu has "Report"."""
        return f"{self._instance.rstrip('/')}/@{item.author_handle}/{item.platform_id}"
