"""The response-times page in Chromium: axe finds nothing serious, the chart draws its bars at a desktop
width and fits a phone, and "Overdue" opens the inbox's overdue queue with the overdue item in it."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.inbox.models import Item
from tests.cast import active_channel, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _item(channel, text, *, received_at, **fields):
    made = make_item(channel, text, needs_reply=True, **fields)
    Item.objects.filter(pk=made.pk).update(received_at=received_at)
    return made


@pytest.fixture
def answered_weeks(org, manager):
    give_training(manager, "moderate")
    channel = active_channel(org)
    channel.name = "Derbyshire Youth Service Summer Holiday Activities and Residential Trips Group Chat"
    channel.save()
    now = timezone.now()
    for week in range(6):
        for hours in (2, 5, 11 + week * 4):
            answered = now - datetime.timedelta(weeks=week, hours=1)
            _item(
                channel,
                "when is the next trip",
                received_at=answered - datetime.timedelta(hours=hours),
                responded_at=answered,
                status="done",
            )
    late = _item(
        channel,
        "Is the drop-in on over half term? Nobody has answered",
        received_at=now - datetime.timedelta(hours=30),
        due_at=now - datetime.timedelta(hours=6),
    )
    return {"channel": channel, "late": late}


def test_the_page_draws_its_chart_and_fits_a_phone(
    page, live_server, manager, answered_weeks, sign_in_browser, axe_check
):
    sign_in_browser(page, manager.user)
    folder = os.environ.get("HARBOUR_SCREENSHOTS")
    url = f"{live_server.url}{reverse('responses:index')}"
    for width in (1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(url).status == 200
        if folder:
            page.screenshot(path=str(Path(folder) / f"response-times-{width}.png"), full_page=True)
        axe_check(page, context=f"response times at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        bars = page.locator("svg.harbour-chart rect")
        assert bars.count() == 6
        assert all(bars.nth(n).bounding_box()["height"] > 0 for n in range(6))
        assert page.locator("svg.harbour-chart").bounding_box()["width"] <= width


def test_overdue_opens_the_inbox_overdue_queue(page, live_server, manager, answered_weeks, sign_in_browser):
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}{reverse('responses:index')}")
    page.get_by_role("link", name="1 overdue").click()
    page.wait_for_url("**/inbox/**")
    assert "queue=overdue" in page.url
    assert page.get_by_text("Is the drop-in on over half term?").count() >= 1
    assert page.get_by_text("when is the next trip").count() == 0
