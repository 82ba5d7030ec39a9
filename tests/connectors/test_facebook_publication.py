"""Publishing to a Facebook Page through the rest of Harbour, against the local Graph API simulator (not
Meta): a post written, reviewed and approved through the services goes out through the publish task with
its image (the bytes Harbour prepared, uploaded unpublished, then attached) and its alt text, once; and a
first attempt whose answer never reached Harbour is found on the Page, not posted again."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harbour.channels import services as channel_services
from harbour.connectors.base import new_publish_key
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import facebook as fb
from harbour.publishing import services
from harbour.publishing.models import PostState, Publication, PublicationState
from harbour.publishing.tasks import publish
from tests.cast import active_channel, give_training
from tests.publishing.library import attach

pytestmark = [pytest.mark.django_db(transaction=True)]

ALT = "A poster: youth club quiz night, Friday at 7pm, free, with a drawing of a trophy"
TOKEN = "page-token-facebook-publishing"


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def page(sim):
    return fb.add_page(sim.world, name="Harbour Youth Club", username="harbouryouth", token=TOKEN)


@pytest.fixture
def channel(org, manager, sim, page):
    made = active_channel(org, "facebook", graph_url=sim.url, account_id=page["id"])
    channel_services.set_credential(made, "access_token", TOKEN, by=manager)
    return made


def poster() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (90, 120), (240, 200, 40)).save(out, "PNG")
    return SimpleUploadedFile("quiz.png", out.getvalue(), content_type="image/png")


def approved(channel, author, reviewer, text: str, *, image=False) -> Publication:
    give_training(reviewer, "approve")
    post = services.create_post(by=author, title="Quiz night", text=text, channel_ids=[channel.pk])
    if image:
        attach(post, author, upload=poster(), alt_text=ALT, shows="nobody", source="own")
        post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


def pages_posts_with(sim, marker: str) -> list[dict]:
    return [post for post in fb.posts(sim.world).values() if marker in post["message"]]


def test_a_post_goes_out_with_its_image_and_alt_text_once(sim, page, channel, author, reviewer):
    marker = new_publish_key()
    text = f"Quiz night on Friday! Who is making a team? {marker}"
    publication = approved(channel, author, reviewer, text, image=True)
    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    assert publish.call(publication_id=publication.pk)["outcome"] == "finished"

    [post] = pages_posts_with(sim, marker)
    assert post["message"] == text and post["from"]["id"] == page["id"]
    [photo] = [fb.photos(sim.world)[photo_id] for photo_id in post["photos"]]
    assert (
        photo["alt_text_custom"] == ALT and photo["content_type"].startswith("image/") and photo["size"] > 0
    )
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    assert (publication.platform_id, publication.url) == (post["id"], post["permalink_url"])
    assert publication.post.state == PostState.PUBLISHED


def test_a_first_attempt_whose_answer_was_lost_is_found_not_posted_again(
    sim, page, channel, author, reviewer
):
    marker = new_publish_key()
    text = f"Quiz night moved to the big hall. Will you come along? {marker}"
    publication = approved(channel, author, reviewer, text)
    # The first attempt made the post on the Page, then the worker died before Harbour wrote the answer.
    first = fb.add_post(sim.world, page["id"], text)
    Publication.objects.filter(pk=publication.pk).update(
        state=PublicationState.RUNNING, attempts=1, started_at=publication.created_at
    )

    assert publish.call(publication_id=publication.pk)["outcome"] == "found"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.attempts == 2
    assert publication.platform_id == first["id"]
    assert [post["id"] for post in pages_posts_with(sim, marker)] == [first["id"]]
