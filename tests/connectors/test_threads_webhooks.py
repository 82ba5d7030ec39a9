"""Threads' webhook deliveries, in the shape Meta documents for them (developers.facebook.com/docs/threads/
webhooks: {"topic", "target_id", "values": {"field", "value"}}, not the Graph "entry" shape), are read by
harbour.connectors.meta.webhooks.changes: one change each, for the organisation's account (the owner of the
reply's root post, or target_id), and what cannot be read is left out rather than guessed. The simulator's
Threads deliveries go through Meta's subscription handshake, are signed with the app secret (a wrong secret or
a changed body is refused), and become, through items_from_change, the same items a poll reads."""

import json
import time
import urllib.parse

import httpx
import pytest

from harbour.connectors.base import Kind
from harbour.connectors.meta.simulator import APP_SECRET, Simulator
from harbour.connectors.meta.simulator import threads as sim
from harbour.connectors.meta.webhooks import Change, MetaWebhookRefused, challenge, changes, check_signature
from harbour.connectors.threads.connector import ThreadsConnector, items_from_change

REPLY = {
    "app_id": "123456",
    "topic": "moderate",
    "target_id": "78901",
    "time": 1723226877,
    "subscription_id": "234567",
    "has_uid_field": False,
    "values": {
        "value": {
            "id": "8901234",
            "username": "test_username",
            "text": "Reply",
            "media_type": "TEXT_POST",
            "permalink": "https://www.threads.net/@test_username/post/Pp",
            "replied_to": {"id": "567890"},
            "root_post": {"id": "123456", "owner_id": "123456", "username": "test_username_2"},
            "shortcode": "Pp",
            "timestamp": "2024-08-07T10:33:16+0000",
        },
        "field": "replies",
    },
}


def test_a_reply_delivery_is_one_change_for_the_root_posts_owner():
    [change] = changes(json.dumps(REPLY).encode())
    assert (change.object, change.account_id, change.field) == ("threads", "123456", "replies")
    assert change.value["id"] == "8901234"


def test_a_mention_delivery_is_for_the_target_account():
    mention = {
        **REPLY,
        "topic": "interaction",
        "values": {"field": "mentions", "value": {"id": "8901235", "username": "someone", "text": "@org hi"}},
    }
    [change] = changes(json.dumps(mention).encode())
    assert (change.account_id, change.field, change.value["text"]) == ("78901", "mentions", "@org hi")


@pytest.mark.parametrize(
    "values",
    [
        {"field": "replies", "value": "not an object"},
        {"field": "mentions", "value": {"id": "1"}, "target": "no target_id below"},
    ],
)
def test_a_threads_delivery_without_a_readable_account_or_value_has_no_changes(values):
    body = {"topic": "moderate", "values": values}
    assert changes(json.dumps(body).encode()) == []


def test_graph_shaped_and_unreadable_deliveries_still_behave_as_before():
    graph = {
        "object": "instagram",
        "entry": [{"id": "17841400000000001", "changes": [{"field": "comments", "value": {"id": "1"}}]}],
    }
    [change] = changes(json.dumps(graph).encode())
    assert (change.object, change.account_id) == ("instagram", "17841400000000001")
    with pytest.raises(MetaWebhookRefused):
        changes(b'{"topic": "moderate"}')


# The simulator's Threads deliveries, end to end: subscribed through Meta's handshake, signed, read back into
# the same items a poll gives.


class Receiver:
    """A callback on 127.0.0.1 that answers Meta's subscription check with the verify token and keeps what
    is POSTed to it (the body and its X-Hub-Signature-256), as the channels app's view would see it."""

    def __init__(self, verify_token: str):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                try:
                    answer, status = challenge(params, verify_token).encode(), 200
                except MetaWebhookRefused:
                    answer, status = b"refused", 403
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((body, self.headers.get("X-Hub-Signature-256", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/threads/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def subscribed():
    with Simulator() as running:
        receiver = Receiver("verify-me")
        org = sim.account(running.world, "harbour_youth", token="t")
        for field in ("threads:replies", "threads:mentions"):
            answer = httpx.post(
                f"{running.url}/_sim/subscribe",
                data={"callback": receiver.url, "verify_token": "verify-me", "field": field},
            )
            assert answer.status_code == 200, answer.text
        yield running, receiver, org
        receiver.close()


def test_a_reply_and_a_mention_arrive_signed_and_become_the_items_a_poll_gives(subscribed):
    running, receiver, org = subscribed
    root = sim.post(running.world, "harbour_youth", "Ask us about the youth club", at=time.time() - 60)["id"]
    reply = sim.post(running.world, "stranger", "what's your snap?", reply_to=root, at=time.time() - 5)["id"]
    sim.post(running.world, "harbour_youth", "We don't share those", reply_to=reply)  # the organisation's own
    mention = sim.post(running.world, "parent_d", "thanks @harbour_youth for tonight")["id"]

    assert len(receiver.received) == 2  # the organisation's own reply is no delivery
    items = []
    for body, signature in receiver.received:
        check_signature(body, signature, [APP_SECRET])
        [change] = changes(body)
        assert change.account_id == org
        items += items_from_change(change)
    assert [(item.platform_id, item.kind) for item in items] == [(reply, Kind.REPLY), (mention, Kind.MENTION)]

    polled = ThreadsConnector({"graph_url": running.url, "account_id": org}, {"access_token": "t"}).fetch(
        None
    )
    by_id = {item.platform_id: item for item in polled.items}
    hooked = items[0]
    for name in ("text", "author_handle", "created_at", "url", "thread_id", "parent_id", "kind"):
        assert getattr(hooked, name) == getattr(by_id[reply], name), name
    assert items[1].text == by_id[mention].text == "thanks @harbour_youth for tonight"


def test_a_delivery_with_a_bad_signature_is_refused_before_it_is_read(subscribed):
    running, receiver, _ = subscribed
    root = sim.post(running.world, "harbour_youth", "hello")["id"]
    sim.post(running.world, "stranger", "hi", reply_to=root)
    [(body, signature)] = receiver.received
    with pytest.raises(MetaWebhookRefused) as refused:
        check_signature(body, signature, ["another-app-secret"])
    assert refused.value.reason == "bad_signature"
    tampered = body.replace(b'"hi"', b'"bye"')
    with pytest.raises(MetaWebhookRefused):
        check_signature(tampered, signature, [APP_SECRET])


def test_changes_that_carry_no_item_give_none():
    own = Change("threads", "1", "replies", {**REPLY["values"]["value"], "username": "test_username_2"})
    assert items_from_change(own) == []  # the thread's owner answering in it
    assert items_from_change(Change("threads", "1", "delete", {"id": "5"})) == []
    assert items_from_change(Change("instagram", "1", "mentions", {"id": "5"})) == []
    assert items_from_change(Change("threads", "1", "replies", {"id": "x", "username": "a"})) == []
    [item] = items_from_change(Change("threads", "123456", "replies", REPLY["values"]["value"]))
    assert (item.platform_id, item.thread_id, item.parent_id) == ("8901234", "123456", "567890")
    assert item.created_at.isoformat() == "2024-08-07T10:33:16+00:00"
