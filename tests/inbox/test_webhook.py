"""docs/security.md I1: signed webhook deliveries."""

import json
import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.connectors.webhook.receive import generate_secret, sign
from harbour.inbox.models import Item, WebhookDelivery
from tests.cast import active_channel, sign_in

PAYLOAD = json.dumps(
    {
        "items": [
            {"id": "m1", "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "Is the club open?"},
            {"id": "m2", "created_at": "2026-11-20T10:01:00Z", "author": "jo", "text": "See you there"},
            {"id": "m3", "created_at": "not a date", "author": "jo", "text": "broken row"},
        ]
    }
).encode()


@pytest.fixture
def hook(org, manager):
    channel = active_channel(org, "webhook")
    secret = generate_secret()
    services.set_credential(channel, "webhook_secret", secret, by=manager)
    return channel, secret


def deliver(client, channel, secret, body=PAYLOAD, *, msg_id=None, timestamp=None, signature=None):
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature or sign(secret, msg_id, timestamp, body),
    }
    url = reverse("hooks:receive", args=[channel.uuid])
    return client.post(url, body, content_type="application/json", headers=headers)


def refusals():
    return list(
        AuditEvent.objects.filter(action="webhook.refused")
        .order_by("sequence")
        .values_list("detail__reason", flat=True)
    )


def test_a_valid_delivery_is_stored_and_screened(client, hook):
    channel, secret = hook
    response = deliver(client, channel, secret)
    assert response.status_code == 202
    assert response.json()["stored"] == 2 and response.json()["problems"][0]["ref"] == "row 3"
    assert set(Item.objects.filter(channel=channel).values_list("platform_id", flat=True)) == {"m1", "m2"}
    assert all("findings" in v for v in Item.objects.values_list("verdict", flat=True))


def test_a_tampered_body_is_refused(client, hook):
    channel, secret = hook
    msg_id, now = "msg_1", int(time.time())
    good = sign(secret, msg_id, now, PAYLOAD)
    response = deliver(
        client, channel, secret, PAYLOAD.replace(b"open", b"shut"), msg_id=msg_id, signature=good
    )
    assert response.status_code == 401 and refusals() == ["bad_signature"]
    assert not Item.objects.exists()


def test_the_wrong_secret_is_refused(client, hook):
    channel, _ = hook
    assert deliver(client, channel, generate_secret()).status_code == 401
    assert refusals() == ["bad_signature"]


@pytest.mark.parametrize("offset, reason", [(-301, "too_old"), (301, "too_new")])
def test_a_timestamp_outside_five_minutes_is_refused(client, hook, offset, reason):
    channel, secret = hook
    assert deliver(client, channel, secret, timestamp=int(time.time()) + offset).status_code == 401
    assert refusals() == [reason]


def test_a_replayed_delivery_is_refused(client, hook):
    channel, secret = hook
    assert deliver(client, channel, secret, msg_id="msg_same").status_code == 202
    assert deliver(client, channel, secret, msg_id="msg_same").status_code == 409
    assert refusals() == ["replayed"] and WebhookDelivery.objects.count() == 1
    assert Item.objects.count() == 2


def test_a_signature_for_one_organisation_cannot_post_into_another(client, hook, other_org, outsider):
    _, secret = hook
    theirs = active_channel(other_org, "webhook")
    services.set_credential(theirs, "webhook_secret", generate_secret(), by=outsider)
    assert deliver(client, theirs, secret).status_code == 401
    assert not Item.objects.exists()
    event = AuditEvent.objects.get(action="webhook.refused")
    assert event.organisation == other_org and event.detail["reason"] == "bad_signature"


