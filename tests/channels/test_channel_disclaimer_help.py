"""The public disclaimer puts "If you need help now" first, with its numbers as tel: (or sms:) links,
and says where posts are reported in words that fit each platform (issue 15, item 19)."""

import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from harbour.channels import disclaimer, services
from harbour.channels.models import Channel, DisclaimerVersion
from harbour.channels.platforms import Platform
from harbour.connectors import registry
from tests.cast import propose


@pytest.fixture
def channel(org, author):
    return propose(org, author)


@pytest.mark.parametrize(
    "line, links",
    [
        ("If you are in danger right now, call 999.", [("999", "tel:999")]),
        ("Samaritans: call 116 123 for free", [("116 123", "tel:116123")]),
        ("Childline: call 0800 1111 or go to", [("0800 1111", "tel:+448001111")]),
        ("NSPCC: 0808 800 5000", [("0808 800 5000", "tel:+448088005000")]),
        ("Ring us on 01332 641172.", [("01332 641172", "tel:+441332641172")]),
        ("Ring us on (+44) 1332 641172", [("1332 641172", "tel:+441332641172")]),
        ("Phone: +44 1332 641172", [("+44 1332 641172", "tel:+441332641172")]),
        ("Phone: 0800-1111", [("0800-1111", "tel:+448001111")]),
        ("Shout: text SHOUT to 85258", [("85258", "sms:85258?body=SHOUT")]),
        ("call 999 or 116 123 now", [("999", "tel:999"), ("116 123", "tel:116123")]),
        ("call 111 if it is urgent", [("111", "tel:111")]),
        # numbers that are not phone numbers stay text
        ("For ages 13 to 19, since 2026; 999 people came", []),
        ("Version 12, published 5 December", []),
        ("call extension 4", []),
        ("see https://example.org/0800 1111x", [("https://example.org/0800", "https://example.org/0800")]),
    ],
)
def test_phone_numbers_become_tel_links_and_other_numbers_do_not(line, links):
    parts = disclaimer.segments(line)
    assert "".join(part["text"] for part in parts) == line
    assert [(p["text"], p["href"]) for p in parts if p["href"]] == links


def test_every_help_contact_number_is_a_link():
    for item in disclaimer.HELP_NOW:
        parts = disclaimer.segments(item)
        numbers = re.findall(r"(?<![\w.])\d[\d ]*\d|(?<![\w.])\d(?![\w.])", item)
        linked = {p["text"] for p in parts if p["href"] and p["href"].startswith(("tel:", "sms:"))}
        assert {n.strip() for n in numbers} <= linked, item


def test_a_long_run_of_digits_is_quick():
    start = time.perf_counter()
    disclaimer.segments("call " + "1 " * 2500)
    disclaimer.segments("call " + "0800 1111 " * 500)
    assert time.perf_counter() - start < 2


def test_the_generated_text_starts_with_help(channel):
    text = disclaimer.generate(channel)
    assert text.startswith("# If you need help now\n")
    assert text.count("If you need help now") == 2  # its heading, and the pointer to it
    assert "below" not in text


@pytest.mark.parametrize("platform", Platform.values)
def test_every_platform_has_a_reporting_route_and_its_label_is_not_one(org, platform):
    channel = Channel(organisation=org, platform=platform, display_name="Derby Youth", checks_per_day=1)
    channel.moderation_hours, channel.response_hours = "daily", 24
    text = disclaimer.generate(channel)
    assert f"We may report posts like these to {registry.entry(platform).report_to}." in text
    label = Platform(platform).label
    assert f"to {label}." not in text  # a name in Harbour is not somewhere to report to
    own_platforms = (
        Platform.BLUESKY,
        Platform.MASTODON,
        Platform.INSTAGRAM,
        Platform.FACEBOOK,
        Platform.THREADS,
    )
    if platform not in own_platforms:  # no platform of its own to name
        assert label not in text


def test_the_public_page_shows_help_first_with_links(client, channel, manager):
    services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    page = client.get(reverse("channels_public:disclaimer", args=[channel.public_slug])).content.decode()
    main = page[page.index('<main class="govuk-main-wrapper" id="main-content">') :]
    assert main.index('id="help-now"') < main.index("<h1") < main.index("About this account")
    assert main.count("If you need help now") == 2  # the banner's title and the pointer to it
    for href in ("tel:999", "tel:+448001111", "sms:85258?body=SHOUT", "tel:116123", "tel:+441332000000"):
        assert f'href="{href}"' in main


def test_an_older_text_with_help_last_is_shown_help_first(client, channel, manager):
    old = "# About\n\nWe check it daily.\n\n# Need help now?\n\n- Call 999 if you are in danger"
    services.publish_disclaimer(channel, old, by=manager)
    page = client.get(reverse("channels_public:disclaimer", args=[channel.public_slug])).content.decode()
    help_at = page.index('id="help-now"')
    assert help_at < page.index("Call <a") < page.index("We check it daily")
    assert "Need help now?" not in page  # the page gives the section its own heading


def test_a_text_without_help_still_shows_the_contacts_first(client, channel, manager):
    services.publish_disclaimer(channel, "# About\n\nOur own words.", by=manager)
    page = client.get(reverse("channels_public:disclaimer", args=[channel.public_slug])).content.decode()
    assert page.index('id="help-now"') < page.index('href="tel:+448001111"') < page.index("Our own words")


def test_the_demo_feeds_disclaimer_is_refreshed_unless_someone_published_their_own(db):
    call_command("seed_demo")
    feed = Channel.objects.get(name="Youth Voice demo feed")
    text = feed.current_disclaimer.text
    assert (
        "Demonstration feed" not in text and "report posts like these to the site where it was posted" in text
    )
    # a database seeded by an older Harbour keeps its older wording until the seed runs again
    old = DisclaimerVersion.objects.create(
        organisation=feed.organisation,
        channel=feed,
        number=2,
        text="report posts like these to Demonstration feed",
    )
    Channel.objects.filter(pk=feed.pk).update(current_disclaimer=old)
    call_command("seed_demo")
    feed.refresh_from_db()
    assert (feed.current_disclaimer.number, feed.current_disclaimer.text) == (3, text)
    call_command("seed_demo")
    assert DisclaimerVersion.objects.filter(channel=feed).count() == 3  # nothing new when nothing changed

    manager = feed.owners.get(role="manager")
    services.publish_disclaimer(feed, "# Our own\n\nWords.", by=manager)
    call_command("seed_demo")
    feed.refresh_from_db()
    assert feed.current_disclaimer.text == "# Our own\n\nWords."
