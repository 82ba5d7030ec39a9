"""The proof reading workflow through the services: draft -> submitted -> approved by someone
independent -> scheduled -> published, and every refusal on the way (guidance 4.1)."""

import datetime

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.publishing import sending, services
from harbour.publishing.models import (
    AppendOnlyError,
    PostState,
    Publication,
    PublicationState,
    Review,
    content_hash,
)
from tests.cast import active_channel, give_training, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(org):
    return active_channel(org, "demo", started_at=timezone.now().isoformat())


@pytest.fixture
def proof_reader(reviewer):
    give_training(reviewer, "approve")
    return reviewer


def write(author, channel, text="Summer camp sign-ups open on Monday. What would you like to do there?"):
    return services.create_post(by=author, title="Summer camp", text=text, channel_ids=[channel.pk])


def submitted(author, channel, **kwargs):
    post = write(author, channel, **kwargs)
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    return post


def test_a_post_goes_from_draft_to_published(author, proof_reader, channel):
    post = submitted(author, channel)
    assert post.state == PostState.SUBMITTED
    version = post.current_version
    assert version.content_hash == content_hash(services.content_of(post))

    decision = services.review(post, by=proof_reader, version_number=version.number, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    assert decision.content_hash == version.content_hash
    publication = Publication.objects.get(post=post)
    assert publication.state == PublicationState.PENDING and publication.key

    assert sending.publish(publication.pk).outcome == "published"
    publication.refresh_from_db()
    post.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.platform_id
    assert post.state == PostState.PUBLISHED and post.published_at
    assert sending.publish(publication.pk).outcome == "finished"  # never twice
    actions = set(AuditEvent.objects.filter(organisation=post.organisation).values_list("action", flat=True))
    assert {
        "publishing.submitted",
        "publishing.approved",
        "publishing.scheduled",
        "publishing.published",
    } <= actions


def test_the_author_cannot_approve_their_own_post(org, channel, proof_reader):
    writer = make_member(org, "manager", "writer@example.org", "Writer")  # a manager may approve others'
    give_training(writer, "approve")
    post = submitted(writer, channel)
    with pytest.raises(NotAllowed, match="You wrote this post"):
        services.review(post, by=writer, version_number=1, approve=True)
    assert not Review.objects.exists()


def test_a_proof_reader_who_changed_the_words_cannot_approve_them(org, author, channel):
    editor = make_member(org, "manager", "editor@example.org", "Editor")
    give_training(editor, "approve")
    post = write(author, channel)
    services.change_post(
        post,
        by=editor,
        revision=post.revision,
        title=post.title,
        text=post.text + " Bring a friend!",
        channel_ids=[channel.pk],
    )
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    with pytest.raises(NotAllowed, match="You changed this post"):
        services.review(post, by=editor, version_number=1, approve=True)


def test_a_change_after_approval_needs_approval_again(author, proof_reader, channel):
    post = submitted(author, channel)
    post.publish_at = None
    services.reschedule(post, by=author, publish_at=timezone.now() + datetime.timedelta(days=1))
    services.review(post, by=proof_reader, version_number=1, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    services.change_post(
        post,
        by=author,
        revision=post.revision,
        title=post.title,
        text="Camp is cancelled, sorry.",
        channel_ids=[channel.pk],
        publish_at=post.publish_at,
    )
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    assert Publication.objects.get(post=post).state == PublicationState.CANCELLED
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED and post.current_version.number == 2


def test_a_stale_change_is_refused(author, channel):
    post = write(author, channel)
    old = post.revision
    services.change_post(
        post, by=author, revision=old, title="New title", text="New words here.", channel_ids=[channel.pk]
    )
    with pytest.raises(services.Stale):
        services.change_post(post, by=author, revision=old, title="x", text="y", channel_ids=[channel.pk])


def test_two_approvals_where_the_channel_asks(org, author, proof_reader, channel):
    channel.approvals_needed = 2
    channel.save()
    second = make_member(org, "reviewer", "second@example.org", "Second")
    give_training(second, "approve")
    post = submitted(author, channel)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED
    with pytest.raises(NotAllowed, match="already approved"):
        services.review(post, by=proof_reader, version_number=1, approve=True)
    services.review(post, by=second, version_number=1, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED


def test_a_rejection_needs_comments_and_ties_them_to_words(author, proof_reader, channel):
    post = submitted(author, channel)
    with pytest.raises(NotAllowed, match="Say what needs to change"):
        services.review(post, by=proof_reader, version_number=1, approve=False)
    decision = services.review(
        post,
        by=proof_reader,
        version_number=1,
        approve=False,
        text_comments=[{"channel_id": None, "start": 0, "end": 11, "comment": "Say which Monday."}],
    )
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    assert decision.text_comments.get().quote == "Summer camp"
    with pytest.raises(AppendOnlyError):
        decision.save()


def test_reviewers_need_training(author, reviewer, channel):
    post = submitted(author, channel)
    with pytest.raises(NotAllowed, match="training"):
        services.review(post, by=reviewer, version_number=1, approve=True)


def test_viewers_cannot_write_posts(viewer, channel):
    with pytest.raises(NotAllowed):
        write(viewer, channel)
