"""The console home's publishing panel: a post that did not go out is shown to its author and proof
readers with a link to what to do; a draft sent back is shown to its author; a proof reader sees what
waits for them."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.connectors.base import Rejected
from harbour.publishing import sending, services
from harbour.publishing.models import Publication
from tests.cast import active_channel, give_training, sign_in
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


@pytest.fixture
def channel(org):
    return active_channel(org, "test_publishing")


def home(member):
    return sign_in(Client(), member.user).get(reverse("console:home")).content.decode()


def submitted(author, channel, title="Open day"):
    post = services.create_post(
        by=author,
        title=title,
        text="Come along on Saturday. What would you like to try?",
        channel_ids=[channel.pk],
    )
    services.submit(post, by=author, revision=post.revision)
    return post


def test_nothing_to_do_takes_no_space(author, channel):
    assert "Did not go out" not in home(author) and "waiting for you to proof read" not in home(author)


def test_a_proof_reader_sees_what_waits_for_them(author, reviewer, channel):
    give_training(reviewer, "approve")
    submitted(author, channel)
    assert "1 post is waiting for you to proof read" in home(reviewer)
    assert "waiting for you to proof read" not in home(author)  # their own post is not for them


def test_a_failed_post_is_shown_to_its_author_and_proof_reader(platform, author, reviewer, channel):
    give_training(reviewer, "approve")
    post = submitted(author, channel, title="Trip to the coast")
    services.review(post, by=reviewer, version_number=1, approve=True)
    platform.SCRIPT = [Rejected("The platform refused the post")]
    sending.publish(Publication.objects.get(post=post).pk)
    for member in (author, reviewer):
        page = home(member)
        assert "Did not go out" in page and "Trip to the coast" in page
        assert reverse("publishing:post", args=[post.pk]) in page


def test_a_draft_sent_back_is_shown_to_its_author(author, reviewer, channel, viewer):
    give_training(reviewer, "approve")
    post = submitted(author, channel, title="Bake sale")
    services.review(post, by=reviewer, version_number=1, approve=False, comments="Say what time it starts.")
    assert "Sent back to you" in home(author) and "Bake sale" in home(author)
    assert "Bake sale" not in home(viewer)
