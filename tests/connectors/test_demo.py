"""The demo channel replays its bundled feed at a pace, deterministically by cursor."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from harbour.connectors.base import Kind, PublishRequest, Rejected
from harbour.connectors.demo.connector import DemoConnector, feed
from harbour.connectors.registry import get_connector

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def demo(pace=20):
    return get_connector("demo", {"started_at": START.isoformat(), "pace_seconds": str(pace)}, {})


def test_items_become_available_over_time():
    connector = demo()
    with time_machine.travel(START + timedelta(seconds=45), tick=False):
        batch = connector.fetch(None)
    assert [i.platform_id for i in batch.items] == ["demo-001", "demo-002", "demo-003"]
    assert batch.items[1].created_at == START + timedelta(seconds=20)
    with time_machine.travel(START + timedelta(seconds=65), tick=False):
        later = connector.fetch(batch.next_cursor)
    assert [i.platform_id for i in later.items] == ["demo-004"]


def test_the_same_cursor_gives_the_same_items_and_limits_page():
    connector = demo()
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        first = connector.fetch("10", limit=5)
        again = connector.fetch("10", limit=5)
        assert first.items == again.items and first.has_more
        everything, cursor = [], None
        while True:
            batch = connector.fetch(cursor, limit=25)
            everything += batch.items
            cursor = batch.next_cursor
            if not batch.has_more:
                break
    assert len(everything) == len({i.platform_id for i in everything}) == len(feed()["messages"]) == 60


def test_the_feed_has_what_a_moderator_must_see():
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        items = demo().fetch(None, limit=100).items
    texts = " | ".join(i.text for i in items)
    assert "07700 900123" in texts and "Academy" in texts  # a phone number and a school
    assert "cutting" in texts  # self-harm
    grooming = [i for i in items if i.author_handle == "mark_coach_88"]
    assert len(grooming) >= 6 and {i.kind for i in grooming} >= {Kind.MENTION, Kind.DIRECT_MESSAGE}
    assert any(i.media and i.media[0].alt_text for i in items)
    assert {i.kind for i in items} == {Kind.REPLY, Kind.MENTION, Kind.DIRECT_MESSAGE}


def test_publish_and_delete_stay_inside_harbour():
    connector = demo()
    published = connector.publish(PublishRequest("Hello"))
    connector.delete(published.platform_id)
    with pytest.raises(Rejected):
        connector.delete("demo-001")


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"started_at": "soon"},
        {"started_at": "2026-11-25T09:00:00"},
        {"started_at": START.isoformat(), "pace_seconds": "0"},
    ],
)
def test_bad_config_is_a_clear_error(config):
    with pytest.raises(Rejected, match="started_at"):
        DemoConnector(config, {})


def test_moderation_calls_mark_only_and_refuse_someone_not_in_the_feed():
    connector = demo()
    author = feed()["authors"]["amy"]["id"]
    connector.hide("demo-002", thread_root="demo-001")
    connector.unhide("demo-002", thread_root="demo-001")
    for act in (connector.block, connector.unblock, connector.mute, connector.unmute):
        act(author)
        with pytest.raises(Rejected, match="no account"):
            act("demo:nobody")
    with pytest.raises(Rejected, match="itself"):
        connector.block(feed()["authors"]["org"]["id"])
