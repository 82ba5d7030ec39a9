"""The simulator's Instagram endpoints: the Instagram API with Facebook Login on graph.facebook.com, as far
as Harbour uses it (server.py says what the simulator is and is not: these shapes come from Meta's pages,
never from Meta's servers).

Shapes from these pages of developers.facebook.com/docs (read 6 December 2026):
- instagram-platform/instagram-graph-api/reference/ig-user (GET /{ig-user-id}?fields=id,username,name),
  .../ig-user/media (the account's media, newest first), .../ig-media/comments (top-level comments),
  .../ig-comment (fields id, text, timestamp, username, from{id,username}, hidden, like_count, parent_id,
  media, replies; POST hide=true|false; DELETE), .../ig-comment/replies (GET, and POST message=: "you can
  only reply to top-level comments; replies to a reply will be added to the top-level comment", "you
  cannot reply to hidden comments").
- instagram-platform/instagram-api-with-facebook-login/mentions, .../ig-user/mentioned_comment
  (GET /{ig-user-id}?fields=mentioned_comment.comment_id(X){fields}), .../ig-user/mentioned_media,
  .../ig-user/mentions (POST comment_id=, media_id=, message=: a reply to a comment or caption that
  @mentions the account).
- instagram-platform/comment-moderation (permissions: instagram_basic, instagram_manage_comments,
  pages_read_engagement with a Page access token).
- messenger-platform/instagram/features/conversation-api (GET /{page-id}/conversations?platform=instagram
  with messages{id,message,from,to,created_time,attachments}; details of the 20 newest messages only) and
  messenger-platform/send-messages (POST /{page-id}/messages recipient={"id": IGSID}
  message={"text": ...} messaging_type=RESPONSE, only within 24 hours of the person's last message:
  outside it error 10 with subcode 2018278).
- graph-api/webhooks/getting-started/webhooks-for-instagram and instagram-platform/webhooks/examples
  (the comments, mentions and messages payloads, sent here by `add_comment`, `add_mention` and
  `add_message`).

Reels (instagram-platform/content-publishing, "Reels posts", and the reel specifications on
.../ig-user/media): POST /{ig-user-id}/media media_type=REELS video_url= caption= share_to_feed=, the video
downloaded from its address as Meta does (its size and SHA-256 kept, nothing decoded: the simulator does not
check the codecs, frame rate or length Meta's specifications ask for), IN_PROGRESS until its status is read
(or as /_sim/instagram/container_statuses says), then media_publish.

What is simplified: one Page token per account (its user_id is the Page's id) stands for "a Page access
token of a Page linked to the account"; Instagram's own comment filters (hidden words, offensive
comments) are not simulated, so every comment is listed; error wordings for replying to a hidden comment
and for acting on another account's media are the simulator's own (Graph's codes, not its exact words).

Tests and the demo seed an account, media, comments, mentions and messages with the functions below
(in-process) or the /_sim/instagram/... endpoints (over HTTP), which send the webhook delivery a real
comment or message would.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from datetime import UTC, datetime

from harbour.connectors.meta.simulator.server import (
    ROUTES,
    VERSION,
    GraphError,
    NotMine,
    Request,
    Token,
    World,
    absolute,
    deliver,
    not_found,
    paged,
    route,
)

OBJECT = "instagram"  # a webhook delivery's "object", and the conversations edge's platform=
ACCOUNTS, MEDIA, COMMENTS, CONVERSATIONS = "ig_accounts", "ig_media", "ig_comments", "ig_conversations"
CONTAINERS = "ig_containers"
PUBLISH = ("instagram_basic", "instagram_content_publish")
MAX_CHILDREN = 10  # images in a carousel
FETCH_LIMIT = 8 * 1024 * 1024  # bytes: Instagram's largest image
REEL_LIMIT = 300_000_000  # bytes: the largest reel the IG User media reference's specifications take
READ = ("instagram_basic", "pages_read_engagement")
COMMENTS_READ = ("instagram_basic", "instagram_manage_comments", "pages_read_engagement")
MANAGE = ("instagram_manage_comments",)
MESSAGES = ("instagram_manage_messages",)
# Everything a Page token for an Instagram channel is granted by Harbour's connect flow.
SCOPES = (
    "instagram_basic",
    "instagram_manage_comments",
    "instagram_manage_messages",
    "pages_read_engagement",
    "pages_manage_metadata",
    "pages_show_list",
    "instagram_content_publish",
)
WINDOW = 24 * 3600  # seconds after the person's last message in which the account may answer
NEWEST_MESSAGES = 20  # the conversation API gives details of the 20 newest messages only


def route_first(method: str, pattern: str):
    """`route`, but ahead of routes registered before it. Facebook's Page routes share these two patterns
    (GET /{page-id}/conversations, POST /{page-id}/messages) and take any Page they hold, answering
    platform=instagram with nothing; these pass on anything that is not an Instagram conversation
    (NotMine), so they can go first whichever module was imported first."""

    def register(handler):
        route(method, pattern)(handler)
        ROUTES.insert(0, ROUTES.pop())
        return handler

    return register


def graph_time(when: float) -> str:
    """Graph's timestamp: 2017-08-31T18:10:30+0000."""
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


