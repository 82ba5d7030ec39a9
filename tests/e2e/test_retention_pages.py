"""The retention pages in Chromium, with axe on every page: a lead sets a school's rule, reviews a closed
concern that is due, asks to destroy it with a reason; a second lead confirms, and the tombstone is listed
with no word of what the concern said. The pages fit a phone's 390 px."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from harbour.safeguarding import services
from harbour.safeguarding.models import Concern, DestroyedConcern
from tests.cast import give_training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Her older cousin keeps sending her messages late at night"
WIDTH = 390


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_two_leads_review_and_destroy_a_concern_past_its_retention(
    browser, live_server, org, dsl, deputy, sign_in_browser, axe_check
):
    give_training(dsl, "handle_concerns", "raise_concerns")
    give_training(deputy, "handle_concerns")
    with time_machine.travel(datetime.datetime(1995, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        concern = services.raise_concern(org, by=dsl, summary=SUMMARY, category="disclosure", severity=2)
        services.close(concern, by=dsl, version=0, outcome="Support from school", reason="Agreed with family")

    page = sign_in_browser(browser.new_context().new_page(), dsl.user)
    page.goto(f"{live_server.url}{reverse('safeguarding:retention')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention: concerns due for review")
    expect(page.get_by_text("This is Harbour's default")).to_be_visible()
    axe_check(page, context="the retention list")
    fits_a_phone(page)

    page.get_by_role("link", name="Change the retention rule").click()
    axe_check(page, context="the retention rule")
    page.get_by_label("The young person's date of birth (schools)").check()
    page.get_by_label("Years after the concern was closed").fill("6")
    page.get_by_role("button", name="Save the rule").click()
    expect(page.get_by_text("The retention rule is saved.")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('safeguarding:retention')}")
    page.get_by_role("link", name=f"Review Concern #{concern.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review before destruction")
    axe_check(page, context="a concern's review")
    fits_a_phone(page)
    page.get_by_role("button", name="Ask to destroy it").click()
    expect(page.get_by_text("Enter why it can be destroyed").first).to_be_visible()
    axe_check(page, context="a review with an error")
    page.get_by_label("Why can it be destroyed?").fill("Reviewed: no further action, past retention")
    page.get_by_role("button", name="Ask to destroy it").click()
    expect(page.get_by_text("A second safeguarding lead must confirm it")).to_be_visible()

    second = sign_in_browser(browser.new_context().new_page(), deputy.user)
    second.goto(f"{live_server.url}{reverse('safeguarding:retention_review', kwargs={'pk': concern.pk})}")
    axe_check(second, context="confirming destruction")
    second.get_by_role("button", name=f"Confirm: destroy Concern #{concern.pk}").click()
    expect(second.get_by_text(f"Concern #{concern.pk} is destroyed")).to_be_visible()
    expect(second.get_by_role("cell", name="Reviewed: no further action, past retention")).to_be_visible()
    axe_check(second, context="the tombstones")
    assert SUMMARY not in second.content()
    assert not Concern.objects.filter(pk=concern.pk).exists()
    assert DestroyedConcern.objects.get(number=concern.pk).destroyed_by == deputy