def test_missing_headers_an_unknown_channel_and_get_are_refused(client, hook):
    channel, _ = hook
    url = reverse("hooks:receive", args=[channel.uuid])
    assert client.post(url, PAYLOAD, content_type="application/json").status_code == 400
    assert (
        client.post(
            reverse("hooks:receive", args=[uuid.uuid4()]), PAYLOAD, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(url).status_code == 405
    assert refusals() == ["missing_headers", "unknown_channel"]


def test_a_failed_store_lets_the_sender_retry(client, hook, monkeypatch):
    from harbour.inbox import ingest

    channel, secret = hook

    def broken(channel, batch, **options):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest, "store_pushed", broken)
    client.raise_request_exception = False
    assert deliver(client, channel, secret, msg_id="msg_retry").status_code == 500
    monkeypatch.undo()
    assert deliver(client, channel, secret, msg_id="msg_retry").status_code == 202  # not a replay


def test_the_receiver_needs_no_csrf_token(hook):
    channel, secret = hook
    assert deliver(Client(enforce_csrf_checks=True), channel, secret).status_code == 202


def test_harbour_makes_the_secret_and_shows_it_once(org, manager):
    channel = active_channel(org, "webhook")
    client = sign_in(Client(), manager.user)
    url = reverse("channels:set_credential", args=[channel.pk, "webhook_secret"])
    response = client.post(url)
    page = response.content.decode()
    secret = page.split('id="hook-secret">')[1].split("<")[0]
    assert secret.startswith("whsec_") and response["Cache-Control"] == "no-store"
    assert f"/hooks/{channel.uuid}/" in page
    assert deliver(Client(), channel, secret).status_code == 202
    for again in (
        url,
        reverse("channels:credentials", args=[channel.pk]),
        reverse("channels:detail", args=[channel.pk]),
    ):
        assert secret not in client.get(again).content.decode()


@pytest.fixture
def limit_of_two(settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "webhook_source": (2, 5)}


def test_deliveries_over_the_limit_get_429_and_one_audit_event(client, hook, org, limit_of_two):
    channel, secret = hook
    assert [deliver(client, channel, secret).status_code for _ in range(2)] == [202, 202]
    refused = [deliver(client, channel, secret) for _ in range(3)]
    assert [r.status_code for r in refused] == [429, 429, 429]
    assert 1 <= int(refused[0]["Retry-After"]) <= 300
    [event] = AuditEvent.objects.filter(action="security.rate_limited")
    assert (event.organisation, event.detail) == (org, {"limit": "webhook_source"})
    assert WebhookDelivery.objects.filter(channel=channel).count() == 2


def test_over_the_limit_nothing_is_checked_or_audited_per_request(client, hook, limit_of_two):
    channel, secret = hook
    deliver(client, channel, secret)
    deliver(client, channel, secret)
    for _ in range(5):
        assert deliver(client, channel, secret, signature="v1,bm90IGl0").status_code == 429
    assert refusals() == []


def test_the_limit_is_per_source(client, hook, org, manager, limit_of_two):
    channel, secret = hook
    for _ in range(3):
        deliver(client, channel, secret)
    other = active_channel(org, "webhook")
    other_secret = generate_secret()
    services.set_credential(other, "webhook_secret", other_secret, by=manager)
    assert deliver(client, other, other_secret).status_code == 202


def test_deliveries_to_addresses_of_no_channel_are_audited_up_to_a_limit_per_client(client, settings, db):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "anonymous_refusals_audited_ip": (3, 15)}
    for _ in range(6):  # a new address each time, as a scanner would send
        response = client.post(
            reverse("hooks:receive", args=[uuid.uuid4()]), PAYLOAD, content_type="application/json"
        )
        assert response.status_code == 404
    assert refusals() == ["unknown_channel"] * 3