# Seeding (tests call these directly; the /_sim/instagram/ endpoints call them over HTTP) --------------


def add_account(
    world: World,
    *,
    username: str,
    name: str = "",
    page_id: str = "",
    token: str = "",
    scopes=SCOPES,
    account_id: str = "",
) -> dict:
    """An Instagram professional account linked to a Page, and (with `token`) a Page access token for it.
    account_id and page_id: the ids the OAuth dialog's Pages give (simulator/oauth.py), or new ones."""
    with world.lock:
        account_id = account_id or world.new_id()
        page_id = page_id or world.new_id()
        account = {"id": account_id, "username": username, "name": name or username, "page_id": page_id}
        world.table(ACCOUNTS)[account_id] = account
        if token:
            world.token(token, scopes=scopes, user_id=page_id, kind="page")
        return account


def add_media(world: World, account_id: str, *, caption: str = "", when: float | None = None) -> dict:
    with world.lock:
        media_id = world.new_id()
        media = {
            "id": media_id,
            "owner": account_id,
            "caption": caption,
            "timestamp": graph_time(when or time.time()),
            "media_type": "IMAGE",
            "permalink": f"https://www.instagram.com/p/SIM{media_id[-8:]}/",
            "created": when or time.time(),
        }
        world.table(MEDIA)[media_id] = media
        return media


def add_comment(
    world: World,
    media_id: str,
    *,
    text: str,
    username: str,
    user_id: str = "",
    parent_id: str = "",
    when: float | None = None,
    hidden: bool = False,
    notify: bool = True,
) -> dict:
    """A comment (or, with parent_id, a reply) by a member of the public, and the `comments` webhook Meta
    sends the media's owner (and `mentions`, to an account the text @mentions, when the media is not its
    own)."""
    with world.lock:
        media = world.table(MEDIA).get(media_id)
        if media is None:
            raise not_found(media_id)
        if parent_id:
            parent = world.table(COMMENTS)[parent_id]
            parent_id = parent["parent_id"] or parent_id  # a reply to a reply joins the top-level comment
        comment = {
            "id": world.new_id(),
            "media_id": media_id,
            "text": text,
            "timestamp": graph_time(when or time.time()),
            "created": when or time.time(),
            "username": username,
            "from": {"id": user_id or _scoped_id(world, username), "username": username},
            "parent_id": parent_id,
            "hidden": hidden,
            "like_count": 0,
            "deleted": False,
        }
        world.table(COMMENTS)[comment["id"]] = comment
    if notify:
        value = {"id": comment["id"], "from": comment["from"], "text": text, "media": {"id": media_id}}
        value["media"]["media_product_type"] = "FEED"
        if parent_id:
            value["parent_id"] = parent_id
        deliver(world, OBJECT, media["owner"], "comments", value)
        for account in list(world.table(ACCOUNTS).values()):
            if account["id"] != media["owner"] and f"@{account['username']}" in text:
                deliver(
                    world,
                    OBJECT,
                    account["id"],
                    "mentions",
                    {"comment_id": comment["id"], "media_id": media_id},
                )
    return comment


def add_mention(
    world: World, account_id: str, *, text: str, username: str, when: float | None = None, notify: bool = True
) -> dict:
    """Someone else's post with a comment that @mentions the account: the comment (its `mentions` webhook is
    sent to the account)."""
    account = world.table(ACCOUNTS)[account_id]
    with world.lock:
        other = world.table(ACCOUNTS).get(f"other:{username}")
        if other is None:
            other = {"id": world.new_id(), "username": username, "name": username, "page_id": ""}
            world.table(ACCOUNTS)[f"other:{username}"] = other
    media = add_media(world, other["id"], caption=f"{username}'s post", when=when)
    if f"@{account['username']}" not in text:
        text = f"@{account['username']} {text}"
    return add_comment(world, media["id"], text=text, username=username, when=when, notify=notify)


def add_message(
    world: World,
    account_id: str,
    *,
    text: str,
    username: str,
    user_id: str = "",
    when: float | None = None,
    image_url: str = "",
    notify: bool = True,
) -> dict:
    """A direct message from a member of the public to the account, and its `messages` webhook."""
    with world.lock:
        account = world.table(ACCOUNTS)[account_id]
        sender = user_id or _scoped_id(world, username)
        conversation = _conversation(world, account, sender, username)
        created = when or time.time()
        message = {
            "id": "aWdfZAG1faXRlbToxOk" + world.new_id(),
            "message": text,
            "from": {"id": sender, "username": username},
            "to": {"data": [{"id": account_id, "username": account["username"]}]},
            "created": created,
            "created_time": graph_time(created),
        }
        if image_url:
            message["attachments"] = {"data": [{"image_data": {"url": image_url, "preview_url": image_url}}]}
        conversation["messages"].append(message)
        conversation["last_inbound"] = max(conversation["last_inbound"], created)
    if notify:
        event = {
            "sender": {"id": sender},
            "recipient": {"id": account_id},
            "timestamp": int(created * 1000),
            "message": {"mid": message["id"], "text": text},
        }
        if image_url:
            event["message"]["attachments"] = [{"type": "image", "payload": {"url": image_url}}]
        deliver(world, OBJECT, account_id, "messages", event, messaging=True)
    return message


