"""The simulator's Threads endpoints (graph.threads.net, v1.0): server.py says what the simulator is and is not.

Built from Meta's Threads API documentation (read on developers.facebook.com, 2026):
- Profiles: GET /me?fields=id,username,name,threads_biography (documentation/threads/threads-profiles).
- A user's posts and replies: GET /{threads-user-id}/threads and /{threads-user-id}/replies, newest first
  (documentation/threads/retrieve-and-discover-posts/retrieve-posts).
- Replies: GET /{threads-media-id}/replies (top-level) and /{threads-media-id}/conversation (flattened, every
  depth), `reverse` (default true: newest first), with the fields id, text, username, timestamp, permalink,
  shortcode, media_type, media_url, alt_text, root_post, replied_to, is_reply, is_reply_owned_by_me,
  has_replies, hide_status (documentation/threads/reference/reply-management).
- Hiding: POST /{threads-reply-id}/manage_reply hide=true|false, top-level replies only, on the user's own
  posts; hiding a top-level reply hides the replies under it (documentation/threads/reply-management).
- Mentions: GET /{threads-user-id}/mentions, permission threads_manage_mentions
  (documentation/threads/threads-mentions).
- Publishing: POST /{threads-user-id}/threads (media_type, text, reply_to_id, reply_control: everyone,
  accounts_you_follow, mentioned_only, parent_post_author_only, followers_only) gives a container id;
  GET /{container-id}?fields=status,error_message; POST /{threads-user-id}/threads_publish creation_id=...
  gives the post's id (documentation/threads/posts, .../create-replies). 500 characters at most.
- Deleting: DELETE /{threads-media-id} -> {"success": true, "deleted_id": ...}, permission threads_delete
  (documentation/threads/posts/delete-posts).
- Webhooks: Threads' own shape, {"app_id", "topic", "target_id", "time", "subscription_id", "values":
  {"field": "replies" | "mentions", "value": {...}}} (documentation/threads/webhooks), signed like every
  Meta webhook. The simulator keeps Threads' subscriptions apart from Instagram's (both have a "mentions"
  field) under "threads:replies" and "threads:mentions" in World.subscriptions (/_sim/subscribe
  field=threads:replies).

Images (IMAGE with image_url and alt_text, fetched from that address as Meta does: JPEG or PNG, 8 MB at most)
and carousels (CAROUSEL of 2 to 20 is_carousel_item containers) are simulated; published, the post keeps
each image's digest, size and alt text for tests to read. So are videos (VIDEO with video_url and alt_text,
fetched the same way: an MP4 or MOV by its ftyp box, 1 GB at most, its digest kept; IN_PROGRESS until its
status has been read once, as Threads prepares a video before it can be published); nothing in a video is
decoded, so its codecs, frame rate and length (Meta's video specifications) are not checked here. Not
simulated: video carousel items, quote posts,
reposts, reply approvals, topic tags, polls, insights, rate limits other than the injected ones. A private
profile (person(private=True)) is simulated only as far as its posts' username and permalink go. Each Threads person has a user id here; the real API gives other people's usernames only.

Tests and the demo seed it with account(), person(), post() and remove(), or through /_sim/threads/...
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime

import regex

from harbour.connectors.meta.simulator.server import (
    THREADS,
    Answer,
    GraphError,
    Request,
    World,
    not_found,
    paged,
    route,
)
from harbour.connectors.meta.webhooks import sign

log = logging.getLogger(__name__)

SCOPES = (
    "threads_basic",
    "threads_content_publish",
    "threads_read_replies",
    "threads_manage_replies",
    "threads_manage_mentions",
    "threads_delete",
)
# A reply's hide_status, as Threads' reply management reference lists them.
HIDE_STATUSES = ("NOT_HUSHED", "UNHUSHED", "HIDDEN", "COVERED", "BLOCKED", "RESTRICTED")
REPLY_CONTROLS = (
    "everyone",
    "accounts_you_follow",
    "mentioned_only",
    "parent_post_author_only",
    "followers_only",
)
MAX_TEXT = 500
MAX_ALT = 1000  # alt_text
MAX_IMAGE = 8 * 1024 * 1024  # an image Meta fetches: JPEG or PNG, 8 MB at most
MAX_VIDEO = 1_000_000_000  # a video Meta fetches: MOV or MP4, "1 GB maximum" (the posts page's video specs)
MAX_CAROUSEL = 20
WEB = "https://www.threads.net"
DEFAULT_FIELDS = "id"
SHORTCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _length(text: str) -> int:
    """Threads' count: a character is one, an emoji the number of its UTF-8 bytes."""
    clusters = regex.findall(r"\X", text)
    return sum(
        len(c.encode("utf-8")) if regex.search(r"[\p{Extended_Pictographic}\p{RI}]", c) else 1
        for c in clusters
    )


