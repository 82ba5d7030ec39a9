"""The checks on a stored post (draft_of): what blocks submission through the services, the channel's
own contact details, the organisation's reading-age target and the channel's published posts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from harbour.publishing import sending, services
from harbour.publishing.checks import blocking, draft_of, run_checks
from harbour.publishing.draft import Status
from harbour.publishing.models import PostState, Publication
from tests.cast import active_channel, give_training
from tests.publishing.library import attach

pytestmark = pytest.mark.django_db

CHILDS_PHONE = "Well done Jamie, 14, from our junior group! Call him on 07700 900123 to say well done."


@pytest.fixture
def channel(org):
    return active_channel(org, "demo", started_at=timezone.now().isoformat())


def write(author, channel, text):
    return services.create_post(by=author, title="Club news", text=text, channel_ids=[channel.pk])


def png() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (12, 8), "teal").save(data, "PNG")
    return SimpleUploadedFile("camp.png", data.getvalue(), content_type="image/png")


def checks_of(post):
    post.refresh_from_db()
    return {(c.key, c.channel_id): c for c in run_checks(draft_of(post))}


def test_a_young_persons_phone_number_stops_submission(author, channel):
    post = write(author, channel, CHILDS_PHONE)
    with pytest.raises(services.Blocked) as refused:
        services.submit(post, by=author, revision=post.revision)
    assert [c.key for c in refused.value.checks] == ["personal_info"]
    assert "phone number" in str(refused.value)
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and not post.versions.exists()


def test_the_channels_own_number_is_not_personal_information(author, channel):
    text = "Young people: questions about camp? Call us on 01332 123456 and tell us what you want to do."
    channel.contact_phone = "+44 1332 123456"
    channel.save(update_fields=["contact_phone"])
    post = write(author, channel, text)
    assert checks_of(post)[("personal_info", None)].status == Status.OK
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_an_image_without_a_recorded_licence_stops_submission(author, channel):
    post = write(author, channel, "Camp is on Monday. What would you like to do there?")
    attach(
        post,
        author,
        upload=png(),
        alt_text="Tents in a field by a lake at sunset",
        shows="nobody",
        source="unknown",
    )
    post.refresh_from_db()
    with pytest.raises(services.Blocked) as refused:
        services.submit(post, by=author, revision=post.revision)
    # Said once, by the licence check (the consent gate says nothing of licences).
    assert [c.key for c in refused.value.checks] == ["media_licence"]
    assert "cannot be posted without a recorded licence or permission" in str(refused.value)


def test_the_organisations_reading_age_target_is_the_one_asked_for(org, author, channel):
    text = (
        "The youth council meets every month to talk about local services. Members vote on projects and "
        "report back to the council about what young people want."
    )
    post = write(author, channel, text)
    assert checks_of(post)[("reading_age", None)].status == Status.OK
    org.reading_age_target = 8
    org.save(update_fields=["reading_age_target"])
    check = checks_of(post)[("reading_age", None)]
    assert check.status == Status.ADVICE
    assert "target is 8" in check.summary


def test_a_post_like_one_published_on_the_channel_is_advised_to_vary(author, reviewer, channel):
    give_training(reviewer, "approve")
    text = "Youth club is open on Friday from 6pm to 9pm. Come along for pool, games and toast! What should we cook?"
    first = write(author, channel, text)
    services.submit(first, by=author, revision=first.revision)
    services.review(first, by=reviewer, version_number=1, approve=True)
    assert sending.publish(Publication.objects.get(post=first).pk).outcome == "published"

    again = write(author, channel, text.replace("toast", "pizza"))
    checks = checks_of(again)
    check = checks[("likeness", channel.pk)]
    assert check.status == Status.ADVICE
    assert "Youth club is open on Friday" in check.summary
    assert not blocking(list(checks.values()))  # advice never stops a post
