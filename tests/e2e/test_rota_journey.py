"""The rota in a browser (issue 17): a moderator signs off the day with the keyboard only, a missing
sign-off alerts the manager on the console home, and at a weekend the public disclaimer says nobody is
checking the account now, on a phone, with the help still on the first screen. axe on every page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from harbour.channels import disclaimer
from harbour.channels import services as channels
from harbour.rota import services, tasks
from harbour.rota.models import SignOff
from tests.cast import active_channel, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
MONDAY_AFTERNOON = datetime.datetime(2026, 12, 7, 15, 0, tzinfo=LONDON)
MONDAY_EVENING = datetime.datetime(2026, 12, 7, 20, 30, tzinfo=LONDON)
SATURDAY_NOON = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=LONDON)
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def channel(org, manager, moderator):
    made = active_channel(org)
    made.moderators.add(moderator)
    services.add_shifts(
        made,
        member=moderator,
        days=[0, 1, 2, 3, 4],
        starts=datetime.time(9),
        ends=datetime.time(17),
        by=manager,
    )
    return made


def test_a_moderator_signs_off_the_day_with_the_keyboard(
    page, live_server, channel, moderator, sign_in_browser, axe_check
):
    give_training(moderator, "moderate")
    make_item(channel, "still to look at")
    with time_machine.travel(MONDAY_AFTERNOON):
        sign_in_browser(page, moderator.user)
        page.goto(f"{live_server.url}/rota/today/")
        axe_check(page, context="sign-off page")
        row = page.get_by_role("row").filter(has_text=channel.name)
        expect(row).to_contain_text("1")
        button = page.get_by_role("button", name=f"Sign off {channel.name}")
        for _ in range(60):  # Tab until the button has focus
            page.keyboard.press("Tab")
            if button.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the Sign off button cannot be reached with Tab")
        page.keyboard.press("Enter")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is signed off for today")
        expect(page.get_by_role("row").filter(has_text=channel.name)).to_contain_text("Signed off")
        axe_check(page, context="sign-off page, signed off")
    assert SignOff.objects.get(channel=channel).needs_action == 1


def test_a_missing_sign_off_alerts_the_manager(
    page, live_server, channel, manager, sign_in_browser, axe_check
):
    with time_machine.travel(MONDAY_EVENING), override_settings(TASKS=IMMEDIATE):
        assert tasks.enqueue_due_alerts(MONDAY_EVENING) == 1
        assert [message.to for message in mail.outbox] == [[manager.user.email]]
        sign_in_browser(page, manager.user)
        page.goto(f"{live_server.url}/")
        alerts = page.get_by_role("region", name="Moderation alerts")
        expect(alerts).to_contain_text("not signed off by its time on Monday 7 December")
        axe_check(page, context="console home with an alert")
        alerts.get_by_role("link", name=channel.name).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Rota of")
        axe_check(page, context="a channel's rota")


def test_at_the_weekend_the_disclaimer_says_nobody_is_checking_on_a_phone(
    page, live_server, channel, manager, axe_check
):
    channels.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    channel.refresh_from_db()
    with time_machine.travel(SATURDAY_NOON):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/p/disclaimer/{channel.public_slug}/")
        notice = page.locator("#not-monitored")
        expect(notice).to_contain_text("Nobody is checking this account right now")
        expect(notice.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
        box = page.locator("#help-now").bounding_box()
        assert box["y"] < 844  # the full help list still starts on the first screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe_check(page, context="public disclaimer, not monitored, at 390 px")


def test_the_rota_page_fits_a_phone_with_long_names(
    page, live_server, org, manager, moderator, sign_in_browser, axe_check
):
    long = "Bartholomew-Featherstonehaugh-Cholmondeley-Wolfeschlegelsteinhausen"
    moderator.user.full_name = long
    moderator.user.save()
    made = active_channel(org)
    made.name = f"The {long} Youth Forum channel"
    made.save()
    made.moderators.add(moderator)
    services.add_shifts(
        made, member=moderator, days=[0, 5], starts=datetime.time(22), ends=datetime.time(2), by=manager
    )
    sign_in_browser(page, manager.user)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/rota/channels/{made.pk}/", "/rota/", f"/rota/channels/{made.pk}/shifts/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        axe_check(page, context=f"{path} at 390 px")