def _users(world: World) -> dict:
    return world.table("threads_users")


def _media(world: World) -> dict:
    return world.table("threads_media")


def _containers(world: World) -> dict:
    return world.table("threads_containers")


def _stamp(at: float) -> str:
    """Threads' timestamps: ISO 8601 to the second, "+0000"."""
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _shortcode(media_id: str) -> str:
    number, code = int(media_id), ""
    while number:
        number, digit = divmod(number, 64)
        code = SHORTCODE[digit] + code
    return code


# Seeding (tests and the demo) ------------------------------------------------------------------------------


def person(world: World, username: str, name: str = "", *, private: bool = False) -> str:
    """A Threads user (a member of the public, without a token): their id. A private profile's posts are
    shown to others without username or permalink, which Threads gives "only for public users and your own
    user" (documentation/threads/retrieve-and-manage-replies/replies-and-conversations)."""
    with world.lock:
        for user in _users(world).values():
            if user["username"] == username:
                user["private"] = user.get("private", False) or private
                return user["id"]
        user_id = world.new_id()
        _users(world)[user_id] = {
            "id": user_id,
            "username": username,
            "name": name or username,
            "biography": "",
            "private": private,
        }
        return user_id


def account(
    world: World, username: str, *, token: str, scopes=SCOPES, name: str = "", lifetime: float | None = None
) -> str:
    """The organisation's Threads account with a user token (Threads' tokens last 60 days: lifetime): its id."""
    user_id = person(world, username, name)
    world.token(token, scopes=scopes, user_id=user_id, kind="threads", lifetime=lifetime)
    return user_id


def post(
    world: World,
    username: str,
    text: str,
    *,
    reply_to: str = "",
    at: float | None = None,
    image_url: str = "",
    alt_text: str = "",
    reply_control: str = "everyone",
    deliver: bool = True,
    hide_status: str = "NOT_HUSHED",
) -> dict:
    """A post by `username` (made a person if new), or a reply to `reply_to`, at `at` (default now): its row.
    A reply in an account's thread, and a post that names an account (@username), are sent to the Threads
    webhook subscriptions as Meta would. hide_status: a reply's as Threads would give it (HIDE_STATUSES): a
    reply hidden before Harbour reads it (by the account on Threads, its hidden words, a blocked or
    restricted author)."""
    if hide_status not in HIDE_STATUSES:
        raise ValueError(f"hide_status {hide_status!r} is not one Threads gives")
    with world.lock:
        author = person(world, username)
        parent = _media(world).get(reply_to) if reply_to else None
        if reply_to and (parent is None or parent["deleted"]):
            raise GraphError(100, f"(#100) The reply_to_id {reply_to} does not exist")
        media_id = world.new_id()
        row = {
            "id": media_id,
            "owner_id": author,
            "username": username,
            "text": text,
            "at": time.time() if at is None else at,
            "media_type": "IMAGE" if image_url else "TEXT_POST",
            "media_url": image_url,
            "alt_text": alt_text,
            "shortcode": _shortcode(media_id),
            "root_post": (parent["root_post"] or parent["id"]) if parent else "",
            "replied_to": parent["id"] if parent else "",
            "hide_status": hide_status,
            "reply_control": reply_control,
            "deleted": False,
            "mentions": [
                user["id"]
                for user in _users(world).values()
                if re.search(rf"@{re.escape(user['username'])}(?![\w.])", text) and user["id"] != author
            ],
        }
        _media(world)[media_id] = row
    if deliver:
        _notify(world, row)
    return row