ROW = {"created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "hello"}
HUGE = "9" * 5000  # more digits than Python converts to a string


@pytest.mark.parametrize(
    "bad_row, why",
    [
        (
            f'{{"id": {HUGE}, "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}}',
            "5,000 digits",
        ),
        (f'{{"id": "b", "created_at": {HUGE}, "author": "sam", "text": "x"}}', "5,000 digits"),
        ('{"id": NaN, "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}', "NaN"),
        ('{"id": "b", "created_at": "2026-11-20T10:00:00Z", "author": Infinity, "text": "x"}', "Infinity"),
        (
            '{"id": "b", "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": 1e99999}',
            "cannot be read",
        ),
        (
            '{"id": "b", "created_at": "2026-11-20T10:00:00Z", "author": {"name": "x"}, "text": "x"}',
            "an object",
        ),
        ('{"id": ["b"], "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}', "a list"),
        ('{"id": true, "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}', "true or false"),
        (
            f'{{"id": "{"b" * 501}", "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}}',
            "longer than 500",
        ),
        (
            f'{{"id": "b", "created_at": "2026-11-20T10:00:00Z", "author": "{"s" * 501}", "text": "x"}}',
            "longer than 500",
        ),
        (
            '{"id": "b", "created_at": "0001-01-01T00:00:00+14:00", "author": "sam", "text": "x"}',
            "not a date",
        ),
        ('[[[[[[[["deep"]]]]]]]]', "is not an object"),
    ],
)
def test_a_value_that_cannot_be_read_is_a_problem_on_its_row_and_the_rest_is_stored(
    client, hook, bad_row, why
):
    """Issue 15 item 7: never a 500; the row is named, the other rows are stored."""
    channel, secret = hook
    good = json.dumps({"id": "a", **ROW})
    body = f'{{"items": [{good}, {bad_row}]}}'.encode()
    response = deliver(client, channel, secret, body)
    assert response.status_code == 202, response.content[:300]
    [problem] = response.json()["problems"]
    assert problem["ref"] == "row 2" and why in problem["message"]
    assert list(Item.objects.filter(channel=channel).values_list("platform_id", flat=True)) == ["a"]


def test_lone_surrogates_are_kept_as_replacement_characters(client, hook):
    channel, secret = hook
    body = json.dumps(
        {
            "items": [
                {
                    "id": "s\ud800",
                    "created_at": "2026-11-20T10:00:00Z",
                    "author": "\udfff",
                    "thread": "\ud83d",
                    "text": "hi \udc00",
                }
            ]
        }
    ).encode()
    response = deliver(client, channel, secret, body)
    assert response.status_code == 202 and response.json()["stored"] == 1
    item = Item.objects.get(channel=channel)
    assert (item.platform_id, item.author.platform_author_id, item.text) == ("s\ufffd", "\ufffd", "hi \ufffd")


@pytest.mark.parametrize(
    "body, why",
    [
        (b"{not json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"items": {"id": "a"}}', "must be a list"),
        (b'"items"', "must be a list"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture"),
        (HUGE.encode(), "must be a list"),
    ],
)
def test_a_body_that_cannot_be_read_at_all_is_a_clear_400(client, hook, body, why):
    channel, secret = hook
    response = deliver(client, channel, secret, body)
    assert response.status_code == 400 and why in response.json()["error"]
    assert refusals() == ["unreadable"]
    assert not Item.objects.exists() and not WebhookDelivery.objects.exists()  # the sender may send it again


def test_a_locked_database_is_a_503_and_the_delivery_can_be_sent_again(client, hook, monkeypatch):
    from django.db import OperationalError

    from harbour.inbox import ingest

    channel, secret = hook

    def locked(channel, batch, **options):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ingest, "store_pushed", locked)
    response = deliver(client, channel, secret, msg_id="msg_busy")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    monkeypatch.undo()
    assert deliver(client, channel, secret, msg_id="msg_busy").status_code == 202  # not refused as a replay


def test_a_delivery_id_claimed_meanwhile_stores_nothing(hook):
    """A second copy of a delivery that got past the view's replay check (both checked before either
    was stored) is refused by the service, in the items' transaction: nothing of it is stored."""
    from harbour.connectors.webhook.receive import parse_payload
    from harbour.inbox import ingest

    channel, _ = hook
    assert ingest.store_webhook_delivery(channel, "msg_twice", parse_payload(PAYLOAD)) == 2
    other = json.dumps(
        {"items": [{"id": "m9", "created_at": "2026-11-20T10:00:00Z", "author": "x", "text": "hi"}]}
    )
    with pytest.raises(ingest.DeliveryReplayed):
        ingest.store_webhook_delivery(channel, "msg_twice", parse_payload(other.encode()))
    assert sorted(Item.objects.values_list("platform_id", flat=True)) == ["m1", "m2"]
    assert ingest.delivered_before(channel, "msg_twice") and WebhookDelivery.objects.count() == 1


def test_the_webhook_view_writes_nothing_itself():
    """The view parses, checks the signature, calls ingest's service and answers (docs/architecture.md:
    no writes in views): deliveries and items are written by harbour.inbox.ingest alone."""
    import ast
    from pathlib import Path

    from harbour.inbox import views

    tree = ast.parse(Path(views.__file__).read_text())
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
    }
    assert not names & {
        "WebhookDelivery",
        "Item",
        "transaction",
        "store_pushed",
        "store_batch",
        "create",
        "save",
    }
