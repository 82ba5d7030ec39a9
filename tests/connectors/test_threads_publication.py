"""A post with two images, approved in Harbour, goes out to a Threads channel as Meta's API takes it: the
Graph API simulator (not Meta) fetches each image over HTTP from Harbour's own signed public address, served
by a running Harbour, makes a carousel of them with each image's approved alt text and the post's approved choice
of who can reply, and the publication is PUBLISHED with the post's Threads id; the addresses open nothing after."""

import hashlib
import urllib.error
import urllib.request

import pytest
from django.test import override_settings

from harbour.channels import services as channel_services
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import threads as sim
from harbour.publishing import sending, services
from harbour.publishing.models import Publication, PublicationState
from tests.cast import active_channel, give_training
from tests.publishing.library import attach

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_media")]


@pytest.fixture(scope="module")
def harbour_server(request):
    """A running Harbour on plain HTTP (as the browser tests start it), for the simulator to fetch from."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        return request.getfixturevalue("live_server")


def test_an_approved_post_with_images_goes_out_to_threads_as_a_carousel(
    harbour_server, settings, org, manager, moderator, author, reviewer
):
    settings.HARBOUR_SITE_URL = harbour_server.url
    with Simulator() as threads:
        account = sim.account(threads.world, "derby_youth", token="threads-token")
        channel = active_channel(org, "threads", graph_url=threads.url, account_id=account)
        channel.owners.add(manager)
        channel.moderators.add(moderator)
        channel_services.set_credential(channel, "access_token", "threads-token", by=manager)

        give_training(reviewer, "approve")
        post = services.create_post(
            by=author,
            title="Open day",
            text="Our open day is on Saturday! What will you try?",
            channel_ids=[channel.pk],
            reply_controls={channel.pk: "everyone"},  # the author's choice, not the connector's default
        )
        attach(post, author, title="Poster")
        attach(post, author, title="Hall", alt_text="The sports hall set out with stalls")
        post.refresh_from_db()
        services.submit(post, by=author, revision=post.revision)
        services.review(post, by=reviewer, version_number=1, approve=True)
        publication = Publication.objects.get(post=post)

        assert sending.publish(publication.pk).outcome == "published"
        publication.refresh_from_db()
        assert publication.state == PublicationState.PUBLISHED, publication.error
        row = sim._media(threads.world)[publication.platform_id]
        assert (row["media_type"], row["text"], row["reply_control"]) == (
            "CAROUSEL_ALBUM",
            "Our open day is on Saturday! What will you try?",
            "everyone",
        )
        files = []
        for image in post.images.select_related("asset").order_by("position"):
            with image.asset.file.open("rb") as handle:
                files.append(handle.read())
        assert [kept["sha256"] for kept in row["images"]] == [
            hashlib.sha256(data).hexdigest() for data in files
        ]
        assert [kept["alt_text"] for kept in row["images"]] == [
            "Tents in a field at sunset",
            "The sports hall set out with stalls",
        ]
        assert publication.url.startswith("https://www.threads.net/@derby_youth/post/")
        for kept in row["images"]:
            assert kept["url"].startswith(f"{harbour_server.url}/p/media/")
            with pytest.raises(urllib.error.HTTPError) as closed:
                urllib.request.urlopen(kept["url"], timeout=10)
            assert closed.value.code == 404  # the post is out: its addresses open nothing
