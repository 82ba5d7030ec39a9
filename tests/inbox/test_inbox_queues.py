"""The inbox's queues (issue 17): needs action by default, assigned to me, overdue and done today, each
with its count; filters by kind and assignee; search by text and by author; the filters kept on the
way to an item and back; only incoming categories offered."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.inbox.forms import INBOX_CATEGORIES, OUTGOING_ONLY
from harbour.inbox.models import ItemStatus
from harbour.screening.registry import DETECTORS, load
from harbour.screening.verdict import Category, Direction
from tests.cast import active_channel, finding, give_training, make_item, sign_in
from tests.inbox.test_inbox_order_and_filters import listed


@pytest.fixture
def client_for(db):
    def make(member):
        give_training(member, "moderate")
        return sign_in(Client(), member.user)

    return make


def counts(response) -> dict[str, int]:
    """Each queue's label and count, as the queue links show them."""
    nav = response.content.decode().split('aria-label="Queues"')[1].split("</nav>")[0]
    return {
        label.strip(): int(count)
        for label, count in re.findall(
            r'>([A-Z][\w ]+?) <span class="harbour-queues__count">(\d+)</span>', nav
        )
    }


def test_the_default_view_is_needs_action_with_done_items_left_out(org, manager, client_for):
    channel = active_channel(org)
    make_item(channel, "ITEM-waiting", severity=1)
    make_item(channel, "ITEM-finished", severity=4, status=ItemStatus.DONE, done_at=timezone.now())
    make_item(channel, "ITEM-escalated", severity=4, status=ItemStatus.ESCALATED)

    response = client_for(manager).get(reverse("inbox:index"))

    assert listed(response) == ["ITEM-waiting"]
    assert 'aria-current="page">Needs action' in response.content.decode()


def test_each_queue_has_its_count_and_its_items(org, manager, moderator, client_for):
    channel = active_channel(org)
    now = timezone.now()
    make_item(channel, "ITEM-new")
    make_item(channel, "ITEM-mine", assigned_to=manager, severity=2)
    make_item(channel, "ITEM-theirs", assigned_to=moderator)
    make_item(channel, "ITEM-mine-done", assigned_to=manager, status=ItemStatus.DONE, done_at=now)
    make_item(channel, "ITEM-late", due_at=now - timedelta(minutes=5), needs_reply=True, severity=1)
    make_item(channel, "ITEM-due-later", due_at=now + timedelta(hours=5), needs_reply=True)
    make_item(
        channel, "ITEM-late-but-done", due_at=now - timedelta(hours=1), status=ItemStatus.DONE, done_at=now
    )
    make_item(
        channel, "ITEM-done-yesterday", status=ItemStatus.DONE, done_at=now - timedelta(days=1, hours=1)
    )
    client = client_for(manager)

    def queue(name):
        return listed(client.get(reverse("inbox:index"), {"queue": name}))

    assert counts(client.get(reverse("inbox:index"))) == {
        "Needs action": 5,
        "Assigned to you": 1,
        "Overdue": 1,
        "Done today": 2,
    }
    assert queue("mine") == ["ITEM-mine"]
    assert queue("overdue") == ["ITEM-late"]
    assert sorted(queue("done_today")) == ["ITEM-late-but-done", "ITEM-mine-done"]
    assert len(queue("all")) == 8
    assert queue("nonsense") == queue("needs_action")


def test_overdue_is_one_definition_for_the_queue_the_response_times_and_the_rota(org, manager, client_for):
    """An answered or escalated item has met or left its deadline: it is not overdue anywhere."""
    from harbour.responses.times import response_times
    from harbour.rota.services import overdue_count

    channel = active_channel(org)
    late = timezone.now() - timedelta(hours=2)
    make_item(channel, "ITEM-late", due_at=late, needs_reply=True)
    make_item(channel, "ITEM-answered", due_at=late, needs_reply=True, responded_at=late + timedelta(hours=1))
    make_item(channel, "ITEM-escalated", due_at=late, needs_reply=True, status=ItemStatus.ESCALATED)
    client = client_for(manager)
    assert listed(client.get(reverse("inbox:index"), {"queue": "overdue"})) == ["ITEM-late"]
    assert overdue_count(channel) == 1
    assert [t.overdue for t in response_times(manager) if t.channel == channel] == [1]


def test_the_counts_follow_the_filters(org, manager, client_for):
    feed, other = active_channel(org), active_channel(org, platform="file_import")
    make_item(feed, "ITEM-a")
    make_item(other, "ITEM-b")

    response = client_for(manager).get(reverse("inbox:index"), {"channel": feed.pk})

    assert counts(response)["Needs action"] == 1
    # The queue links keep the filters.
    assert f'href="?queue=overdue&amp;channel={feed.pk}"' in response.content.decode()


def test_filters_by_kind_and_assignee(org, manager, moderator, other_org, outsider, client_for):
    channel = active_channel(org)
    make_item(channel, "ITEM-dm", kind="direct_message", assigned_to=moderator)
    make_item(channel, "ITEM-reply", kind="reply")
    client = client_for(manager)

    def get(**query):
        return listed(client.get(reverse("inbox:index"), query))

    assert get(kind="direct_message") == ["ITEM-dm"]
    assert get(assignee=moderator.pk) == ["ITEM-dm"]
    assert get(assignee="nobody") == ["ITEM-reply"]
    # Another organisation's member is no choice: the filter is dropped, not an error.
    assert sorted(get(assignee=outsider.pk)) == ["ITEM-dm", "ITEM-reply"]


