"""Mastodon connector against responses in the documented shapes of the real Mastodon API (recorded/),
replayed on 127.0.0.1: h-card mentions, hostile links, rate limits, refused tokens, outages, broken items."""

import socket
import threading
from datetime import UTC, datetime

import pytest

from harbour.connectors.base import AuthFailed, Kind, PlatformUnavailable, RateLimited, Rejected
from harbour.connectors.mastodon.connector import MastodonConnector
from tests.connectors.replay import ReplayServer
from tests.connectors.servers import free_port


@pytest.fixture
def server():
    replay = ReplayServer()
    yield replay
    replay.close()


@pytest.fixture
def connector(server):
    return MastodonConnector(
        {"instance_url": server.url, "allow_private_network": "true"}, {"access_token": "recorded-token"}
    )


def test_items_are_read_from_the_documented_shapes(connector):
    batch = connector.fetch(None)
    items = {item.platform_id: item for item in batch.items}
    assert list(items) == ["113500000000001", "113500000000002", "113500000000004", "113500000000005"]

    question = items["113500000000001"]
    assert question.kind is Kind.REPLY
    assert question.text == "@derbyyouth is the climbing trip still on? & can I bring my sister? 😀"
    assert question.author_handle == "amy_k" and question.author_display_name == "Amy K ✨"
    assert question.created_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert question.url == "https://social.example.org/@amy_k/113500000000001"
    assert question.parent_id == "113400000000000" and question.thread_id == "113400000000000"
    [media] = question.media
    assert media.alt_text == "A poster I made for the bake sale" and media.mime_type == "image/*"
    assert media.url.endswith("/system/media_attachments/files/original/photo.png")

    lure = items["113500000000002"]
    assert lure.kind is Kind.MENTION and lure.author_handle == "dave@other.example.net"
    assert lure.text == (
        "Content warning: contest\n\n@derbyyouth free tickets here bbc.co.uk/news (https://phish.example/win) "
        "https://example.com/events/2026\n\n<script>alert(1)</script>"
    )
    assert items["113500000000005"].kind is Kind.DIRECT_MESSAGE


def test_media_is_never_fetched(connector, server):
    """The attachment's address is on the same server; it is kept, never requested
    (docs/safeguarding.md rule 1)."""
    batch = connector.fetch(None)
    [media] = [m for item in batch.items for m in item.media]
    assert media.url.startswith(server.url)
    assert all(path.startswith("/api/v1/") for path in server.requests)


def test_a_broken_status_is_skipped_and_reported_and_the_rest_kept(connector):
    batch = connector.fetch(None)
    assert len(batch.items) == 4
    [problem] = batch.problems
    assert problem.ref == "notification 3400003" and "not a Mastodon id" in problem.message


def test_the_cursor_carries_both_sources_forward(connector, server):
    first = connector.fetch(None)
    connector.fetch(first.next_cursor)
    asked = [r for r in server.requests if r.startswith(("/api/v1/notifications", "/api/v1/conversations"))]
    assert "min_id=3400004" in asked[-2] and "min_id=113500000000005" in asked[-1]


def test_rate_limit_says_when_to_retry(connector, server):
    server.overrides["/api/v1/notifications"] = "rate_limited.json"
    with pytest.raises(RateLimited) as caught:
        connector.fetch(None)
    assert not caught.value.permanent
    assert 100 < caught.value.retry_after <= 121


def test_refused_token_is_auth_failed(connector, server):
    server.overrides["*"] = "unauthorised.json"
    with pytest.raises(AuthFailed) as caught:
        connector.fetch(None)
    assert caught.value.permanent and "reconnect" in caught.value.message


def test_maintenance_page_is_platform_unavailable(connector, server):
    server.overrides["/api/v1/notifications"] = "unavailable.json"
    with pytest.raises(PlatformUnavailable) as caught:
        connector.fetch(None)
    assert not caught.value.permanent


def test_a_server_that_never_answers_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []  # keep the connection open and silent
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    connector = MastodonConnector(
        {"instance_url": f"http://127.0.0.1:{listener.getsockname()[1]}", "allow_private_network": "true"},
        {"access_token": "t"},
        timeout=0.5,
    )
    try:
        with pytest.raises(PlatformUnavailable, match="in time"):
            connector.verify()
    finally:
        listener.close()


def test_nothing_listening_is_platform_unavailable():
    connector = MastodonConnector(
        {"instance_url": f"http://127.0.0.1:{free_port()}", "allow_private_network": "true"},
        {"access_token": "t"},
    )
    with pytest.raises(PlatformUnavailable, match="could not reach"):
        connector.verify()


def test_a_private_instance_address_is_refused():
    connector = MastodonConnector({"instance_url": "https://169.254.169.254"}, {"access_token": "t"})
    with pytest.raises(Rejected, match="private or local"):
        connector.verify()
