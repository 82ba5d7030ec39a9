"""The demo organisation's posts (harbour/publishing/demo.py, run by `harbour seed_demo`): published posts,
one scheduled and one waiting for proof reading, made through the services; the demo author and reviewer
can take a new post from draft to published on the demo feed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership, Organisation
from harbour.audit.models import AuditEvent
from harbour.publishing import demo, sending, services
from harbour.publishing.models import Post, PostState, Publication, PublicationState, Review, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def seed() -> Organisation:
    call_command("seed_demo", stdout=StringIO())
    return Organisation.objects.get(slug="derby-youth-voice")


def people(org) -> dict:
    return {m.role: m for m in Membership.objects.filter(organisation=org)}


def test_the_demo_has_published_posts_one_scheduled_and_one_waiting_for_proof_reading(data_dir):
    org = seed()
    channel = demo.demo_channel(org)
    demo_people = people(org)
    posts = {post.title: post for post in Post.objects.for_org(org)}
    # The consent register's demo (harbour/consent/demo.py) adds its own posts of tagged photos beside these.
    assert set(posts) >= {demo.PUBLISHED[0][0], demo.PUBLISHED[1][0], demo.PUBLISHED[2][0]} | {
        demo.SCHEDULED[0][0],
        demo.AWAITING[0][0],
    }
    for title, _ in demo.PUBLISHED:
        post = posts[title]
        assert post.state == PostState.PUBLISHED and post.author == demo_people[Role.AUTHOR]
        publication = Publication.objects.get(post=post)
        assert publication.channel == channel and publication.state == PublicationState.PUBLISHED
        assert publication.platform_id.startswith("demo-published-")
        review = Review.objects.get(post=post)
        assert review.reviewer == demo_people[Role.REVIEWER] and review.verdict == Verdict.APPROVED
        assert review.content_hash == post.current_version.content_hash

    image = posts[demo.IMAGE_FOR].images.get()
    asset = image.asset  # from the media library
    assert asset.alt_text == demo.IMAGE_ALT and asset.mime_type == "image/png" and asset.width == 1200

    scheduled = posts[demo.SCHEDULED[0][0]]
    assert scheduled.state == PostState.SCHEDULED and scheduled.publish_at > timezone.now()
    pending = Publication.objects.get(post=scheduled)
    assert pending.state == PublicationState.PENDING and pending.next_try_at == scheduled.publish_at
    assert sending.publish(pending.pk).outcome == "not yet"  # its time has not come

    waiting = posts[demo.AWAITING[0][0]]
    assert waiting.state == PostState.SUBMITTED
    assert services.review_refusal(waiting, demo_people[Role.REVIEWER]) is None
    assert services.review_refusal(waiting, demo_people[Role.AUTHOR]) == (
        "Only proof readers and managers can approve posts."
    )
    actions = set(AuditEvent.objects.filter(organisation=org).values_list("action", flat=True))
    assert {"publishing.submitted", "publishing.approved", "publishing.published"} <= actions


def test_loading_the_demo_again_adds_nothing_until_something_is_missing(data_dir):
    org = seed()
    before = list(Post.objects.for_org(org).order_by("pk").values_list("pk", "state", "revision"))
    seed()
    assert list(Post.objects.for_org(org).order_by("pk").values_list("pk", "state", "revision")) == before

    # The reviewer approves the waiting post: the next load offers a fresh one to proof read.
    reviewer = people(org)[Role.REVIEWER]
    waiting = Post.objects.get(organisation=org, state=PostState.SUBMITTED)
    services.review(waiting, by=reviewer, version_number=waiting.current_version.number, approve=True)
    seed()
    fresh = Post.objects.get(organisation=org, state=PostState.SUBMITTED)
    assert fresh.title == demo.AWAITING[1][0]
    assert Post.objects.for_org(org).count() == len(before) + 1


def test_the_demo_author_and_reviewer_take_a_post_from_draft_to_published(data_dir):
    org = seed()
    demo_people = people(org)
    author, reviewer = demo_people[Role.AUTHOR], demo_people[Role.REVIEWER]
    channel = demo.demo_channel(org)
    assert channel in services.publishable_channels(org)

    post = services.create_post(
        by=author,
        title="Open mic night",
        text="Open mic night is on Friday at 7pm. Will you sing, play or read a poem? Tell us below.",
        channel_ids=[channel.pk],
    )
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    services.review(post, by=reviewer, version_number=post.current_version.number, approve=True)
    publication = Publication.objects.get(post=post)
    assert sending.publish(publication.pk).outcome == "published"
    post.refresh_from_db()
    publication.refresh_from_db()
    assert post.state == PostState.PUBLISHED and publication.state == PublicationState.PUBLISHED
    assert publication.channel == channel and publication.platform_id


def test_the_demo_leaves_the_posts_alone_when_a_demo_person_cannot_write_any_more(data_dir):
    org = seed()
    Membership.objects.filter(organisation=org, role=Role.AUTHOR).update(role=Role.VIEWER)
    Post.objects.filter(organisation=org, state=PostState.SUBMITTED).update(state=PostState.DRAFT)
    count = Post.objects.for_org(org).count()
    seed()  # still loads: harbour run must start
    assert Post.objects.for_org(org).count() == count
