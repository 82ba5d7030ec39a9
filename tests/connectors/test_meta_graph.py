"""The Meta platforms' shared parts (harbour/connectors/meta): the Graph client turns each documented Graph
error into the connector error that says what to do (190 reconnect, throttles with the wait the usage
headers give, the missing permission named, the messaging window), reads the usage headers on every answer,
pages with cursors, sends the token in a header with its appsecret_proof and never asks for anything but a
plain Graph path; the webhook helpers answer the subscription handshake only with the right verify token
and accept only deliveries signed with the app secret. Against the local simulator (not Meta)."""

import json

import httpx
import pytest

from harbour.connectors.base import AuthFailed, PlatformUnavailable, RateLimited, Rejected
from harbour.connectors.meta import webhooks
from harbour.connectors.meta.graph import Graph, appsecret_proof, error_for, usage_from
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator.server import Answer, paged, route


@route("GET", r"/v\d+\.\d+/(?P<id>\d+)/things")
def _things(request):
    """A test edge: 7 rows, paged as Graph pages them; records how it was called."""
    token = request.caller("pages_read_engagement")
    request.world.table("test_calls")["last"] = {
        "header": request.headers.get("authorization", ""),
        "query": dict(request.query),
        "token": token.value,
    }
    return paged(request, [{"id": str(n)} for n in range(7)], default_limit=3)


@route("GET", r"/v\d+\.\d+/(?P<id>\d+)/busy")
def _busy(request):
    usage = {
        "17841400000000009": [{"type": "instagram", "call_count": 96, "estimated_time_to_regain_access": 0}]
    }
    return Answer(200, {"ok": True}, {"X-Business-Use-Case-Usage": json.dumps(usage)})


@pytest.fixture
def sim():
    with Simulator() as simulator:
        simulator.world.token("good", scopes=["pages_read_engagement"], user_id="1", kind="page")
        simulator.world.token("narrow", scopes=[], user_id="1", kind="page")
        yield simulator


def test_pages_with_cursors_and_sends_the_token_only_in_a_header(sim):
    graph = Graph(sim.url, "good", app_secret="the-secret")
    seen, cursor = [], None
    while True:
        items, cursor = graph.page("42/things", "reading things", after=cursor)
        seen += [i["id"] for i in items]
        if cursor is None:
            break
    assert seen == [str(n) for n in range(7)]
    call = sim.world.table("test_calls")["last"]
    assert call["header"] == "Bearer good" and "access_token" not in call["query"]
    assert call["query"]["appsecret_proof"] == appsecret_proof("good", "the-secret")


def test_graph_errors_become_errors_that_say_what_to_do(sim):
    with pytest.raises(AuthFailed, match="reconnect the channel"):
        Graph(sim.url, "unknown").get("42/things", "reading things")
    with pytest.raises(Rejected, match="needs the pages_read_engagement permission"):
        Graph(sim.url, "narrow").get("42/things", "reading things")
    graph = Graph(sim.url, "good")
    httpx.post(f"{sim.url}/_sim/fail", data={"path": "things", "code": "613", "message": "Calls limited"})
    with pytest.raises(RateLimited) as throttled:
        graph.get("42/things", "reading things")
    assert throttled.value.retry_after == 300
    httpx.post(f"{sim.url}/_sim/fail", data={"path": "things", "code": "2", "status": "500"})
    with pytest.raises(PlatformUnavailable):
        graph.get("42/things", "reading things")
    httpx.post(f"{sim.url}/_sim/revoke", data={"token": "good"})
    with pytest.raises(AuthFailed):
        graph.get("42/things", "reading things")


