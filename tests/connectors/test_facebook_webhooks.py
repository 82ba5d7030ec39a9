"""Facebook Page webhooks against the local Graph API simulator (not Meta): the simulator subscribes a real
local callback with Meta's hub.challenge handshake, then sends signed `feed` and `messages` deliveries; each
is checked with the app secret (a wrong secret is refused), and items_from_change turns it into the same
item a poll reads (same platform id, kind, words, author and thread), so the ingest stores it once. The
Page's own words, echoes and changes that are not new items carry nothing."""

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from harbour.connectors.facebook.connector import FacebookConnector, items_from_change
from harbour.connectors.meta import webhooks
from harbour.connectors.meta.simulator import APP_SECRET, Simulator
from harbour.connectors.meta.simulator import facebook as fb

STRANGER = {"id": "90000000000001", "name": "Sam Stranger"}
VERIFY = "harbour-verify-token"


class Receiver(BaseHTTPRequestHandler):
    received: list

    def log_message(self, *args):
        pass

    def do_GET(self):
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        try:
            body, status = webhooks.challenge(params, VERIFY).encode(), 200
        except webhooks.MetaWebhookRefused:
            body, status = b"refused", 403
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers.get("X-Hub-Signature-256", "")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def callback():
    received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("R", (Receiver,), {"received": received}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/meta/", received
    server.shutdown()
    server.server_close()


@pytest.fixture
def sim(callback):
    with Simulator() as simulator:
        for field in ("feed", "messages"):
            answer = httpx.post(
                f"{simulator.url}/_sim/subscribe",
                data={"callback": callback[0], "verify_token": VERIFY, "field": field},
            )
            assert answer.json() == {"success": True}
        yield simulator


def delivered_items(received) -> list:
    items = []
    for body, signature in received:
        webhooks.check_signature(body, signature, [APP_SECRET])
        for change in webhooks.changes(body):
            items.extend(items_from_change(change))
    return items


def test_a_wrong_verify_token_is_not_subscribed(callback):
    with Simulator() as simulator:
        answer = httpx.post(
            f"{simulator.url}/_sim/subscribe",
            data={"callback": callback[0], "verify_token": "wrong", "field": "feed"},
        )
        assert answer.status_code == 400 and "feed" not in simulator.world.subscriptions


def test_signed_deliveries_become_the_items_a_poll_reads(sim, callback):
    _, received = callback
    page = fb.add_page(sim.world)
    post = fb.add_post(sim.world, page["id"], "Residential next week")
    comment = fb.add_comment(sim.world, post["id"], "send me ur number", author=STRANGER, photo_url="")
    reply = fb.add_comment(
        sim.world, comment["id"], "stop it", author={"id": "90000000000003", "name": "Ali"}
    )
    fb.add_comment(sim.world, post["id"], "Please keep it kind.")  # the Page's own: no delivery
    visitor = fb.add_post(sim.world, page["id"], "hey guys add me", author=STRANGER)
    message = fb.add_message(sim.world, page["id"], "7700020", "help me please", name="Kai")

    pushed = delivered_items(received)
    polled = FacebookConnector(
        {"graph_url": sim.url, "account_id": page["id"]}, {"access_token": page["token"]}
    ).fetch(None)

    def key(item):
        return (item.platform_id, item.kind, item.text, item.author_id, item.thread_id, item.parent_id)

    assert sorted(map(key, pushed)) == sorted(map(key, polled.items))
    assert {item.platform_id for item in pushed} == {
        comment["id"],
        reply["id"],
        visitor["id"],
        f"dm:7700020:{message['id']}",
    }
    by_id = {item.platform_id: item for item in pushed}
    assert by_id[comment["id"]].url.startswith(post["permalink_url"])
    assert abs(by_id[comment["id"]].created_at.timestamp() - comment["created"]) < 1


def test_a_delivery_signed_with_another_secret_is_refused(sim, callback):
    _, received = callback
    page = fb.add_page(sim.world)
    fb.add_post(sim.world, page["id"], "hello", author=STRANGER)
    [(body, signature)] = received
    with pytest.raises(webhooks.MetaWebhookRefused, match="signature"):
        webhooks.check_signature(body, signature, ["another-secret"])


@pytest.mark.parametrize(
    "field,value",
    [
        ("feed", {"item": "comment", "verb": "hide", "comment_id": "1_2", "post_id": "3_1"}),
        ("feed", {"item": "reaction", "verb": "add", "post_id": "3_1", "from": STRANGER}),
        (
            "feed",
            {
                "item": "comment",
                "verb": "add",
                "comment_id": "1_2",
                "post_id": "3_1",
                "from": {"id": "3", "name": "The Page"},
                "created_time": 1765000000,
            },
        ),
        (
            "messages",
            {
                "sender": {"id": "3"},
                "recipient": {"id": "77"},
                "timestamp": 1765000000000,
                "message": {"mid": "m_1", "text": "hi", "is_echo": True},
            },
        ),
        (
            "messages",
            {
                "sender": {"id": "77"},
                "recipient": {"id": "3"},
                "timestamp": 1765000000000,
                "read": {"watermark": 1},
            },
        ),
    ],
)
def test_changes_that_are_no_new_item_carry_none(field, value):
    assert items_from_change(webhooks.Change("page", "3", field, value)) == []


def test_another_objects_change_is_not_facebooks():
    value = {"item": "comment", "verb": "add", "comment_id": "1_2", "post_id": "3_1", "from": STRANGER}
    assert items_from_change(webhooks.Change("instagram", "3", "feed", value)) == []