def container_fault(world: World, status: str, *, error_message: str = "", ready_after: int = 0) -> None:
    """The next container made is ERROR (with error_message), or IN_PROGRESS until its status has been asked
    for ready_after times (Threads prepares media before it can be published)."""
    world.table("threads_faults")["container"] = {
        "status": status,
        "error_message": error_message,
        "ready_after": ready_after,
    }


def remove(world: World, media_id: str) -> None:
    """Its author deleted it: it is gone from every list, and reading it is error 100."""
    with world.lock:
        _media(world)[media_id]["deleted"] = True


# What the API shows -------------------------------------------------------------------------------------------


def _view(world: World, row: dict, fields: str, caller: str) -> dict:
    """The row with the fields asked for, as Threads names them."""
    root = _media(world).get(row["root_post"]) if row["root_post"] else None
    children = [r for r in _media(world).values() if r["replied_to"] == row["id"] and not r["deleted"]]
    everything = {
        "id": row["id"],
        "text": row["text"],
        "username": row["username"],
        "timestamp": _stamp(row["at"]),
        "permalink": f"{WEB}/@{row['username']}/post/{row['shortcode']}",
        "shortcode": row["shortcode"],
        "media_type": row["media_type"],
        "media_product_type": "THREADS",
        "is_reply": bool(row["replied_to"]),
        "is_reply_owned_by_me": bool(row["replied_to"]) and row["owner_id"] == caller,
        "has_replies": bool(children),
        "reply_audience": row["reply_control"].upper(),
    }
    if row["owner_id"] == caller:
        everything["owner"] = {"id": row["owner_id"]}
    elif _users(world).get(row["owner_id"], {}).get("private"):
        del everything["username"], everything["permalink"]  # a private profile, seen by someone else
    if row["media_url"]:
        everything["media_url"] = row["media_url"]
        everything["alt_text"] = row["alt_text"]
    if row["replied_to"]:
        everything["root_post"] = {"id": row["root_post"]}
        everything["replied_to"] = {"id": row["replied_to"]}
        # hide_status is shown to the owner of the thread the reply is in
        if root is not None and root["owner_id"] == caller:
            everything["hide_status"] = row["hide_status"]
    wanted = {name.strip() for name in (fields or DEFAULT_FIELDS).split(",") if name.strip()} | {"id"}
    return {name: value for name, value in everything.items() if name in wanted}


def _listed(request: Request, rows: list[dict], caller: str, *, newest_first: bool = True) -> dict:
    rows = sorted(rows, key=lambda r: (r["at"], int(r["id"])), reverse=newest_first)
    answer = paged(request, rows)
    answer["data"] = [_view(request.world, row, request.param("fields"), caller) for row in answer["data"]]
    return answer


def _user(request: Request, which: str, caller: str) -> str:
    user_id = caller if which == "me" else which
    if user_id not in _users(request.world):
        raise not_found(which)
    return user_id


def _live(world: World, media_id: str) -> dict:
    row = _media(world).get(media_id)
    if row is None or row["deleted"]:
        raise not_found(media_id)
    return row


def _under(world: World, media_id: str) -> list[dict]:
    """Every live reply below media_id, at any depth."""
    found, frontier = [], {media_id}
    while frontier:
        level = [r for r in _media(world).values() if r["replied_to"] in frontier and not r["deleted"]]
        found.extend(level)
        frontier = {r["id"] for r in level}
    return found


