"""In Chromium, with axe on each page: an author picks a photo from the media library in which a child with
their own and a parent's consent is tagged: the check panel says consent is in force and the post is
submitted. With a never-publish child tagged in the photo, the picker and the panel say "Do not publish"
(never the reason) and submission is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from harbour.consent import media
from harbour.consent import services as consent
from harbour.consent.models import Decision, EvidenceKind, PersonKind
from harbour.publishing import services
from harbour.publishing.models import PostState
from tests.cast import active_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def channel(org):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    made.name = "Derby Youth on Demo"
    made.save()
    return made


def photo(org, author, child, title):
    data = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(data, "PNG")
    asset = media.add_asset(
        org,
        by=author,
        upload=SimpleUploadedFile("climb.png", data.getvalue()),
        title=title,
        alt_text="A young person at the top of the climbing wall, waving",
        shows="young_people",
        source="own",
    )
    media.tag_person(asset, child, by=author)
    return asset


def child_with_consent(org, author, first):
    child = consent.add_person(
        org, by=author, kind=PersonKind.YOUNG_PERSON, first_name=first, last_name="Morgan", age_band="13_15"
    )
    carer = consent.add_person(org, by=author, kind=PersonKind.PARENT, first_name="Dana", last_name="Morgan")
    consent.link_guardian(child, carer, by=author, relationship="Mother")
    for giver in (child, carer):
        consent.record_consent(
            child,
            by=author,
            given_by=giver,
            decisions={"photo": Decision.GIVEN},
            starts=timezone.localdate(),
            evidence_kind=EvidenceKind.SIGNATURE,
            signed_name=giver.full_name,
        )
    return child


def draft(author, channel):
    return services.create_post(
        by=author,
        title="Climbing night",
        text="Climbing night was brilliant. What should we try next month?",
        channel_ids=[channel.pk],
    )


def test_a_photo_of_a_child_with_full_consent_passes_the_gate(
    page, live_server, org, author, channel, sign_in_browser, axe_check
):
    child = child_with_consent(org, author, "Kai")
    photo(org, author, child, "Climbing wall, Kai")
    post = draft(author, channel)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/edit/")
    page.get_by_role("link", name="Add an image or video from the media library").click()
    expect(page.get_by_role("heading", name="Add an image or video from the media library")).to_be_visible()
    expect(page.locator(".harbour-post-image")).to_contain_text("Can be posted")
    axe_check(page, context="the image picker")
    page.get_by_role("button", name="Add Climbing wall, Kai to the post").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is added to the post")
    consent_check = page.locator("#check-panel [data-check=consent]")
    expect(consent_check).to_have_attribute("data-status", "ok")
    expect(consent_check).to_contain_text("Consent is in force")
    expect(page.locator("#images")).to_be_visible()
    axe_check(page, context="the edit page with a consented photo")
    page.get_by_role("button", name="Save and submit for proof reading").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is sent for proof reading")
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED and post.current_version.content["images"][0]["asset"]


def test_a_never_publish_child_blocks_the_post(
    page, live_server, org, author, dsl, channel, sign_in_browser, axe_check
):
    child = child_with_consent(org, author, "Jamie")
    consent.set_never_publish(child, by=dsl, reason="court_order", note="Order of 3 March")
    photo(org, author, child, "Climbing wall, Jamie")
    post = draft(author, channel)
    page.set_viewport_size(PHONE)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/images/add/")
    expect(page.locator(".harbour-post-image")).to_contain_text("Do not publish")
    axe_check(page, context="the image picker at phone width")
    page.get_by_role("button", name="Add Climbing wall, Jamie to the post").click()
    consent_check = page.locator("#check-panel [data-check=consent]")
    expect(consent_check).to_have_attribute("data-status", "blocks")
    expect(consent_check).to_contain_text("Do not publish")
    page.get_by_role("button", name="Save and submit for proof reading").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This post cannot be submitted yet")
    expect(summary).to_contain_text("Do not publish")
    axe_check(page, context="the edit page after a blocked submission")
    body = page.content()
    assert "Order of 3 March" not in body and "Court order" not in body
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and not post.versions.exists()
