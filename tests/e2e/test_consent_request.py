"""In Chromium, with axe on every page: an author asks a parent for consent by email; the parent opens the
link (no account, at phone width), gives consent for photos, and the register then shows the child's
photo consent in force; the parent then withdraws through the same link and the register shows it
withdrawn. An author records consent signed in the page, drawing the signature on the pad, which is drawn
again after a form error; and a parent answers by keyboard alone."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from harbour.consent import services
from harbour.consent.models import ConsentEvidence, ConsentRecord, Decision, EvidenceKind, PersonKind, Use

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def family(org, author):
    child = services.add_person(
        org,
        by=author,
        kind=PersonKind.YOUNG_PERSON,
        first_name="Kai",
        last_name="Morgan",
        date_of_birth=datetime.date(2013, 4, 2),
    )
    carer = services.add_person(
        org,
        by=author,
        kind=PersonKind.PARENT,
        first_name="Dana",
        last_name="Morgan",
        email="dana@example.org",
    )
    services.link_guardian(child, carer, by=author, relationship="Mother")
    return child, carer


def photo_cell(page, name="Kai Morgan"):
    return page.get_by_role("row").filter(has_text=name).get_by_role("cell").nth(2)


def test_a_parent_gives_consent_through_the_link_then_withdraws_it(
    page, browser, live_server, author, sign_in_browser, axe_check
):
    child, carer = family(author.organisation, author)
    services.record_consent(  # the young person's own consent, recorded earlier on a form
        child,
        by=author,
        given_by=child,
        decisions={Use.PHOTO: Decision.GIVEN},
        starts=datetime.date(2026, 1, 1),
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name="Kai Morgan",
    )
    base = live_server.url
    sign_in_browser(page, author.user)
    page.goto(f"{base}/consent/")
    axe_check(page)
    expect(photo_cell(page)).to_contain_text("Missing: a parent's or carer's")
    page.get_by_role("link", name="Kai Morgan").click()
    axe_check(page, context="person page")
    page.get_by_role("link", name="Ask for consent by email").click()
    axe_check(page, context="request form")
    page.get_by_label(re.compile("Dana Morgan")).check()
    page.get_by_label("Photographs").check()
    page.get_by_label("Why are you asking? (optional)").fill("Photos of the summer trip for our Instagram")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The request is emailed")
    expect(page.locator("#requests ~ ul").first).to_contain_text("Waiting for an answer")

    link = re.search(r"https?://\S+/p/consent/\S+/", mail.outbox[-1].body).group(0)
    context = browser.new_context(viewport=PHONE)
    parent = context.new_page()
    parent.goto(link)
    expect(parent.get_by_role("heading", level=1)).to_contain_text("Can we share pictures or words of")
    axe_check(parent, context="public consent page")
    assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    parent.get_by_role("button", name="Send").click()  # nothing chosen: clear errors
    expect(parent.locator(".govuk-error-summary")).to_contain_text("Choose yes or no")
    expect(parent.locator(".govuk-error-summary")).to_contain_text("Type your full name")
    axe_check(parent, context="public consent page with errors")
    parent.get_by_role("group", name=re.compile("Can we share photos of")).get_by_label("Yes").check()
    parent.get_by_role("group", name=re.compile("first name")).get_by_label("No").check()
    parent.get_by_label("Your full name").fill("Dana Morgan")
    parent.get_by_role("button", name="Send").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Your answer")
    expect(parent.locator(".govuk-notification-banner")).to_contain_text("Your answer is sent")
    axe_check(parent, context="answered page")

    page.goto(f"{base}/consent/")
    expect(photo_cell(page)).to_contain_text("In force")
    page.get_by_role("link", name="Kai Morgan").click()
    expect(page.locator("#standing ~ ul").first).to_contain_text("In force Photographs")

    parent.goto(link)  # the link, reused: what was answered, and a way to withdraw
    parent.get_by_label("Anything you want to tell us? (optional)").fill("We have moved away")
    parent.get_by_role("button", name="Withdraw consent: photos").click()
    expect(parent.locator(".govuk-notification-banner")).to_contain_text("You have withdrawn consent")
    expect(parent.locator("main")).to_contain_text("You withdrew it on")
    expect(parent.get_by_role("button", name=re.compile("Withdraw consent"))).to_have_count(0)
    axe_check(parent, context="after withdrawing")

    page.goto(f"{base}/consent/")
    expect(photo_cell(page)).to_contain_text("Withdrawn")
    given = ConsentRecord.objects.get(given_by=carer, use=Use.PHOTO)
    assert given.withdrawn_at is not None and given.withdrawn_by is None
    assert given.withdrawal_note == "We have moved away"
    context.close()


def test_an_author_records_consent_signed_on_the_pad(page, live_server, author, sign_in_browser, axe_check):
    child, _carer = family(author.organisation, author)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/consent/people/{child.pk}/consent/")
    axe_check(page, context="record consent")
    page.get_by_label(re.compile("Dana Morgan")).check()
    page.get_by_role("group", name="Photographs").get_by_label("Given").check()
    page.get_by_label("Signed here, now").check()
    page.get_by_label("Full name of the person signing").fill("Dana Morgan")
    pad = page.locator("#signature-canvas")
    expect(pad).to_be_visible()
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 15, box["y"] + 40 + (step % 3) * 20)
    page.mouse.up()
    assert page.locator('input[name="signature"]').input_value().startswith("data:image/png;base64,")
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The consent is recorded")
    axe_check(page, context="person page with a consent")
    evidence = ConsentEvidence.objects.get()
    assert evidence.kind == EvidenceKind.SIGNATURE and evidence.signed_name == "Dana Morgan"
    assert evidence.signature.read().startswith(b"\x89PNG")
    expect(page.get_by_role("link", name="See the signature")).to_be_visible()


def test_a_drawn_signature_survives_a_form_error(page, live_server, author, sign_in_browser):
    child, _carer = family(author.organisation, author)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/consent/people/{child.pk}/consent/")
    page.get_by_label("Signed here, now").check()
    page.get_by_label("Full name of the person signing").fill("Kai Morgan")
    pad = page.locator("#signature-canvas")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 30)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 120)
    page.mouse.up()
    page.get_by_role("button", name="Record consent").click()  # no use chosen: an error
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least one use")
    assert page.locator('input[name="signature"]').input_value().startswith("data:image/png;base64,")
    # The signature is drawn again on the pad, not silently kept behind a blank one (it loads as an image).
    page.wait_for_function(
        "(() => { const c = document.getElementById('signature-canvas');"
        " return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).some(v => v > 0); })()"
    )
    page.get_by_role("group", name="Photographs").get_by_label("Given").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The consent is recorded")
    assert ConsentEvidence.objects.get().signature.read().startswith(b"\x89PNG")


def test_a_parent_answers_by_keyboard_alone(page, live_server, author):
    from harbour.consent import requests

    child, carer = family(author.organisation, author)
    _request, link = requests.send_request(
        child, by=author, sent_to=carer, uses=[Use.PHOTO, Use.FIRST_NAME], base_url=f"{live_server.url}/"
    )
    page.goto(link)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # photos: Yes
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # first name: Yes
    page.keyboard.press("ArrowDown")  # first name: No
    page.keyboard.press("Tab")
    page.keyboard.type("Dana Morgan")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answer")
    answers = {r.use: r.decision for r in ConsentRecord.objects.filter(given_by=carer)}
    assert answers == {Use.PHOTO: Decision.GIVEN, Use.FIRST_NAME: Decision.REFUSED}