@route("GET", THREADS + r"/(?P<id>me|\d+)")
def read_object(request: Request):
    token = request.caller("threads_basic")
    which, world = request.match["id"], request.world
    if which in _containers(world):
        container = _containers(world)[which]
        if container["owner_id"] != token.user_id:
            raise not_found(which)
        if container["status"] == "IN_PROGRESS":
            container["ready_after"] -= 1
            if container["ready_after"] <= 0:
                container["status"] = "FINISHED"
        return {
            "id": which,
            "status": container["status"],
            "error_message": container.get("error_message", ""),
        }
    if which in _media(world):
        return _view(world, _live(world, which), request.param("fields"), token.user_id)
    user_id = _user(request, which, token.user_id)
    user = _users(world)[user_id]
    profile = {
        "id": user_id,
        "username": user["username"],
        "name": user["name"],
        "threads_biography": user["biography"],
        "threads_profile_picture_url": f"{WEB}/simulated/{user_id}.jpg",
    }
    wanted = {name.strip() for name in (request.param("fields") or "id").split(",")} | {"id"}
    return {name: value for name, value in profile.items() if name in wanted}


@route("GET", THREADS + r"/(?P<id>me|\d+)/threads")
def own_threads(request: Request):
    token = request.caller("threads_basic")
    user_id = _user(request, request.match["id"], token.user_id)
    rows = [
        r
        for r in _media(request.world).values()
        if r["owner_id"] == user_id and not r["replied_to"] and not r["deleted"]
    ]
    return _listed(request, rows, token.user_id)


@route("GET", THREADS + r"/(?P<id>me|\d+)/replies")
def replies(request: Request):
    """A user's own replies (GET /me/replies), or a post's top-level replies (GET /{media-id}/replies)."""
    which, world = request.match["id"], request.world
    token = request.caller("threads_basic", "threads_read_replies")
    if which in _media(world):
        row = _live(world, which)
        rows = [r for r in _media(world).values() if r["replied_to"] == row["id"] and not r["deleted"]]
        return _listed(request, rows, token.user_id, newest_first=request.param("reverse", "true") != "false")
    user_id = _user(request, which, token.user_id)
    rows = [
        r for r in _media(world).values() if r["owner_id"] == user_id and r["replied_to"] and not r["deleted"]
    ]
    return _listed(request, rows, token.user_id)


@route("GET", THREADS + r"/(?P<id>\d+)/conversation")
def conversation(request: Request):
    token = request.caller("threads_basic", "threads_read_replies")
    row = _live(request.world, request.match["id"])
    rows = _under(request.world, row["id"])
    return _listed(request, rows, token.user_id, newest_first=request.param("reverse", "true") != "false")


@route("GET", THREADS + r"/(?P<id>me|\d+)/mentions")
def mentions(request: Request):
    token = request.caller("threads_basic", "threads_manage_mentions")
    user_id = _user(request, request.match["id"], token.user_id)
    if user_id != token.user_id:
        raise GraphError(10, "(#10) Application does not have permission for this action", status=403)
    rows = [r for r in _media(request.world).values() if user_id in r["mentions"] and not r["deleted"]]
    return _listed(request, rows, token.user_id)


@route("POST", THREADS + r"/(?P<id>\d+)/manage_reply")
def manage_reply(request: Request):
    token = request.caller("threads_basic", "threads_manage_replies")
    world = request.world
    row = _live(world, request.match["id"])
    hide = request.param("hide")
    if hide not in ("true", "false"):
        raise GraphError(100, "(#100) Param hide must be a boolean")
    root = _media(world).get(row["root_post"]) if row["replied_to"] else None
    if root is None or root["owner_id"] != token.user_id:
        raise GraphError(100, "(#100) You can only hide replies to your own posts")
    if row["replied_to"] != row["root_post"]:
        raise GraphError(100, "(#100) Only top-level replies can be hidden or unhidden")
    row["hide_status"] = "HIDDEN" if hide == "true" else "UNHUSHED"
    return {"success": True}


