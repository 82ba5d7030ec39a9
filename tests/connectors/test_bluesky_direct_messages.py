"""Bluesky direct messages: the real atproto client against recorded chat.bsky.convo answers served on
127.0.0.1 (@atproto/dev-env runs no chat service). Paging, resuming, deleted and broken messages, and the
failures that must never stop replies: no access to direct messages, rate limits, server errors."""

import json
from datetime import UTC, datetime

import pytest

from harbour.connectors.base import Kind
from harbour.connectors.bluesky.connector import BlueskyConnector, decode_position, encode_cursor
from harbour.connectors.bluesky.platform import BLUESKY
from tests.connectors.bluesky_chat_replay import ChatReplay

AMY, MARK = "did:plc:amyk7q2wz4x5c6v7b2n3m4ka", "did:plc:markc3d4e5f6g7h2i3j4k5l6"
FIRST_REV, CAUGHT_UP = "3lcaaaaaaaa2f", "3lcaaaaaaaa3b"


@pytest.fixture
def server():
    replay = ChatReplay()
    yield replay
    replay.close()


def connect(server):
    """A connector as ingest makes one for each poll."""
    return BlueskyConnector(
        {"service": server.url, "allow_private_network": "true"},
        {"identifier": "derbyyouth.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"},
    )


def at(rev: str, notifications: str = encode_cursor(datetime(1970, 1, 1, tzinfo=UTC), "")) -> str:
    return "v2|" + json.dumps({"dm": {"rev": rev}, "n": notifications}, sort_keys=True, separators=(",", ":"))


def dm_state(batch) -> dict:
    return decode_position(batch.next_cursor)[1]


def test_the_first_read_takes_each_conversations_latest_message_from_others(server):
    batch = connect(server).fetch(None)
    [item] = batch.items  # the organisation's own message, a deleted one and an empty request are passed over
    assert item.kind is Kind.DIRECT_MESSAGE
    assert item.platform_id == "chat:3lcamyconvo2a:3lcamymsg0001"
    assert item.text == "hi is the climbing trip still on for saturday?"
    assert item.author_id == AMY and item.author_handle == "amy-k.bsky.social"
    assert item.author_display_name == "Amy K ✨"
    assert item.thread_id == "3lcamyconvo2a" and item.parent_id == ""
    assert item.created_at == datetime(2026, 11, 25, 9, tzinfo=UTC)
    assert item.url == "https://bsky.app/messages/3lcamyconvo2a"
    assert dm_state(batch) == {"rev": FIRST_REV} and batch.problems == [] and not batch.has_more


def test_chat_calls_go_through_the_chat_proxy_and_nothing_else_does(server):
    connect(server).fetch(at(FIRST_REV))
    for _method, path, _query, headers in server.requests:
        proxied = headers.get("atproto-proxy")
        if path.startswith("/xrpc/chat.bsky."):
            assert proxied == "did:web:api.bsky.chat#bsky_chat"
        else:
            assert proxied is None


def test_the_log_is_read_page_by_page_until_caught_up(server):
    first = connect(server).fetch(at(FIRST_REV))
    assert first.has_more and dm_state(first) == {"rev": "3lcaaaaaaaa2n"}
    ids = [i.platform_id for i in first.items]
    assert ids == [
        "chat:3lcmarkconv2d:3lcmarkmsg001",
        "chat:3lcamyconvo2a:3lcamymsg0002",
        "chat:3lcmarkconv2d:3lcmarkmsg002",
    ]  # not the organisation's own reply, nor a read receipt
    lure, shared, nudge = first.items
    assert lure.text == "free tickets at bbc.co.uk (https://phish.example/win) 🎟"  # the real address is shown
    assert lure.author_handle == "mark-coach.bsky.social" and lure.thread_id == "3lcmarkconv2d"
    assert nudge.author_handle == "mark-coach.bsky.social"  # no profiles in its log entry: asked getConvo
    assert shared.parent_id == "chat:3lcamyconvo2a:3lcorgmsg0002"
    assert shared.text == (
        "someone sent me this, is it ok?\n\nShared a post: "
        f"https://bsky.app/profile/{MARK}/post/3lcpostwithpic"
    )

    second = connect(server).fetch(first.next_cursor)
    assert [i.text for i in second.items] == ["ok thanks, see you saturday 👍"]
    assert second.has_more and dm_state(second) == {"rev": CAUGHT_UP}
    third = connect(server).fetch(second.next_cursor)
    assert third.items == [] and not third.has_more and third.next_cursor == second.next_cursor
    assert [q.get("cursor") for _m, _p, q, _h in server.calls("chat.bsky.convo.getLog")] == [
        FIRST_REV,
        "3lcaaaaaaaa2n",
        CAUGHT_UP,
    ]


def test_media_in_a_shared_post_is_a_reference_never_fetched(server):
    batch = connect(server).fetch(at(FIRST_REV))
    [media] = [m for item in batch.items for m in item.media]
    assert media.url == f"{server.url}/img/feed_fullsize/plain/{MARK}/bafkreipic@jpeg"
    assert media.alt_text == "a photo" and media.mime_type == "image/*"
    assert all(path.startswith("/xrpc/") for _m, path, _q, _h in server.requests)  # no image, no avatar


