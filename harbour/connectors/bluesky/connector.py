"""Bluesky: replies, mentions and quotes from notifications, direct messages from the chat service;
posts, images, threadgate hiding, deletes.

config: service (the PDS or entryway, default https://bsky.social), web_url (default https://bsky.app),
chat_service (the chat proxy, default did:web:api.bsky.chat#bsky_chat; tests point it at a local one),
allow_private_network ("true" only in tests). credentials: identifier (handle or DID), app_password,
and optionally session (an atproto session string this connector handed to on_credentials_change).

Direct messages need an app password made with "Allow access to your direct messages". Without it, or
while the chat service fails, replies and mentions are still read and the channel gets one note saying
why direct messages are not (see chat.py).
"""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from atproto import Client, models
from atproto_client.client.session import Session, SessionEvent
from atproto_client.exceptions import (
    AtProtocolError,
    BadRequestError,
    InvokeTimeoutError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.dot_dict import DotDict
from atproto_client.request import Request
from atproto_core.uri import AtUri
from PIL import Image

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
from harbour.connectors.bluesky import chat
from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.bluesky.richtext import text_from_record
from harbour.connectors.network import check_service_url
from harbour.connectors.platform import ReportReason, megabytes
from harbour.connectors.text_length import graphemes

log = logging.getLogger(__name__)

KINDS = {"reply": Kind.REPLY, "mention": Kind.MENTION, "quote": Kind.MENTION}
POST = "app.bsky.feed.post"
THREADGATE = "app.bsky.feed.threadgate"
BLOCK = "app.bsky.graph.block"
# The reason the moderator chose, as com.atproto.moderation.defs names it (BLUESKY.report_reasons); their
# own words go with it. The lexicon allows 2,000 graphemes of words; characters are counted here, which is
# stricter.
REASON_TYPES = {
    ReportReason.SPAM: "com.atproto.moderation.defs#reasonSpam",
    ReportReason.SEXUAL: "com.atproto.moderation.defs#reasonSexual",
    ReportReason.RUDE: "com.atproto.moderation.defs#reasonRude",
    ReportReason.MISLEADING: "com.atproto.moderation.defs#reasonMisleading",
    ReportReason.VIOLATION: "com.atproto.moderation.defs#reasonViolation",
    ReportReason.OTHER: "com.atproto.moderation.defs#reasonOther",
}
REPORT_REASON_MAX = 2000
VIDEO_TYPE = "video/mp4"  # app.bsky.embed.video's video: accept ["video/mp4"]
VIDEO_ALT_MAX = 1000  # app.bsky.embed.video's alt: maxGraphemes 1000
STRONG_REF = "com.atproto.repo.strongRef"
REPO_REF = "com.atproto.admin.defs#repoRef"
MESSAGE_REF = "chat.bsky.convo.defs#messageRef"
PAGE = 100  # the most listNotifications and listConvos return at once
MAX_PAGES = 20  # look back at most 2,000 notifications in one fetch
EXPIRED = {"ExpiredToken", "InvalidToken"}
DM_NOTE = "direct messages"  # the Problem ref of notes about reading direct messages
RATE_LIMIT_WAIT = 60.0  # seconds, when the chat service says to slow down but not for how long


class ChatRefused(Exception):
    """The chat service refused this credential (an app password without access to direct messages)."""


def translate(error: AtProtocolError, doing: str) -> ConnectorError:
    """The SDK's error as a ConnectorError that says whether to retry."""
    response = error.response if isinstance(error, RequestErrorBase) else None
    status = response.status_code if response is not None else None
    detail = str(error) if response is not None else type(error).__name__
    if isinstance(error, RateLimitExceededError):
        retry_after = error.retry_after
        if retry_after is None and error.reset_at is not None:
            retry_after = max((error.reset_at - datetime.now(UTC)).total_seconds(), 0.0)
        return RateLimited(f"Bluesky rate limit reached while {doing}", retry_after=retry_after)
    if isinstance(error, InvokeTimeoutError):
        return PlatformUnavailable(f"Bluesky did not answer in time while {doing}")
    if status == 413:
        return Rejected(f"Bluesky refused {doing}: too large ({detail})")
    if isinstance(error, NetworkError):
        return PlatformUnavailable(f"could not reach Bluesky while {doing} ({detail})")
    if isinstance(error, UnauthorizedError):
        return Rejected(f"Bluesky did not allow {doing} ({detail})")
    if isinstance(error, BadRequestError):
        return Rejected(f"Bluesky refused {doing} ({detail})")
    if status is not None and status >= 500:
        return PlatformUnavailable(f"Bluesky had a server error while {doing} ({detail})")
    if status is not None:
        return Rejected(f"Bluesky refused {doing} ({detail})")
    return PlatformUnavailable(f"Bluesky failed while {doing} ({detail})")


def _error_name(error: AtProtocolError) -> str:
    content = getattr(getattr(error, "response", None), "content", None)
    return getattr(content, "error", "") or ""


def parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("no timestamp")  # noqa: TRY004 -- the caller refuses every unreadable time alike
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("timestamp without a timezone")
    return parsed.astimezone(UTC)


def encode_cursor(indexed_at: datetime, uri: str) -> str:
    return f"v1|{indexed_at.isoformat(timespec='microseconds')}|{uri}"


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    version, _, rest = cursor.partition("|")
    stamp, _, uri = rest.partition("|")
    if version != "v1" or not stamp:
        raise ValueError(f"{cursor!r} is not a Bluesky cursor from this connector")
    return parse_time(stamp), uri


def encode_position(notifications: str | None, messages: dict) -> str:
    """The channel's one cursor: the notifications cursor and the direct messages' state together."""
    return "v2|" + json.dumps({"n": notifications, "dm": messages}, sort_keys=True, separators=(",", ":"))


def decode_position(cursor: str | None) -> tuple[str | None, dict]:
    """(notifications cursor, direct messages state). A v1 cursor (before direct messages were read)
    is a notifications cursor: direct messages then start from what Bluesky holds now."""
    if not cursor or cursor.startswith("v1|"):
        if cursor:
            decode_cursor(cursor)
        return cursor, {}
    try:
        version, _, body = cursor.partition("|")
        position = json.loads(body)
        if version != "v2" or not isinstance(position, dict) or not isinstance(position.get("dm"), dict):
            raise ValueError
        notifications = position.get("n")
        if notifications is not None:
            decode_cursor(notifications)
        return notifications, position["dm"]
    except (ValueError, TypeError):
        raise ValueError(f"{cursor!r} is not a Bluesky cursor from this connector") from None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


class BlueskyConnector(Connector):
    platform = BLUESKY.key

    def __init__(self, config, credentials, **options):
        super().__init__(config, credentials, **options)
        self.web_url = self.config.get("web_url", "https://bsky.app").rstrip("/")
        self._service = self.config.get("service", "https://bsky.social")
        self._allow_private = str(self.config.get("allow_private_network", "")).lower() == "true"
        self._chat_service = self.config.get("chat_service") or chat.DEFAULT_SERVICE
        self._client: Client | None = None
        self._chat_client: Client | None = None
        self._did = ""

    # Session ---------------------------------------------------------------------------------------

    def _connect(self) -> Client:
        if self._client is not None:
            return self._client
        service = check_service_url(self._service, allow_private=self._allow_private)
        request = Request(timeout=self.timeout)
        request._client.follow_redirects = False  # the checked address only
        client = Client(base_url=service, request=request)
        client.on_session_change(self._session_event)
        session = self.credentials.get("session")
        if session:
            try:
                client.login(session_string=session, fetch_bsky_profile=False)
            except (ValueError, IndexError, AtProtocolError):
                session = None  # unreadable: sign in with the app password instead
        if not session:
            self._login(client)
        self._did = (
            client._session.did
        )  # the SDK keeps the signed-in DID only here (me is None without a profile)
        self._client = client
        return client

    def _login(self, client: Client) -> None:
        identifier, password = self.credentials.get("identifier"), self.credentials.get("app_password")
        if not identifier or not password:
            raise AuthFailed("The Bluesky channel has no handle or app password: reconnect it")
        try:
            client.login(identifier, password, fetch_bsky_profile=False)
        except (UnauthorizedError, BadRequestError) as error:
            raise AuthFailed(
                f"Bluesky refused the handle or app password: reconnect the channel ({error})"
            ) from None
        except AtProtocolError as error:
            raise translate(error, "signing in") from None

    def _session_event(self, event: SessionEvent, session: Session) -> None:
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH):
            self.credentials["session"] = session.encode()
            if self.on_credentials_change is not None:
                self.on_credentials_change(dict(self.credentials))

    def _call(self, doing: str, action):
        """Run action(client), signing in again once if the session has expired or been revoked (the
        access token is refused with 401, or renewing it with 400)."""
        client = self._connect()
        try:
            return action(client)
        except (UnauthorizedError, BadRequestError) as error:
            if _error_name(error) not in EXPIRED:
                raise translate(error, doing) from None
        except AtProtocolError as error:
            raise translate(error, doing) from None
        self._login(client)
        try:
            return action(client)
        except (UnauthorizedError, BadRequestError) as error:
            if _error_name(error) in EXPIRED:
                raise AuthFailed("Bluesky keeps refusing the session: reconnect the channel") from None
            raise translate(error, doing) from None
        except AtProtocolError as error:
            raise translate(error, doing) from None

    def _query(self, nsid: str, params, doing: str) -> dict:
        """Call a query and return its JSON as plain data, so that one malformed item cannot fail the
        whole response the way the SDK's strict models would."""

        def run(client: Client) -> dict:
            response = client.invoke_query(nsid, params=params)
            if not isinstance(response.content, dict):
                raise Rejected(f"Bluesky sent something that is not JSON while {doing}")
            return response.content

        return self._call(doing, run)

    def _chat(self) -> Client:
        """The signed-in client with the atproto-proxy header that sends chat.bsky.* to the chat service."""
        if self._chat_client is None:
            did, _, service = self._chat_service.partition("#")
            chat_client = self._connect().with_proxy(service or "bsky_chat", did)
            chat_client.request._client.follow_redirects = False  # a clone gets a new HTTP client
            self._chat_client = chat_client
        return self._chat_client

    def _chat_query(self, nsid: str, params, doing: str) -> dict:
        """A chat.bsky.* query as plain JSON. No second sign-in here: the notifications call just before
        proved the session, so a refusal is about this credential's access to direct messages (the PDS
        answers 400 InvalidToken "Bad token method"; the chat service 401 or 403)."""
        try:
            response = self._chat().invoke_query(nsid, params=params)
        except UnauthorizedError as error:
            raise ChatRefused(str(error)) from None
        except BadRequestError as error:
            if _error_name(error) == "InvalidToken":
                raise ChatRefused(str(error)) from None
            if _error_name(error) == "ExpiredToken":  # rare here; the next poll's first call signs in again
                raise PlatformUnavailable(f"the session expired while {doing}") from None
            raise translate(error, doing) from None
        except AtProtocolError as error:
            raise translate(error, doing) from None
        if not isinstance(response.content, dict):
            raise PlatformUnavailable(f"Bluesky's chat service sent something that is not JSON while {doing}")
        return response.content

    def _fetch_messages(self, state: dict, problems: list[Problem]) -> tuple[list[IncomingItem], dict, bool]:
        """New direct messages since state["rev"], the state to store next, and whether more are waiting.

        Failures never stop replies: the state keeps its position and notes the failure, and the channel
        gets one Problem each time the reason changes (not one per poll)."""
        state = dict(state)
        now = datetime.now(UTC)
        try:
            if state.get("wait") and parse_time(state["wait"]) > now:
                return [], state, False  # the chat service asked us to wait
        except ValueError:
            state.pop("wait")
        try:
            if isinstance(state.get("rev"), str):
                items, rev, more = self._messages_since(state["rev"], problems)
            else:
                items, rev, more = self._messages_now(problems)
        except ChatRefused as error:
            return [], self._note(state, "refused", str(error), problems), False
        except RateLimited as error:
            wait = error.retry_after if error.retry_after is not None else RATE_LIMIT_WAIT
            state["wait"] = (now + timedelta(seconds=wait)).isoformat(timespec="seconds")
            return [], self._note(state, "rate_limited", error.message, problems), False
        except Rejected as error:
            if isinstance(state.get("rev"), str):
                # The service no longer knows our place in its log: start again from the latest messages.
                problems.append(Problem(DM_NOTE, chat.ERROR_NOTES["restart"].format(detail=error.message)))
                return [], {}, True
            return [], self._note(state, "unavailable", error.message, problems), False
        except PlatformUnavailable as error:
            return [], self._note(state, "unavailable", error.message, problems), False
        return items, {"rev": rev}, more

    @staticmethod
    def _note(state: dict, reason: str, detail: str, problems: list[Problem]) -> dict:
        if state.get("err") != reason:
            problems.append(Problem(DM_NOTE, chat.ERROR_NOTES[reason].format(detail=detail)))
            log.warning("bluesky: direct messages not read (%s): %s", reason, detail)
        return {**state, "err": reason}

    def _messages_now(self, problems: list[Problem]) -> tuple[list[IncomingItem], str, bool]:
        """The first read: each listed conversation's latest message, and the newest rev as the position."""
        params = models.ChatBskyConvoListConvos.Params(limit=PAGE)
        page = self._chat_query("chat.bsky.convo.listConvos", params, "listing direct message conversations")
        items, rev = [], ""
        for position, convo in enumerate(page.get("convos") if isinstance(page.get("convos"), list) else []):
            convo = _dict(convo)
            rev = max(rev, _str(convo.get("rev")))
            last = _dict(convo.get("lastMessage"))
            if _str(last.get("$type")) != chat.MESSAGE:
                continue  # no message yet, a deleted one, or a system message
            profiles = chat.profiles_from(convo.get("members"))
            ref = f"conversation {position + 1}"
            self._message(_str(convo.get("id")), last, profiles, items, problems, ref)
        return items, rev, False

    def _messages_since(self, rev: str, problems: list[Problem]) -> tuple[list[IncomingItem], str, bool]:
        params = models.ChatBskyConvoGetLog.Params(cursor=rev or None)
        page = self._chat_query("chat.bsky.convo.getLog", params, "reading direct messages")
        logs = page.get("logs") if isinstance(page.get("logs"), list) else []
        items: list[IncomingItem] = []
        newest = rev
        members: dict[str, dict[str, dict]] = {}
        for position, entry in enumerate(logs):
            entry = _dict(entry)
            newest = max(newest, _str(entry.get("rev")))
            if _str(entry.get("$type")) != chat.CREATE:
                continue  # reads, reactions, deletions, conversations begun or left: nothing to screen
            message, convo_id = _dict(entry.get("message")), _str(entry.get("convoId"))
            sender = _str(_dict(message.get("sender")).get("did"))
            message_id = _str(message.get("id"))
            ref = chat.platform_id(convo_id, message_id) if message_id else f"log {position + 1}"
            if sender == self._did:
                continue
            if _str(message.get("$type")) == chat.DELETED:
                problems.append(Problem(ref, "deleted by its sender before Harbour read it"))
                continue
            profiles = chat.profiles_from(entry.get("relatedProfiles"))
            if sender and sender not in profiles and convo_id:
                profiles |= members.setdefault(convo_id, self._members(convo_id))
            self._message(convo_id, message, profiles, items, problems, ref)
        cursor = _str(page.get("cursor"))
        more = bool(logs) and bool(cursor) and cursor != rev
        return items, cursor or newest, more

    def _members(self, convo_id: str) -> dict[str, dict]:
        """The conversation's members, for a message whose log entry names no profiles. Best effort."""
        try:
            params = models.ChatBskyConvoGetConvo.Params(convo_id=convo_id)
            found = self._chat_query("chat.bsky.convo.getConvo", params, "reading a conversation")
        except (ChatRefused, ConnectorError):
            return {}
        return chat.profiles_from(_dict(found.get("convo")).get("members"))

    def _message(
        self, convo_id: str, message: dict, profiles: dict, items: list, problems: list, ref: str
    ) -> None:
        if _str(_dict(message.get("sender")).get("did")) == self._did:
            return  # the organisation's own message
        try:
            items.append(chat.message_item(convo_id, message, profiles, self.web_url, parse_time))
        except (MalformedItem, ValueError, TypeError) as error:
            problems.append(Problem(ref, f"skipped: {error}"))
            log.warning("bluesky: skipped direct message %r: %s", ref, error)

    # Interface -------------------------------------------------------------------------------------

    def verify(self) -> Account:
        session = self._call("checking the account", lambda c: c.com.atproto.server.get_session())
        display_name = ""
        try:
            profile = self._query(
                "app.bsky.actor.getProfile",
                models.AppBskyActorGetProfile.Params(actor=session.did),
                "reading the profile",
            )
            display_name = _str(profile.get("displayName"))
        except (Rejected, PlatformUnavailable):
            pass  # no profile on the AppView yet (a new account), or no AppView: the handle is enough
        return Account(
            platform=self.platform,
            account_id=session.did,
            handle=session.handle,
            display_name=display_name,
            url=f"{self.web_url}/profile/{session.handle}",
        )

    def fetch(self, cursor: str | None, limit: int = 50) -> Batch:
        notifications_cursor, messages_state = decode_position(cursor)
        batch = self._fetch_notifications(notifications_cursor, limit)
        messages, messages_state, more = self._fetch_messages(messages_state, batch.problems)
        batch.items = sorted(batch.items + messages, key=lambda item: item.created_at)
        batch.next_cursor = encode_position(batch.next_cursor, messages_state)
        batch.has_more = batch.has_more or more
        return batch

    def _fetch_notifications(self, cursor: str | None, limit: int) -> Batch:
        limit = max(1, min(limit, PAGE))
        since = decode_cursor(cursor) if cursor else None
        notifications: list[tuple[tuple[datetime, str], dict]] = []
        problems: list[Problem] = []
        warnings: list[str] = []
        page_cursor, reached = None, since is None
        for _ in range(MAX_PAGES):
            params = models.AppBskyNotificationListNotifications.Params(
                limit=limit if since is None else PAGE, reasons=sorted(KINDS), cursor=page_cursor
            )
            page = self._query("app.bsky.notification.listNotifications", params, "reading notifications")
            entries = page.get("notifications")
            for position, entry in enumerate(entries if isinstance(entries, list) else []):
                entry = _dict(entry)
                try:
                    key = (parse_time(entry.get("indexedAt")), _str(entry.get("uri")))
                except ValueError:
                    problems.append(
                        Problem(
                            _str(entry.get("uri")) or f"notification {position + 1}",
                            "no readable indexedAt time",
                        )
                    )
                    continue
                if since is not None and key[0] < since[0]:
                    reached = True
                if since is None or key > since:
                    notifications.append((key, entry))
            page_cursor = page.get("cursor")
            if since is None or reached or not page_cursor or not entries:
                reached = True
                break
        if not reached:
            warnings.append(
                f"More than {MAX_PAGES * PAGE} notifications arrived since the last fetch; older ones were not read."
            )
        notifications.sort(key=lambda pair: pair[0])
        chosen = notifications[:limit]
        items = self._items([entry for _, entry in chosen], problems)
        if chosen:
            next_cursor = encode_cursor(*chosen[-1][0])
        elif since is not None:
            next_cursor = cursor
        else:
            # Nothing at all yet: every later notification is new.
            next_cursor = encode_cursor(datetime(1970, 1, 1, tzinfo=UTC), "")
        return Batch(
            items, next_cursor, has_more=len(notifications) > limit, problems=problems, warnings=warnings
        )

    def _items(self, entries: list[dict], problems: list[Problem]) -> list[IncomingItem]:
        views = self._post_views([_str(e.get("uri")) for e in entries if _str(e.get("uri"))])
        items = []
        for entry in entries:
            try:
                items.append(self._item(entry, views.get(_str(entry.get("uri")), {})))
            except (MalformedItem, ValueError, TypeError) as error:
                problems.append(Problem(_str(entry.get("uri")) or "notification", f"skipped: {error}"))
                log.warning("bluesky: skipped notification %r: %s", entry.get("uri"), error)
        return items

    def _post_views(self, uris: list[str]) -> dict[str, dict]:
        """Hydrated post views (for the media's web addresses), 25 at a time. Missing posts are left out."""
        views = {}
        for start in range(0, len(uris), 25):
            params = models.AppBskyFeedGetPosts.Params(uris=uris[start : start + 25])
            found = self._query("app.bsky.feed.getPosts", params, "reading posts")
            for view in found.get("posts") or []:
                if isinstance(view, dict) and isinstance(view.get("uri"), str):
                    views[view["uri"]] = view
        return views

    def _item(self, entry: dict, view: dict) -> IncomingItem:
        uri, reason = _str(entry.get("uri")), entry.get("reason")
        record, author = entry.get("record"), entry.get("author")
        if not uri.startswith("at://") or reason not in KINDS:
            raise MalformedItem("not a post notification")
        if not isinstance(record, dict) or not isinstance(author, dict) or not _str(author.get("did")):
            raise MalformedItem("no post record or author")
        text = record.get("text")
        if not isinstance(text, str):
            raise MalformedItem("the post has no text field")
        at_uri = AtUri.from_str(uri)
        indexed_at = parse_time(entry.get("indexedAt"))
        try:
            created_at = parse_time(record.get("createdAt"))
        except ValueError:
            created_at = indexed_at
        if not indexed_at - timedelta(days=1) <= created_at <= indexed_at + timedelta(minutes=5):
            created_at = indexed_at  # a client-set time far from when Bluesky saw it is not believed
        reply = _dict(record.get("reply"))
        return IncomingItem(
            platform=self.platform,
            platform_id=uri,
            kind=KINDS[reason],
            text=text_from_record(text, record.get("facets")),
            author_id=author["did"],
            author_handle=_str(author.get("handle")),
            author_display_name=_str(author.get("displayName")),
            created_at=created_at,
            url=chat.post_address(self.web_url, at_uri),
            thread_id=_str(_dict(reply.get("root")).get("uri")) or uri,
            parent_id=_str(_dict(reply.get("parent")).get("uri")),
            media=tuple(media_refs(record.get("embed"), view.get("embed"))),
        )

    def publish(self, request: PublishRequest) -> Published:
        """Post request, with its images and their alt text, or its one video. With request.key the post's
        record key is the key, so the PDS cannot hold two posts for one key: a create it refuses because the
        record is there already (an earlier attempt got through) returns that post.

        A video goes the way Bluesky's documentation calls the simple one: the MP4 uploaded to the PDS as a
        blob (com.atproto.repo.uploadBlob) and the post's embed an app.bsky.embed.video naming it, with
        the alt text and the aspect ratio. Bluesky's video service then prepares it for playing from the
        firehose, so for a few seconds after the post appears its video may show as not ready. A video
        too long or too large for Bluesky, or with alt text over its limit, is refused before anything is
        sent."""
        if len(request.images) > BLUESKY.max_images:
            raise Rejected(f"Bluesky takes at most {BLUESKY.max_images} images in a post")
        if request.video is not None:
            refuse_video(request.video)
        self._connect()
        reply_to = self._reply_ref(request.reply_to) if request.reply_to else None

        def post(client: Client):
            facets = client.detect_facets(request.text) or None
            embed = None
            if request.images:
                images = []
                for image in request.images:
                    blob = client.com.atproto.repo.upload_blob(
                        image.data, headers={"Content-Type": image.mime_type}
                    )
                    images.append(
                        models.AppBskyEmbedImages.Image(
                            alt=image.alt_text, image=blob.blob, aspect_ratio=aspect_ratio(image.data)
                        )
                    )
                embed = models.AppBskyEmbedImages.Main(images=images)
            elif request.video is not None:
                embed = self._video_embed(client, request.video)
            record = models.AppBskyFeedPost.Record(
                created_at=client.get_current_time_iso(),
                text=request.text,
                reply=reply_to,
                embed=embed,
                langs=["en"],
                facets=facets,
            )
            return client.app.bsky.feed.post.create(self._did, record, rkey=request.key or None)

        try:
            created = self._call("publishing the post", post)
        except ConnectorError as error:
            # Refused because a record has this key already, or no answer: the post may be there.
            if not request.key or isinstance(error, AuthFailed):
                raise
            try:
                found = self._find_by_key(request.key)
            except ConnectorError:
                raise error from None
            if found is None:
                raise
            log.info("bluesky: the post with key %s was there already: %s", request.key, error.message)
            return found
        return self._published(created.uri)

    @staticmethod
    def _video_embed(client: Client, video: VideoUpload) -> models.AppBskyEmbedVideo.Main:
        try:
            blob = client.com.atproto.repo.upload_blob(video.data, headers={"Content-Type": video.mime_type})
        except RequestErrorBase as error:
            if error.response is not None and error.response.status_code == 413:
                # The PDS's own limit on one blob: a server run by someone else may set it below Bluesky's.
                raise Rejected(
                    f"The Bluesky server refused the video as too large ({megabytes(len(video.data))}): "
                    "it takes smaller files than Bluesky's own. Shorten the video and send it again."
                ) from None
            raise
        ratio = None
        if video.width > 0 and video.height > 0:
            ratio = models.AppBskyEmbedDefs.AspectRatio(width=video.width, height=video.height)
        return models.AppBskyEmbedVideo.Main(video=blob.blob, alt=video.alt_text, aspect_ratio=ratio)

    def find_published(self, request: PublishRequest, since: datetime) -> Published | None:
        """The post whose record key is request.key (com.atproto.repo.getRecord), or None when the
        repository has no such record. since is not needed: the key names the post."""
        if not request.key:
            raise Rejected("Only a post sent with a key can be found again on Bluesky")
        return self._find_by_key(request.key)

    def _find_by_key(self, key: str) -> Published | None:
        self._connect()

        def get(client: Client):
            try:
                return client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(repo=self._did, collection=POST, rkey=key)
                )
            except BadRequestError as error:
                if _error_name(error) == "RecordNotFound":
                    return None
                raise

        found = self._call("checking whether the post is on Bluesky", get)
        return None if found is None else self._published(found.uri)

    def _published(self, uri: str) -> Published:
        at_uri = AtUri.from_str(uri)
        return Published(uri, chat.post_address(self.web_url, at_uri))

    def _reply_ref(self, parent_uri: str) -> models.AppBskyFeedPost.ReplyRef:
        params = models.AppBskyFeedGetPosts.Params(uris=[parent_uri])
        found = self._query("app.bsky.feed.getPosts", params, "finding the post to reply to")
        posts = [p for p in found.get("posts") or [] if isinstance(p, dict) and p.get("uri") == parent_uri]
        if not posts or not _str(posts[0].get("cid")):
            raise Rejected("The post being answered is not on Bluesky any more")
        parent = models.ComAtprotoRepoStrongRef.Main(uri=parent_uri, cid=posts[0]["cid"])
        root = _dict(_dict(_dict(posts[0].get("record")).get("reply")).get("root"))
        if _str(root.get("uri")) and _str(root.get("cid")):
            root_ref = models.ComAtprotoRepoStrongRef.Main(uri=root["uri"], cid=root["cid"])
        else:
            root_ref = parent
        return models.AppBskyFeedPost.ReplyRef(parent=parent, root=root_ref)

    def hide(self, item_platform_id: str, thread_root: str) -> None:
        self._connect()
        root = self._own_post(
            thread_root, "Bluesky only lets the author of the first post hide replies to it"
        )

        def gate(client: Client) -> None:
            record = self._threadgate(client, root, thread_root, create=True)
            hidden = list(record.get("hiddenReplies") or [])
            if item_platform_id in hidden:
                return
            record["hiddenReplies"] = hidden + [item_platform_id]
            self._put_threadgate(client, root, record)

        self._call("hiding the reply", gate)

    def unhide(self, item_platform_id: str, thread_root: str) -> None:
        self._connect()
        root = self._own_post(
            thread_root, "Bluesky only lets the author of the first post hide or show replies to it"
        )

        def ungate(client: Client) -> None:
            record = self._threadgate(client, root, thread_root, create=False)
            hidden = list((record or {}).get("hiddenReplies") or [])
            if item_platform_id not in hidden:
                return  # no threadgate, or the reply is not hidden
            # The threadgate may also hold the post's reply rules (allow): keep them, drop only this reply.
            record["hiddenReplies"] = [uri for uri in hidden if uri != item_platform_id]
            self._put_threadgate(client, root, record)

        self._call("showing the reply again", ungate)

    def _threadgate(self, client: Client, root: AtUri, thread_root: str, *, create: bool) -> dict | None:
        """The post's threadgate record as a dict; when it has none, a new one (create) or None."""
        try:
            existing = client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(repo=self._did, collection=THREADGATE, rkey=root.rkey)
            )
        except BadRequestError as error:
            if _error_name(error) != "RecordNotFound":
                raise
            if not create:
                return None
            return {"$type": THREADGATE, "post": thread_root, "createdAt": client.get_current_time_iso()}
        if isinstance(existing.value, dict):
            return dict(existing.value)
        return existing.value.model_dump(by_alias=True, exclude_none=True)

    def _put_threadgate(self, client: Client, root: AtUri, record: dict) -> None:
        record.setdefault("$type", THREADGATE)
        client.com.atproto.repo.put_record(
            models.ComAtprotoRepoPutRecord.Data(
                repo=self._did, collection=THREADGATE, rkey=root.rkey, record=record
            )
        )

    def report(
        self, platform_id: str, author_id: str, reason: str, reason_kind: str = ReportReason.OTHER
    ) -> str:
        """A report to the moderation service the organisation's PDS names (Bluesky's own on bsky.social):
        the post (a strong reference: its address and the version seen), a direct message (a message
        reference) or, with platform_id "", the account; its reasonType is reason_kind's."""
        reason_type = REASON_TYPES.get(reason_kind)
        if reason_type is None:
            raise Rejected(f"Bluesky takes no report of the kind '{reason_kind}': choose another reason")
        self._connect()
        did = self._actor(author_id)
        if platform_id.startswith(chat.PREFIX):
            convo_id, message_id = chat.parse_platform_id(platform_id)
            # Open union in the lexicon, but not in the SDK's model: Bluesky's app and Ozone use it.
            subject = {"$type": MESSAGE_REF, "did": did, "convoId": convo_id, "messageId": message_id}
        elif platform_id:
            subject = {"$type": STRONG_REF, **self._post_ref(platform_id, did)}
        else:
            subject = {"$type": REPO_REF, "did": did}
        text = reason.strip()
        if len(text) > REPORT_REASON_MAX:
            text = text[: REPORT_REASON_MAX - 1] + "…"
        body = DotDict({"reasonType": reason_type, "subject": subject} | ({"reason": text} if text else {}))

        def send(client: Client) -> dict:
            response = client.invoke_procedure(
                "com.atproto.moderation.createReport",
                data=body,
                input_encoding="application/json",
                output_encoding="application/json",
            )
            return response.content if isinstance(response.content, dict) else {}

        created = self._call("sending the report", send)
        reference = created.get("id")
        if isinstance(reference, bool) or not isinstance(reference, (int, str)) or reference == "":
            raise PlatformUnavailable("Bluesky's moderation service took the report but gave no reference")
        return str(reference)

    def block(self, author_id: str) -> None:
        """An app.bsky.graph.block record in the organisation's repository (blocks are public on Bluesky)."""
        self._connect()
        did = self._actor(author_id, refuse_own="block")
        if self._block_records(did):
            return
        record = models.AppBskyGraphBlock.Record(subject=did, created_at=datetime.now(UTC).isoformat())
        self._call("blocking the account", lambda c: c.app.bsky.graph.block.create(self._did, record))

    def unblock(self, author_id: str) -> None:
        self._connect()
        did = self._actor(author_id, must_exist=False)
        for rkey in self._block_records(did):
            self._call(
                "unblocking the account",
                lambda c, rkey=rkey: c.app.bsky.graph.block.delete(self._did, rkey),
            )

    def _block_records(self, did: str) -> list[str]:
        """The rkeys of the organisation's block records for did (normally none or one)."""
        rkeys, cursor = [], None
        while True:
            params = models.ComAtprotoRepoListRecords.Params(
                repo=self._did, collection=BLOCK, limit=100, cursor=cursor
            )
            page = self._query("com.atproto.repo.listRecords", params, "reading the account's blocks")
            records = page.get("records") if isinstance(page.get("records"), list) else []
            for record in records:
                record = _dict(record)
                if _str(_dict(record.get("value")).get("subject")) == did:
                    rkeys.append(AtUri.from_str(_str(record.get("uri"))).rkey)
            cursor = _str(page.get("cursor"))
            if not records or not cursor:
                return rkeys

    def mute(self, author_id: str) -> None:
        """app.bsky.graph.muteActor: private, kept by the AppView (the PDS passes the call on)."""
        self._connect()
        did = self._actor(author_id, refuse_own="mute")
        self._call(
            "muting the account",
            lambda c: c.app.bsky.graph.mute_actor(models.AppBskyGraphMuteActor.Data(actor=did)),
        )

    def unmute(self, author_id: str) -> None:
        self._connect()
        did = self._actor(author_id, must_exist=False)
        self._call(
            "unmuting the account",
            lambda c: c.app.bsky.graph.unmute_actor(models.AppBskyGraphUnmuteActor.Data(actor=did)),
        )

    def _actor(self, author_id: str, *, must_exist: bool = True, refuse_own: str = "") -> str:
        """author_id as a DID, checked with the AppView: a block record or report naming an account that
        does not exist would be accepted and do nothing, so it is refused here with a plain message."""
        if not author_id.startswith("did:") or any(c.isspace() for c in author_id):
            raise Rejected(f"{author_id!r} is not a Bluesky account id (a DID)")
        if refuse_own and author_id == self._did:
            raise Rejected(f"The organisation's account cannot {refuse_own} itself")
        if must_exist:
            try:
                self._query(
                    "app.bsky.actor.getProfile",
                    models.AppBskyActorGetProfile.Params(actor=author_id),
                    "finding the account",
                )
            except Rejected:
                raise Rejected(f"Bluesky has no account {author_id} (deleted, or never existed)") from None
        return author_id

    def _post_ref(self, uri: str, author_did: str) -> dict:
        try:
            at_uri = AtUri.from_str(uri)
        except Exception:  # noqa: BLE001 -- the SDK raises several types for a bad URI
            raise Rejected(f"{uri!r} is not a Bluesky post address") from None
        if at_uri.collection != POST:
            raise Rejected(f"{uri!r} is not a Bluesky post")
        if at_uri.hostname != author_did:
            raise Rejected("The post was not written by the account being reported")
        params = models.AppBskyFeedGetPosts.Params(uris=[uri])
        found = self._query("app.bsky.feed.getPosts", params, "finding the post to report")
        posts = [p for p in found.get("posts") or [] if isinstance(p, dict) and p.get("uri") == uri]
        if not posts or not _str(posts[0].get("cid")):
            raise Rejected(
                "The post is not on Bluesky any more: report the account instead, from its profile"
            )
        return {"uri": uri, "cid": posts[0]["cid"]}

    def delete(self, platform_id: str) -> None:
        self._connect()
        post = self._own_post(platform_id, "Harbour only deletes the organisation's own posts")
        self._call("deleting the post", lambda c: c.app.bsky.feed.post.delete(post.hostname, post.rkey))

    def _own_post(self, uri: str, refusal: str) -> AtUri:
        try:
            at_uri = AtUri.from_str(uri)
        except Exception:  # noqa: BLE001 -- the SDK raises several types for a bad URI
            raise Rejected(f"{uri!r} is not a Bluesky post address") from None
        if at_uri.collection != POST:
            raise Rejected(f"{uri!r} is not a Bluesky post")
        if at_uri.hostname != self._did:
            raise Rejected(refusal)
        return at_uri

    def report_url(self, item: IncomingItem) -> str:
        """The post's page on Bluesky; its "…" menu has "Report post"."""
        return item.url