def test_the_messaging_window_and_the_wait_are_read_from_the_answer():
    window = error_for(
        400, {"error": {"code": 10, "error_subcode": 2018278, "message": "outside"}}, {}, "replying"
    )
    assert isinstance(window, Rejected) and "within 24 hours" in window.message
    headers = {"X-App-Usage": json.dumps({"call_count": 100, "total_time": 20, "total_cputime": 20})}
    assert usage_from(headers).percent == 100 and usage_from(headers).slow_down
    waiting = {
        "X-Business-Use-Case-Usage": json.dumps(
            {"1": [{"call_count": 10, "estimated_time_to_regain_access": 4}]}
        )
    }
    limited = error_for(400, {"error": {"code": 80002, "message": "too many"}}, waiting, "reading")
    assert isinstance(limited, RateLimited) and limited.retry_after == 240
    assert usage_from({"X-App-Usage": "not json"}).percent == 0
    assert isinstance(error_for(502, "<html>bad gateway</html>", {}, "reading"), PlatformUnavailable)


def test_a_refusal_keeps_graphs_code_and_subcode_for_the_connector():
    gone = error_for(
        400,
        {"error": {"code": 100, "error_subcode": 33, "message": "Unsupported post request."}},
        {},
        "hiding the comment",
    )
    assert isinstance(gone, Rejected) and (gone.code, gone.subcode) == (100, 33)
    plain = error_for(400, {"error": {"code": 100, "message": "Invalid parameter"}}, {}, "reading")
    assert (plain.code, plain.subcode) == (100, 0)


def test_usage_is_read_on_every_answer(sim):
    graph = Graph(sim.url, "good")
    graph.get("42/things", "reading things")
    assert graph.usage.percent == 5 and not graph.usage.slow_down
    graph.get("42/busy", "reading")
    assert graph.usage.percent == 96 and graph.usage.slow_down


@pytest.mark.parametrize(
    "path", ["https://evil.example/steal", "../oauth/access_token", "42/things?x=1", "", "a//b"]
)
def test_only_plain_graph_paths_are_asked_for(sim, path):
    with pytest.raises(Rejected, match="not a Graph path"):
        Graph(sim.url, "good").get(path, "reading")


def test_the_subscription_handshake_needs_the_verify_token():
    params = {"hub.mode": "subscribe", "hub.verify_token": "our-token", "hub.challenge": "1158201444"}
    assert webhooks.challenge(params, "our-token") == "1158201444"
    for wrong, reason in (
        ({**params, "hub.verify_token": "guess"}, "bad_verify_token"),
        ({**params, "hub.mode": "unsubscribe"}, "not_subscribe"),
        ({**params, "hub.challenge": ""}, "bad_challenge"),
    ):
        with pytest.raises(webhooks.MetaWebhookRefused) as refused:
            webhooks.challenge(wrong, "our-token")
        assert refused.value.reason == reason
    with pytest.raises(webhooks.MetaWebhookRefused):
        webhooks.challenge(params, "")  # no token set: nothing verifies


def test_only_deliveries_signed_with_the_app_secret_are_read():
    body = json.dumps(
        {
            "object": "instagram",
            "entry": [
                {
                    "id": "17841400000000001",
                    "time": 1,
                    "changes": [{"field": "comments", "value": {"id": "9"}}],
                },
                {"id": "not-an-id", "changes": [{"field": "comments", "value": {}}]},
                {"id": "5", "messaging": [{"sender": {"id": "7"}, "message": {"mid": "m_1", "text": "hi"}}]},
            ],
        }
    ).encode()
    webhooks.check_signature(body, webhooks.sign(body, "secret"), ["old", "secret"])
    for header in ("", "sha1=abc", webhooks.sign(body, "other"), webhooks.sign(body + b" ", "secret")):
        with pytest.raises(webhooks.MetaWebhookRefused):
            webhooks.check_signature(body, header, ["secret"])
    found = webhooks.changes(body)
    assert [(c.account_id, c.field) for c in found] == [("17841400000000001", "comments"), ("5", "messages")]
    assert webhooks.delivery_key(body) == webhooks.delivery_key(bytes(body))
    with pytest.raises(webhooks.MetaWebhookRefused):
        webhooks.changes(b"[1, 2]")