def usage_after_comment_reads(world: World, reads: int, percent: int) -> None:
    """After `reads` more comment listings, X-App-Usage reports `percent`: usage that climbs during a
    poll, for the connector's early stop."""
    world.table("ig_usage_after")["comments"] = [reads, percent]


def delete_by_author(world: World, comment_id: str) -> None:
    """The comment's author deleted it on Instagram."""
    with world.lock:
        world.table(COMMENTS)[comment_id]["deleted"] = True


def _scoped_id(world: World, username: str) -> str:
    """The same Instagram-scoped id for the same username, as Meta gives one person one IGSID per app."""
    ids = world.table("ig_scoped_ids")
    if username not in ids:
        ids[username] = world.new_id()
    return ids[username]


def _conversation(world: World, account: dict, sender: str, username: str) -> dict:
    for conversation in world.table(CONVERSATIONS).values():
        if conversation["account_id"] == account["id"] and conversation["participant"]["id"] == sender:
            return conversation
    conversation = {
        "id": "aWdfZAG06MTpJR01lc3NhZA2VUaHJlYWQ6" + world.new_id(),
        "account_id": account["id"],
        "page_id": account["page_id"],
        "participant": {"id": sender, "username": username},
        "messages": [],
        "last_inbound": 0.0,
    }
    world.table(CONVERSATIONS)[conversation["id"]] = conversation
    return conversation


# Fields: Graph's field expansion ("id,text,from,replies.limit(5){id,text}") -----------------------------


def parse_fields(spec: str) -> list[tuple[str, dict[str, str], str]]:
    """Each requested field as (name, modifiers such as {"limit": "5"}, the nested field list or "")."""
    found, depth, start = [], 0, 0
    parts = []
    for index, char in enumerate(spec):
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(spec[start:index])
            start = index + 1
    parts.append(spec[start:])
    for part in (p.strip() for p in parts):
        if not part:
            continue
        nested = ""
        if part.endswith("}") and "{" in part:
            part, nested = part[: part.index("{")], part[part.index("{") + 1 : -1]
        name, *modifiers = part.split(".")
        mods = {}
        for modifier in modifiers:
            match = re.fullmatch(r"(\w+)\(([^)]*)\)", modifier)
            if not match:
                raise GraphError(100, f"(#100) Syntax error in fields near '{modifier}'")
            mods[match[1]] = match[2]
        found.append((name, mods, nested))
    return found


def _comment_view(world: World, comment: dict, spec: str, request: Request) -> dict:
    view = {}
    for name, mods, nested in parse_fields(spec or "id,text,timestamp"):
        if name in ("id", "text", "timestamp", "username", "hidden", "like_count"):
            view[name] = comment[name]
        elif name == "from":
            view["from"] = dict(comment["from"])
        elif name == "parent_id":
            if comment["parent_id"]:
                view["parent_id"] = comment["parent_id"]
        elif name == "media":
            media = world.table(MEDIA)[comment["media_id"]]
            view["media"] = _media_view(world, media, nested or "id", request)
        elif name == "replies" and not comment["parent_id"]:
            rows = _replies(world, comment["id"])
            limit = int(mods.get("limit", "25"))
            chunk = rows[:limit]
            edge: dict = {"data": [_comment_view(world, r, nested, request) for r in chunk]}
            if chunk:
                edge["paging"] = {"cursors": {"before": "c0", "after": f"c{len(chunk) - 1}"}}
                if len(rows) > limit:
                    version = request.path.split("/")[1]  # "v26.0"
                    edge["paging"]["next"] = absolute(
                        request,
                        f"/{version}/{comment['id']}/replies",
                        {"fields": nested, "limit": str(limit), "after": f"c{len(chunk) - 1}"},
                    )
            if chunk:  # Graph leaves out an edge expanded in `fields` that has nothing in it
                view["replies"] = edge
    return view


def _media_view(world: World, media: dict, spec: str, request: Request) -> dict:
    view = {}
    for name, _mods, _nested in parse_fields(spec or "id"):
        if name in ("id", "caption", "timestamp", "media_type", "permalink"):
            view[name] = media[name]
        elif name == "comments_count":
            view[name] = sum(
                1 for c in world.table(COMMENTS).values() if c["media_id"] == media["id"] and not c["deleted"]
            )
        elif name == "username":
            view[name] = _owner(world, media)["username"]
        elif name == "owner":
            view[name] = {"id": media["owner"]}
    return view


def _owner(world: World, media: dict) -> dict:
    for account in world.table(ACCOUNTS).values():
        if account["id"] == media["owner"]:
            return account
    return {"id": media["owner"], "username": ""}


