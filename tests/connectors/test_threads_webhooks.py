"""Threads' webhook deliveries, in the shape Meta documents for them (developers.facebook.com/docs/threads/
webhooks: {"topic", "target_id", "values": {"field", "value"}}, not the Graph "entry" shape), are read by
harbour.connectors.meta.webhooks.changes: one change each, for the organisation's account (the owner of the
reply's root post, or target_id), and what cannot be read is left out rather than guessed."""

import json

import pytest

from harbour.connectors.meta.webhooks import MetaWebhookRefused, changes

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