def test_a_deleted_and_a_broken_message_are_problems_and_the_rest_kept(server):
    batch = connect(server).fetch(at(FIRST_REV))
    assert len(batch.items) == 3
    deleted, broken = batch.problems
    assert deleted.ref == "chat:3lcamyconvo2a:3lcamymsg0003" and "deleted by its sender" in deleted.message
    assert broken.ref == "chat:3lcamyconvo2a:3lcamymsg0004" and "no text" in broken.message


def test_a_later_poll_returns_only_the_new_messages(server):
    server.overrides["chat.bsky.convo.getLog"] = "get_log_later.json"  # one new message since we caught up
    batch = connect(server).fetch(at(CAUGHT_UP))
    assert [i.platform_id for i in batch.items] == ["chat:3lcamyconvo2a:3lcamymsg0006"]  # not the reaction
    assert batch.items[0].text == "can my friend come too?"
    again = connect(server).fetch(connect(server).fetch(batch.next_cursor).next_cursor)
    assert again.items == []


def test_a_cursor_from_before_direct_messages_were_read_still_works(server):
    old = encode_cursor(datetime(2026, 11, 25, 8, tzinfo=UTC), "at://did:plc:x/app.bsky.feed.post/1")
    batch = connect(server).fetch(old)
    assert [i.kind for i in batch.items] == [Kind.DIRECT_MESSAGE]  # direct messages start from now
    assert decode_position(batch.next_cursor) == (old, {"rev": FIRST_REV})
    with pytest.raises(ValueError, match="not a Bluesky cursor"):
        connect(server).fetch('v2|{"n": "v9|x", "dm": {}}')


@pytest.mark.parametrize("answer", ["refused_app_password.json", "refused_by_chat.json"])
def test_a_credential_without_access_to_direct_messages_is_one_clear_note(server, answer):
    """The PDS answers 400 InvalidToken "Bad token method" to an app password made without "Allow access
    to your direct messages"; a chat service 401. Neither is a failed sign-in: replies go on."""
    server.overrides["chat.bsky.convo.listConvos"] = answer
    batch = connect(server).fetch(None)
    [note] = batch.problems
    assert note.ref == "direct messages" and "Allow access to your direct messages" in note.message
    assert batch.items == [] and dm_state(batch) == {"err": "refused"}
    again = connect(server).fetch(batch.next_cursor)
    assert again.problems == [] and again.next_cursor == batch.next_cursor  # noted once, not every poll
    assert len(server.calls("com.atproto.server.createSession")) == 2  # one sign-in per connector, no retries

    del server.overrides["chat.bsky.convo.listConvos"]  # a new app password with access
    allowed = connect(server).fetch(again.next_cursor)
    assert len(allowed.items) == 1 and dm_state(allowed) == {"rev": FIRST_REV}


def test_a_rate_limit_waits_for_ratelimit_reset_without_stopping_replies(server):
    server.overrides["chat.bsky.convo.getLog"] = "rate_limited.json"
    batch = connect(server).fetch(at(FIRST_REV))
    [note] = batch.problems
    assert "asked Harbour to wait" in note.message
    state = dm_state(batch)
    assert state["rev"] == FIRST_REV and state["err"] == "rate_limited"
    waited = (datetime.fromisoformat(state["wait"]) - datetime.now(UTC)).total_seconds()
    assert 100 < waited <= 121

    asked = len(server.calls("chat.bsky.convo.getLog"))
    later = connect(server).fetch(batch.next_cursor)
    assert len(server.calls("chat.bsky.convo.getLog")) == asked  # still waiting: chat is not asked
    assert later.problems == [] and later.next_cursor == batch.next_cursor


@pytest.mark.parametrize("answer", ["server_error.json", "unavailable_page.json", "expired_session.json"])
def test_a_server_error_keeps_the_place_and_the_next_poll_catches_up(server, answer):
    server.overrides["chat.bsky.convo.getLog"] = answer
    batch = connect(server).fetch(at(FIRST_REV))
    [note] = batch.problems
    assert "could not be read this time" in note.message
    assert dm_state(batch) == {"rev": FIRST_REV, "err": "unavailable"}
    assert connect(server).fetch(batch.next_cursor).problems == []  # the same failure is not noted twice

    del server.overrides["chat.bsky.convo.getLog"]
    recovered = connect(server).fetch(batch.next_cursor)
    assert len(recovered.items) == 3 and dm_state(recovered) == {"rev": "3lcaaaaaaaa2n"}


def test_a_place_the_chat_log_no_longer_knows_starts_again_from_the_latest_messages(server):
    batch = connect(server).fetch(at("3lcunknownrev"))  # the recording answers 400 InvalidCursor
    [note] = batch.problems
    assert "may not be collected" in note.message and batch.has_more and dm_state(batch) == {}
    restarted = connect(server).fetch(batch.next_cursor)
    assert len(restarted.items) == 1 and dm_state(restarted) == {"rev": FIRST_REV}


def test_the_capability_is_declared():
    assert BLUESKY.can("direct_messages")
