"""Writing a post in Chromium: the check panel changes as the author types (htmx, no page load), a blocking
check stops submission, and the list, new and edit pages are axe clean and fit a phone."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from harbour.consent import media
from harbour.publishing import services
from harbour.publishing.models import Post, PostState
from tests.cast import active_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def channel(org):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    made.name = "Derby Youth on Demo"
    made.handle = "@derby-youth.demo"
    made.save()
    return made


def png() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(data, "PNG")
    return SimpleUploadedFile("camp.png", data.getvalue(), content_type="image/png")


def panel_status(page):
    return page.locator("#check-status[role=status]")


def test_the_checks_change_as_the_author_types(
    page, live_server, author, channel, sign_in_browser, axe_check
):
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/")
    axe_check(page, context="the list of posts")
    page.get_by_role("link", name="Write a post").click()
    expect(page.get_by_role("heading", name="Write a post", level=1)).to_be_visible()
    expect(panel_status(page)).to_contain_text("Start writing and choose a channel")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Title").fill("Summer camp")
    page.get_by_text("Write a different version for a channel").click()
    own_version = page.locator(f"#id_text_{channel.pk}")
    expect(own_version).to_be_hidden()  # only a chosen channel's box is shown
    expect(page.get_by_text("Choose a channel above first.")).to_be_visible()
    page.get_by_role("checkbox", name="Derby Youth on Demo").check()
    expect(own_version).to_be_visible()
    page.get_by_label("What the post says").fill("Camp sign-ups open on Monday. " * 20)  # 600 characters
    fits = page.locator("#check-panel [data-check=platform_limits]")
    expect(fits).to_have_attribute("data-status", "blocks")
    expect(panel_status(page)).to_contain_text("1 thing to fix before submitting")
    expect(page.locator("#check-panel .harbour-preview")).to_contain_text(
        "599 of 500 characters: 99 too many"
    )
    axe_check(page, context="the new post page with a blocking check")

    page.get_by_label("What the post says").fill(
        "Camp sign-ups open on Monday. What would you like to do there?"
    )
    expect(fits).to_have_attribute("data-status", "ok")
    expect(panel_status(page)).to_contain_text("Nothing stops it being submitted")
    expect(page.locator("#check-panel .harbour-preview")).to_contain_text("Camp sign-ups open on Monday.")
    assert page.evaluate("window.notReloaded") is True  # the panel was swapped in, not the page
    assert not Post.objects.exists()  # checking saves nothing

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your draft is saved")
    post = Post.objects.get()
    assert post.author == author and post.state == PostState.DRAFT
    expect(page.locator("#check-panel [data-check=platform_limits]")).to_have_attribute("data-status", "ok")


def test_submission_is_blocked_by_an_image_of_young_people_without_consent(
    page, live_server, author, channel, sign_in_browser, axe_check
):
    post = services.create_post(
        by=author,
        title="Camp photos",
        text="Look at our camp! What was your favourite part?",
        channel_ids=[channel.pk],
    )
    asset = media.add_asset(
        author.organisation,
        by=author,
        upload=png(),
        title="Campfire",
        alt_text="Young people around a campfire",
        shows="young_people",
        source="own",
    )  # nobody tagged: the consent gate blocks it
    services.add_image(post, by=author, revision=post.revision, asset=asset)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/edit/")
    consent = page.locator("#check-panel [data-check=consent]")
    expect(consent).to_have_attribute("data-status", "blocks")
    expect(page.locator("#check-panel .harbour-preview__image")).to_contain_text(
        "Alt text: Young people around a campfire"
    )
    axe_check(page, context="the edit page with an image")

    page.get_by_role("button", name="Save and submit for proof reading").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This post cannot be submitted yet")
    expect(summary).to_contain_text("shows young people")
    axe_check(page, context="the edit page after a blocked submission")
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and not post.versions.exists()

    # The image taken out of the post (it stays in the media library), then it goes. Tagging people with
    # consent instead: tests/e2e/test_post_gate.py.
    page.get_by_role("button", name="Remove from the post").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("It stays in the media library")
    expect(page.locator("#check-panel [data-check=consent]")).to_have_count(0)
    page.get_by_role("button", name="Save and submit for proof reading").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is sent for proof reading")
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_the_pages_fit_a_phone(page, live_server, author, channel, sign_in_browser, axe_check):
    post = services.create_post(
        by=author,
        title="A very long title " * 5,
        text="https://example.org/" + "a-very-long-link-without-spaces-" * 8 + " What do you think?",
        channel_ids=[channel.pk],
    )
    page.set_viewport_size(PHONE)
    sign_in_browser(page, author.user)
    for path in (
        "/publishing/",
        "/publishing/new/",
        f"/publishing/{post.pk}/edit/",
        f"/publishing/{post.pk}/images/add/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        axe_check(page, context=f"{path} at a phone's width")
