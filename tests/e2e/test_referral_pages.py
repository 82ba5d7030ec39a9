"""The referral pages in Chromium, keyboard only, with axe on every page: a safeguarding lead records a
referral to CEOP from the picker on a grooming concern ("police or CEOP now" first), adds nothing by mouse,
and sees it on the concern; opens a post's withheld image on the platform only after giving a reason (the
page links the post and loads no media); the referral contacts page; each fits a phone's 390 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from harbour.safeguarding import destinations, services
from harbour.safeguarding.models import Entry, EntryKind, Referral, Source
from tests.cast import active_channel, finding, give_training, make_item
from tests.e2e.test_safeguarding_pages import fits_a_phone, press_on, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "An adult on the feed keeps asking her for photos and to keep it secret"
POST_URL = "https://bsky.app/profile/someone.example/post/3kz"
MEDIA_URL = "https://cdn.example/photo.jpg"


@pytest.fixture
def concern(org, moderator, dsl):
    give_training(dsl, "handle_concerns")
    destinations.add_derby_and_derbyshire(org, by=dsl)
    item = make_item(
        active_channel(org),
        SUMMARY,
        url=POST_URL,
        findings=[finding("grooming", 4, reason="An adult asking a young person for images")],
        media=[{"url": MEDIA_URL, "alt_text": "", "mime_type": "image/jpeg"}],
    )
    return services.raise_concern(
        org,
        by=moderator,
        item=item,
        summary=SUMMARY,
        category="grooming",
        severity=4,
        source=Source.ESCALATED,
    )


def test_a_lead_records_a_referral_from_the_picker_with_the_keyboard(
    page, live_server, dsl, concern, sign_in_browser, axe_check
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_browser(page, dsl.user)
    page.goto(f"{live_server.url}{reverse('safeguarding:concern', kwargs={'pk': concern.pk})}")
    picker = page.locator("#referrals")
    first = picker.locator(".govuk-summary-card__title").first
    expect(first).to_contain_text("Police or CEOP now")
    axe_check(page, context="the concern with the picker")
    fits_a_phone(page)

    press_on(page, page.get_by_role("link", name="Record a referral to CEOP Safety Centre"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a referral")
    expect(page.get_by_label("Who did you refer it to?")).to_have_value(
        str(destinations.active_destinations(concern.organisation_id).get(kind="ceop").pk)
    )
    axe_check(page, context="the referral form")
    fits_a_phone(page)

    # Sent without what was shared: refused, the error summary takes the focus, nothing typed is lost.
    tab_to(page, page.get_by_label("Why did you refer it?"))
    page.keyboard.type("An adult asking a 13-year-old for images and secrecy")
    press_on(page, page.get_by_role("button", name="Record the referral"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter what you shared")
    axe_check(page, context="the referral form, with an error")
    press_on(page, summary.get_by_role("link"))
    expect(page.get_by_label("What did you share?")).to_be_focused()
    page.keyboard.type("The post's address, the account's handle and her first name")
    tab_to(page, page.get_by_label("Their reference (optional)"))
    page.keyboard.type("CEOP-118-2026")
    press_on(page, page.get_by_role("button", name="Record the referral"))

    expect(
        page.get_by_text(re.compile(r"The referral to \W?CEOP Safety Centre\W? is recorded\."))
    ).to_be_visible()
    made = page.locator("#referrals dl").first
    expect(made).to_contain_text("CEOP-118-2026")
    expect(made).to_contain_text("Safeguarding of children (DPA 2018 Sch 1 para 18)")
    referral = Referral.objects.get()
    assert (referral.destination_name, referral.reference) == ("CEOP Safety Centre", "CEOP-118-2026")
    assert referral.reason == "An adult asking a 13-year-old for images and secrecy"

    # The withheld image: a reason first, then only the post's own link; nothing is loaded from the platform.
    press_on(page, page.get_by_role("link", name="Open the withheld images or video on the platform"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open the images or video on the platform")
    axe_check(page, context="opening media")
    fits_a_phone(page)
    assert POST_URL not in page.content()
    tab_to(page, page.get_by_label("Why do you need to see it?"))
    page.keyboard.type("CEOP asked us to confirm what the image shows")
    press_on(page, page.get_by_role("button", name="Record my reason and show the link"))
    expect(
        page.get_by_role("link", name="Open the post on the platform (opens in a new tab)")
    ).to_have_attribute("href", POST_URL)
    axe_check(page, context="opening media, after the reason")
    assert (
        Entry.objects.get(kind=EntryKind.MEDIA_OPENED).reason
        == "CEOP asked us to confirm what the image shows"
    )
    assert not [url for url in requested if "cdn.example" in url or "bsky.app" in url]


def test_a_lead_adds_a_referral_contact_with_the_keyboard(page, live_server, dsl, sign_in_browser, axe_check):
    give_training(dsl, "handle_concerns")
    sign_in_browser(page, dsl.user)
    page.goto(f"{live_server.url}{reverse('safeguarding:destinations')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral contacts")
    axe_check(page, context="the referral contacts, none yet")
    press_on(page, page.get_by_role("button", name="Add the Derby and Derbyshire contacts"))
    expect(page.get_by_text("Initial Response Team").first).to_be_visible()
    axe_check(page, context="the referral contacts")
    fits_a_phone(page)
    press_on(page, page.get_by_role("button", name="Add a contact"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a referral contact")
    axe_check(page, context="adding a contact")
    kind = page.get_by_label("What kind of contact is it?")
    tab_to(page, kind)
    page.keyboard.type("Other")  # a closed select jumps to the option typed
    expect(kind).to_have_value("other")
    tab_to(page, page.get_by_label("Name"))
    page.keyboard.type("Derbyshire Prevent team")
    press_on(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_text(re.compile(r"\W?Derbyshire Prevent team\W? is saved\."))).to_be_visible()
