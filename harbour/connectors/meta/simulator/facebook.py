"""The simulator's Facebook Pages endpoints (server.py says what the simulator is and is not).

Built from Meta's documented request and answer shapes, never checked against Meta:
- Page feed: developers.facebook.com/docs/graph-api/reference/page/feed (the feed holds the Page's own posts,
  visitors' posts and public posts that tag the Page; POST publishes, with attached_media for several photos)
- Comments: developers.facebook.com/docs/graph-api/reference/object/comments (filter=stream gives every
  comment with its `parent`, order=chronological) and .../reference/comment (is_hidden, permalink_url;
  POST /{comment-id} is_hidden=true|false; DELETE /{comment-id})
- Photos: developers.facebook.com/docs/graph-api/reference/page/photos and .../reference/photo (`source`
  as a multipart upload, published=false, alt_text_custom; images under 10 MB)
- Blocking: developers.facebook.com/docs/graph-api/reference/page/blocked (POST and DELETE with user, uid
  or psid; a Page access token)
- Messenger: developers.facebook.com/docs/graph-api/reference/page/conversations (conversations and their
  messages, user_id to find one person's), developers.facebook.com/docs/messenger-platform/reference/send-api
  (POST /{page-id}/messages with recipient, messaging_type=RESPONSE and message; the 24-hour standard
  messaging window, error 10 with subcode 2018278 outside it)
- Webhooks: developers.facebook.com/docs/pages-api/webhooks-for-pages (the `feed` field: item comment or
  status, verb add, edited, hide, remove) and the Messenger `messages` event (sender, recipient, timestamp,
  message.mid, message.text, message.attachments).

What is simpler than Meta: one token per Page (a Page token's user_id is its Page id), cursors that are the
position of a row (base64 of its sequence number, so a deleted comment never shifts them), no reactions,
shares, edits or albums, and which permission each call needs is as the documentation names it (the
blocked edge names none but a Page token: here it needs pages_manage_engagement).
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import secrets
import time
from datetime import UTC, datetime

from harbour.connectors.meta.simulator.server import (
    VERSION,
    Answer,
    GraphError,
    NotMine,
    Request,
    World,
    absolute,
    deliver,
    not_found,
    paged,
    route,
)

READ = "pages_read_engagement"
USER_CONTENT = "pages_read_user_content"
ENGAGE = "pages_manage_engagement"
POSTS = "pages_manage_posts"
MESSAGING = "pages_messaging"
PAGE_SCOPES = (READ, USER_CONTENT, ENGAGE, POSTS, MESSAGING, "pages_show_list", "pages_manage_metadata")

WINDOW = 24 * 3600  # seconds after a person's last message in which the Page may answer (RESPONSE)
MAX_PHOTO = 10_000_000  # bytes: "less than 10 MB" for a photo
WEB = "https://www.facebook.com"

ID = r"(?P<id>[0-9]+(?:_[0-9]+)?)"  # a Page or photo id, a post id (page_post) or a comment id (post_comment)


# State -----------------------------------------------------------------------------------------------


def pages(world: World) -> dict:
    return world.table("fb_pages")


def posts(world: World) -> dict:
    return world.table("fb_posts")


def comments(world: World) -> dict:
    return world.table("fb_comments")


def photos(world: World) -> dict:
    return world.table("fb_photos")


def messages(world: World) -> dict:
    return world.table("fb_messages")


def blocked(world: World) -> dict:
    """page id -> {person id: name}"""
    return world.table("fb_blocked")


def _graph_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _seq(world: World) -> int:
    return int(world.new_id())


# Seeding (tests call these with sim.world; the demo through the /_sim/facebook/ routes) -----------------


def add_page(
    world: World,
    *,
    name: str = "Riverside Youth Club",
    username: str = "riversideyouth",
    token: str = "",
    scopes=PAGE_SCOPES,
) -> dict:
    """A Page, and a Page access token for it (returned as page["token"]) with `scopes`."""
    with world.lock:
        page_id = world.new_id()
        page = {"id": page_id, "name": name, "username": username, "link": f"{WEB}/{username or page_id}"}
        pages(world)[page_id] = page
        blocked(world)[page_id] = {}
        value = token or f"page-token-{page_id}"
        world.token(value, scopes=scopes, user_id=page_id, kind="page")
        return {**page, "token": value}


def add_post(
    world: World,
    page_id: str,
    message: str,
    *,
    author: dict | None = None,
    created: float | None = None,
    is_hidden: bool = False,
) -> dict:
    """A post on the Page's feed: the Page's own (author None) or a visitor's ({"id", "name"}), which Meta
    announces to the `feed` subscription (item status, verb add). is_hidden: hidden before Harbour reads it
    (by a person on Facebook, or the Page's profanity and moderation filters)."""
    with world.lock:
        page = pages(world)[page_id]
        _refuse_blocked(world, page_id, author)
        seq = _seq(world)
        post_id = f"{page_id}_{seq}"
        post = {
            "id": post_id,
            "seq": seq,
            "page_id": page_id,
            "message": message,
            "created": created if created is not None else time.time(),
            "from": dict(author) if author else {"id": page_id, "name": page["name"]},
            "permalink_url": f"{WEB}/{page_id}/posts/{seq}",
            "updated": 0.0,  # set below: a post's updated_time moves when someone comments on it
            "photos": [],
            "is_hidden": is_hidden,
        }
        post["updated"] = post["created"]
        posts(world)[post_id] = post
    if author:
        deliver(
            world,
            "page",
            page_id,
            "feed",
            {
                "from": dict(author),
                "message": message,
                "post_id": post_id,
                "created_time": int(post["created"]),
                "item": "status",
                "published": 1,
                "verb": "add",
            },
        )
    return post


def add_comment(
    world: World,
    parent_id: str,
    message: str,
    *,
    author: dict | None = None,
    created: float | None = None,
    photo_url: str = "",
    is_hidden: bool = False,
) -> dict:
    """A comment on a post, or a reply to a comment (parent_id a comment id): from a member of the public
    ({"id", "name"}), or the Page itself (author None). Refused for someone blocked from the Page.
    is_hidden: hidden before Harbour reads it (by a person on Facebook, or the Page's filters)."""
    with world.lock:
        post = posts(world).get(parent_id)
        parent = comments(world).get(parent_id)
        if post is None and parent is None:
            raise KeyError(f"no post or comment {parent_id}")
        post = post or posts(world)[parent["post_id"]]
        page = pages(world)[post["page_id"]]
        _refuse_blocked(world, page["id"], author)
        seq = _seq(world)
        post_seq = post["id"].split("_")[1]
        comment = {
            "id": f"{post_seq}_{seq}",
            "seq": seq,
            "post_id": post["id"],
            "parent_id": parent_id,
            "message": message,
            "created": created if created is not None else time.time(),
            "from": dict(author) if author else {"id": page["id"], "name": page["name"]},
            "is_hidden": is_hidden,
            "permalink_url": f"{post['permalink_url']}?comment_id={seq}",
            "photo_url": photo_url,
        }
        comments(world)[comment["id"]] = comment
        post["updated"] = max(post["updated"], comment["created"])
    if author:
        deliver(
            world,
            "page",
            page["id"],
            "feed",
            {
                "from": dict(author),
                "post": {"id": post["id"], "permalink_url": post["permalink_url"], "is_published": True},
                "message": message,
                "post_id": post["id"],
                "comment_id": comment["id"],
                "created_time": int(comment["created"]),
                "item": "comment",
                "parent_id": parent_id,
                "verb": "add",
            },
        )
    return comment


def add_message(
    world: World,
    page_id: str,
    psid: str,
    text: str,
    *,
    name: str = "",
    created: float | None = None,
    photo_url: str = "",
) -> dict:
    """A Messenger message to the Page from the person with this Page-scoped id (PSID); it opens (or keeps
    open) the 24-hour window for the Page's answer. Meta sends it to the `messages` subscription."""
    with world.lock:
        if page_id not in pages(world):
            raise KeyError(page_id)
        message = _store_message(
            world, page_id, psid, text, from_page=False, name=name, created=created, photo_url=photo_url
        )
    event: dict = {"mid": message["id"], "text": text}
    if photo_url:
        event["attachments"] = [{"type": "image", "payload": {"url": photo_url}}]
    deliver(
        world,
        "page",
        page_id,
        "messages",
        {
            "sender": {"id": psid},
            "recipient": {"id": page_id},
            "timestamp": int(message["created"] * 1000),
            "message": event,
        },
        messaging=True,
    )
    return message


def _store_message(world, page_id, psid, text, *, from_page, name="", created=None, photo_url="") -> dict:
    seq = _seq(world)
    conversation = next(
        (
            m["conversation"]
            for m in messages(world).values()
            if m["page_id"] == page_id and m["psid"] == psid
        ),
        f"t_{seq}",
    )
    if name:
        world.table("fb_people")[psid] = name
    message = {
        "id": f"m_{secrets.token_urlsafe(18)}",  # Messenger ids hold - and _: never a Graph path here
        "seq": seq,
        "conversation": conversation,
        "page_id": page_id,
        "psid": psid,
        "from_page": from_page,
        "message": text,
        "created": created if created is not None else time.time(),
        "photo_url": photo_url,
    }
    messages(world)[message["id"]] = message
    return message


def _refuse_blocked(world: World, page_id: str, author: dict | None) -> None:
    if author and str(author.get("id")) in blocked(world).get(page_id, {}):
        raise PermissionError(f"{author.get('name') or author.get('id')} is blocked from this Page")


# Shapes ----------------------------------------------------------------------------------------------


def _post_shape(world: World, post: dict) -> dict:
    shape = {
        "id": post["id"],
        "message": post["message"],
        "created_time": _graph_time(post["created"]),
        "updated_time": _graph_time(post["updated"]),
        "permalink_url": post["permalink_url"],
        "from": post["from"],
        "is_hidden": post["is_hidden"],
    }
    if post["photos"]:
        shape["attachments"] = {
            "data": [
                {
                    "type": "album" if len(post["photos"]) > 1 else "photo",
                    "subattachments": {
                        "data": [
                            {
                                "type": "photo",
                                "target": {"id": photo_id},
                                "description": photos(world)[photo_id]["alt_text_custom"],
                            }
                            for photo_id in post["photos"]
                        ]
                    },
                }
            ]
        }
    return shape


def _comment_shape(world: World, comment: dict) -> dict:
    shape = {
        "id": comment["id"],
        "message": comment["message"],
        "created_time": _graph_time(comment["created"]),
        "from": comment["from"],
        "is_hidden": comment["is_hidden"],
        "permalink_url": comment["permalink_url"],
    }
    # `parent` is the comment a reply answers: the Comment reference gives it for replies only.
    parent = comments(world).get(comment["parent_id"])
    if parent is not None:
        shape["parent"] = {
            "id": parent["id"],
            "created_time": _graph_time(parent["created"]),
            "message": parent["message"],
        }
    if comment["from"] is None:  # Graph leaves out an author it will not name
        del shape["from"]
    if comment["photo_url"]:
        shape["attachment"] = {"type": "photo", "media": {"image": {"src": comment["photo_url"]}}}
    return shape


def _message_shape(world: World, message: dict) -> dict:
    page = pages(world)[message["page_id"]]
    person = {"id": message["psid"], "name": world.table("fb_people").get(message["psid"], "")}
    me = {"id": page["id"], "name": page["name"]}
    shape = {
        "id": message["id"],
        "message": message["message"],
        "created_time": _graph_time(message["created"]),
        "from": me if message["from_page"] else person,
        "to": {"data": [person if message["from_page"] else me]},
    }
    if message["photo_url"]:
        shape["attachments"] = {
            "data": [
                {
                    "id": f"a_{message['seq']}",
                    "mime_type": "image/jpeg",
                    "image_data": {"url": message["photo_url"]},
                }
            ]
        }
    return shape


def _only(request: Request, shape: dict) -> dict:
    """The fields asked for (`fields`, top level; id always), as Graph answers."""
    asked = request.param("fields")
    if not asked:
        return {k: shape[k] for k in ("id", "message", "created_time", "name") if k in shape}
    names = {part.split("{")[0].split(".")[0].strip() for part in _top_level(asked)}
    return {k: v for k, v in shape.items() if k == "id" or k in names}


def _top_level(fields: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in fields:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _page_for(request: Request, page_id: str, *permissions: str) -> dict:
    """The Page, checked against the caller's token: it must be that Page's token."""
    token = request.caller(*permissions)
    page = pages(request.world).get(page_id)
    if page is None:
        raise NotMine
    if token.user_id != page_id:
        raise GraphError(200, "(#200) The access token is not for this Page", status=403)
    return page


def _cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{seq}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return int(raw.removeprefix("seq:"))
    except (ValueError, UnicodeDecodeError):
        raise GraphError(100, "(#100) Invalid cursor") from None


def _by_sequence(request: Request, rows: list[dict], *, reverse: bool) -> dict:
    """Cursor paging whose cursors name a row's sequence number, so rows removed between calls shift
    nothing: the answer's `after` stays valid on the last page, and new rows come after it."""
    try:
        limit = max(1, min(int(request.param("limit", "25")), 100))
    except ValueError:
        raise GraphError(100, "(#100) Param limit must be a number") from None
    rows = sorted(rows, key=lambda r: r["seq"], reverse=reverse)
    after = request.param("after")
    if after:
        mark = _after(after)
        rows = [r for r in rows if (r["seq"] < mark if reverse else r["seq"] > mark)]
    chunk = rows[:limit]
    answer: dict = {"data": chunk}
    if chunk:
        answer["paging"] = {
            "cursors": {"before": _cursor(chunk[0]["seq"]), "after": _cursor(chunk[-1]["seq"])}
        }
        if len(rows) > limit:
            query = {**request.query, "after": _cursor(chunk[-1]["seq"]), "limit": str(limit)}
            answer["paging"]["next"] = absolute(request, request.path, query)
    return answer


# Graph routes ----------------------------------------------------------------------------------------


@route("GET", VERSION + "/" + ID)
def read_object(request: Request) -> dict:
    world, object_id = request.world, request.match["id"]
    if object_id in pages(world):
        page = _page_for(request, object_id)
        return _only(request, page)
    if object_id in posts(world):
        post = posts(world)[object_id]
        _page_for(request, post["page_id"], READ)
        return _only(request, _post_shape(world, post))
    if object_id in comments(world):
        comment = comments(world)[object_id]
        _page_for(request, posts(world)[comment["post_id"]]["page_id"], READ, USER_CONTENT)
        return _only(request, _comment_shape(world, comment))
    if object_id in photos(world):
        photo = photos(world)[object_id]
        _page_for(request, photo["page_id"], READ)
        return _only(request, {k: v for k, v in photo.items() if k not in ("seq", "page_id", "bytes")})
    raise NotMine


@route("POST", VERSION + "/" + ID)
def update_object(request: Request) -> dict:
    """is_hidden=true|false on a comment, or on someone else's post on the Page."""
    world, object_id = request.world, request.match["id"]
    row = comments(world).get(object_id) or posts(world).get(object_id)
    if row is None:
        raise NotMine
    page_id = row["page_id"] if "page_id" in row else posts(world)[row["post_id"]]["page_id"]
    _page_for(request, page_id, ENGAGE, USER_CONTENT)
    value = request.param("is_hidden").lower()
    if value not in ("true", "false"):
        raise GraphError(100, "(#100) is_hidden must be a boolean")
    if (row["from"] or {}).get("id") == page_id:
        raise GraphError(100, "(#100) A Page cannot hide its own comments or posts")
    row["is_hidden"] = value == "true"
    return {"success": True}


@route("DELETE", VERSION + "/" + ID)
def delete_object(request: Request) -> dict:
    world, object_id = request.world, request.match["id"]
    if object_id in comments(world):
        comment = comments(world)[object_id]
        _page_for(request, posts(world)[comment["post_id"]]["page_id"], ENGAGE)
        gone = {object_id} | {c["id"] for c in comments(world).values() if c["parent_id"] == object_id}
        for comment_id in gone:
            comments(world).pop(comment_id, None)
        return {"success": True}
    if object_id in posts(world):
        post = posts(world)[object_id]
        _page_for(request, post["page_id"], POSTS)
        posts(world).pop(object_id)
        for comment_id in [c["id"] for c in comments(world).values() if c["post_id"] == object_id]:
            comments(world).pop(comment_id)
        return {"success": True}
    raise NotMine


@route("GET", VERSION + r"/(?P<id>[0-9]+)/feed")
def read_feed(request: Request) -> dict:
    """The Page's feed, newest first: its own posts and visitors' posts."""
    page = _page_for(request, request.match["id"], READ)
    rows = [p for p in posts(request.world).values() if p["page_id"] == page["id"]]
    rows.sort(key=lambda p: (p["created"], p["seq"]), reverse=True)
    answer = paged(request, [_only(request, _post_shape(request.world, p)) for p in rows])
    return answer


@route("POST", VERSION + r"/(?P<id>[0-9]+)/feed")
def publish_post(request: Request) -> dict:
    """message, and attached_media[n]={"media_fbid": photo id} for the Page's unpublished photos."""
    world = request.world
    page = _page_for(request, request.match["id"], POSTS, READ)
    message = request.param("message")
    attached = []
    for n in range(100):
        raw = request.param(f"attached_media[{n}]")
        if not raw:
            break
        try:
            photo_id = str(json.loads(raw)["media_fbid"])
        except (ValueError, KeyError, TypeError):
            raise GraphError(100, f'(#100) attached_media[{n}] must be {{"media_fbid": id}}') from None
        photo = photos(world).get(photo_id)
        if photo is None or photo["page_id"] != page["id"] or photo["published"]:
            raise GraphError(100, f"(#100) {photo_id} is not an unpublished photo of this Page")
        attached.append(photo_id)
    if not message.strip() and not attached:
        raise GraphError(100, "(#100) A post needs a message or attached media")
    post = add_post(world, page["id"], message)
    post["photos"] = attached
    for photo_id in attached:
        photos(world)[photo_id].update(published=True, post_id=post["id"])
    return {"id": post["id"]}


@route("POST", VERSION + r"/(?P<id>[0-9]+)/photos")
def upload_photo(request: Request) -> dict:
    """A photo sent as `source` in a multipart form (the bytes), with published, message and alt_text_custom."""
    world = request.world
    page = _page_for(request, request.match["id"], POSTS, READ)
    fields, files = _multipart(request)
    if "source" not in files:
        if "url" in fields or request.param("url"):
            raise GraphError(100, "(#100) This simulator takes photos as a source upload only")
        raise GraphError(324, "(#324) Requires upload file")
    data, content_type = files["source"]
    if not data or len(data) >= MAX_PHOTO:
        raise GraphError(100, "(#100) The photo must be more than 0 and less than 10 MB")
    if not content_type.startswith("image/"):
        raise GraphError(100, f"(#100) {content_type} is not an image")
    published = fields.get("published", "true").lower() != "false"
    seq = _seq(world)
    photo = {
        "id": str(seq),
        "seq": seq,
        "page_id": page["id"],
        "alt_text_custom": fields.get("alt_text_custom", ""),
        "published": False,
        "post_id": "",
        "size": len(data),
        "content_type": content_type,
        "bytes": data,
    }
    photos(world)[photo["id"]] = photo
    if not published:
        return {"id": photo["id"]}
    post = add_post(world, page["id"], fields.get("message", ""))
    post["photos"] = [photo["id"]]
    photo.update(published=True, post_id=post["id"])
    return {"id": photo["id"], "post_id": post["id"]}


def _multipart(request: Request) -> tuple[dict[str, str], dict[str, tuple[bytes, str]]]:
    kind = request.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data"):
        return dict(request.form), {}
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {kind}\r\n\r\n".encode() + request.body
    )
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = (payload, part.get_content_type())
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return fields, files


@route("GET", VERSION + r"/(?P<id>[0-9]+(?:_[0-9]+)?)/comments")
def read_comments(request: Request) -> dict:
    """filter=toplevel (the default: comments on the object itself) or stream (every comment under a post,
    replies too, each with its parent); order=chronological (the default) or reverse_chronological."""
    world, object_id = request.world, request.match["id"]
    post = posts(world).get(object_id)
    comment = comments(world).get(object_id)
    if post is None and comment is None:
        raise NotMine
    page_id = (post or posts(world)[comment["post_id"]])["page_id"]
    _page_for(request, page_id, READ, USER_CONTENT)
    stream = request.param("filter", "toplevel") == "stream"
    if stream and post is not None:
        rows = [c for c in comments(world).values() if c["post_id"] == object_id]
    else:
        rows = [c for c in comments(world).values() if c["parent_id"] == object_id]
    answer = _by_sequence(request, rows, reverse=request.param("order") == "reverse_chronological")
    answer["data"] = [_only(request, _comment_shape(world, c)) for c in answer["data"]]
    return answer


@route("POST", VERSION + r"/(?P<id>[0-9]+(?:_[0-9]+)?)/comments")
def comment_as_page(request: Request) -> dict:
    world, object_id = request.world, request.match["id"]
    target = posts(world).get(object_id) or comments(world).get(object_id)
    if target is None:
        raise NotMine
    page_id = target.get("page_id") or posts(world)[target["post_id"]]["page_id"]
    _page_for(request, page_id, ENGAGE)
    message = request.param("message")
    if not message.strip():
        raise GraphError(100, "(#100) A comment needs a message")
    return {"id": add_comment(world, object_id, message)["id"]}


@route("GET", VERSION + r"/(?P<id>[0-9]+)/conversations")
def read_conversations(request: Request) -> dict:
    """The Page's Messenger conversations, the most recently updated first; user_id: that person's only."""
    world = request.world
    page = _page_for(request, request.match["id"], MESSAGING)
    if request.param("platform", "messenger") != "messenger":
        return {"data": []}
    latest: dict[str, dict] = {}
    for message in messages(world).values():
        if message["page_id"] != page["id"]:
            continue
        if request.param("user_id") and message["psid"] != request.param("user_id"):
            continue
        known = latest.get(message["conversation"])
        if known is None or (message["created"], message["seq"]) > (known["created"], known["seq"]):
            latest[message["conversation"]] = message
    rows = sorted(latest.values(), key=lambda m: (m["created"], m["seq"]), reverse=True)
    shaped = [
        _only(
            request,
            {
                "id": m["conversation"],
                "updated_time": _graph_time(m["created"]),
                "participants": {
                    "data": [
                        {"id": m["psid"], "name": world.table("fb_people").get(m["psid"], "")},
                        {"id": page["id"], "name": page["name"]},
                    ]
                },
            },
        )
        for m in rows
    ]
    return paged(request, shaped)


@route("GET", VERSION + r"/(?P<id>t_[0-9]+)/messages")
def read_messages(request: Request) -> dict:
    """A conversation's messages, newest first."""
    world = request.world
    rows = [m for m in messages(world).values() if m["conversation"] == request.match["id"]]
    if not rows:
        raise not_found(request.match["id"])
    _page_for(request, rows[0]["page_id"], MESSAGING)
    answer = _by_sequence(request, rows, reverse=True)
    answer["data"] = [_only(request, _message_shape(world, m)) for m in answer["data"]]
    return answer


@route("POST", VERSION + r"/(?P<id>[0-9]+)/messages")
def send_message(request: Request) -> dict:
    """recipient={"id": PSID}, messaging_type=RESPONSE, message={"text": ...}: only within 24 hours of the
    person's last message to the Page."""
    world = request.world
    page = _page_for(request, request.match["id"], MESSAGING)
    try:
        recipient = json.loads(request.param("recipient"))["id"]
        text = json.loads(request.param("message"))["text"]
    except (ValueError, KeyError, TypeError):
        raise GraphError(100, "(#100) recipient and message must be JSON objects with id and text") from None
    if request.param("messaging_type") != "RESPONSE":
        raise GraphError(100, "(#100) This simulator sends RESPONSE messages only")
    theirs = [
        m for m in messages(world).values() if m["page_id"] == page["id"] and m["psid"] == str(recipient)
    ]
    last = max((m["created"] for m in theirs if not m["from_page"]), default=None)
    if last is None:
        raise GraphError(100, "(#100) No matching user found", subcode=2018001)
    if time.time() - last > WINDOW:
        raise GraphError(
            10,
            "(#10) This message is sent outside of allowed window.",
            subcode=2018278,
            kind="OAuthException",
        )
    sent = _store_message(world, page["id"], str(recipient), str(text), from_page=True)
    return {"recipient_id": str(recipient), "message_id": sent["id"]}


def _blocked_person(request: Request) -> str:
    for name in ("user", "uid", "psid", "asid"):
        value = request.param(name)
        if value:
            return value.strip("[]\"' ")
    raise GraphError(100, "(#100) One of user, uid, psid or asid is required")


@route("GET", VERSION + r"/(?P<id>[0-9]+)/blocked")
def read_blocked(request: Request) -> dict:
    page = _page_for(request, request.match["id"])
    people = blocked(request.world)[page["id"]]
    return paged(request, [{"id": person, "name": name} for person, name in people.items()])


@route("POST", VERSION + r"/(?P<id>[0-9]+)/blocked")
def block(request: Request) -> dict:
    page = _page_for(request, request.match["id"], ENGAGE)
    person = _blocked_person(request)
    if person == page["id"]:
        raise GraphError(100, "(#100) A Page cannot block itself")
    blocked(request.world)[page["id"]][person] = request.world.table("fb_people").get(person, "")
    return {person: True}


@route("DELETE", VERSION + r"/(?P<id>[0-9]+)/blocked")
def unblock(request: Request) -> dict:
    page = _page_for(request, request.match["id"], ENGAGE)
    blocked(request.world)[page["id"]].pop(_blocked_person(request), None)
    return {"success": True}


# The simulator's own routes, for the demo and tests that seed through HTTP -----------------------------


@route("POST", r"/_sim/facebook/pages")
def sim_page(request: Request) -> dict:
    """name, username, token (the Page token's value), scopes (comma separated; all by default)."""
    scopes = request.param("scopes")
    return add_page(
        request.world,
        name=request.param("name", "Riverside Youth Club"),
        username=request.param("username", "riversideyouth"),
        token=request.param("token"),
        scopes=[s for s in scopes.split(",") if s] if scopes else PAGE_SCOPES,
    )


def _person(request: Request) -> dict | None:
    person = request.param("author_id")
    return {"id": person, "name": request.param("author_name")} if person else None


@route("POST", r"/_sim/facebook/posts")
def sim_post(request: Request):
    """page_id, message; author_id and author_name for a visitor's post (none: the Page's own); is_hidden."""
    try:
        return add_post(
            request.world,
            request.param("page_id"),
            request.param("message"),
            author=_person(request),
            is_hidden=request.param("is_hidden") == "true",
        )
    except KeyError:
        return Answer(404, {"error": "no such Page"})
    except PermissionError as refused:
        return Answer(403, {"error": str(refused)})


@route("POST", r"/_sim/facebook/comments")
def sim_comment(request: Request):
    """parent_id (a post or comment id), message, author_id, author_name, photo_url, is_hidden."""
    try:
        return add_comment(
            request.world,
            request.param("parent_id"),
            request.param("message"),
            author=_person(request),
            photo_url=request.param("photo_url"),
            is_hidden=request.param("is_hidden") == "true",
        )
    except KeyError:
        return Answer(404, {"error": "no such post or comment"})
    except PermissionError as refused:
        return Answer(403, {"error": str(refused)})


@route("POST", r"/_sim/facebook/messages")
def sim_message(request: Request):
    """page_id, psid, name, text, photo_url, hours_ago (the message's age: over 24 closes the window)."""
    hours = float(request.param("hours_ago", "0") or 0)
    try:
        message = add_message(
            request.world,
            request.param("page_id"),
            request.param("psid"),
            request.param("text"),
            name=request.param("name"),
            created=time.time() - hours * 3600,
            photo_url=request.param("photo_url"),
        )
    except KeyError:
        return Answer(404, {"error": "no such Page"})
    return {k: v for k, v in message.items() if k != "seq"}