def _replies(world: World, comment_id: str) -> list[dict]:
    rows = [c for c in world.table(COMMENTS).values() if c["parent_id"] == comment_id and not c["deleted"]]
    return sorted(rows, key=lambda c: (c["created"], int(c["id"])))


# Whose token may do what ----------------------------------------------------------------------------


def _account_for(request: Request, account_id: str, *permissions: str) -> tuple[dict, Token]:
    """The account, when the caller's Page token is for its linked Page; error 10 otherwise."""
    token = request.caller(*permissions)
    account = request.world.table(ACCOUNTS).get(account_id)
    if account is None:
        raise not_found(account_id)
    if token.user_id != account["page_id"]:
        raise GraphError(10, "(#10) The access token is not for the Page linked to this Instagram account")
    return account, token


def _comment(request: Request, comment_id: str, *permissions: str) -> tuple[dict, dict, dict]:
    """(comment, its media, the media owner's account) for a comment on the caller's own media."""
    comment = request.world.table(COMMENTS).get(comment_id)
    if comment is None or comment["deleted"]:
        raise not_found(comment_id)
    media = request.world.table(MEDIA)[comment["media_id"]]
    if media["owner"] not in request.world.table(ACCOUNTS):
        # Someone else's media: only the mentions edge may answer a comment there.
        request.caller(*permissions)
        raise GraphError(10, "(#10) The comment is not on media owned by this account")
    account, _ = _account_for(request, media["owner"], *permissions)
    return comment, media, account


# Graph API routes -----------------------------------------------------------------------------------


@route("GET", VERSION + r"/(?P<id>\d+)")
def read_object(request: Request) -> dict:
    object_id, world = request.match["id"], request.world
    fields = request.param("fields")
    if object_id in world.table(ACCOUNTS):
        account, _ = _account_for(request, object_id, "instagram_basic")
        return _account_view(request, account, fields)
    if object_id in world.table(MEDIA):
        request.caller(*READ)
        return _media_view(world, world.table(MEDIA)[object_id], fields, request)
    if object_id in world.table(COMMENTS):
        comment, _media, _account = _comment(request, object_id, *COMMENTS_READ)
        return _comment_view(world, comment, fields, request)
    if object_id in world.table(CONTAINERS):
        return _container_view(request, world.table(CONTAINERS)[object_id], fields)
    raise NotMine


def _account_view(request: Request, account: dict, fields: str) -> dict:
    world = request.world
    view: dict = {}
    for name, mods, nested in parse_fields(fields or "id"):
        if name in ("id", "username", "name"):
            view[name] = account[name]
        elif name == "media_count":
            view[name] = sum(1 for m in world.table(MEDIA).values() if m["owner"] == account["id"])
        elif name == "mentioned_comment":
            request.caller("instagram_manage_comments")
            comment = world.table(COMMENTS).get(mods.get("comment_id", ""))
            if comment is None or comment["deleted"] or f"@{account['username']}" not in comment["text"]:
                raise GraphError(
                    100, f"(#100) The account was not mentioned in comment {mods.get('comment_id', '')!r}"
                )
            view[name] = _comment_view(world, comment, nested or "id,text,timestamp", request)
        elif name == "mentioned_media":
            request.caller("instagram_manage_comments")
            media = world.table(MEDIA).get(mods.get("media_id", ""))
            if media is None or f"@{account['username']}" not in media["caption"]:
                raise GraphError(
                    100, f"(#100) The account was not mentioned in media {mods.get('media_id', '')!r}"
                )
            view[name] = _media_view(world, media, nested or "id,caption,timestamp", request)
    view.setdefault("id", account["id"])
    return view


@route("GET", VERSION + r"/(?P<id>\d+)/media")
def list_media(request: Request) -> dict:
    account_id = request.match["id"]
    if account_id not in request.world.table(ACCOUNTS):
        raise NotMine
    account, _ = _account_for(request, account_id, *READ)
    rows = [m for m in request.world.table(MEDIA).values() if m["owner"] == account["id"]]
    rows.sort(key=lambda m: (m["created"], int(m["id"])), reverse=True)  # newest first
    answer = paged(request, rows)
    answer["data"] = [_media_view(request.world, m, request.param("fields"), request) for m in answer["data"]]
    return answer


@route("GET", VERSION + r"/(?P<id>\d+)/comments")
def list_comments(request: Request) -> dict:
    world, media_id = request.world, request.match["id"]
    media = world.table(MEDIA).get(media_id)
    if media is None:
        raise NotMine
    _account_for(request, media["owner"], *COMMENTS_READ)
    climbing = world.table("ig_usage_after").get("comments")
    if climbing:
        climbing[0] -= 1
        if climbing[0] <= 0:
            world.usage_percent = climbing[1]
            del world.table("ig_usage_after")["comments"]
    rows = [
        c
        for c in world.table(COMMENTS).values()
        if c["media_id"] == media_id and not c["parent_id"] and not c["deleted"]
    ]
    rows.sort(key=lambda c: (c["created"], int(c["id"])))  # oldest first, as the reference's example
    answer = paged(request, rows)
    answer["data"] = [_comment_view(world, c, request.param("fields"), request) for c in answer["data"]]
    return answer


