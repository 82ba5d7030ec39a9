"""Meta's webhooks at /hooks/meta/ and /hooks/threads/ (harbour/inbox/meta_hooks.py), driven by the local
Graph API simulator against a live Harbour: the subscription handshake answers the challenge only with the
verify token; a comment, a Page comment, a Threads reply and an Instagram mention (ids only, read through
the connector) land in the inbox screened, without waiting for a poll; a bad signature and a body that is
not a delivery are refused and audited, nothing stored; the same delivery twice stores once and the second
is audited; an account no channel has stores nothing; a change that cannot be read asks for a poll."""

import json

import httpx
import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from harbour.audit.models import AuditEvent
from harbour.channels.credentials import vault
from harbour.channels.models import Credential
from harbour.connectors.meta.simulator import APP_ID, APP_SECRET, Simulator
from harbour.connectors.meta.simulator import facebook as sim_facebook
from harbour.connectors.meta.simulator import instagram as sim_instagram
from harbour.connectors.meta.simulator import threads as sim_threads
from harbour.connectors.meta.webhooks import sign
from harbour.inbox.models import Item
from tests.cast import active_channel

VERIFY = "harbour-verify-7f3k"
WORRYING = "you're so mature for your age, add me on snap and don't tell your mum"


@pytest.fixture(scope="module")
def harbour_server(request):
    """Harbour's live server over plain HTTP: its SecurityMiddleware reads the redirect setting once, when
    the session's server starts (as tests/e2e/conftest.py starts it)."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        return request.getfixturevalue("live_server")


@pytest.fixture
def sim(settings):
    with Simulator() as simulator:
        settings.HARBOUR_META_APP_ID = settings.HARBOUR_THREADS_APP_ID = APP_ID
        settings.HARBOUR_META_APP_SECRET = settings.HARBOUR_THREADS_APP_SECRET = APP_SECRET
        settings.HARBOUR_META_WEBHOOK_VERIFY_TOKEN = VERIFY
        settings.HARBOUR_META_GRAPH_URL = settings.HARBOUR_THREADS_GRAPH_URL = simulator.url
        yield simulator


def subscribe(sim, server, hook: str, field: str, token: str = VERIFY) -> httpx.Response:
    """The app dashboard's "subscribe": the simulator checks the callback with Meta's handshake first."""
    return httpx.post(
        f"{sim.url}/_sim/subscribe",
        data={"callback": server.url + reverse(hook), "verify_token": token, "field": field},
        timeout=30,
    )


def meta_channel(org, platform: str, sim, account_id: str, token: str, **config):
    channel = active_channel(org, platform, graph_url=sim.url, account_id=account_id, **config)
    Credential.objects.create(
        organisation=org, channel=channel, kind="access_token", ciphertext=vault().encrypt(token)
    )
    return channel


@pytest.fixture
def instagram(org, sim):
    account = sim_instagram.add_account(sim.world, username="derbyyouth", token="ig-page-token")
    channel = meta_channel(org, "instagram", sim, account["id"], "ig-page-token", page_id=account["page_id"])
    return channel, account, sim_instagram.add_media(sim.world, account["id"], caption="Trip sign-ups")


def test_the_handshake_answers_the_challenge_only_with_the_verify_token(client, sim, settings, db):
    url = reverse("hooks:meta")
    answer = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "12345"})
    assert answer.status_code == 200 and answer.content == b"12345"
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "12345"})
    assert wrong.status_code == 403 and b"12345" not in wrong.content
    settings.HARBOUR_META_WEBHOOK_VERIFY_TOKEN = ""
    unset = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "12345"})
    assert unset.status_code == 403
    reasons = [e.detail["reason"] for e in AuditEvent.objects.filter(action="webhook.refused")]
    assert reasons == ["bad_verify_token", "bad_verify_token"]


@pytest.mark.django_db(transaction=True)
def test_an_instagram_comment_arrives_screened_without_a_poll(harbour_server, sim, instagram):
    channel, _, media = instagram
    subscribed = subscribe(sim, harbour_server, "hooks:meta", "comments")
    assert subscribed.status_code == 200, subscribed.text
    assert subscribe(sim, harbour_server, "hooks:meta", "comments", token="wrong").status_code == 400
    sim_instagram.add_comment(sim.world, media["id"], text=WORRYING, username="stranger_42")
    item = Item.objects.get(channel=channel)
    assert item.text == WORRYING and item.author.handle.endswith("stranger_42")
    assert item.severity > 0 and item.verdict.get("findings")  # screened on the way in
    assert not DBTaskResult.objects.filter(task_path__endswith="poll_channel").exists()


@pytest.mark.django_db(transaction=True)
def test_an_instagram_mention_names_only_ids_and_is_read_through_the_connector(
    harbour_server, sim, instagram
):
    channel, account, _ = instagram
    subscribe(sim, harbour_server, "hooks:meta", "mentions")
    sim_instagram.add_mention(
        sim.world, account["id"], text="@derbyyouth is the trip still on?", username="kid_two"
    )
    item = Item.objects.get(channel=channel)
    assert item.text == "@derbyyouth is the trip still on?" and item.kind == "mention"


@pytest.mark.django_db(transaction=True)
def test_a_page_comment_arrives(harbour_server, sim, org):
    page = sim_facebook.add_page(sim.world, name="Derby Youth Service")
    channel = meta_channel(org, "facebook", sim, page["id"], page["token"])
    subscribe(sim, harbour_server, "hooks:meta", "feed")
    post = sim_facebook.add_post(sim.world, page["id"], "Summer trip: sign up below")
    sim_facebook.add_comment(
        sim.world, post["id"], "Can my brother come too?", author={"id": "9001", "name": "Sam"}
    )
    assert [item.text for item in Item.objects.filter(channel=channel)] == ["Can my brother come too?"]


@pytest.mark.django_db(transaction=True)
def test_a_threads_reply_arrives_at_the_threads_address(harbour_server, sim, org):
    user_id = sim_threads.account(sim.world, "derbyyouth", token="threads-token")
    channel = meta_channel(org, "threads", sim, user_id, "threads-token")
    thread = sim_threads.post(sim.world, "derbyyouth", "What should we do this summer?")
    assert subscribe(sim, harbour_server, "hooks:threads", "threads:replies").status_code == 200
    sim_threads.post(sim.world, "kid_three", "a trip to the coast please", reply_to=thread["id"])
    assert [item.text for item in Item.objects.filter(channel=channel)] == ["a trip to the coast please"]


def signed_post(client, body: bytes, secret: str = APP_SECRET, url: str = "/hooks/meta/"):
    return client.post(
        url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body, secret)
    )


def comment_delivery(account_id: str, media_id: str, comment_id: str, text: str) -> bytes:
    value = {"id": comment_id, "text": text, "from": {"id": "778899", "username": "stranger_42"}}
    value["media"] = {"id": media_id, "media_product_type": "FEED"}
    entry = {"id": account_id, "time": 1765000000, "changes": [{"field": "comments", "value": value}]}
    return json.dumps({"object": "instagram", "entry": [entry]}).encode()


def test_a_bad_signature_is_refused_and_audited(client, sim, instagram):
    _, account, media = instagram
    body = comment_delivery(account["id"], media["id"], "1801", "hello")
    forged = signed_post(client, body, secret="not-the-app-secret")
    unsigned = client.post("/hooks/meta/", body, content_type="application/json")
    assert (forged.status_code, unsigned.status_code) == (401, 401)
    assert not Item.objects.exists()
    reasons = sorted(e.detail["reason"] for e in AuditEvent.objects.filter(action="webhook.refused"))
    assert reasons == ["bad_signature", "unsigned"]
    # Threads' address checks against the Threads app's secret, not the Meta app's.
    assert signed_post(client, body, secret="another", url="/hooks/threads/").status_code == 401


def test_a_signed_body_that_is_not_a_delivery_is_refused(client, sim, instagram):
    assert signed_post(client, b"not json").status_code == 400
    assert signed_post(client, b'{"object": "instagram"}').status_code == 400
    reasons = sorted(e.detail["reason"] for e in AuditEvent.objects.filter(action="webhook.refused"))
    assert reasons == ["bad_shape", "not_json"]


def test_the_same_delivery_twice_is_stored_once_and_the_replay_audited(client, sim, instagram):
    channel, account, media = instagram
    body = comment_delivery(account["id"], media["id"], "1802", "is the trip still on?")
    first = signed_post(client, body)
    assert first.status_code == 200 and first.json()["stored"] == 1
    again = signed_post(client, body)
    assert again.status_code == 200 and again.json() == {"stored": 0, "channels": 1, "replayed": 1}
    assert Item.objects.filter(channel=channel).count() == 1
    replay = AuditEvent.objects.get(action="webhook.refused")
    assert replay.detail["reason"] == "replayed" and replay.organisation == channel.organisation


def test_an_account_no_channel_has_stores_nothing(client, sim, instagram, other_org):
    body = comment_delivery("17841499999999999", "1", "1803", "hello")
    answer = signed_post(client, body)
    assert answer.status_code == 200 and answer.json()["channels"] == 0
    assert not Item.objects.exists()


def test_a_change_that_cannot_be_read_asks_for_a_poll(client, sim, instagram):
    channel, account, _ = instagram
    entry = {
        "id": account["id"],
        "time": 1765000000,
        "changes": [{"field": "comments", "value": {"text": "x"}}],
    }
    body = json.dumps({"object": "instagram", "entry": [entry]}).encode()
    assert signed_post(client, body).status_code == 200
    assert not Item.objects.exists()
    assert DBTaskResult.objects.filter(
        task_path__endswith="poll_channel", args_kwargs__kwargs__channel_id=channel.pk
    ).exists()
    assert channel.ingest.problems and channel.ingest.problems[0]["ref"] == "comments webhook"


def test_a_channel_that_is_not_active_takes_nothing(client, sim, instagram):
    channel, account, media = instagram
    channel.status = "retired"
    channel.save(update_fields=["status"])
    body = comment_delivery(account["id"], media["id"], "1804", "hello")
    assert signed_post(client, body).json()["channels"] == 0
    assert not Item.objects.exists()
