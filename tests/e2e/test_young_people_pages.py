"""The young people pages in Chromium, keyboard only, with axe on every page: a lead links an escalated concern
to a new young person from the concern page, links that young person's accounts on two channels of two
platforms, and reads their chronology (both concerns' posts in date order; the pages fit a phone's 390 px);
an allegation is hidden from the manager it names, while another lead sees it with its LADO timer."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from harbour.safeguarding import services
from harbour.safeguarding.models import Category, Source, YoungPerson
from tests.cast import active_channel, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
FIRST_POST = "everyone at school says im fat and i should stop eating"
SECOND_POST = "he says he will send me money for pics"
ALLEGATION = "Messaged a young person from his own account asking to meet up after the club"


def tab_to(page, target, *, limit: int = 150) -> None:
    """Press Tab until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def press_on(page, target, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_lead_builds_the_chronology_of_a_young_person_with_two_accounts(
    page, live_server, org, dsl, moderator, sign_in_browser, axe_check
):
    give_training(dsl, "handle_concerns")
    bluesky, mastodon = active_channel(org, "bluesky"), active_channel(org, "mastodon")
    first_item = make_item(
        bluesky, FIRST_POST, author_id="did:plc:kx", author_handle="kai.bsky.social", author_display_name="Kai",
        minutes_ago=60 * 24 * 3,
    )  # fmt: skip
    second_item = make_item(
        mastodon, SECOND_POST, author_id="88", author_handle="kai2012@mastodon.social", author_display_name="kai x",
        minutes_ago=30,
    )  # fmt: skip
    first = services.raise_concern(
        org, by=moderator, item=first_item, source=Source.ESCALATED, summary="Not eating after comments",
        category="self_harm", severity=3,
    )  # fmt: skip
    services.raise_concern(
        org, by=moderator, item=second_item, source=Source.ESCALATED, summary="Offered money for images",
        category="grooming", severity=4,
    )  # fmt: skip
    sign_in_browser(page, dsl.user)

    page.goto(f"{live_server.url}{reverse('safeguarding:concern', kwargs={'pk': first.pk})}")
    expect(page.get_by_text("Not linked to a young person on record")).to_be_visible()
    press_on(page, page.get_by_role("link", name="Link it to a young person"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Which young person is it about?")
    axe_check(page, context="linking a concern")
    press_on(page, page.get_by_role("link", name="Add a young person who is not on record"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a young person")
    axe_check(page, context="adding a young person")
    fits_a_phone(page)
    tab_to(page, page.get_by_label("Name or pseudonym"))
    page.keyboard.type("Kai (pseudonym)")
    tab_to(page, page.get_by_label("Day"))
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2012")
    press_on(page, page.get_by_role("button", name="Add the young person"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Their accounts on your channels")
    young_person = YoungPerson.objects.get()
    assert young_person.concerns.get() == first
    tab_to(page, page.get_by_label("Search your channels' accounts by handle or name"))
    page.keyboard.type("kai")
    page.keyboard.press("Enter")
    found = page.get_by_role("list", name="Accounts found")
    expect(found.get_by_role("listitem")).to_have_count(2)
    axe_check(page, context="searching accounts")
    fits_a_phone(page)
    for _ in range(2):
        press_on(page, page.get_by_role("list", name="Accounts found").get_by_role("button").first)
        expect(page.get_by_text("is linked to this record")).to_be_visible()
    expect(page.get_by_role("button", name="Unlink")).to_have_count(2)
    assert young_person.authors.count() == 2

    press_on(page, page.get_by_role("link", name="Done: read the chronology"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kai (pseudonym)")
    timeline = page.locator(".moj-timeline").inner_text()
    assert timeline.index(FIRST_POST) < timeline.index(SECOND_POST)
    assert "Bluesky" in timeline and "Mastodon" in timeline
    expect(page.locator(".moj-timeline__item[data-kind='raised']")).to_have_count(2)
    axe_check(page, context="the chronology")
    fits_a_phone(page)


def test_an_allegation_is_hidden_from_the_manager_it_names(
    page, live_server, org, dsl, manager, viewer, sign_in_browser, axe_check
):
    give_training(viewer, "raise_concerns")
    give_training(dsl, "handle_concerns")
    allegation = services.raise_concern(
        org, by=viewer, summary=ALLEGATION, category=Category.ALLEGATION, severity=3, about_member=manager
    )
    concern_url = f"{live_server.url}{reverse('safeguarding:concern', kwargs={'pk': allegation.pk})}"

    sign_in_browser(page, manager.user)
    for path in (reverse("console:home"), reverse("safeguarding:index"), reverse("audit:index")):
        page.goto(f"{live_server.url}{path}")
        assert (
            ALLEGATION not in page.content()
            and reverse("safeguarding:concern", kwargs={"pk": allegation.pk}) not in page.content()
        )
    response = page.goto(concern_url)
    assert response.status in (403, 404) and ALLEGATION not in page.content()

    page.context.clear_cookies()
    sign_in_browser(page, dsl.user)
    page.goto(concern_url)
    expect(page.get_by_text(ALLEGATION)).to_be_visible()
    expect(page.locator(".harbour-allegation")).to_contain_text("Maya Manager")
    expect(page.locator(".harbour-allegation")).to_contain_text("LADO referral due")
    axe_check(page, context="an allegation's concern page")
    fits_a_phone(page)
