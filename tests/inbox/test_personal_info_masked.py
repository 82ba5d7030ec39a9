"""A child's phone number, address, postcode or e-mail is masked wherever items are listed (the inbox,
its live refresh, an item's thread and the author's other items) and shown in full only on the item's
own page (issue 15 item 5). The spans come from screening, as ingest stores them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.inbox.templatetags.inbox import highlight_masked
from harbour.screening import screen
from tests.cast import active_channel, give_training, make_item, sign_in

# Each is personal information screening finds; the text around them is not.
PERSONAL = ["07700 900123", "+44 7700 900456", "12 Hawthorn Close", "DE1 2AB", "kid.name@gmail.com"]
TEXT = "text me on 07700 900123 or +44 7700 900456, come round to 12 Hawthorn Close, Derby DE1 2AB. or email kid.name@gmail.com"


@pytest.fixture
def client(manager):
    give_training(manager, "moderate")
    return sign_in(Client(), manager.user)


def screened_item(channel, text=TEXT, **fields):
    verdict = screen(text).to_dict()
    found = {
        text[f["span"][0] : f["span"][1]] for f in verdict["findings"] if f["category"] == "personal_info"
    }
    assert set(PERSONAL) <= found | {p for p in PERSONAL if p not in text}, (
        found
    )  # screening really finds them
    return make_item(channel, text, findings=verdict["findings"], action=verdict["action"], **fields)


def digits_and_letters(value: str) -> str:
    return re.sub(r"\W", "", value)


def assert_masked(html: str) -> None:
    for value in PERSONAL:
        assert value not in html, value
        # Not even split up by markup: no run of its characters survives.
        assert digits_and_letters(value) not in digits_and_letters(re.sub(r"<[^>]+>", "", html)), value
    assert "text me on" in html and "come round to" in html  # the rest of the message is still there
    assert "hidden in the list: open the item to read it" in html


def test_the_inbox_list_and_its_live_refresh_mask_personal_information(org, client):
    screened_item(active_channel(org))
    assert_masked(client.get(reverse("inbox:index")).content.decode())
    assert_masked(client.get(reverse("inbox:index"), headers={"HX-Request": "true"}).content.decode())


def test_the_item_page_shows_it_in_full_and_masks_it_in_the_thread_and_history(org, client):
    channel = active_channel(org)
    item = screened_item(channel, "hi", author_id="kid", thread_id="t")
    screened_item(channel, author_id="kid", thread_id="t")
    other = screened_item(channel, author_id="kid")
    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert "The thread</h2>" in html and "This author's other items</h2>" in html
    assert_masked(html)  # both listed items carry the personal information; this item does not

    html = client.get(reverse("inbox:item", args=[other.pk])).content.decode()
    main, _, lists = html.partition("What screening found</h2>")
    for value in PERSONAL:
        assert value in main, value
    assert_masked(lists.partition("The thread</h2>")[2])


@pytest.mark.parametrize(
    ("text", "span", "masked"),
    [
        ("call 07700 900123 now", (5, 17), "call ••••• •••••• now"),
        ("at 12 Hawthorn Close!", (3, 20), "at •• •••••••• •••••!"),
        ("07700900123", (0, 11), "•••••••••••"),
        ("clamped 0770", (8, 99), "clamped ••••"),  # a span past the end is clamped, not an error
    ],
)
def test_masking_keeps_spaces_and_length_so_other_spans_still_fit(text, span, masked):
    findings = [{"category": "personal_info", "span": list(span), "reason": "A phone number"}]
    plain = re.sub(
        r"<span class=\"govuk-visually-hidden\">.*?</span>|<[^>]+>", "", str(highlight_masked(text, findings))
    )
    assert plain == masked


def test_a_personal_span_overlapping_another_finding_is_still_masked():
    text = "ring 07700 900123 loser"
    findings = [
        {"category": "bullying", "span": [0, 17], "reason": "Name-calling"},  # listed first, wins the <mark>
        {"category": "personal_info", "span": [5, 17], "reason": "A phone number"},
    ]
    html = str(highlight_masked(text, findings))
    assert "07700" not in html and "900123" not in html and "loser" in html
