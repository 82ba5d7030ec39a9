"""The demo connector publishes with a key as the real ones do: the same key is the same post; it takes
images or a video within its limits, refuses them over the limits in a sentence, and keeps nothing of them."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from harbour.connectors.base import ImageUpload, PublishRequest, Rejected, VideoUpload, new_publish_key
from harbour.connectors.registry import get_connector
from tests.connectors.test_bluesky_fetch import PNG
from tests.videos import make_video

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


def test_a_video_is_published_like_images_and_kept_nowhere():
    """The demo takes a video within its limits as a real platform would, and the post it gives is the
    key's, the same with or without the video: nothing of the video is kept or goes into the id."""
    key = new_publish_key()
    clip = make_video(1, width=160, height=120)
    request = PublishRequest(
        "Camp highlights",
        video=VideoUpload(clip, "Tents by the lake at sunset", "video/mp4", 160, 120, 1000),
        key=key,
    )
    published = demo().publish(request)
    assert (
        published
        == demo().publish(PublishRequest("Camp highlights", key=key))
        == demo().find_published(request, START)
    )
    pictures = PublishRequest(
        "Camp highlights", images=[ImageUpload(PNG, "Tents by the lake", "image/png")], key=new_publish_key()
    )
    assert demo().publish(pictures).platform_id.startswith("demo-published-")


def test_a_video_or_images_over_the_demos_limits_are_refused_in_a_sentence():
    long = VideoUpload(b"\x00" * 10, "A long video", "video/mp4", 160, 120, 200_000)
    with pytest.raises(Rejected) as refused:
        demo().publish(PublishRequest("Too long", video=long, key=new_publish_key()))
    assert refused.value.message == (
        "Demonstration feed takes videos of at most 3 minutes; this one is 3 minutes 20 seconds. Shorten it."
    )
    five = [ImageUpload(PNG, f"Picture {n}", "image/png") for n in range(5)]
    with pytest.raises(Rejected, match="at most 4 images"):
        demo().publish(PublishRequest("Too many", images=five, key=new_publish_key()))
