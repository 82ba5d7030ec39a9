"""A post's video (harbour/publishing/services.add_image): a ready video from the organisation's media
library, alone on the post. Images and a video together are refused either way round, as are two videos
and a video still being prepared or that could not be prepared, each with its own sentence; a refusal
leaves the post as it was. What goes out (harbour/publishing/sending.py) is PublishRequest.video: the
library's file byte for byte, the approved alt text, its size and length, and no images. The check panel
(checks.platform_limits) blocks a video on a channel whose platform takes none, or one longer or larger
than the platform takes, naming the platform. The approved version freezes the video like an image (its
asset, SHA-256, alt text and type), so a video changed in the library after approval (new alt text, or
a new file) is not posted, and another video in the post sends it back for approval."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from harbour.accounts.access import NotAllowed
from harbour.consent.models import MediaState
from harbour.publishing import sending, services
from harbour.publishing.checks import draft_of, platform_limits, run_checks
from harbour.publishing.draft import ChannelFacts, Draft, ImageFacts, Status
from harbour.publishing.models import PostState, PublicationState, content_hash, content_of
from tests.cast import active_channel, give_training
from tests.publishing.library import attach, video_asset
from tests.publishing.platform import PublishingSource
from tests.videos import make_video

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def post(org, author):
    channel = active_channel(org, "demo")
    return services.create_post(
        by=author,
        title="Regatta",
        text="Watch the canoe race! Who will win next year?",
        channel_ids=[channel.pk],
    )


@pytest.fixture
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


def approve(post, author, reviewer):
    give_training(reviewer, "approve")
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=post.versions.count(), approve=True)
    return post.publications.get()


def unchanged(post, revision):
    post.refresh_from_db()
    return post.revision == revision


def test_a_ready_video_is_added_and_read_through_its_asset(post, author):
    video = video_asset(post.organisation, author, seconds=2, alt_text="Two canoes racing on a river")
    added = attach(post, author, asset=video)
    post.refresh_from_db()
    assert post.revision == 2 and added.asset_id == video.pk
    facts = draft_of(post).images
    assert len(facts) == 1
    assert (facts[0].asset_id, facts[0].kind, facts[0].duration_ms) == (video.pk, "video", 2000)
    assert facts[0].size == video.file.size > 0
    frozen = content_of(post)["images"][0]
    assert (frozen["sha256"], frozen["alt_text"], frozen["mime_type"]) == (
        video.sha256,
        "Two canoes racing on a river",
        "video/mp4",
    )


def test_images_and_a_video_are_refused_together_either_way_round(post, author):
    image = attach(post, author)
    video = video_asset(post.organisation, author)
    with pytest.raises(NotAllowed, match="images or one video, not both: remove its images first"):
        attach(post, author, asset=video)
    post.refresh_from_db()
    services.remove_image(image, by=author, revision=post.revision)
    attach(post, author, asset=video)
    post.refresh_from_db()
    revision = post.revision
    with pytest.raises(NotAllowed, match="images or one video, not both: remove its video first"):
        attach(post, author)
    assert unchanged(post, revision) and post.images.count() == 1


def test_a_second_video_is_refused(post, author):
    attach(post, author, asset=video_asset(post.organisation, author))
    post.refresh_from_db()
    revision = post.revision
    with pytest.raises(NotAllowed, match="only one video: remove the one it has first"):
        attach(post, author, asset=video_asset(post.organisation, author, title="Second race"))
    assert unchanged(post, revision) and post.images.count() == 1


def test_a_video_being_prepared_or_that_failed_is_refused(post, author):
    revision = post.revision
    preparing = video_asset(post.organisation, author, state=MediaState.PREPARING)
    with pytest.raises(NotAllowed) as refused:
        attach(post, author, asset=preparing)
    assert str(refused.value) == "That video is still being prepared: try again in a minute."
    failed = video_asset(
        post.organisation,
        author,
        state=MediaState.FAILED,
        problem="The file has no picture Harbour can read.",
    )
    with pytest.raises(NotAllowed) as refused:
        attach(post, author, asset=failed)
    assert str(refused.value) == (
        "That video could not be prepared: The file has no picture Harbour can read. Choose another one."
    )
    assert unchanged(post, revision) and not post.images.exists()


def test_another_organisations_video_is_refused(post, author, outsider):
    elsewhere = video_asset(outsider.organisation, outsider)
    with pytest.raises(NotAllowed, match="image or video from your own organisation's media library"):
        services.add_image(post, by=author, revision=post.revision, asset=elsewhere)


def test_a_video_goes_out_as_the_requests_one_video(org, author, reviewer, platform):

    channel = active_channel(org, "test_video_platform")
    post = services.create_post(
        by=author, title="Regatta", text="Watch the race! Who will win next year?", channel_ids=[channel.pk]
    )
    video = video_asset(
        org, author, seconds=2, width=160, height=120, alt_text="Two canoes racing on a river"
    )
    attach(post, author, asset=video)
    publication = approve(post, author, reviewer)
    assert sending.publish(publication.pk).outcome == "published"
    [request] = platform.REQUESTS
    assert request.images == () and request.video is not None
    with video.file.open("rb") as stored:
        assert request.video.data == stored.read()
    assert (request.video.alt_text, request.video.mime_type) == ("Two canoes racing on a river", "video/mp4")
    assert (request.video.width, request.video.height, request.video.duration_ms) == (160, 120, 2000)
    publication.refresh_from_db()
    post.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and post.state == PostState.PUBLISHED


def limits_for(platform: str, **video) -> tuple:
    """The platform-limits check of a one-video draft on one channel of `platform`."""
    facts = ImageFacts("Two canoes racing on a river", "nobody", "own", "", "video/mp4", "Video: race.mov",
                       kind="video", **({"duration_ms": 2000, "size": 300_000} | video))  # fmt: skip
    draft = Draft("Regatta", "Watch the race!", (ChannelFacts(7, "Club feed", platform),), images=(facts,))
    [check] = platform_limits(draft)
    return check.status, check.summary, check.advice


def test_a_platform_that_takes_no_video_blocks_it_by_name():
    status, summary, _ = limits_for("test_publishing")
    assert (status, summary) == (Status.BLOCKS, "test_publishing does not take videos from Harbour.")


def test_a_video_longer_or_larger_than_the_platform_takes_blocks():
    """The check says what the connector would (PlatformEntry.video_refusal), before anything is sent."""
    assert limits_for("test_video_platform")[0] == Status.OK
    assert limits_for("test_video_platform", duration_ms=3000, size=2_000_000)[0] == Status.OK
    status, summary, _ = limits_for("test_video_platform", duration_ms=3001)
    assert status == Status.BLOCKS
    assert (
        summary == "test_video_platform takes videos of at most 3 seconds; this one is 4 seconds. Shorten it."
    )
    status, summary, _ = limits_for("test_video_platform", size=2_400_000)
    assert status == Status.BLOCKS
    assert summary == (
        "test_video_platform takes videos of at most 2 MB; this one is 2.4 MB. Shorten it, or film it at a "
        "lower quality."
    )


def test_a_stored_post_with_a_video_too_long_for_its_channel_cannot_be_submitted(org, author):
    channel = active_channel(org, "test_video_platform")
    post = services.create_post(
        by=author, title="Regatta", text="Watch the race! Who will win next year?", channel_ids=[channel.pk]
    )
    attach(post, author, asset=video_asset(org, author, seconds=4))
    post.refresh_from_db()
    checks = {c.key: c for c in run_checks(draft_of(post)) if c.channel_id == channel.pk}
    assert checks["platform_limits"].status == Status.BLOCKS
    with pytest.raises(services.Blocked, match="at most 3 seconds; this one is 4 seconds"):
        services.submit(post, by=author, revision=post.revision)


def approved_with_video(org, author, reviewer, **video):
    channel = active_channel(org, "test_video_platform")
    post = services.create_post(
        by=author, title="Regatta", text="Watch the race! Who will win next year?", channel_ids=[channel.pk]
    )
    asset = video_asset(org, author, **({"alt_text": "Two canoes racing on a river"} | video))
    attach(post, author, asset=asset)
    return post, asset, approve(post, author, reviewer)


def test_the_approved_version_freezes_the_video(org, author, reviewer, platform):
    post, asset, publication = approved_with_video(org, author, reviewer)
    version = publication.version
    [frozen] = version.content["images"]
    assert frozen == {
        "asset": asset.pk,
        "sha256": asset.sha256,
        "alt_text": "Two canoes racing on a river",
        "mime_type": "video/mp4",
        "shows": "nobody",
        "source": "own",
        "licence": "",
    }
    assert version.content_hash == content_hash(content_of(post))


def test_a_video_whose_alt_text_changed_after_approval_is_not_posted(org, author, reviewer, platform):
    from harbour.consent import media

    _post, asset, publication = approved_with_video(org, author, reviewer)
    media.change_asset(asset, by=author, title="Regatta", alt_text="Changed in the library later",
                       shows="nobody", source="own")  # fmt: skip
    assert sending.publish(publication.pk).outcome == "blocked"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED
    assert publication.error == "The post changed after it was approved, so Harbour did not post it."
    assert platform.REQUESTS == []


def test_a_video_prepared_again_after_approval_is_not_posted(org, author, reviewer, platform):
    post, asset, publication = approved_with_video(org, author, reviewer)
    data = make_video(1.5, width=160, height=120)  # another encoding: other bytes, another hash
    asset.file.delete(save=False)
    asset.file = ContentFile(data, "v.mp4")
    asset.sha256 = hashlib.sha256(data).hexdigest()
    asset.save()
    assert content_hash(content_of(post)) != publication.version.content_hash
    assert sending.publish(publication.pk).outcome == "blocked"
    assert platform.REQUESTS == []


def test_another_video_after_approval_sends_the_post_back_for_approval(org, author, reviewer, platform):
    post, _asset, publication = approved_with_video(org, author, reviewer)
    first_hash = publication.version.content_hash
    post.refresh_from_db()
    services.remove_image(post.images.get(), by=author, revision=post.revision)
    attach(
        post,
        author,
        asset=video_asset(org, author, title="The final", alt_text="The winning canoe crossing the line"),
    )
    post.refresh_from_db()
    publication.refresh_from_db()
    assert post.state == PostState.DRAFT and publication.state == PublicationState.CANCELLED
    version = services.submit(post, by=author, revision=post.revision)
    assert version.content_hash != first_hash
    assert version.content["images"][0]["alt_text"] == "The winning canoe crossing the line"
    assert post.publications.filter(state=PublicationState.PENDING).count() == 0  # not until approved again


@pytest.mark.parametrize(
    ("alt_text", "problem"),
    [
        ("VID_20240612_141502.mp4", "has a file name for its alt text"),
        ("GX010023", "has a file name for its alt text"),
        ("Video of two canoes racing on the river", "starts by saying it is a video"),
        ("Two canoes racing on the river, seen from the bridge", None),
    ],
)
def test_a_videos_alt_text_is_checked_like_an_images(alt_text, problem):
    facts = ImageFacts(alt_text, "nobody", "own", "", "video/mp4", "Video: race.mov", kind="video")
    draft = Draft("Regatta", "Watch the race!", (ChannelFacts(7, "Club feed", "demo"),), images=(facts,))
    [check] = [c for c in run_checks(draft) if c.key == "alt_text"]
    if problem is None:
        assert (check.status, check.summary) == (Status.OK, "The video has alt text that describes it.")
    else:
        assert check.status == Status.ADVICE and problem in check.summary
        assert "Say what the video shows" in check.advice[-1]
