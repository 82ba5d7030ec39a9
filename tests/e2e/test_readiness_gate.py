"""The readiness gate in a browser: a manager cannot make a channel active until its readiness checklist is
complete, sees why (the gap links to the checklist), completes the checklist with the keyboard alone
(a missing note refused first), then makes the channel active; axe-core finds no violations at all on the
readiness and planning pages, at desktop and phone width."""

import datetime

import pytest
from playwright.sync_api import expect

from harbour.channels import readiness, services
from harbour.channels.models import Channel, Outcome, Status
from harbour.planning import services as planning
from tests.cast import propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(axe_check, page, context):
    result = axe_check(page, context=context)
    found = [f"{v['id']}: {[n['target'] for n in v['nodes'][:5]]}" for v in result["violations"]]
    assert found == [], context


def approved_and_otherwise_ready(org, author, manager, moderator) -> Channel:
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    services.update_channel(channel, {}, owners=[author], moderators=[moderator], by=manager)
    services.publish_disclaimer(channel, "# About this account\n\nWe check it daily.", by=manager)
    services.set_credential(channel, "app_password", "abcd-efgh-ijkl-mnop", by=manager)
    review = services.start_privacy_review(channel, by=manager)
    services.record_privacy_checks(
        review, {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}, by=manager
    )
    return channel


def press_enter_on(locator):
    locator.focus()
    expect(locator).to_be_focused()
    locator.page.keyboard.press("Enter")


def test_the_checklist_gates_activation_and_is_completed_by_keyboard(
    page, live_server, org, author, manager, moderator, sign_in_browser, axe_check, keep_screenshot
):
    base = live_server.url
    channel = approved_and_otherwise_ready(org, author, manager, moderator)
    sign_in_browser(page, manager.user)

    page.goto(f"{base}/channels/{channel.pk}/activate/")
    gap = page.locator("#activation-gaps").get_by_role(
        "link", name="Complete the readiness checklist: 10 of 12 points left"
    )
    expect(gap).to_be_visible()
    expect(page.get_by_role("button", name="Make active")).to_have_count(0)
    # Even a POST made some other way is refused, with the same reason.
    page.goto(f"{base}/channels/{channel.pk}/")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Complete the readiness checklist")
    page.goto(f"{base}/channels/{channel.pk}/activate/")
    press_enter_on(page.locator("#activation-gaps a"))
    expect(page.locator("h1")).to_have_text("Readiness checklist")
    expect(page.locator("#readiness-summary")).to_contain_text("2 of 12 points are done; 10 left.")
    no_violations(axe_check, page, "readiness checklist")
    keep_screenshot(page, "readiness-checklist")

    # A confirmation without where it is written is refused, and says so.
    first = readiness.CONFIRMED_POINTS[0]
    press_enter_on(page.get_by_role("link", name=f"Confirm {first.label}"))
    button = page.get_by_role("button", name="Confirm")
    press_enter_on(button)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter where this is written down")
    no_violations(axe_check, page, "confirm form with an error")

    for number, point in enumerate(readiness.CONFIRMED_POINTS):
        if number:
            press_enter_on(page.get_by_role("link", name=f"Confirm {point.label}"))
        expect(page.locator("h1")).to_have_text(point.label)
        note = page.get_by_label("Where is this written down?")
        note.focus()
        page.keyboard.type(f"Social media policy v3, section {number + 1}")
        page.keyboard.press("Tab")
        expect(button).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"{number + 3} of 12 points are done"
        )

    expect(page.locator("#readiness-summary")).to_have_text("All 12 points are done.")
    no_violations(axe_check, page, "complete checklist")
    page.set_viewport_size({"width": 390, "height": 844})
    no_violations(axe_check, page, "complete checklist at phone width")
    keep_screenshot(page, "readiness-checklist-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    press_enter_on(page.get_by_role("link", name="Make the channel active"))
    press_enter_on(page.get_by_role("button", name="Make active"))
    expect(page.locator("h1")).to_contain_text("Active")
    channel.refresh_from_db()
    assert channel.status == Status.ACTIVE
    assert channel.readiness.filter(confirmed_by=manager.user).count() == len(readiness.CONFIRMED_POINTS)


def test_the_planning_pages_have_no_axe_violations(
    page, live_server, org, author, manager, sign_in_browser, axe_check, keep_screenshot
):
    base = live_server.url
    channel = propose(org, author)
    review = datetime.date.today() + datetime.timedelta(days=10)
    values = {
        "aims": "Hear what young people think.",
        "objectives": "Two polls a term\nWeekly posts",
        "audience": "13 to 19 in Derby",
        "success_measures": "Replies a week",
        "review_date": review,
    }
    plan = planning.save_plan(org, values, by=manager, channel=channel)
    planning.add_resource(plan, "Youth worker", 3, by=manager)
    planning.add_policy(
        org,
        {
            "kind": "safeguarding",
            "title": "Safeguarding policy",
            "url": "https://example.org/s",
            "review_date": review,
        },
        by=manager,
    )
    sign_in_browser(page, manager.user)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path, name in (
            ("/planning/", "planning"),
            (f"/planning/channels/{channel.pk}/", "channel plan"),
            (f"/planning/channels/{channel.pk}/edit/", "plan form"),
            ("/planning/plan/", "organisation plan (none yet)"),
            ("/planning/policies/add/", "policy form"),
            (f"/planning/plans/{plan.pk}/resources/add/", "add someone"),
        ):
            page.goto(base + path)
            no_violations(axe_check, page, f"{name} at {width}px")
            keep_screenshot(page, f"planning-{name.split()[0]}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/planning/")
    expect(page.locator("#reviews-due")).to_contain_text("2 reviews overdue or due in the next 30 days")
    page.goto(base + "/planning/policies/add/")
    page.get_by_label("Which policy is it?").select_option("code_of_conduct")
    page.get_by_label("Title").fill("Code of conduct")
    page.get_by_label("Link to the policy").fill("http://example.org/conduct")
    page.get_by_role("button", name="Save the policy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an address starting with https://")
    no_violations(axe_check, page, "policy form with errors")
