"""The demo connector publishes with a key as the real ones do: the same key is the same post."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from harbour.connectors.base import PublishRequest, Rejected, new_publish_key
from harbour.connectors.registry import get_connector

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def demo():
    return get_connector("demo", {"started_at": START.isoformat(), "pace_seconds": "20"}, {})


def test_the_same_key_gives_the_same_post_and_find_published_finds_it():
    key = new_publish_key()
    request = PublishRequest("Youth club is open on Friday", key=key)
    with time_machine.travel(START, tick=False):
        first = demo().publish(request)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        again = demo().publish(PublishRequest("Youth club is open on Friday", key=key))
        found = demo().find_published(request, START)
    assert first == again == found
    assert first.platform_id.startswith("demo-published-")
    demo().delete(first.platform_id)  # it is the organisation's own post

    other = demo().publish(PublishRequest("Youth club is open on Friday", key=new_publish_key()))
    assert other.platform_id != first.platform_id


def test_posts_without_a_key_stay_as_they_were():
    with time_machine.travel(START, tick=False):
        one = demo().publish(PublishRequest("Hello"))
    with time_machine.travel(START + timedelta(seconds=1), tick=False):
        two = demo().publish(PublishRequest("Hello"))
    assert one != two
    with pytest.raises(Rejected, match="key"):
        demo().find_published(PublishRequest("Hello"), START)