@route("GET", VERSION + r"/(?P<id>\d+)/replies")
def list_replies(request: Request) -> dict:
    world, comment_id = request.world, request.match["id"]
    if comment_id not in world.table(COMMENTS):
        raise NotMine
    comment, _media, _account = _comment(request, comment_id, *COMMENTS_READ)
    answer = paged(request, _replies(world, comment["id"]))
    answer["data"] = [_comment_view(world, c, request.param("fields"), request) for c in answer["data"]]
    return answer


@route("POST", VERSION + r"/(?P<id>\d+)")
def hide_comment(request: Request) -> dict:
    if request.match["id"] not in request.world.table(COMMENTS):
        raise NotMine
    comment, _media, _account = _comment(request, request.match["id"], *MANAGE)
    hide = request.param("hide").lower()
    if hide not in ("true", "false"):
        raise GraphError(100, "(#100) Param hide must be a boolean")
    comment["hidden"] = hide == "true"
    return {"success": True}


@route("DELETE", VERSION + r"/(?P<id>\d+)")
def delete_comment(request: Request) -> dict:
    if request.match["id"] not in request.world.table(COMMENTS):
        raise NotMine
    comment, _media, _account = _comment(request, request.match["id"], *MANAGE)
    comment["deleted"] = True
    return {"success": True}


@route("POST", VERSION + r"/(?P<id>\d+)/replies")
def reply_to_comment(request: Request) -> dict:
    if request.match["id"] not in request.world.table(COMMENTS):
        raise NotMine
    comment, media, account = _comment(request, request.match["id"], *MANAGE)
    if comment["hidden"]:
        raise GraphError(100, "(#100) You cannot reply to a hidden comment")
    return {"id": _own_reply(request, account, media, comment)}


@route("POST", VERSION + r"/(?P<id>\d+)/mentions")
def reply_to_mention(request: Request) -> dict:
    if request.match["id"] not in request.world.table(ACCOUNTS):
        raise NotMine
    account, _ = _account_for(request, request.match["id"], *MANAGE)
    world = request.world
    media = world.table(MEDIA).get(request.param("media_id"))
    if media is None:
        raise GraphError(100, "(#100) The parameter media_id is required")
    comment = None
    if request.param("comment_id"):
        comment = world.table(COMMENTS).get(request.param("comment_id"))
        if comment is None or comment["deleted"] or comment["media_id"] != media["id"]:
            raise not_found(request.param("comment_id"))
        mentioned = comment["text"]
    else:
        mentioned = media["caption"]
    if f"@{account['username']}" not in mentioned:
        raise GraphError(100, "(#100) The account was not mentioned there")
    return {"id": _own_reply(request, account, media, comment)}


def _own_reply(request: Request, account: dict, media: dict, comment: dict | None) -> str:
    message = request.param("message")
    if not message.strip():
        raise GraphError(100, "(#100) The parameter message is required")
    world = request.world
    reply = {
        "id": world.new_id(),
        "media_id": media["id"],
        "text": message,
        "timestamp": graph_time(time.time()),
        "created": time.time(),
        "username": account["username"],
        "from": {"id": account["id"], "username": account["username"]},
        "parent_id": (comment["parent_id"] or comment["id"]) if comment else "",
        "hidden": False,
        "like_count": 0,
        "deleted": False,
    }
    world.table(COMMENTS)[reply["id"]] = reply
    return reply["id"]


@route_first("GET", VERSION + r"/(?P<id>\d+)/conversations")
def list_conversations(request: Request) -> dict:
    world, page_id = request.world, request.match["id"]
    accounts = [a for a in world.table(ACCOUNTS).values() if a["page_id"] == page_id]
    if request.param("platform") != OBJECT or not accounts:
        raise NotMine  # a Page's Messenger conversations are Facebook's
    token = request.caller(*MESSAGES)
    if token.user_id != page_id:
        raise GraphError(10, "(#10) The access token is not for this Page")
    rows = [c for c in world.table(CONVERSATIONS).values() if c["page_id"] == page_id and c["messages"]]
    rows.sort(key=lambda c: c["messages"][-1]["created"], reverse=True)  # most recently active first
    answer = paged(request, rows)
    answer["data"] = [_conversation_view(c, request.param("fields"), accounts[0]) for c in answer["data"]]
    return answer


def _conversation_view(conversation: dict, spec: str, account: dict) -> dict:
    view: dict = {}
    for name, mods, nested in parse_fields(spec or "id,updated_time"):
        if name == "id":
            view["id"] = conversation["id"]
        elif name == "updated_time":
            view[name] = conversation["messages"][-1]["created_time"]
        elif name == "participants":
            view[name] = {
                "data": [
                    {"id": account["id"], "username": account["username"]},
                    dict(conversation["participant"]),
                ]
            }
        elif name == "messages":
            newest = list(reversed(conversation["messages"]))[:NEWEST_MESSAGES]  # newest first
            limit = int(mods.get("limit", str(NEWEST_MESSAGES)))
            view[name] = {"data": [_message_view(m, nested) for m in newest[:limit]]}
    return view


