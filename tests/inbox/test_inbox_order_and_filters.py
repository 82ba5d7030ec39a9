"""The inbox lists the organisation's items, most serious first and longest waiting first, with filters."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import active_channel, finding, give_training, make_item, sign_in


@pytest.fixture
def client_for(db):
    def make(member):
        give_training(member, "moderate")
        return sign_in(Client(), member.user)

    return make


def listed(response) -> list[str]:
    """The ITEM-… markers in the page's text, in order (highlights and hidden labels taken out)."""
    html = re.sub(r'<span class="govuk-visually-hidden">[^<]*</span>', "", response.content.decode())
    return re.findall(r"ITEM-[\w-]+", re.sub(r"<[^>]+>", "", html))


def test_items_are_ordered_by_severity_then_oldest_first(org, manager, client_for):
    channel = active_channel(org)
    make_item(channel, "ITEM-new-low", severity=1, minutes_ago=1)
    make_item(channel, "ITEM-old-low", severity=1, minutes_ago=50)
    make_item(channel, "ITEM-severe", severity=4, minutes_ago=5, action="escalate")
    make_item(channel, "ITEM-nothing", severity=0, minutes_ago=99)
    make_item(channel, "ITEM-old-high", severity=3, minutes_ago=30, action="hide")
    make_item(channel, "ITEM-new-high", severity=3, minutes_ago=2, action="hide")

    response = client_for(manager).get(reverse("inbox:index"))

    assert response.status_code == 200
    assert listed(response) == [
        "ITEM-severe",
        "ITEM-old-high",
        "ITEM-new-high",
        "ITEM-old-low",
        "ITEM-new-low",
        "ITEM-nothing",
    ]


def test_another_organisations_items_are_not_listed(org, other_org, manager, client_for):
    make_item(active_channel(org), "ITEM-ours")
    make_item(active_channel(other_org), "ITEM-theirs", severity=4)

    assert listed(client_for(manager).get(reverse("inbox:index"))) == ["ITEM-ours"]


def test_filters_by_channel_category_severity_and_status(org, manager, client_for):
    feed, page = active_channel(org), active_channel(org, platform="file_import")
    make_item(feed, "ITEM-bully3", findings=[finding("bullying", 3)], action="hide")
    make_item(feed, "ITEM-sexual4", findings=[finding("sexual", 4)], action="escalate")
    make_item(page, "ITEM-spam1", findings=[finding("spam", 1)], action="review")
    done = make_item(page, "ITEM-done", findings=[finding("bullying", 2)], action="review")
    done.status = "done"
    done.save()
    client = client_for(manager)

    def get(**query):
        return listed(client.get(reverse("inbox:index"), {"queue": "all", **query}))

    assert get(channel=page.pk) == ["ITEM-done", "ITEM-spam1"]
    assert get(category="bullying") == ["ITEM-bully3", "ITEM-done"]
    assert get(category="sexual") == ["ITEM-sexual4"]
    assert get(severity="3") == ["ITEM-sexual4", "ITEM-bully3"]
    assert get(status="new", category="bullying") == ["ITEM-bully3"]
    assert get(status="done") == ["ITEM-done"]
    assert get(channel=feed.pk, severity="4") == ["ITEM-sexual4"]


def test_a_quote_in_the_text_cannot_fake_a_category(org, manager, client_for):
    channel = active_channel(org)
    text = 'ITEM-fake "category": "sexual"'
    make_item(channel, text, findings=[finding("spam", 1, span=(0, len(text)), text=text)])

    assert listed(client_for(manager).get(reverse("inbox:index"), {"category": "sexual"})) == []


def test_unknown_filter_values_are_ignored(org, other_org, manager, client_for):
    make_item(active_channel(org), "ITEM-ours")
    theirs = active_channel(other_org)

    response = client_for(manager).get(
        reverse("inbox:index"), {"channel": theirs.pk, "category": "nonsense", "severity": "9", "status": "x"}
    )

    assert response.status_code == 200
    assert listed(response) == ["ITEM-ours"]


def test_the_list_is_paginated_in_fifties(org, manager, client_for):
    channel = active_channel(org)
    for n in range(55):
        make_item(channel, f"ITEM-{n:02d}", minutes_ago=100 - n)
    client = client_for(manager)

    first = client.get(reverse("inbox:index"))
    second = client.get(reverse("inbox:index"), {"page": 2})

    assert len(listed(first)) == 50 and listed(first)[0] == "ITEM-00"
    assert listed(second) == [f"ITEM-{n}" for n in range(50, 55)]
    assert "55 items, showing 1 to 50" in first.content.decode()


def test_htmx_polling_gets_only_the_fragment(org, manager, client_for):
    make_item(active_channel(org), "ITEM-one")
    client = client_for(manager)

    page = client.get(reverse("inbox:index"), {"severity": "1"}).content.decode()
    response = client.get(reverse("inbox:index"), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()

    assert 'hx-trigger="every 10s"' in page
    assert 'hx-get="/inbox/?severity=1"' in page
    assert "ITEM-one" in fragment and "<html" not in fragment and 'role="search"' not in fragment
    assert ">Refresh<" in fragment
    assert "HX-Request" in response["Vary"]


def test_each_row_shows_the_author_channel_action_and_reasons(org, manager, client_for):
    channel = active_channel(org)
    make_item(
        channel,
        "ITEM-x you are a loser",
        findings=[finding("bullying", 3, span=(17, 22), reason="Calling someone a loser")],
        action="hide",
        author_display_name="Jo Bloggs",
        author_handle="@jo.example",
        media=[{"url": "https://cdn.example/a.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )

    html = client_for(manager).get(reverse("inbox:index")).content.decode()

    assert "Jo Bloggs" in html and "@jo.example" in html and channel.name in html
    assert 'govuk-tag govuk-tag--orange">Suggests hiding<' in html
    assert "Calling someone a loser" in html
    assert '<span class="govuk-visually-hidden">Flagged as Bullying: </span>loser' in html
    assert "1 attachment withheld" in html
    assert "cdn.example" not in html


def test_a_reason_given_by_two_detectors_is_listed_once(org, manager, client_for):
    same = finding("spam", 1, reason="Scam wording")
    make_item(
        active_channel(org), "ITEM-spam", findings=[same, {**same, "detector": "other"}], action="review"
    )
    html = client_for(manager).get(reverse("inbox:index")).content.decode()
    assert html.count("Scam wording") == 1
