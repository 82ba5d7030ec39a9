"""Bluesky direct messages: chat.bsky.convo read through the PDS's chat proxy, as plain JSON.

The chat log (chat.bsky.convo.getLog) is one ordered list of events for every conversation the account
is in, so one position (the log's cursor, a rev) covers them all. The first read starts from what the
conversation list holds now: each conversation's latest message, and the newest rev as the position.
A message from someone else becomes a `direct_message` item; the organisation's own messages, read
receipts, reactions and the like are passed over. A shared post is written into the text as its address;
the images in it become media references, never fetched.
"""

from __future__ import annotations

from typing import Any

from atproto_core.uri import AtUri

from harbour.connectors.base import IncomingItem, Kind, MalformedItem, MediaRef, Rejected
from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.bluesky.richtext import text_from_record

MESSAGE = "chat.bsky.convo.defs#messageView"
DELETED = "chat.bsky.convo.defs#deletedMessageView"
CREATE = "chat.bsky.convo.defs#logCreateMessage"
DEFAULT_SERVICE = "did:web:api.bsky.chat#bsky_chat"
ERROR_NOTES = {
    "refused": "Direct messages are not read: Bluesky refused Harbour's app password for them ({detail}). "
    "To have Harbour screen direct messages, make a new app password with 'Allow access to your direct "
    "messages' ticked and enter it on this channel. Replies and mentions are still collected.",
    "rate_limited": "Direct messages could not be read: Bluesky's chat service asked Harbour to wait. Harbour "
    "tries again after that; nothing is lost.",
    "unavailable": "Direct messages could not be read this time ({detail}). Harbour tries again at the next "
    "check; nothing is lost. Replies and mentions are still collected.",
    "restart": "Bluesky no longer knows Harbour's place in the chat log ({detail}). Harbour starts again from "
    "each conversation's latest message, so messages in between may not be collected: check the account's "
    "chats in the Bluesky app.",
}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


PREFIX = "chat:"  # a direct message's platform_id starts with this; a post's is an at:// address


def platform_id(convo_id: str, message_id: str) -> str:
    return f"{PREFIX}{convo_id}:{message_id}"


def parse_platform_id(value: str) -> tuple[str, str]:
    """(conversation id, message id) from a direct message's platform_id."""
    convo_id, _, message_id = value.removeprefix(PREFIX).partition(":")
    if not value.startswith(PREFIX) or not convo_id or not message_id:
        raise Rejected(f"{value!r} is not a Bluesky direct message id")
    return convo_id, message_id


def profiles_from(value: Any) -> dict[str, dict]:
    """chat.bsky.actor.defs#profileViewBasic list → {did: profile}."""
    found = {}
    for profile in value if isinstance(value, list) else []:
        if isinstance(profile, dict) and _str(profile.get("did")):
            found[profile["did"]] = profile
    return found


def post_address(web_url: str, at_uri: AtUri) -> str:
    """A post's page on the Bluesky web app, for the inbox, shared posts and what Harbour published."""
    return f"{web_url}/profile/{at_uri.hostname}/post/{at_uri.rkey}"


def shared_post(embed: Any, web_url: str) -> tuple[str, list[MediaRef]]:
    """A post shared into the conversation (app.bsky.embed.record#view): its web address, and references
    to its images or video. Nothing is fetched."""
    record = _dict(_dict(embed).get("record"))
    uri = _str(record.get("uri"))
    if not uri.startswith("at://"):
        return "", []
    try:
        at_uri = AtUri.from_str(uri)
    except Exception:  # noqa: BLE001 -- the SDK raises several types for a bad URI
        return "", []
    address = post_address(web_url, at_uri)
    media = []
    for view in record.get("embeds") or []:
        view = _dict(view)
        if isinstance(view.get("media"), dict):  # recordWithMedia
            view = view["media"]
        for image in view.get("images") or []:
            image = _dict(image)
            media.append(MediaRef(_str(image.get("fullsize")), _str(image.get("alt")), "image/*"))
        if _str(view.get("playlist")):
            media.append(MediaRef(view["playlist"], _str(view.get("alt")), "video/*"))
    return address, media


def message_item(
    convo_id: str, message: dict, profiles: dict[str, dict], web_url: str, parse_time
) -> IncomingItem:
    """One chat.bsky.convo.defs#messageView as a direct_message item."""
    message_id, sender = _str(message.get("id")), _dict(message.get("sender"))
    if not convo_id or not message_id:
        raise MalformedItem("no conversation or message id")
    if not _str(sender.get("did")):
        raise MalformedItem("no sender")
    text = message.get("text")
    if not isinstance(text, str):
        raise MalformedItem("the message has no text field")
    text = text_from_record(text, message.get("facets"))
    address, media = shared_post(message.get("embed"), web_url)
    if address:
        text = f"{text}\n\nShared a post: {address}" if text else f"Shared a post: {address}"
    reply_to = _dict(message.get("replyTo"))
    profile = profiles.get(sender["did"], {})
    return IncomingItem(
        platform=BLUESKY.key,
        platform_id=platform_id(convo_id, message_id),
        kind=Kind.DIRECT_MESSAGE,
        text=text,
        author_id=sender["did"],
        author_handle=_str(profile.get("handle")),
        author_display_name=_str(profile.get("displayName")),
        created_at=parse_time(message.get("sentAt")),  # set by the chat service, not the sender's app
        url=f"{web_url}/messages/{convo_id}",  # opens only for the organisation's signed-in account
        thread_id=convo_id,
        parent_id=platform_id(convo_id, reply_to["id"]) if _str(reply_to.get("id")) else "",
        media=tuple(media),
    )