def _download(url: str) -> dict:
    """What Meta does with an image_url: fetches it ("it must be on a public server") and takes a JPEG or a
    PNG of at most 8 MB. The image's digest, size and type, or a GraphError-free failure for the container."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return {"error": "The image_url is not a web address"}
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            data = answer.read(MAX_IMAGE + 1)
    except OSError as error:
        return {"error": f"Media download has failed: {error}"}
    if len(data) > MAX_IMAGE:
        return {"error": "The image is larger than 8 MB"}
    kind = (
        "image/jpeg"
        if data.startswith(b"\xff\xd8\xff")
        else "image/png"
        if data.startswith(b"\x89PNG")
        else ""
    )
    if not kind:
        return {"error": "The image is not a JPEG or a PNG"}
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "mime_type": kind}


def _download_video(url: str) -> dict:
    """What Meta does with a video_url: fetches it and takes an MP4 or a MOV (its ftyp box) of at most
    MAX_VIDEO bytes, read in pieces. The video's digest and size, or a failure for the container."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return {"error": "The video_url is not a web address"}
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            while piece := answer.read(1 << 16):
                digest.update(piece)
                size += len(piece)
                head = head or piece[:12]
                if size > MAX_VIDEO:
                    return {"error": "The video is larger than 1 GB"}
    except OSError as error:
        return {"error": f"Media download has failed: {error}"}
    if head[4:8] != b"ftyp":
        return {"error": "The video is not an MP4 or a MOV"}
    return {"sha256": digest.hexdigest(), "size": size, "mime_type": "video/mp4"}


@route("POST", THREADS + r"/(?P<id>me|\d+)/threads")
def create_container(request: Request):
    """TEXT, IMAGE (image_url, alt_text; is_carousel_item=true for a carousel's item) and CAROUSEL (children:
    2 to 20 item containers, comma separated) and VIDEO (video_url, alt_text; not as a carousel item here)."""
    token = request.caller("threads_basic", "threads_content_publish")
    world = request.world
    _user(request, request.match["id"], token.user_id)
    media_type, text = request.param("media_type"), request.param("text")
    if media_type not in ("TEXT", "IMAGE", "VIDEO", "CAROUSEL"):
        raise GraphError(100, "(#100) Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}")
    item = request.param("is_carousel_item") == "true"
    if media_type == "VIDEO" and item:
        raise GraphError(100, "(#100) The simulator does not take videos as carousel items")
    if media_type == "TEXT" and not text.strip():
        raise GraphError(100, "(#100) Param text is required for a TEXT post")
    if _length(text) > MAX_TEXT:
        raise GraphError(100, f"(#100) Param text must be at most {MAX_TEXT} characters long.")
    alt_text = request.param("alt_text")
    if len(alt_text) > MAX_ALT:
        raise GraphError(100, f"(#100) Param alt_text must be at most {MAX_ALT} characters long.")
    reply_control = request.param("reply_control", "everyone")
    if reply_control not in REPLY_CONTROLS:
        raise GraphError(100, f"(#100) Param reply_control must be one of {{{', '.join(REPLY_CONTROLS)}}}")
    reply_to = request.param("reply_to_id")
    if reply_to:
        request.caller("threads_manage_replies")
        _live(world, reply_to)
    fault = world.table("threads_faults").pop("container", {})
    container = {
        "owner_id": token.user_id,
        "media_type": media_type,
        "text": text,
        "reply_to": reply_to,
        "reply_control": reply_control,
        "carousel_item": item,
        "images": [],
        "video": None,
        "status": fault.get("status", "IN_PROGRESS" if media_type == "VIDEO" else "FINISHED"),
        "error_message": fault.get("error_message", ""),
        "ready_after": fault.get("ready_after", 1 if media_type == "VIDEO" else 0),
        "created": time.time(),
    }
    if media_type == "IMAGE":
        if not request.param("image_url"):
            raise GraphError(100, "(#100) Param image_url is required for an IMAGE post")
        fetched = _download(request.param("image_url"))
        if "error" in fetched:
            container |= {"status": "ERROR", "error_message": fetched["error"]}
        else:
            container["images"] = [{**fetched, "alt_text": alt_text, "url": request.param("image_url")}]
    if media_type == "VIDEO":
        if not request.param("video_url"):
            raise GraphError(100, "(#100) Param video_url is required for a VIDEO post")
        fetched = _download_video(request.param("video_url"))
        if "error" in fetched:
            container |= {"status": "ERROR", "error_message": fetched["error"]}
        else:
            container["video"] = {**fetched, "alt_text": alt_text, "url": request.param("video_url")}
    if media_type == "CAROUSEL":
        children = [c for c in request.param("children").split(",") if c]
        if not 2 <= len(children) <= MAX_CAROUSEL:
            raise GraphError(100, f"(#100) A carousel takes 2 to {MAX_CAROUSEL} children")
        for child_id in children:
            child = _containers(world).get(child_id)
            if child is None or child["owner_id"] != token.user_id or not child["carousel_item"]:
                raise GraphError(
                    100, f"(#100) Param children: {child_id} is not a carousel item of this user"
                )
            if child["status"] != "FINISHED":
                raise GraphError(100, f"(#100) Param children: {child_id} is not ready", subcode=4279001)
            container["images"] += child["images"]
    container_id = world.new_id()
    _containers(world)[container_id] = container
    return {"id": container_id}


