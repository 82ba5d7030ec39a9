"""Publishing to a Facebook Page against the local Graph API simulator (not Meta): a text post, and a post
of several photos (each uploaded unpublished as `source` bytes with its alt text as alt_text_custom, then
attached to one feed post in order), read back from the simulator; what the Page cannot take is refused
before anything is uploaded; a failed upload leaves no post; and find_published finds the post, the reply
or the message publish made, and nothing else."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from harbour.connectors.base import ImageUpload, PlatformUnavailable, PublishRequest, Rejected, VideoUpload
from harbour.connectors.facebook.connector import FacebookConnector
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import facebook as fb

PARENT = {"id": "90000000000002", "name": "Pat Parent"}


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def page(sim):
    return fb.add_page(sim.world)


@pytest.fixture
def conn(sim, page):
    return FacebookConnector(
        {"graph_url": sim.url, "account_id": page["id"]}, {"access_token": page["token"]}
    )


def image(n: int) -> ImageUpload:
    return ImageUpload(
        b"\xff\xd8\xff\xe0" + bytes([n]) * 2048, f"Young people at the climbing wall, photo {n}", "image/jpeg"
    )


def test_a_text_post(sim, page, conn):
    published = conn.publish(PublishRequest("Club is open 6-9pm tonight."))
    post = fb.posts(sim.world)[published.platform_id]
    assert (post["message"], post["from"]["id"], post["photos"]) == (
        "Club is open 6-9pm tonight.",
        page["id"],
        [],
    )
    assert published.url == post["permalink_url"]


def test_a_post_of_several_photos_keeps_their_order_bytes_and_alt_text(sim, page, conn):
    images = (image(1), image(2), image(3))
    published = conn.publish(PublishRequest("Our climbing trip", images=images))
    post = fb.posts(sim.world)[published.platform_id]
    assert post["message"] == "Our climbing trip"
    photos = [fb.photos(sim.world)[photo_id] for photo_id in post["photos"]]
    assert [photo["bytes"] for photo in photos] == [i.data for i in images]
    assert [photo["alt_text_custom"] for photo in photos] == [i.alt_text for i in images]
    assert all(photo["published"] and photo["post_id"] == post["id"] for photo in photos)
    assert {photo["content_type"] for photo in photos} == {"image/jpeg"}
    assert len(fb.photos(sim.world)) == 3  # no stray uploads


def test_what_the_page_cannot_take_is_refused_before_anything_is_sent(sim, conn):
    with pytest.raises(Rejected, match="at most 4 photos"):
        conn.publish(PublishRequest("Too many", images=tuple(image(n) for n in range(5))))
    with pytest.raises(Rejected, match="63,206 characters"):
        conn.publish(PublishRequest("x" * 63_207))
    video = VideoUpload(b"\x00\x00\x00\x18ftypmp42", "A video", "video/mp4", 640, 360, 5000)
    with pytest.raises(Rejected, match="videos"):
        conn.publish(PublishRequest("A video", video=video))
    big = ImageUpload(b"\xff\xd8" + bytes(10_000_000), "A big photo", "image/jpeg")
    with pytest.raises(Rejected, match="less than 10 MB; photo 2 is 10 MB or more"):
        conn.publish(PublishRequest("Too big", images=(image(1), big)))
    with pytest.raises(Rejected, match="words only"):
        conn.publish(PublishRequest("A photo reply", images=(image(1),), reply_to="1_2"))
    assert fb.photos(sim.world) == {} and fb.posts(sim.world) == {}


def test_a_failed_upload_leaves_no_post(sim, conn):
    httpx.post(
        f"{sim.url}/_sim/fail", data={"path": "/photos", "code": "2", "status": "503"}
    ).raise_for_status()
    with pytest.raises(PlatformUnavailable):
        conn.publish(PublishRequest("Our trip", images=(image(1), image(2))))
    assert fb.posts(sim.world) == {}


def test_find_published_finds_the_post_it_made_and_nothing_else(sim, page, conn):
    since = datetime.now(UTC) - timedelta(minutes=1)
    request = PublishRequest("Summer scheme sign-ups are open", key="3lbx2xbk7ea2p")
    assert conn.find_published(request, since) is None
    fb.add_post(
        sim.world, page["id"], "Summer scheme sign-ups are open", author=PARENT
    )  # a visitor's, not ours
    assert conn.find_published(request, since) is None

    published = conn.publish(request)
    assert conn.find_published(request, since) == published
    assert conn.find_published(PublishRequest("Something else"), since) is None


def test_find_published_finds_a_reply_and_a_message(sim, page, conn):
    since = datetime.now(UTC) - timedelta(minutes=1)
    post = fb.add_post(sim.world, page["id"], "Trip")
    comment = fb.add_comment(sim.world, post["id"], "what time?", author=PARENT)
    reply = PublishRequest("Leaving at 9am.", reply_to=comment["id"])
    assert conn.find_published(reply, since) is None
    made = conn.publish(reply)
    assert conn.find_published(reply, since).platform_id == made.platform_id

    message = fb.add_message(sim.world, page["id"], "7700010", "is it raining there")
    answer = PublishRequest("Yes, bring a coat.", reply_to=f"dm:7700010:{message['id']}")
    assert conn.find_published(answer, since) is None
    sent = conn.publish(answer)
    assert conn.find_published(answer, since) == sent
