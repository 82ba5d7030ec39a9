"""Publishing to Instagram against the local Graph API simulator (not Meta), which downloads each image from
its address as Meta does (here a local server stands in for Harbour's signed public media address): an
image post and a carousel reach the account with the caption and each image's alt text, in order; a
container Meta is still preparing is waited for, one it could not prepare is refused with nothing posted;
what Instagram would not take is refused before any call; a missing permission is named; and
find_published finds the post a lost answer left behind."""

import hashlib
import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from harbour.connectors.base import (
    ImageUpload,
    NotSupported,
    PublishRequest,
    Rejected,
    VideoUpload,
)
from harbour.connectors.instagram.connector import InstagramConnector
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import instagram as ig
from tests.connectors.servers import FileHost

TOKEN = "page-token-publish"


def jpeg(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "JPEG")
    return out.getvalue()


PICTURES = {"/a.jpg": jpeg("red"), "/b.jpg": jpeg("green"), "/c.jpg": jpeg("blue")}


@pytest.fixture(scope="module")
def media_host():
    """A public media address as Harbour's would answer it: each picture's bytes as image/jpeg."""
    host = FileHost({path: (data, "image/jpeg") for path, data in PICTURES.items()})
    yield host.url
    host.close()


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def account(sim):
    return ig.add_account(sim.world, username="harbouryouth", token=TOKEN)


def connect(sim, account, token=TOKEN):
    return InstagramConnector(
        {"graph_url": sim.url, "account_id": account["id"], "page_id": account["page_id"]},
        {"access_token": token},
    )


def image(host, path, alt):
    return ImageUpload(PICTURES.get(path, b"\xff\xd8"), alt, "image/jpeg", url=f"{host}{path}")


def posts_of(sim, account):
    return [m for m in sim.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]


def test_an_image_post_reaches_instagram_with_its_caption_and_alt_text(sim, account, media_host):
    sent = connect(sim, account).publish(
        PublishRequest("Open day on Saturday!", images=(image(media_host, "/a.jpg", "Our hall, decorated"),))
    )
    (post,) = posts_of(sim, account)
    assert sent.platform_id == post["id"] and sent.url == post["permalink"]
    assert post["caption"] == "Open day on Saturday!" and post["media_type"] == "IMAGE"
    assert post["images"] == [
        {
            "image_url": f"{media_host}/a.jpg",
            "alt_text": "Our hall, decorated",
            "fetched": len(PICTURES["/a.jpg"]),
            "sha256": hashlib.sha256(PICTURES["/a.jpg"]).hexdigest(),
        }
    ]


def test_a_carousel_keeps_its_images_and_alt_texts_in_order(sim, account, media_host):
    pictures = [image(media_host, f"/{n}.jpg", f"Picture {n}") for n in "abc"]
    sent = connect(sim, account).publish(PublishRequest("Summer trip", images=tuple(pictures)))
    (post,) = posts_of(sim, account)
    assert sent.platform_id == post["id"] and post["media_type"] == "CAROUSEL_ALBUM"
    assert [(i["image_url"], i["alt_text"]) for i in post["images"]] == [
        (f"{media_host}/{n}.jpg", f"Picture {n}") for n in "abc"
    ]
    assert [i["fetched"] for i in post["images"]] == [len(PICTURES[f"/{n}.jpg"]) for n in "abc"]


def test_a_container_still_being_prepared_is_waited_for(sim, account, media_host):
    ig.container_statuses(sim.world, "IN_PROGRESS")
    started = time.monotonic()
    connect(sim, account).publish(PublishRequest("Wait for it", images=(image(media_host, "/a.jpg", "A"),)))
    assert time.monotonic() - started >= 0.9  # it asked again after a second
    assert len(posts_of(sim, account)) == 1


def test_a_container_meta_could_not_prepare_posts_nothing(sim, account, media_host):
    ig.container_statuses(sim.world, "ERROR")
    with pytest.raises(Rejected, match="could not prepare the post .*nothing was posted"):
        connect(sim, account).publish(PublishRequest("x", images=(image(media_host, "/a.jpg", "A"),)))
    assert posts_of(sim, account) == []


def test_an_image_meta_cannot_download_is_refused_in_metas_words(sim, account, media_host):
    with pytest.raises(Rejected, match="could not be fetched"):
        connect(sim, account).publish(PublishRequest("x", images=(image(media_host, "/missing.jpg", "A"),)))
    assert posts_of(sim, account) == []


def test_what_instagram_would_not_take_is_refused_before_any_call(sim, account, media_host):
    connector = connect(sim, account)
    one = (image(media_host, "/a.jpg", "A"),)
    video = VideoUpload(b"mp4", "A clip", "video/mp4", 640, 360, 1000, url=f"{media_host}/v.mp4")
    refusals = [
        (PublishRequest("Words only"), Rejected, "needs an image or a video"),
        (PublishRequest("A clip", video=video), Rejected, "Instagram takes videos of at least 3 seconds"),
        (PublishRequest("x", images=one * 11), Rejected, "at most 10 images"),
        (PublishRequest("x" * 2201, images=one), Rejected, "The caption is 2,201 characters"),
        (
            PublishRequest("x", images=(ImageUpload(b"png", "A", "image/png", url=f"{media_host}/a.png"),)),
            Rejected,
            "JPEG images only; image 1 is a PNG",
        ),
        (
            PublishRequest("x", images=(ImageUpload(b"j", "A", "image/jpeg"),)),
            NotSupported,
            "HARBOUR_SITE_URL",
        ),
    ]
    for request, error, words in refusals:
        with pytest.raises(error, match=words):
            connector.publish(request)
    assert sim.world.table(ig.CONTAINERS) == {} and posts_of(sim, account) == []


def test_publishing_without_the_permission_names_it(sim, account, media_host):
    scopes = [s for s in ig.SCOPES if s != "instagram_content_publish"]
    sim.world.token("no-publish", scopes=scopes, user_id=account["page_id"], kind="page")
    with pytest.raises(Rejected, match="needs the instagram_content_publish permission"):
        connect(sim, account, "no-publish").publish(
            PublishRequest("x", images=(image(media_host, "/a.jpg", "A"),))
        )


def test_find_published_finds_the_post_a_lost_answer_left_behind(sim, account, media_host):
    connector = connect(sim, account)
    request = PublishRequest("Football  on\nFriday", images=(image(media_host, "/a.jpg", "A ball"),))
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert connector.find_published(request, since) is None
    sent = connector.publish(request)
    ig.add_media(sim.world, account["id"], caption="Something else")
    assert connector.find_published(request, since) == sent
    assert connector.find_published(PublishRequest("Football on Friday"), since) == sent  # white space aside
    with pytest.raises(NotSupported):
        connector.find_published(PublishRequest("hi", reply_to="17841400000000001"), since)