@route("POST", THREADS + r"/(?P<id>me|\d+)/threads_publish")
def publish(request: Request):
    token = request.caller("threads_basic", "threads_content_publish")
    world = request.world
    container = _containers(world).get(request.param("creation_id"))
    if container is None or container["owner_id"] != token.user_id:
        raise GraphError(100, "(#100) Param creation_id is not a media container of this user")
    if container["carousel_item"]:
        raise GraphError(100, "(#100) A carousel item is published through its carousel")
    if container["status"] == "PUBLISHED":
        raise GraphError(100, "(#100) The media container has already been published", subcode=4279009)
    if container["status"] != "FINISHED":
        raise GraphError(100, "(#100) The media container is not ready to be published", subcode=4279001)
    username = _users(world)[token.user_id]["username"]
    images = container["images"]
    row = post(
        world,
        username,
        container["text"],
        reply_to=container["reply_to"],
        reply_control=container["reply_control"],
        image_url=f"https://scontent.cdninstagram.com/simulated/{images[0]['sha256'][:16]}.jpg"
        if images
        else "",
        alt_text=images[0]["alt_text"] if images else "",
    )
    row["images"] = images
    if container["video"]:
        row |= {
            "media_type": "VIDEO",
            "media_url": f"https://scontent.cdninstagram.com/simulated/{container['video']['sha256'][:16]}.mp4",
            "alt_text": container["video"]["alt_text"],
            "video": container["video"],
        }
    if container["media_type"] == "CAROUSEL":
        row["media_type"] = "CAROUSEL_ALBUM"
    container["status"] = "PUBLISHED"
    return {"id": row["id"]}


@route("DELETE", THREADS + r"/(?P<id>\d+)")
def delete(request: Request):
    token = request.caller("threads_basic", "threads_delete")
    row = _live(request.world, request.match["id"])
    if row["owner_id"] != token.user_id:
        raise GraphError(100, "(#100) You can only delete your own posts")
    row["deleted"] = True
    return {"success": True, "deleted_id": row["id"]}


# Webhooks ---------------------------------------------------------------------------------------------------


def _notify(world: World, row: dict) -> None:
    """A reply in an account's thread goes to threads:replies; a post naming an account to threads:mentions."""
    root = _media(world).get(row["root_post"]) if row["root_post"] else None
    if root is not None and root["owner_id"] != row["owner_id"]:
        value = {
            "id": row["id"],
            "username": row["username"],
            "text": row["text"],
            "media_type": row["media_type"] if row["media_url"] else "TEXT_POST",
            "permalink": f"{WEB}/@{row['username']}/post/{row['shortcode']}",
            "replied_to": {"id": row["replied_to"]},
            "root_post": {"id": root["id"], "owner_id": root["owner_id"], "username": root["username"]},
            "shortcode": row["shortcode"],
            "timestamp": _stamp(row["at"]),
        }
        if row["media_url"]:
            value |= {"media_url": row["media_url"], "alt_text": row["alt_text"]}
        send(world, root["owner_id"], "replies", value)
    for user_id in row["mentions"]:
        value = {
            "id": row["id"],
            "username": row["username"],
            "text": row["text"],
            "media_type": row["media_type"],
            "permalink": f"{WEB}/@{row['username']}/post/{row['shortcode']}",
            "shortcode": row["shortcode"],
            "timestamp": _stamp(row["at"]),
            "is_reply": bool(row["replied_to"]),
        }
        if row["replied_to"]:
            value |= {"replied_to": {"id": row["replied_to"]}, "root_post": {"id": row["root_post"]}}
        send(world, user_id, "mentions", value)


