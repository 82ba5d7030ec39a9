"""Posting a publication: once, retried with backoff, the platform asked before any retry, failures with
what to do, a refused credential raised on the channel, and a failed post tried again."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.connectors.base import AuthFailed, PlatformUnavailable, Rejected
from harbour.publishing import sending, services
from harbour.publishing.models import PostState, Publication, PublicationState
from tests.cast import active_channel, give_training, sign_in
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


@pytest.fixture
def scheduled(org, author, reviewer):
    give_training(reviewer, "approve")
    channel = active_channel(org, "test_publishing")
    post = services.create_post(
        by=author,
        title="Open day",
        text="Come to our open day on Saturday. What would you like to try?",
        channel_ids=[channel.pk],
    )
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


def later(publication):
    publication.refresh_from_db()
    return publication.next_try_at


def test_a_temporary_error_is_tried_again_later_and_the_platform_asked_first(platform, scheduled):
    platform.SCRIPT = [PlatformUnavailable("503")]
    sent = sending.publish(scheduled.pk)
    assert sent.outcome == "retry" and sent.retry_at > timezone.now()
    assert platform.finds == []
    assert sending.publish(scheduled.pk).outcome == "not yet"
    assert sending.publish(scheduled.pk, now=later(scheduled)).outcome == "published"
    assert platform.finds == [scheduled.key]  # asked before posting again
    assert len(platform.POSTS) == 1


def test_a_post_made_whose_answer_was_lost_is_found_not_posted_again(platform, scheduled):
    platform.LOST_ANSWER = True
    assert sending.publish(scheduled.pk).outcome == "retry"
    assert sending.publish(scheduled.pk, now=later(scheduled)).outcome == "found"
    scheduled.refresh_from_db()
    assert scheduled.state == PublicationState.PUBLISHED and scheduled.platform_id == f"post-{scheduled.key}"
    assert len(platform.POSTS) == 1


def test_a_worker_killed_mid_call_leaves_it_running_and_the_next_run_asks_the_platform(platform, scheduled):
    """What a SIGKILL between the platform's answer and the database write leaves (the real kill is in
    tests/publishing/test_publish_killed.py): running, with the post on the platform."""
    started = timezone.now()
    Publication.objects.filter(pk=scheduled.pk).update(
        state=PublicationState.RUNNING, attempts=1, started_at=started
    )
    platform.POSTS[scheduled.key] = ("Come to our open day", 0)
    assert sending.publish(scheduled.pk).outcome == "found"
    scheduled.refresh_from_db()
    assert scheduled.state == PublicationState.PUBLISHED
    assert scheduled.post.state == PostState.PUBLISHED


def test_a_permanent_error_fails_with_what_to_do(platform, scheduled):
    platform.SCRIPT = [Rejected("The text is too long")]
    assert sending.publish(scheduled.pk).outcome == "failed"
    scheduled.refresh_from_db()
    assert scheduled.state == PublicationState.FAILED
    assert "too long" in scheduled.error and "app" in scheduled.what_to_do
    assert scheduled.post.state == PostState.FAILED


def test_a_refused_credential_is_raised_on_the_channel_and_the_post_tried_again_after(
    platform, scheduled, author
):
    platform.SCRIPT = [AuthFailed("The app password was revoked")]
    assert sending.publish(scheduled.pk).outcome == "reconnect"
    channel = scheduled.channel
    channel.refresh_from_db()
    assert channel.reconnect_needed
    scheduled.refresh_from_db()
    assert "reconnect" in scheduled.what_to_do
    with pytest.raises(NotAllowed, match="needs reconnecting"):
        services.try_again(scheduled.post, by=author)
    channel.reconnect_needed = False
    channel.save()
    assert services.try_again(scheduled.post, by=author) == 1
    assert sending.publish(scheduled.pk).outcome == "published"
    assert platform.finds == [scheduled.key]


def test_a_post_that_changed_after_approval_is_not_posted(platform, scheduled):
    post = scheduled.post
    post.text = "Changed behind the workflow's back"
    post.save()
    assert sending.publish(scheduled.pk).outcome == "blocked"
    assert platform.POSTS == {}


def test_two_workers_post_it_once(platform, scheduled):
    assert sending.publish(scheduled.pk).outcome == "published"
    assert sending.publish(scheduled.pk).outcome == "finished"
    assert len(platform.POSTS) == 1


def test_a_post_that_went_out_on_one_channel_cannot_be_taken_back(platform, org, author, reviewer):
    """Half out (one channel published, the other waiting): taking it back would let a new approval
    schedule the published channel again."""
    give_training(reviewer, "approve")
    first, second = active_channel(org, "test_publishing"), active_channel(org, "test_publishing")
    post = services.create_post(
        by=author,
        title="Two",
        text="Open day on Saturday. What would you like to try?",
        channel_ids=[first.pk, second.pk],
    )
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    sending.publish(Publication.objects.get(post=post, channel=first).pk)
    with pytest.raises(NotAllowed, match="has gone out"):
        services.take_back(post, by=author)
    page = sign_in(Client(), author.user).get(reverse("publishing:post", args=[post.pk])).content.decode()
    assert reverse("publishing:take_back", args=[post.pk]) not in page  # nor offered
    assert reverse("publishing:edit", args=[post.pk]) not in page
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    assert Publication.objects.get(post=post, channel=second).state == PublicationState.PENDING
