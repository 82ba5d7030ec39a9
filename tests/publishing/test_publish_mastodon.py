"""Issue 20 on Mastodon, through its simulator (mastodon_mock, not Mastodon; docs/connectors.md): a post
written, proof read and scheduled through the services goes out through the publish task with its image
and alt text; a first attempt whose answer never reached Harbour is found on the server, not posted again.
A post with a video from the media library goes out with it as the status's one attachment, of type video,
its alt text the description."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from mastodon import Mastodon
from PIL import Image

from harbour.channels import services as channel_services
from harbour.connectors.base import new_publish_key
from harbour.publishing import services
from harbour.publishing.models import PostState, Publication, PublicationState
from harbour.publishing.tasks import publish
from tests.cast import active_channel, give_training
from tests.connectors.servers import start_mastodon_mock, stop_mastodon_mock
from tests.publishing.library import attach, video_asset

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ALT = "A poster: youth club quiz night, Friday at 7pm, free, with a drawing of a trophy"


@pytest.fixture(scope="module")
def mastodon_server():
    mock = start_mastodon_mock()
    yield mock
    stop_mastodon_mock(mock)


@pytest.fixture
def organisation_account(mastodon_server):
    """The organisation's account as a person with the Mastodon app would see it."""
    api = Mastodon(api_base_url=mastodon_server.url, version_check_mode="none")
    api.access_token = mastodon_server.tokens["harbour_org"]
    return api


@pytest.fixture
def channel(org, manager, mastodon_server, bluesky_on_loopback):
    """An active Mastodon channel on the simulator with the organisation's token, stored encrypted."""
    made = active_channel(org, "mastodon", server_url=mastodon_server.url)
    channel_services.set_credential(made, "access_token", mastodon_server.tokens["harbour_org"], by=manager)
    return made


def poster() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (90, 120), (240, 200, 40)).save(out, "PNG")
    return SimpleUploadedFile("quiz.png", out.getvalue(), content_type="image/png")


def approved(channel, author, reviewer, text: str, *, image=False) -> Publication:
    give_training(reviewer, "approve")
    post = services.create_post(by=author, title="Quiz night", text=text, channel_ids=[channel.pk])
    if image:
        attach(
            post,
            author,
            upload=poster(),
            alt_text=ALT,
            shows="nobody",
            source="own",
        )
        post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


def statuses_with(api, marker: str) -> list:
    me = api.account_verify_credentials()
    return [s for s in api.account_statuses(me["id"], limit=40) if marker in s["content"]]


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_post_goes_out_with_its_image_and_alt_text_once(channel, author, reviewer, organisation_account):
    marker = new_publish_key()
    text = f"Quiz night on Friday! Who is making a team? {marker}"
    publication = approved(channel, author, reviewer, text, image=True)
    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    assert publish.call(publication_id=publication.pk)["outcome"] == "finished"

    [status] = statuses_with(organisation_account, marker)
    assert plain(status["content"]) == text
    assert [m["description"] for m in status["media_attachments"]] == [ALT]
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    assert publication.platform_id == str(status["id"]) and publication.url == status["url"]
    assert publication.post.state == PostState.PUBLISHED


def test_a_first_attempt_whose_answer_was_lost_is_found_not_posted_again(
    channel, author, reviewer, organisation_account
):
    marker = new_publish_key()
    text = f"Quiz night moved to the big hall. Will you come along? {marker}"
    publication = approved(channel, author, reviewer, text)
    # The first attempt: claimed, the status made on the server, then the worker died before Harbour wrote
    # the answer (the real kill is tests/publishing/test_publish_killed.py): what that leaves.
    first = organisation_account.status_post(text)
    Publication.objects.filter(pk=publication.pk).update(
        state=PublicationState.RUNNING, attempts=1, started_at=publication.created_at
    )

    assert publish.call(publication_id=publication.pk)["outcome"] == "found"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.attempts == 2
    assert publication.platform_id == str(first["id"])
    assert [s["id"] for s in statuses_with(organisation_account, marker)] == [first["id"]]


def test_a_post_with_a_video_goes_out_with_it_as_its_one_attachment(
    org, channel, author, reviewer, organisation_account
):
    give_training(reviewer, "approve")
    marker = new_publish_key()
    text = f"Watch our canoe race! Who will win next year? {marker}"
    alt = "Two canoes racing on a river towards the finish line, people cheering on the bank"
    post = services.create_post(by=author, title="Regatta", text=text, channel_ids=[channel.pk])
    attach(post, author, asset=video_asset(org, author, alt_text=alt))
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)

    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    [status] = statuses_with(organisation_account, marker)
    assert plain(status["content"]) == text
    assert [(m["type"], m["description"]) for m in status["media_attachments"]] == [("video", alt)]
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.platform_id == str(status["id"])