def send(world: World, account_id: str, field_name: str, value: dict) -> bool:
    """One signed delivery in Threads' shape to the threads:<field> subscription; False when there is none or
    the callback did not answer 200."""
    subscribed = world.subscriptions.get(f"threads:{field_name}")
    if not subscribed:
        return False
    topic = "moderate" if field_name == "replies" else "interaction"
    body = json.dumps(
        {
            "app_id": world.app_id,
            "topic": topic,
            "target_id": account_id,
            "time": int(time.time()),
            "subscription_id": "sim-" + account_id,
            "has_uid_field": False,
            "values": {"value": value, "field": field_name},
        }
    ).encode()
    world.deliveries.append({"field": f"threads:{field_name}", "body": body})
    request = urllib.request.Request(
        subscribed[0],
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, world.app_secret)},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except OSError as error:
        log.info("simulator: Threads webhook to %s failed: %s", subscribed[0], error)
        return False


# The simulator's own endpoints ----------------------------------------------------------------------------------


@route("POST", r"/_sim/threads/account")
def sim_account(request: Request):
    """username, token, scopes (comma separated; default every Threads permission), name: the account's id."""
    scopes = [s for s in request.param("scopes").split(",") if s] or SCOPES
    user_id = account(
        request.world,
        request.param("username"),
        token=request.param("token"),
        scopes=scopes,
        name=request.param("name"),
    )
    return {"id": user_id}


@route("POST", r"/_sim/threads/post")
def sim_post(request: Request):
    """username, text, reply_to, image_url, alt_text, ago (seconds before now), hide_status: a post or reply
    by a member of the public (or by the account, without going through publishing)."""
    if not request.param("username") or not request.param("text"):
        return Answer(400, {"error": "username and text are needed"})
    if (hide_status := request.param("hide_status") or "NOT_HUSHED") not in HIDE_STATUSES:
        return Answer(400, {"error": f"hide_status is one of {', '.join(HIDE_STATUSES)}"})
    ago = float(request.param("ago") or 0)
    row = post(
        request.world,
        request.param("username"),
        request.param("text"),
        reply_to=request.param("reply_to"),
        at=time.time() - ago,
        image_url=request.param("image_url"),
        alt_text=request.param("alt_text"),
        hide_status=hide_status,
    )
    return {"id": row["id"]}


@route("GET", r"/_sim/threads/media/(?P<id>\d+)")
def sim_media(request: Request):
    """A post's state as the simulator holds it (hidden, deleted, reply control), for tests and the demo."""
    row = _media(request.world).get(request.match["id"])
    if row is None:
        return Answer(404, {"error": "no such post"})
    return {k: v for k, v in row.items()}


@route("POST", r"/_sim/threads/container_fault")
def sim_container_fault(request: Request):
    """status (ERROR or IN_PROGRESS), error_message, ready_after: how the next container behaves."""
    container_fault(
        request.world,
        request.param("status", "ERROR"),
        error_message=request.param("error_message"),
        ready_after=int(request.param("ready_after") or 0),
    )
    return {"queued": True}


@route("POST", r"/_sim/threads/remove/(?P<id>\d+)")
def sim_remove(request: Request):
    """Its author deleted the post or reply."""
    if request.match["id"] not in _media(request.world):
        return Answer(404, {"error": "no such post"})
    remove(request.world, request.match["id"])
    return {"removed": True}
