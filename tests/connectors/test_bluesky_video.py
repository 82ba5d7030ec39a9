"""Bluesky publishes a video as Bluesky's documentation's simple way does it: the MP4 uploaded to the PDS as a
blob and the post's embed an app.bsky.embed.video with the alt text and the aspect ratio. Proved against the
local Bluesky network (@atproto/dev-env): the record names the blob, the blob read back is byte for byte the
video sent, and the AppView shows the post with the video's alt text. Bluesky's video service (video.bsky.app),
which prepares a video for playing, is not part of that network and is not tested (docs/connectors.md).
A video Bluesky would not take is refused in a sentence before anything is sent, and the PDS's own smaller
limit on one blob is said plainly."""

import pytest
from atproto_core.uri import AtUri

from harbour.connectors.base import PlatformUnavailable, Rejected, VideoUpload, new_publish_key
from harbour.connectors.base import PublishRequest as Request
from harbour.connectors.bluesky.connector import BlueskyConnector
from tests.connectors.servers import free_port
from tests.videos import make_video

ALT = "Young people building a raft on the lake, seen from the bank, no faces"


@pytest.fixture(scope="module")
def clip() -> bytes:
    return make_video(1, width=160, height=120)


def video(data: bytes, **changes) -> VideoUpload:
    fields = {"data": data, "alt_text": ALT, "mime_type": "video/mp4", "width": 160, "height": 120}
    return VideoUpload(**{**fields, "duration_ms": 1000, **changes})


@pytest.mark.slow
def test_a_video_is_posted_with_its_alt_text_and_aspect_ratio_and_the_blob_is_the_video_sent(
    bluesky_account, atproto_network, clip
):
    org = bluesky_account("pubvideo")
    connector = BlueskyConnector(org.config(), org.credentials())
    key = new_publish_key()
    published = connector.publish(Request("Raft day on the lake 🛶", video=video(clip), key=key))
    at = AtUri.from_str(published.platform_id)
    assert (at.hostname, at.collection, at.rkey) == (org.did, "app.bsky.feed.post", key)

    stored = org.client.com.atproto.repo.get_record(
        {"repo": org.did, "collection": "app.bsky.feed.post", "rkey": key}
    ).value
    assert stored.text == "Raft day on the lake 🛶"
    embed = stored.embed
    assert embed.py_type == "app.bsky.embed.video"
    assert embed.alt == ALT
    assert (embed.aspect_ratio.width, embed.aspect_ratio.height) == (160, 120)
    assert embed.video.mime_type == "video/mp4"
    assert embed.video.size == len(clip)
    blob = org.client.com.atproto.sync.get_blob({"did": org.did, "cid": embed.video.cid.encode()})
    assert blob == clip  # byte for byte what Harbour sent: nothing added, nothing re-encoded

    # The AppView hydrates the post with a video view carrying the alt text and the aspect ratio.
    atproto_network.sync()
    [view] = org.client.app.bsky.feed.get_posts({"uris": [published.platform_id]}).posts
    assert view.embed.py_type == "app.bsky.embed.video#view"
    assert view.embed.alt == ALT
    assert (view.embed.aspect_ratio.width, view.embed.aspect_ratio.height) == (160, 120)
    assert view.embed.cid == embed.video.cid.encode()

    # The same key again (a retry that never saw the answer) is the same post, with one video.
    again = BlueskyConnector(org.config(), org.credentials()).publish(
        Request("Raft day on the lake 🛶", video=video(clip), key=key)
    )
    assert again == published


@pytest.mark.slow
def test_the_servers_own_smaller_limit_on_one_file_is_said_plainly_and_nothing_is_posted(
    bluesky_account, clip
):
    """A PDS sets its own limit on one blob (the dev network's and a self-hosted PDS's default is 5 MB),
    below Bluesky's 100 MB: the connector says so in words, and no post goes out without its video."""
    org = bluesky_account("pubvidbig")
    connector = BlueskyConnector(org.config(), org.credentials())
    big = clip + bytes(6 * 1024 * 1024)  # over the PDS's 5 MB; the PDS refuses it by its size alone
    with pytest.raises(Rejected, match=r"refused the video as too large \(6\.3 MB\)"):
        connector.publish(Request("Too big", video=video(big), key=new_publish_key()))
    posts = org.client.com.atproto.repo.list_records(
        {"repo": org.did, "collection": "app.bsky.feed.post"}
    ).records
    assert posts == []


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        (
            {"duration_ms": 180_001},
            "Bluesky takes videos of at most 3 minutes; this one is 3 minutes 1 second. Shorten it.",
        ),
        (
            {"duration_ms": 245_000},
            "Bluesky takes videos of at most 3 minutes; this one is 4 minutes 5 seconds. Shorten it.",
        ),
        (
            {"size": 100_000_001},  # made in the test, not when the tests are collected
            (
                "Bluesky takes videos of at most 100 MB; this one is just over 100 MB. Shorten it, or film "
                "it at a lower quality."
            ),
        ),
        ({"mime_type": "video/quicktime"}, "Bluesky takes videos as MP4 files only, not video/quicktime"),
        (
            {"alt_text": "🛶" * 1001},
            "Bluesky takes a video's alt text of at most 1,000 characters; this one has 1,001. Shorten it.",
        ),
    ],
)
def test_a_video_bluesky_would_not_take_is_refused_before_anything_is_sent(clip, changes, refusal):
    changes = dict(changes)
    data = bytes(changes.pop("size")) if "size" in changes else clip
    # The service is a closed port: had the connector tried to sign in or upload, it would say it could
    # not reach Bluesky, not this.
    connector = BlueskyConnector(
        {"service": f"http://127.0.0.1:{free_port()}", "allow_private_network": "true"},
        {"identifier": "org.test", "app_password": "aaaa-bbbb-cccc-dddd"},
    )
    with pytest.raises(Rejected) as refused:
        connector.publish(Request("Raft day", video=video(data, **changes)))
    assert refused.value.message == refusal
    # Within the limits, the same connector does try to reach the server.
    with pytest.raises(PlatformUnavailable, match="could not reach Bluesky"):
        connector.publish(Request("Raft day", video=video(clip, duration_ms=180_000)))