def _message_view(message: dict, spec: str) -> dict:
    view = {}
    for name, _mods, _nested in parse_fields(spec or "id,created_time"):
        if name in ("id", "message", "created_time") or (
            name in ("from", "to", "attachments") and name in message
        ):
            view[name] = message[name]
    return view


@route_first("POST", VERSION + r"/(?P<id>\d+)/messages")
def send_message(request: Request) -> dict:
    world, page_id = request.world, request.match["id"]
    accounts = [a for a in world.table(ACCOUNTS).values() if a["page_id"] == page_id]
    try:
        recipient = json.loads(request.param("recipient") or "{}")
        message = json.loads(request.param("message") or "{}")
    except ValueError:
        raise GraphError(100, "(#100) recipient and message must be JSON objects") from None
    recipient_id = str(recipient.get("id", "")) if isinstance(recipient, dict) else ""
    conversation = next(
        (
            c
            for c in world.table(CONVERSATIONS).values()
            if c["page_id"] == page_id and c["participant"]["id"] == recipient_id
        ),
        None,
    )
    if not accounts or conversation is None:
        raise NotMine  # not an Instagram conversation: a Messenger one is Facebook's
    token = request.caller(*MESSAGES)
    if token.user_id != page_id:
        raise GraphError(10, "(#10) The access token is not for this Page")
    text = message.get("text") if isinstance(message, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise GraphError(100, "(#100) The parameter message[text] is required")
    if len(text) > 1000:
        raise GraphError(100, "(#100) Message text is longer than 1000 characters")
    if time.time() - conversation["last_inbound"] > WINDOW:
        raise GraphError(
            10,
            "(#10) This message is sent outside of allowed window.",
            subcode=2018278,
            kind="OAuthException",
        )
    account = accounts[0]
    sent = {
        "id": "aWdfZAG1faXRlbToxOk" + world.new_id(),
        "message": text,
        "from": {"id": account["id"], "username": account["username"]},
        "to": {"data": [dict(conversation["participant"])]},
        "created": time.time(),
        "created_time": graph_time(time.time()),
        "messaging_type": request.param("messaging_type"),
    }
    conversation["messages"].append(sent)
    return {"recipient_id": recipient_id, "message_id": sent["id"]}


# The simulator's own endpoints (Meta has nothing like them) -----------------------------------------


def _later(world: World, work) -> None:
    """Run `work` (which sends webhooks) after this answer, outside the world's lock: the callback may call
    the simulator back while it handles the delivery."""
    threading.Thread(target=work, daemon=True, name="instagram-webhook").start()


def _when(request: Request) -> float | None:
    ago = request.param("seconds_ago")
    return time.time() - float(ago) if ago else None


@route("POST", r"/_sim/instagram/accounts")
def sim_account(request: Request) -> dict:
    """username, name, token (a Page token to make, with every Instagram permission)."""
    return add_account(
        request.world,
        username=request.param("username"),
        name=request.param("name"),
        token=request.param("token"),
    )


@route("POST", r"/_sim/instagram/media")
def sim_media(request: Request) -> dict:
    """account_id, caption, seconds_ago."""
    if request.param("account_id") not in request.world.table(ACCOUNTS):
        raise not_found(request.param("account_id"))
    return add_media(
        request.world, request.param("account_id"), caption=request.param("caption"), when=_when(request)
    )


@route("POST", r"/_sim/instagram/comments")
def sim_comment(request: Request) -> dict:
    """media_id, text, username, parent_id, hidden, seconds_ago; the webhook goes just after the answer."""
    world = request.world
    if request.param("media_id") not in world.table(MEDIA):
        raise not_found(request.param("media_id"))
    parent = request.param("parent_id")
    if parent and parent not in world.table(COMMENTS):
        raise not_found(parent)
    comment = add_comment(
        world,
        request.param("media_id"),
        text=request.param("text"),
        username=request.param("username"),
        parent_id=parent,
        when=_when(request),
        hidden=request.param("hidden") == "true",
        notify=False,
    )
    value = {"id": comment["id"], "from": comment["from"], "text": comment["text"]}
    value["media"] = {"id": comment["media_id"], "media_product_type": "FEED"}
    if comment["parent_id"]:
        value["parent_id"] = comment["parent_id"]
    owner = world.table(MEDIA)[comment["media_id"]]["owner"]
    _later(world, lambda: deliver(world, OBJECT, owner, "comments", value))
    return {key: comment[key] for key in ("id", "media_id", "text", "timestamp", "parent_id")}


@route("POST", r"/_sim/instagram/mentions")
def sim_mention(request: Request) -> dict:
    """account_id, text, username: a comment on someone else's post that @mentions the account."""
    world = request.world
    if request.param("account_id") not in world.table(ACCOUNTS):
        raise not_found(request.param("account_id"))
    account_id = request.param("account_id")
    comment = add_mention(
        world,
        account_id,
        text=request.param("text"),
        username=request.param("username"),
        when=_when(request),
        notify=False,
    )
    value = {"comment_id": comment["id"], "media_id": comment["media_id"]}
    _later(world, lambda: deliver(world, OBJECT, account_id, "mentions", value))
    return {"comment_id": comment["id"], "media_id": comment["media_id"]}


@route("POST", r"/_sim/instagram/messages")
def sim_message(request: Request) -> dict:
    """account_id, text, username, image_url, seconds_ago: a direct message to the account."""
    world = request.world
    account_id = request.param("account_id")
    if account_id not in world.table(ACCOUNTS):
        raise not_found(account_id)
    message = add_message(
        world,
        account_id,
        text=request.param("text"),
        username=request.param("username"),
        when=_when(request),
        image_url=request.param("image_url"),
        notify=False,
    )
    event = {
        "sender": {"id": message["from"]["id"]},
        "recipient": {"id": account_id},
        "timestamp": int(message["created"] * 1000),
        "message": {"mid": message["id"], "text": message["message"]},
    }
    _later(world, lambda: deliver(world, OBJECT, account_id, "messages", event, messaging=True))
    return {"id": message["id"], "sender_id": message["from"]["id"]}


@route("POST", r"/_sim/instagram/delete")
def sim_delete(request: Request) -> dict:
    """comment_id: its author deleted it on Instagram."""
    if request.param("comment_id") not in request.world.table(COMMENTS):
        raise not_found(request.param("comment_id"))
    delete_by_author(request.world, request.param("comment_id"))
    return {"deleted": True}


@route("GET", r"/_sim/instagram/comments/(?P<id>\d+)")
def sim_comment_state(request: Request) -> dict:
    """A comment as the simulator holds it (hidden, deleted, its replies), for tests and the demo to check."""
    comment = request.world.table(COMMENTS).get(request.match["id"])
    if comment is None:
        raise not_found(request.match["id"])
    replies = [c for c in request.world.table(COMMENTS).values() if c["parent_id"] == comment["id"]]
    return {
        **comment,
        "replies": [{"id": r["id"], "text": r["text"], "username": r["username"]} for r in replies],
    }


# Content publishing: containers, then media_publish (instagram-platform/content-publishing, and the IG User
# media and media_publish and IG Container references) ----------------------------------------------


def container_statuses(world: World, *statuses: str) -> None:
    """The status_code the next reads of any container give, in turn (IN_PROGRESS, ERROR, EXPIRED), before
    FINISHED: a container Meta is still preparing, or could not."""
    world.table("ig_container_statuses")["next"] = list(statuses)


def _fetch_image(url: str) -> bytes:
    """What Meta does with image_url: it downloads it ("we cURL media used in publishing attempts"). A
    JPEG only, at most 8 MB."""
    import urllib.error
    import urllib.request

    refused = GraphError(9004, "(#9004) Only photo or video can be accepted as media type.", subcode=2207052)
    if not url.startswith(("http://", "https://")):
        raise refused
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            kind = answer.headers.get("Content-Type", "")
            data = answer.read(FETCH_LIMIT + 1)
    except (urllib.error.URLError, OSError):
        raise GraphError(
            9004, "(#9004) The media could not be fetched from this URI", subcode=2207052
        ) from None
    if not kind.startswith("image/jpeg") or not data.startswith(b"\xff\xd8") or len(data) > FETCH_LIMIT:
        raise refused
    return data


def _fetch_video(url: str) -> tuple[int, str]:
    """What Meta does with a reel's video_url: it downloads the file (MOV or MP4, at most REEL_LIMIT bytes;
    the IG User media reference's reel specifications). Its size and SHA-256, read in pieces."""
    import urllib.error
    import urllib.request

    refused = GraphError(9004, "(#9004) Only photo or video can be accepted as media type.", subcode=2207052)
    if not url.startswith(("http://", "https://")):
        raise refused
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            while piece := answer.read(1 << 16):
                digest.update(piece)
                size += len(piece)
                head = head or piece[:12]
                if size > REEL_LIMIT:
                    raise GraphError(
                        9004, "(#9004) The video is larger than Instagram takes for a reel", subcode=2207026
                    )
    except (urllib.error.URLError, OSError):
        raise GraphError(
            9004, "(#9004) The media could not be fetched from this URI", subcode=2207052
        ) from None
    if head[4:8] != b"ftyp":  # an MP4 or a MOV starts with its ftyp box
        raise refused
    return size, digest.hexdigest()


@route("POST", r"/_sim/instagram/container_statuses")
def sim_container_statuses(request: Request) -> dict:
    """statuses (comma separated: IN_PROGRESS, ERROR, EXPIRED): what the next reads of a container give, in
    turn, before FINISHED (container_statuses)."""
    statuses = [s for s in request.param("statuses").split(",") if s]
    if not all(s in ("IN_PROGRESS", "ERROR", "EXPIRED", "FINISHED") for s in statuses):
        raise GraphError(100, "(#100) statuses are IN_PROGRESS, ERROR, EXPIRED or FINISHED")
    container_statuses(request.world, *statuses)
    return {"queued": statuses}


@route("POST", VERSION + r"/(?P<id>\d+)/media")
def create_container(request: Request) -> dict:
    """image_url (with alt_text, and is_carousel_item for a carousel's image), media_type=CAROUSEL with
    children (up to 10 container ids) and caption, or media_type=REELS with video_url, caption and
    share_to_feed (the reference names no alt text for a reel: one sent is kept, for tests to see, as
    Meta would ignore it). A reel's container is IN_PROGRESS until its status is first read."""
    world, account_id = request.world, request.match["id"]
    if account_id not in world.table(ACCOUNTS):
        raise NotMine
    account, _ = _account_for(request, account_id, *PUBLISH)
    caption = request.param("caption")
    if len(caption) > 2200:
        raise GraphError(100, "(#100) The caption is longer than 2200 characters")
    container = {
        "id": world.new_id(),
        "owner": account["id"],
        "caption": caption,
        "created": time.time(),
        "status_code": "FINISHED",
    }
    if request.param("media_type") == "CAROUSEL":
        children = [c for c in request.param("children").split(",") if c]
        if not 2 <= len(children) <= MAX_CHILDREN:
            raise GraphError(100, "(#100) A carousel takes 2 to 10 children")
        for child in children:
            row = world.table(CONTAINERS).get(child)
            if row is None or row["owner"] != account["id"] or not row.get("carousel_item"):
                raise GraphError(
                    100, f"(#100) Child {child!r} is not a carousel item container of this account"
                )
        container.update(media_type="CAROUSEL", children=children)
    elif request.param("media_type") in ("", "IMAGE"):
        data = _fetch_image(request.param("image_url"))
        container.update(
            media_type="IMAGE",
            image_url=request.param("image_url"),
            alt_text=request.param("alt_text"),
            fetched=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            carousel_item=request.param("is_carousel_item") == "true",
        )
    elif request.param("media_type") == "REELS":
        size, sha256 = _fetch_video(request.param("video_url"))
        container.update(
            media_type="REELS",
            video_url=request.param("video_url"),
            share_to_feed=request.param("share_to_feed") == "true",
            alt_text=request.param("alt_text"),
            fetched=size,
            sha256=sha256,
            status_code="IN_PROGRESS",  # Meta prepares a video before it can be published
        )
    else:
        raise GraphError(100, "(#100) This simulator takes images, carousels and reels only")
    world.table(CONTAINERS)[container["id"]] = container
    return {"id": container["id"]}


def _container_view(request: Request, container: dict, fields: str) -> dict:
    _account_for(request, container["owner"], *PUBLISH)
    queued = request.world.table("ig_container_statuses").get("next")
    if queued and container["status_code"] in ("FINISHED", "IN_PROGRESS"):
        container["status_code"] = queued.pop(0)
    elif container["status_code"] == "IN_PROGRESS":
        container["status_code"] = "FINISHED"
    view = {}
    for name, _mods, _nested in parse_fields(fields or "id"):
        if name in ("id", "status_code"):
            view[name] = container[name]
        elif name == "status":
            view[name] = {"ERROR": "Error: the media could not be processed", "EXPIRED": "Expired"}.get(
                container["status_code"], container["status_code"].title()
            )
    return view


@route("POST", VERSION + r"/(?P<id>\d+)/media_publish")
def publish_container(request: Request) -> dict:
    world, account_id = request.world, request.match["id"]
    if account_id not in world.table(ACCOUNTS):
        raise NotMine
    account, _ = _account_for(request, account_id, *PUBLISH)
    container = world.table(CONTAINERS).get(request.param("creation_id"))
    if container is None or container["owner"] != account["id"]:
        raise GraphError(100, "(#100) The parameter creation_id is not a container of this account")
    if container.get("carousel_item"):
        raise GraphError(100, "(#100) A carousel item is published through its carousel")
    if container["status_code"] != "FINISHED":
        raise GraphError(
            9007, "(#9007) The media is not ready for publishing, please wait for a moment", subcode=2207027
        )
    media = add_media(world, account["id"], caption=container["caption"])
    if container["media_type"] == "REELS":
        media["media_type"], media["media_product_type"] = "VIDEO", "REELS"
        media["video"] = {
            key: container[key] for key in ("video_url", "share_to_feed", "alt_text", "fetched", "sha256")
        }
        container["status_code"] = "PUBLISHED"
        return {"id": media["id"]}
    media["media_type"] = "CAROUSEL_ALBUM" if container["media_type"] == "CAROUSEL" else "IMAGE"
    children = [world.table(CONTAINERS)[c] for c in container.get("children", [])] or [container]
    media["images"] = [
        {
            "image_url": c["image_url"],
            "alt_text": c["alt_text"],
            "fetched": c["fetched"],
            "sha256": c["sha256"],
        }
        for c in children
    ]
    container["status_code"] = "PUBLISHED"
    return {"id": media["id"]}
