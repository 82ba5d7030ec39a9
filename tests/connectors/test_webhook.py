"""Webhook verification (docs/security.md I1) at the function level: valid, tampered, wrong secret, too old,
too new, replayed; plus malformed headers and payload parsing."""

import pytest

from harbour.connectors.webhook.receive import WebhookRefused, generate_secret, parse_payload, sign, verify

NOW = 1_790_000_000
BODY = b'{"items": [{"id": "w1", "created_at": "2026-09-21T14:13:20Z", "author": "form", "text": "help"}]}'
ORG_A, ORG_B = generate_secret(), generate_secret()


def headers(secret=ORG_A, body=BODY, msg_id="msg_1", timestamp=NOW):
    return {
        "Webhook-Id": msg_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": sign(secret, msg_id, timestamp, body),
    }


def refused(reason, *args, **kwargs):
    with pytest.raises(WebhookRefused) as caught:
        verify(*args, **kwargs)
    assert caught.value.reason == reason
    return caught.value


def test_valid_delivery_is_accepted():
    assert verify(ORG_A, headers(), BODY, now=NOW) == "msg_1"


def test_tampered_body_is_refused():
    refused("bad_signature", ORG_A, headers(), BODY.replace(b"help", b"hello"), now=NOW)


def test_another_channels_secret_is_refused():
    """A delivery signed for organisation A cannot be posted into organisation B's channel."""
    refused("bad_signature", ORG_B, headers(secret=ORG_A), BODY, now=NOW)


@pytest.mark.parametrize("skew, reason", [(-301, "too_old"), (301, "too_new")])
def test_timestamp_outside_five_minutes_is_refused(skew, reason):
    refused(reason, ORG_A, headers(timestamp=NOW + skew), BODY, now=NOW)


@pytest.mark.parametrize("skew", [-300, 300])
def test_timestamp_at_the_edge_of_the_window_is_accepted(skew):
    assert verify(ORG_A, headers(timestamp=NOW + skew), BODY, now=NOW) == "msg_1"


def test_replayed_delivery_is_refused():
    seen = set()

    def is_replay(msg_id):
        if msg_id in seen:
            return True
        seen.add(msg_id)
        return False

    assert verify(ORG_A, headers(), BODY, now=NOW, is_replay=is_replay) == "msg_1"
    refused("replayed", ORG_A, headers(), BODY, now=NOW, is_replay=is_replay)


def test_unsigned_requests_never_reach_the_replay_table():
    asked = []
    refused("bad_signature", ORG_A, headers(secret=ORG_B), BODY, now=NOW, is_replay=asked.append)
    assert asked == []


def test_one_of_several_signatures_may_match_while_a_secret_rotates():
    rotated = headers()
    rotated["Webhook-Signature"] = sign(ORG_B, "msg_1", NOW, BODY) + " " + rotated["Webhook-Signature"]
    assert verify(ORG_A, rotated, BODY, now=NOW) == "msg_1"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"Webhook-Id": ""}, "missing_headers"),
        ({"Webhook-Timestamp": "soon"}, "bad_timestamp"),
        ({"Webhook-Signature": "v1,AAAA"}, "bad_signature"),
        ({"Webhook-Signature": "not-a-signature"}, "bad_signature"),
    ],
)
def test_malformed_headers_are_refused(change, reason):
    refused(reason, ORG_A, headers() | change, BODY, now=NOW)


def test_payload_is_parsed_like_a_json_import():
    batch = parse_payload(BODY)
    [item] = batch.items
    assert (item.platform, item.platform_id, item.text) == ("webhook", "w1", "help")
    assert parse_payload(b"[1]").problems[0].message == "is not an object with named fields"
