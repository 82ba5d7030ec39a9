"""Threads posts with images, as Meta documents them: the simulator fetches each image from the public
address Harbour gives (ImageUpload.url) as Meta's servers would, one image is an IMAGE container and two or
more a CAROUSEL of is_carousel_item containers, each with its alt text; what Threads would not take (no
address, not JPEG or PNG, over 8 MB, more than 20, alt text over 1,000 characters) is refused before anything
is sent, and an address Meta cannot fetch leaves nothing published."""

import hashlib

import pytest

from harbour.connectors.base import ImageUpload, NotSupported, PublishRequest, Rejected, VideoUpload
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import threads as sim
from harbour.connectors.threads.connector import ThreadsConnector
from tests.connectors.servers import FileHost

JPEG = b"\xff\xd8\xff\xe0" + b"jpeg body " * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"png body " * 100


@pytest.fixture(scope="module")
def public():
    """Harbour's public media addresses, as Meta's servers reach them: path -> bytes, and who asked."""
    host = FileHost()
    yield host
    host.close()


@pytest.fixture
def threads():
    with Simulator() as running:
        running.org = sim.account(running.world, "harbour_youth", token="t")
        yield running


def connect(threads) -> ThreadsConnector:
    return ThreadsConnector({"graph_url": threads.url, "account_id": threads.org}, {"access_token": "t"})


def posted(threads, media_id) -> dict:
    return sim._media(threads.world)[media_id]


def test_one_image_is_fetched_from_its_address_with_its_alt_text(threads, public):
    url = public("/m/one.jpg", JPEG)
    image = ImageUpload(JPEG, "Young people painting a mural", "image/jpeg", url=url)
    made = connect(threads).publish(PublishRequest("Mural day!", images=(image,)))
    row = posted(threads, made.platform_id)
    assert (row["media_type"], row["text"], row["reply_control"]) == (
        "IMAGE",
        "Mural day!",
        "accounts_you_follow",
    )
    [kept] = row["images"]
    assert kept["sha256"] == hashlib.sha256(JPEG).hexdigest() and kept["size"] == len(JPEG)
    assert (kept["alt_text"], kept["mime_type"], kept["url"]) == (
        "Young people painting a mural",
        "image/jpeg",
        url,
    )
    assert "/m/one.jpg" in public.asked


def test_several_images_go_out_as_one_carousel_in_order(threads, public):
    images = tuple(
        ImageUpload(data, f"Photo {n} of the trip", kind, url=public(f"/m/trip{n}", data))
        for n, (data, kind) in enumerate(
            [(JPEG, "image/jpeg"), (PNG, "image/png"), (JPEG + b"3", "image/jpeg")], 1
        )
    )
    made = connect(threads).publish(PublishRequest("The trip in three pictures", images=images))
    row = posted(threads, made.platform_id)
    assert row["media_type"] == "CAROUSEL_ALBUM" and row["text"] == "The trip in three pictures"
    assert [kept["alt_text"] for kept in row["images"]] == [
        "Photo 1 of the trip",
        "Photo 2 of the trip",
        "Photo 3 of the trip",
    ]
    assert [kept["sha256"] for kept in row["images"]] == [hashlib.sha256(i.data).hexdigest() for i in images]
    items = [c for c in sim._containers(threads.world).values() if c["carousel_item"]]
    assert len(items) == 3 and all(c["status"] == "FINISHED" for c in items)  # never published on their own


def test_an_image_reply_answers_the_item(threads, public):
    root = sim.post(threads.world, "harbour_youth", "What should we paint next?")["id"]
    question = sim.post(threads.world, "kid", "a dragon!!", reply_to=root)["id"]
    image = ImageUpload(PNG, "A sketch of a dragon", "image/png", url=public("/m/dragon.png", PNG))
    made = connect(threads).publish(PublishRequest("Like this?", images=(image,), reply_to=question))
    assert posted(threads, made.platform_id)["replied_to"] == question


def test_an_address_meta_cannot_fetch_publishes_nothing(threads, public):
    before = len(sim._media(threads.world))
    image = ImageUpload(JPEG, "A poster", "image/jpeg", url=public.url + "/m/expired")
    with pytest.raises(Rejected, match="could not prepare the post \\(Media download has failed"):
        connect(threads).publish(PublishRequest("Poster", images=(image,)))
    assert len(sim._media(threads.world)) == before


def test_what_threads_would_not_take_is_refused_before_anything_is_sent(threads, public):
    org, url = connect(threads), public("/m/ok.jpg", JPEG)
    before = len(sim._containers(threads.world))
    cases = [
        (NotSupported, "Harbour gave this one none", [ImageUpload(JPEG, "x", "image/jpeg")]),
        (
            Rejected,
            "JPEG and PNG images only: image 2 is image/webp",
            [
                ImageUpload(JPEG, "x", "image/jpeg", url=url),
                ImageUpload(b"RIFF....WEBP", "y", "image/webp", url=url),
            ],
        ),
        (
            Rejected,
            "at most 8 MB",
            [ImageUpload(b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024), "x", "image/jpeg", url=url)],
        ),
        (Rejected, "at most 20 images", [ImageUpload(JPEG, "x", "image/jpeg", url=url)] * 21),
        (
            Rejected,
            "alt text of at most 1,000 characters: image 1's is 1,001",
            [ImageUpload(JPEG, "a" * 1001, "image/jpeg", url=url)],
        ),
    ]
    for error, words, images in cases:
        with pytest.raises(error, match=words):
            org.publish(PublishRequest("hello", images=tuple(images)))
    video = VideoUpload(b"mp4", "A clip", "video/mp4", width=640, height=360, duration_ms=1000, url="")
    with pytest.raises(NotSupported, match="Harbour gave this one none"):  # videos: test_threads_video.py
        org.publish(PublishRequest("clip", video=video))
    assert len(sim._containers(threads.world)) == before
