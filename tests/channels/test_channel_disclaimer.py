import re

import pytest
from django.urls import reverse

from harbour.audit.models import AuditEvent
from harbour.channels import disclaimer, services
from harbour.channels.models import DisclaimerVersion
from tests.cast import propose


@pytest.fixture
def channel(org, author):
    return propose(org, author)


def test_the_generated_text_covers_what_the_guidance_asks(channel):
    text = disclaimer.generate(channel)
    assert "official account of Derby Youth Service: Derby Youth Council (@derbyyouth.bsky.social)" in text
    assert "We check this account at least 3 times a day: every day from 9am to 8pm." in text
    assert "within 1 day" in text
    for kind in ("untrue things", "spoil the conversation", "abusive", "offensive"):
        assert kind in text
    assert "hide or remove" in text and "report posts like these to Bluesky's moderation team" in text
    assert "youth@derby.example.org" in text and "01332 000000" in text
    for contact in (
        "999",
        "0800 1111",
        "childline.org.uk",
        "ceop.police.uk/Safety-Centre",
        "85258",
        "116 123",
    ):
        assert contact in text


def test_plain_english_short_sentences(channel):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", disclaimer.generate(channel)) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 30


@pytest.mark.parametrize(
    "hours, phrase",
    [(1, "within 1 hour"), (4, "within 4 hours"), (48, "within 2 days"), (36, "within 36 hours")],
)
def test_response_times_read_naturally(channel, hours, phrase):
    channel.response_hours = hours
    assert phrase in disclaimer.generate(channel)


def test_blocks_make_headings_lists_and_paragraphs():
    text = "# Title\n\nOne line\nsecond line\n- a\n- b\nafter\n\nnew paragraph\n# Next"

    def plain(line):
        return [{"text": line, "href": None}]

    assert disclaimer.blocks(text) == [
        {"kind": "heading", "text": "Title"},
        {"kind": "paragraph", "lines": [plain("One line"), plain("second line")]},
        {"kind": "list", "items": [plain("a"), plain("b")]},
        {"kind": "paragraph", "lines": [plain("after")]},
        {"kind": "paragraph", "lines": [plain("new paragraph")]},
        {"kind": "heading", "text": "Next"},
    ]


@pytest.mark.parametrize(
    "line, links",
    [
        ("go to childline.org.uk to talk", [("childline.org.uk", "https://childline.org.uk")]),
        (
            "at ceop.police.uk/Safety-Centre.",
            [("ceop.police.uk/Safety-Centre", "https://ceop.police.uk/Safety-Centre")],
        ),
        ("see https://example.org/a?b=c, then", [("https://example.org/a?b=c", "https://example.org/a?b=c")]),
        ("email youth@derby.example.org", []),
        ("javascript:alert(1)", []),
        ("call 0800 1111", [("0800 1111", "tel:+448001111")]),
    ],
)
def test_web_addresses_become_links_and_nothing_else(line, links):
    parts = disclaimer.segments(line)
    assert "".join(part["text"] for part in parts) == line
    assert [(p["text"], p["href"]) for p in parts if p["href"]] == links


def test_an_editor_adjusts_and_publishes_new_versions(client_for, channel, manager):
    client = client_for(manager)
    url = reverse("channels:disclaimer", args=[channel.pk])
    form_text = client.get(url).content.decode()
    assert "If you need help now" in form_text  # the generated text is offered
    client.post(url, {"text": "# About\n\nOur own words."})
    client.post(url, {"text": "# About\n\nBetter words."})
    channel.refresh_from_db()
    versions = list(DisclaimerVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == "# About\n\nOur own words."
    assert channel.current_disclaimer == versions[1]
    events = AuditEvent.objects.filter(action="channel.disclaimer_published").order_by("sequence")
    assert [e.detail["version"] for e in events] == [1, 2]
    assert "Better words." in client.get(url).content.decode()  # the editor starts from the current text


def test_published_versions_never_change(channel, manager):
    version = services.publish_disclaimer(channel, "Words", by=manager)
    version.text = "Other words"
    with pytest.raises(ValueError, match="cannot be changed"):
        version.save()


def test_only_managers_publish(client_for, channel, author, moderator):
    url = reverse("channels:disclaimer", args=[channel.pk])
    for member in (author, moderator):
        assert client_for(member).post(url, {"text": "x"}).status_code == 403
    assert not DisclaimerVersion.objects.exists()


def test_the_public_page_needs_no_sign_in_and_shows_the_current_version(client, channel, manager):
    services.publish_disclaimer(channel, "# Old\n\nold", by=manager)
    services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    url = reverse("channels_public:disclaimer", args=[channel.public_slug])
    assert url.startswith("/p/disclaimer/")
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "How this account is run" in page and "Version 2" in page and "Old" not in page
    assert 'href="https://childline.org.uk"' in page
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response  # no session, no tracking
    external = re.findall(r'(?:src|href)="(https?:)?//(?!childline|ceop)[^"]+', page)
    assert external == []


def test_the_public_page_escapes_what_editors_type(client, channel, manager):
    services.publish_disclaimer(
        channel, "# <script>alert(1)</script>\n\n- <img src=x onerror=alert(2)>", by=manager
    )
    page = client.get(reverse("channels_public:disclaimer", args=[channel.public_slug])).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_guessed_or_unpublished_slug_is_404(client, channel):
    assert client.get(reverse("channels_public:disclaimer", args=["not-a-real-slug"])).status_code == 404
    assert client.get(reverse("channels_public:disclaimer", args=[channel.public_slug])).status_code == 404
    assert len(channel.public_slug) >= 32


def test_the_generated_text_passes_harbours_own_checks_for_outgoing_posts(channel):
    from harbour.screening.engine import default_engine
    from harbour.screening.verdict import Context, Direction

    # The organisation's own published contact details are what a disclaimer must show: allowed, as an
    # organisation's allow-list would; anything else found is a fault in the generated words.
    verdict = default_engine().screen(
        disclaimer.generate(channel), Context(direction=Direction.OUTGOING), allow=channel.contact_details
    )
    assert [f.to_dict(verdict.text) for f in verdict.findings if f.severity > 0] == []
