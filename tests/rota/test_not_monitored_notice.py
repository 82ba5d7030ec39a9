"""Outside the hours on a channel's rota, its public disclaimer says nobody is checking it now and gives
the emergency contacts (docs/safeguarding.md, rule 17: out-of-hours alerts need a rota or a visible
"not monitored now" notice)."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

import harbour.rota
from harbour.channels import disclaimer
from harbour.channels import services as channels
from harbour.rota.templatetags.rota import emergency_contacts

LONDON = ZoneInfo("Europe/London")
SATURDAY_NOON = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=LONDON)
MONDAY_MORNING = datetime.datetime(2026, 12, 7, 10, 30, tzinfo=LONDON)


@pytest.fixture
def published(channel, manager):
    channels.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    channel.refresh_from_db()
    return channel


def public_page(channel) -> str:
    response = Client().get(reverse("channels_public:disclaimer", args=[channel.public_slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_at_the_weekend_the_disclaimer_says_nobody_is_checking_now(published, rota):
    with time_machine.travel(SATURDAY_NOON, tick=False):
        page = public_page(published)
    assert "Nobody is checking this account right now" in page
    notice = page[page.index('id="not-monitored"') : page.index('id="help-now"')]
    assert "We will next check it on Monday 7 December from 9:00 a.m." in notice
    assert 'href="tel:999"' in notice
    assert 'href="tel:+448001111"' in notice  # Childline
    assert "ceop.police.uk/Safety-Centre" in notice


def test_during_covered_hours_there_is_no_notice(published, rota):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        page = public_page(published)
    assert "Nobody is checking this account right now" not in page
    assert 'id="not-monitored"' not in page


def test_the_notice_names_no_member_of_staff(published, rota, moderator, manager):
    with time_machine.travel(SATURDAY_NOON, tick=False):
        page = public_page(published)
    assert 'id="not-monitored"' in page
    for member in (moderator, manager):
        assert member.user.full_name not in page
        assert member.user.email not in page


def test_a_channel_without_a_rota_shows_no_notice(published):
    with time_machine.travel(SATURDAY_NOON, tick=False):
        assert 'id="not-monitored"' not in public_page(published)


def test_the_contacts_are_the_disclaimers_own_help_lines():
    # Reused from harbour/channels/disclaimer.py, never a second copy that could drift.
    contacts = emergency_contacts()
    assert len(contacts) == 3
    assert all(line in disclaimer.HELP_NOW for line in contacts)
    assert any("999" in line for line in contacts)
    assert any("0800 1111" in line for line in contacts)
    assert any("CEOP" in line for line in contacts)


def test_the_rota_keeps_no_copy_of_the_help_lines():
    # A number written into the rota's code or templates would not follow an edit to HELP_NOW.
    root = Path(harbour.rota.__file__).parent
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        text = path.read_text()
        assert "0800 1111" not in text and "ceop.police.uk" not in text, path
