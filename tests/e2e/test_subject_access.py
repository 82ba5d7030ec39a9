"""A subject access request in Chromium, with axe on every page and each page checked at phone width: a
manager opens a request for a young person who has a safeguarding record; a safeguarding lead reads the
safeguarding part and withholds one concern with its exemption, then finishes the review; the manager
downloads the JSON, which names every item but the withheld one, and the PDF, and closes the request with
the date it was sent. Then a manager sets a retention rule (an error first), keeps a due record with a
reason, and carries out an erasure to its statement. Nothing here reaches the network."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from harbour.consent.models import ConsentRecord
from harbour.privacy import retention
from harbour.privacy.models import AccessState, SubjectAccessRequest
from tests.e2e.test_retention_pages import fits_a_phone
from tests.privacy.register import child_with_consent, safeguarding_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_and_a_lead_answer_a_subject_access_request(
    browser, live_server, org, manager, author, dsl, sign_in_browser, axe_check, tmp_path
):
    kai, _ = child_with_consent(org, author)
    young, concern, item = safeguarding_record(
        org, dsl, kai, summary="Said her stepdad shouts at her at night"
    )
    today = timezone.localdate()

    page = sign_in_browser(browser.new_context(accept_downloads=True).new_page(), manager.user)
    page.goto(f"{live_server.url}{reverse('privacy:index')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    axe_check(page, context="data protection")
    fits_a_phone(page)
    page.get_by_role("link", name="Open a subject access request").click()
    page.get_by_role("button", name="Open the request").click()
    expect(page.get_by_text("Choose who it is about").first).to_be_visible()
    axe_check(page, context="a new request with errors")
    page.get_by_label("Who is it about?").select_option(label="Kai Morgan (young person)")
    page.get_by_label("Who made the request?").fill("Dana Morgan, her mother")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Open the request").click()
    expect(page.get_by_text("Waiting for a safeguarding lead's review")).to_be_visible()
    axe_check(page, context="a request waiting for a lead")
    fits_a_phone(page)
    sar = SubjectAccessRequest.objects.get()

    lead = sign_in_browser(browser.new_context().new_page(), dsl.user)
    lead.goto(f"{live_server.url}{reverse('privacy:lead_reviews')}")
    axe_check(lead, context="the leads' reviews")
    lead.get_by_role("link", name=sar.audit_label()).click()
    expect(lead.get_by_text("Said her stepdad shouts at her at night")).to_be_visible()
    axe_check(lead, context="the lead's review")
    fits_a_phone(lead)
    card = lead.locator(".govuk-summary-card", has_text=f"Concern #{concern.pk}")
    card.get_by_text("Withhold it").first.click()
    card.get_by_label("Child abuse data").check()
    card.get_by_label("Note (optional)").fill("Her mother is the risk")
    card.get_by_role("button", name="Withhold it").click()
    expect(
        lead.locator(".govuk-summary-card", has_text=f"Concern #{concern.pk}").get_by_text("Withheld").first
    ).to_be_visible()
    axe_check(lead, context="a review with an item withheld")
    lead.get_by_role("button", name="My review is done").click()
    expect(lead.get_by_text("Your review is done")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Ready to export")).to_be_visible()
    axe_check(page, context="a request ready to export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the JSON").click()
    data = json.loads(download.value.path().read_text())
    assert data["register_entry"]["first_name"] == "Kai"
    assert [entry["id"] for entry in data["safeguarding"]] == [f"young_person:{young.pk}", f"item:{item.pk}"]
    assert "stepdad" not in json.dumps(data) and data["consents"] and data["evidence"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    assert download.value.suggested_filename == f"subject-access-{sar.pk}.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Close the request").click()
    expect(page.get_by_text("The request is closed.")).to_be_visible()
    axe_check(page, context="a closed request")
    sar.refresh_from_db()
    assert (sar.state, sar.sent_on) == (AccessState.SENT, today)


def test_a_manager_sets_a_rule_reviews_a_due_record_and_erases_a_person(
    browser, live_server, org, manager, author, sign_in_browser, axe_check
):
    kai, _ = child_with_consent(org, author)
    sam, _ = child_with_consent(org, author, first="Sam", last="Okafor")
    old = ConsentRecord.objects.filter(person=kai).first()
    ConsentRecord.objects.filter(pk=old.pk).update(expires=datetime.date(2020, 6, 1))
    retention.find_due(org.pk)

    page = sign_in_browser(browser.new_context().new_page(), manager.user)
    page.goto(f"{live_server.url}{reverse('privacy:rules')}")
    axe_check(page, context="the retention rules")
    fits_a_phone(page)
    page.get_by_role("link", name="Change the rule for media library").click()
    page.get_by_label("How long are they kept?").fill("")
    page.get_by_role("button", name="Save the rule").click()
    expect(page.get_by_text("Enter how long they are kept").first).to_be_visible()
    axe_check(page, context="a rule with an error")
    page.get_by_label("How long are they kept?").fill("18")
    page.get_by_label("Months", exact=True).check()
    page.get_by_label("When it was uploaded").check()
    page.get_by_role("button", name="Save the rule").click()
    expect(page.get_by_text("18 months after it was uploaded")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('privacy:review')}")
    axe_check(page, context="records due")
    fits_a_phone(page)
    page.get_by_role("link", name=f"Review {old.audit_label()}").click()
    axe_check(page, context="a record's review")
    fits_a_phone(page)
    page.get_by_label("Keep it for how many more months?").fill("6")
    page.get_by_label("Why is it kept?").fill("A complaint about the photo is still open")
    page.get_by_role("button", name="Keep it").click()
    expect(page.get_by_text(f"{old.audit_label()} is kept.")).to_be_visible()
    expect(page.get_by_text("A complaint about the photo is still open")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('privacy:erasure_new')}")
    axe_check(page, context="a new erasure")
    fits_a_phone(page)
    page.get_by_label("Who is it about?").select_option(label="Sam Okafor (young person)")
    page.get_by_label("Who made the request?").fill("Sam Okafor")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Erase them").click()
    expect(page.get_by_text("Confirm you have checked who is asking").first).to_be_visible()
    page.get_by_label("I have checked who is asking").check()
    page.get_by_role("button", name="Erase them").click()
    expect(page.get_by_role("heading", name="What we kept, and why")).to_be_visible()
    axe_check(page, context="the erasure statement")
    fits_a_phone(page)
    sam.refresh_from_db()
    assert sam.full_name == f"Erased person {sam.pk}"