def test_search_by_text_and_by_author(org, other_org, manager, client_for):
    channel = active_channel(org)
    make_item(channel, "ITEM-1 see you at the Match tonight", author_handle="@kai.example")
    make_item(channel, "ITEM-2 nothing here", author_handle="@sam.example", author_display_name="Sam Jones")
    make_item(active_channel(other_org), "ITEM-3 match in their org", author_handle="@kai.example")
    client = client_for(manager)

    def get(**query):
        return listed(client.get(reverse("inbox:index"), query))

    assert get(q="match") == ["ITEM-1"]
    assert get(author="@kai") == ["ITEM-1"]
    assert get(author="sam jo") == ["ITEM-2"]
    assert get(q="match", author="sam") == []


def test_an_item_keeps_the_lists_filters_and_back_leads_to_them(org, manager, client_for):
    channel = active_channel(org)
    item = make_item(channel, "ITEM-kept", findings=[finding("bullying", 3)], action="hide")
    client = client_for(manager)
    query = {"queue": "all", "severity": "3", "q": "kept", "next": "https://evil.example/", "x": "<s>"}

    listing = client.get(reverse("inbox:index"), query).content.decode()
    link = re.search(rf'href="(/inbox/{item.pk}/\?[^"]*)"', listing).group(1).replace("&amp;", "&")
    page = client.get(link).content.decode()
    back = re.search(r'href="([^"]*)" class="govuk-back-link"', page).group(1)

    assert link == f"/inbox/{item.pk}/?queue=all&q=kept&severity=3"
    assert back == "/inbox/?queue=all&amp;q=kept&amp;severity=3"
    assert "evil.example" not in page and "<s>" not in listing


def test_a_crafted_back_link_is_re_encoded(org, manager, client_for):
    item = make_item(active_channel(org), "ITEM-x")
    page = (
        client_for(manager)
        .get(reverse("inbox:item", args=[item.pk]), {"q": '"><script>alert(1)</script>', "page": "2"})
        .content.decode()
    )
    back = re.search(r'href="([^"]*)" class="govuk-back-link"', page).group(1)
    assert back == "/inbox/?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;page=2"


def test_only_incoming_categories_are_offered():
    incoming, outgoing = set(), set()
    for path in DETECTORS:
        detector = load(path)
        (incoming if Direction.INCOMING in detector.directions else outgoing).add(str(detector.category))
    offered = {key for key, _ in INBOX_CATEGORIES}

    assert {str(c) for c in OUTGOING_ONLY} == outgoing - incoming
    assert offered == {str(c) for c in Category} - (outgoing - incoming)
    assert not offered & {"readability", "leading_question"}


def test_one_name_per_state(org, manager, client_for):
    channel = active_channel(org)
    new = make_item(channel, "ITEM-new")
    done = make_item(channel, "ITEM-done", status=ItemStatus.DONE, done_at=timezone.now())
    client = client_for(manager)

    listing = client.get(reverse("inbox:index"), {"queue": "all"}).content.decode()
    pages = [client.get(reverse("inbox:item", args=[i.pk])).content.decode() for i in (new, done)]

    for html in [listing, *pages]:
        assert "Reviewed" not in html and "Mark as reviewed" not in html and ">New<" not in html
    assert "Needs action" in pages[0] and "Done" in pages[1]


def test_the_bulk_bar_posts_the_ticked_items_to_moderation(org, moderator, client_for):
    channel = active_channel(org)
    channel.moderators.add(moderator)
    items = [make_item(channel, f"ITEM-{n}") for n in range(3)]
    client = client_for(moderator)

    listing = client.get(reverse("inbox:index")).content.decode()
    form = listing.split('id="inbox-bulk"')[0].rsplit("<form", 1)[1] + listing.split('id="inbox-bulk"')[1]
    action = re.search(r'action="([^"]+)"', form).group(1)
    ticks = re.findall(r'name="items" type="checkbox" value="(\d+)"', form)
    back = re.search(r'name="next" value="([^"]+)"', form).group(1)
    asked = client.post(action, {"items": ticks[:2], "kind": "done", "next": back})
    confirmed = client.post(
        action, {"items": ticks[:2], "kind": "done", "confirmed": "True", "next": back}, follow=True
    )

    assert action == reverse("moderation:bulk") and sorted(ticks) == sorted(str(i.pk) for i in items)
    assert "Mark 2 items done?" in asked.content.decode()
    assert confirmed.redirect_chain[-1][0] == back == "/inbox/"
    assert listed(confirmed) == ["ITEM-2"]


def test_each_row_carries_its_version_and_action_address_for_the_shortcuts(org, manager, client_for):
    item = make_item(active_channel(org), "ITEM-row")
    html = client_for(manager).get(reverse("inbox:index")).content.decode()
    row = re.search(rf'<tr [^>]*data-item="{item.pk}"[^>]*>', html).group(0)
    assert f'data-version="{item.version}"' in row
    assert f'data-act="{reverse("moderation:act", args=[item.pk])}"' in row
    assert 'src="/static/inbox.js"' in html
