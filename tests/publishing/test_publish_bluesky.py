"""Issue 20 on the real local Bluesky network (@atproto/dev-env): a post written, proof read and scheduled
through the services goes out at its time through the task, with its image and alt text; a reply to it
reaches the inbox in its thread; a refused credential fails it with what to do and flags the channel. A
post with a video from the media library goes out as an app.bsky.embed.video whose blob is the library's
file byte for byte (the local network has no video service: docs/connectors.md)."""

import io
from datetime import timedelta

import pytest
import time_machine
from atproto_core.uri import AtUri
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.publishing import services
from harbour.publishing.models import PostState, Publication, PublicationState
from harbour.publishing.tasks import publish
from tests.cast import bluesky_channel, give_training
from tests.publishing.library import attach, video_asset

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ALT = "Three people painting a mural of the sea on the youth centre's wall, seen from behind"


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 140, 200)).save(out, "JPEG")
    return SimpleUploadedFile("mural.jpg", out.getvalue(), content_type="image/jpeg")


def approved(channel, author, reviewer, *, text: str, publish_at=None, image: bool = False) -> Publication:
    """Written by the author, proof read and approved by the reviewer: scheduled for publish_at."""
    give_training(reviewer, "approve")
    post = services.create_post(
        by=author, title="Mural", text=text, channel_ids=[channel.pk], publish_at=publish_at
    )
    if image:
        attach(
            post,
            author,
            upload=photo(),
            alt_text=ALT,
            shows="nobody",
            source="own",
        )
        post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


def the_task(publication) -> DBTaskResult:
    [task] = DBTaskResult.objects.filter(
        task_path="harbour.publishing.tasks.publish", args_kwargs__kwargs__publication_id=publication.pk
    )
    return task


def test_a_post_goes_out_at_its_time_with_its_image_and_its_replies_reach_the_inbox(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, bluesky_on_loopback
):
    account, young = bluesky_account("pubhub"), bluesky_account("pubyoung")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    assert poll(channel.pk).outcome != "failed"  # the first poll sets the inbox's position
    at = timezone.now() + timedelta(minutes=2)
    text = "Our mural is finished! Come and see it on Friday. What should we paint next?"
    publication = approved(channel, author, reviewer, text=text, publish_at=at, image=True)
    task = the_task(publication)
    assert task.run_after == at  # the queue holds it until its time

    # Delivered early (another worker's clock, a requeue), it waits: nothing is posted before its time.
    assert publish.call(publication_id=publication.pk)["outcome"] == "not yet"
    assert (
        account.client.com.atproto.repo.list_records(
            {"repo": account.did, "collection": "app.bsky.feed.post"}
        ).records
        == []
    )

    with time_machine.travel(at + timedelta(seconds=1)):  # its time has come
        assert publish.call(**task.args_kwargs["kwargs"])["outcome"] == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.attempts == 1
    assert publication.post.state == PostState.PUBLISHED
    uri = AtUri.from_str(publication.platform_id)
    assert (uri.hostname, uri.collection, uri.rkey) == (account.did, "app.bsky.feed.post", publication.key)
    assert publication.url == f"https://bsky.app/profile/{account.did}/post/{publication.key}"

    # On the network: the text, the image with its alt text and size, the bytes Harbour stored.
    stored = account.client.com.atproto.repo.get_record(
        {"repo": account.did, "collection": "app.bsky.feed.post", "rkey": publication.key}
    )
    assert stored.value.text == text
    [image] = stored.value.embed.images
    assert image.alt == ALT
    assert (image.aspect_ratio.width, image.aspect_ratio.height) == (120, 80)
    kept = publication.post.images.get()
    blob = account.client.com.atproto.sync.get_blob({"did": account.did, "cid": image.image.cid.encode()})
    assert blob == kept.asset.file.open("rb").read()
    atproto_network.sync()
    [view] = account.client.app.bsky.feed.get_posts({"uris": [publication.platform_id]}).posts
    assert [i.alt for i in view.embed.images] == [ALT]

    # Run again (a second delivery of the task): finished, nothing posted twice.
    assert publish.call(publication_id=publication.pk)["outcome"] == "finished"
    posts = account.client.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post"}
    ).records
    assert [p.uri for p in posts] == [publication.platform_id]

    # A young person answers; the channel's ingest brings the reply into the inbox, in the post's thread.
    young.post("Can we paint a dragon next?", reply_to=stored)
    atproto_network.sync()
    assert poll(channel.pk).stored == 1
    reply = Item.objects.get(channel=channel)
    assert reply.thread_id == publication.platform_id
    assert reply.parent_id == publication.platform_id
    assert reply.text == "Can we paint a dragon next?" and reply.author.handle == young.handle


def test_a_refused_credential_fails_the_post_with_what_to_do_and_flags_the_channel(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, bluesky_on_loopback
):
    account = bluesky_account("pubrevoked")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    publication = approved(channel, author, reviewer, text="Youth club is closed on Monday for training.")
    # The organisation revoked Harbour's app password on Bluesky.
    account.client.com.atproto.server.revoke_app_password({"name": "harbour"})

    assert publish.call(publication_id=publication.pk)["outcome"] == "reconnect"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED
    assert "Bluesky refused Harbour's credential" in publication.error
    assert "reconnect the channel" in publication.what_to_do
    assert publication.post.state == PostState.FAILED
    channel.refresh_from_db()
    assert channel.reconnect_needed
    assert (
        account.client.com.atproto.repo.list_records(
            {"repo": account.did, "collection": "app.bsky.feed.post"}
        ).records
        == []
    )


VIDEO_ALT = "Two canoes racing on a river towards the finish line, people cheering on the bank"


def test_a_post_with_a_video_goes_out_with_the_video_and_its_alt_text(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, bluesky_on_loopback
):
    account = bluesky_account("pubvidpost")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    give_training(reviewer, "approve")
    text = "Watch our canoe race! Who do you think will win next year?"
    post = services.create_post(by=author, title="Regatta", text=text, channel_ids=[channel.pk])
    video = video_asset(org, author, seconds=1, width=160, height=120, alt_text=VIDEO_ALT)
    attach(post, author, asset=video)
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)

    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.post.state == PostState.PUBLISHED
    stored = account.client.com.atproto.repo.get_record(
        {"repo": account.did, "collection": "app.bsky.feed.post", "rkey": publication.key}
    ).value
    assert stored.text == text
    assert stored.embed.py_type == "app.bsky.embed.video" and stored.embed.alt == VIDEO_ALT
    assert (stored.embed.aspect_ratio.width, stored.embed.aspect_ratio.height) == (160, 120)
    blob = account.client.com.atproto.sync.get_blob(
        {"did": account.did, "cid": stored.embed.video.cid.encode()}
    )
    with video.file.open("rb") as kept:
        assert blob == kept.read()