def refuse_video(video: VideoUpload) -> None:
    """Rejected, in a sentence for staff, for a video Bluesky would not take: not an MP4 (the only type
    app.bsky.embed.video accepts), longer or larger than BLUESKY's limits, or alt text over the lexicon's
    1,000 graphemes."""
    if video.mime_type != VIDEO_TYPE:
        raise Rejected(f"Bluesky takes videos as MP4 files only, not {video.mime_type or 'this type'}")
    if problem := BLUESKY.video_refusal(video.duration_ms, len(video.data)):
        raise Rejected(problem)
    if graphemes(video.alt_text) > VIDEO_ALT_MAX:
        raise Rejected(
            f"Bluesky takes a video's alt text of at most {VIDEO_ALT_MAX:,} characters; this one has "
            f"{graphemes(video.alt_text):,}. Shorten it."
        )


def aspect_ratio(data: bytes) -> models.AppBskyEmbedDefs.AspectRatio | None:
    """The image's width and height, which Bluesky's apps use to lay the post out before the image
    loads; None when Pillow cannot read them (the post goes out without)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if width < 1 or height < 1:
        return None
    return models.AppBskyEmbedDefs.AspectRatio(width=width, height=height)


def media_refs(embed: Any, view: Any) -> list[MediaRef]:
    """References to the media in a post: web addresses from the hydrated view, alt text and type from
    the record. Nothing is fetched."""
    embed, view = _dict(embed), _dict(view)
    if _str(embed.get("$type")) == "app.bsky.embed.recordWithMedia":
        embed, view = _dict(embed.get("media")), _dict(view.get("media"))
    kind = _str(embed.get("$type"))
    refs = []
    if kind == "app.bsky.embed.images":
        seen = [_dict(i) for i in view.get("images") or []]
        for position, image in enumerate(i for i in embed.get("images") or [] if isinstance(i, dict)):
            shown = seen[position] if position < len(seen) else {}
            refs.append(
                MediaRef(
                    _str(shown.get("fullsize")),
                    _str(image.get("alt")),
                    _str(_dict(image.get("image")).get("mimeType")),
                )
            )
    elif kind == "app.bsky.embed.video":
        refs.append(
            MediaRef(
                _str(view.get("playlist")),
                _str(embed.get("alt")),
                _str(_dict(embed.get("video")).get("mimeType")),
            )
        )
    elif kind == "app.bsky.embed.external" and isinstance(_dict(embed.get("external")).get("thumb"), dict):
        external = _dict(embed.get("external"))
        refs.append(
            MediaRef(
                _str(_dict(view.get("external")).get("thumb")),
                _str(external.get("title")),
                _str(_dict(external.get("thumb")).get("mimeType")),
            )
        )
    return refs
