"""A post with two photos, approved in Harbour, goes out to an Instagram channel as Meta's API takes it: the
Graph API simulator (not Meta) downloads each image over HTTP from Harbour's own signed public address,
served by a running Harbour, makes a carousel of them with each image's approved alt text and the caption,
and the publication is PUBLISHED with the post's Instagram id and permalink, once. A PNG poster is refused
with a sentence saying what to do, and nothing reaches Instagram."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from harbour.channels import services as channel_services
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import instagram as ig
from harbour.publishing import sending, services
from harbour.publishing.models import Publication, PublicationState
from tests.cast import active_channel, give_training
from tests.publishing.library import attach

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_media")]

TOKEN = "page-token-instagram-publishing"


@pytest.fixture(scope="module")
def harbour_server(request):
    """A running Harbour on plain HTTP (as the browser tests start it), for the simulator to fetch from."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        return request.getfixturevalue("live_server")


def photo(colour, name) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def approved(channel, author, reviewer, text, uploads) -> Publication:
    give_training(reviewer, "approve")
    post = services.create_post(by=author, title="Open day", text=text, channel_ids=[channel.pk])
    for upload, alt in uploads:
        attach(post, author, upload=upload, alt_text=alt)
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


@pytest.fixture
def instagram(harbour_server, settings, org, manager):
    settings.HARBOUR_SITE_URL = harbour_server.url
    with Simulator() as sim:
        account = ig.add_account(sim.world, username="derbyyouth", token=TOKEN)
        channel = active_channel(
            org, "instagram", graph_url=sim.url, account_id=account["id"], page_id=account["page_id"]
        )
        channel_services.set_credential(channel, "access_token", TOKEN, by=manager)
        yield sim, account, channel


def test_an_approved_post_with_photos_goes_out_to_instagram_as_a_carousel(
    instagram, settings, author, reviewer
):
    sim, account, channel = instagram
    publication = approved(
        channel,
        author,
        reviewer,
        "Our open day is on Saturday! What will you try?",
        [
            (photo("orange", "stalls.jpg"), "Stalls in the sports hall"),
            (photo("navy", "band.jpg"), "A band playing on the stage"),
        ],
    )
    assert sending.publish(publication.pk).outcome == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED, publication.error
    (post,) = [m for m in sim.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]
    assert publication.platform_id == post["id"] and publication.url == post["permalink"]
    assert (post["media_type"], post["caption"]) == (
        "CAROUSEL_ALBUM",
        "Our open day is on Saturday! What will you try?",
    )
    files = []
    for image in publication.post.images.select_related("asset").order_by("position"):
        with image.asset.file.open("rb") as handle:
            files.append(handle.read())
    assert [kept["sha256"] for kept in post["images"]] == [hashlib.sha256(f).hexdigest() for f in files]
    assert [kept["alt_text"] for kept in post["images"]] == [
        "Stalls in the sports hall",
        "A band playing on the stage",
    ]
    assert all(
        kept["image_url"].startswith(f"{settings.HARBOUR_SITE_URL}/p/media/") for kept in post["images"]
    )
    assert sending.publish(publication.pk).outcome != "published"  # never twice
    assert len([m for m in sim.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]) == 1


def test_a_png_poster_is_refused_before_approval_with_what_to_do_and_nothing_reaches_instagram(
    instagram, author, reviewer
):
    """Instagram takes JPEG only: the publishing checks say so when the post is submitted (the connector's
    own rule, PlatformEntry.images_refusal), so it never waits for approval only to fail when it is due."""
    sim, _account, channel = instagram
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "yellow").save(out, "PNG")
    poster = SimpleUploadedFile("poster.png", out.getvalue(), content_type="image/png")
    with pytest.raises(services.Blocked) as blocked:
        approved(channel, author, reviewer, "Quiz night!", [(poster, "A quiz night poster")])
    assert "JPEG images only" in str(blocked.value) and "Save it as a JPEG" in str(blocked.value)
    assert not Publication.objects.exists() and sim.world.table(ig.CONTAINERS) == {}
