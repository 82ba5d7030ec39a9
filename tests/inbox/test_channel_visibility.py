"""Who reads which channel's items (issue 15 item 5): managers and safeguarding leads read every
channel's; a moderator reads only the channels they own or moderate, and a moderator of no channel
reads nothing. The rule holds in the list, its live (htmx) refresh, the channel filter, the item page,
its thread and the author's history, the home page's counts and marking an item reviewed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.audit.models import AuditEvent
from harbour.inbox import services
from harbour.inbox.models import Item
from harbour.moderation.services import act
from tests.cast import active_channel, give_training, make_item, make_member, sign_in


@pytest.fixture
def channels(org):
    youth = active_channel(org)
    youth.name = "Youth club feed"
    youth.save()
    sport = active_channel(org)  # the same platform, so an author on both is one author
    sport.name = "Sport club feed"
    sport.save()
    return youth, sport


@pytest.fixture
def cast(org, manager, dsl, moderator, channels):
    """Every role that works the inbox: mo moderates the youth channel, owen (a moderator too) owns the
    sport one, and nora moderates nothing."""
    youth, sport = channels
    youth.moderators.add(moderator)
    owen = make_member(org, Role.MODERATOR, "owen.owner@example.org", "Owen Owner")
    sport.owners.add(owen)
    nora = make_member(org, Role.MODERATOR, "nora.nobody@example.org", "Nora Nobody")
    people = {"manager": manager, "dsl": dsl, "moderator": moderator, "owner": owen, "no_channel": nora}
    for membership in people.values():
        give_training(membership, "moderate")
    return people


@pytest.fixture
def items(channels):
    youth, sport = channels
    return {
        "youth": make_item(
            youth, "YOUTH-dm", kind="direct_message", severity=4, action="escalate", author_id="kid"
        ),
        "sport": make_item(
            sport, "SPORT-dm", kind="direct_message", severity=3, action="hide", author_id="kid"
        ),
    }


# Which channels' items each member reads.
READS = {
    "manager": {"youth", "sport"},
    "dsl": {"youth", "sport"},
    "moderator": {"youth"},
    "owner": {"sport"},
    "no_channel": set(),
}


def shown(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"(YOUTH|SPORT)-dm", html)}


@pytest.mark.parametrize("who", READS)
def test_the_list_and_its_live_refresh_show_only_the_channels_a_member_reads(cast, items, who):
    client = sign_in(Client(), cast[who].user)
    page = client.get(reverse("inbox:index")).content.decode()
    fragment = client.get(reverse("inbox:index"), headers={"HX-Request": "true"}).content.decode()
    assert shown(page) == READS[who]
    assert shown(fragment) == READS[who]
    assert {item.pk for item in services.readable_items(cast[who])} == {items[name].pk for name in READS[who]}


@pytest.mark.parametrize("who", READS)
def test_the_channel_filter_offers_only_the_channels_a_member_reads(cast, items, channels, who):
    client = sign_in(Client(), cast[who].user)
    page = client.get(reverse("inbox:index")).content.decode()
    offered = set(
        re.findall(r"(Youth|Sport) club feed", page.split('id="filter-channel"')[1].split("</select>")[0])
    )
    assert {name.lower() for name in offered} == READS[who]
    # Asking for another channel by its id is an invalid filter, dropped: it never shows that channel.
    for channel, name in zip(channels, ("youth", "sport")):
        found = shown(client.get(reverse("inbox:index"), {"channel": channel.pk}).content.decode())
        assert found == ({name} if name in READS[who] else READS[who])


@pytest.mark.parametrize("who", READS)
def test_the_item_page_is_a_404_for_a_channel_the_member_does_not_read_and_the_refusal_is_audited(
    cast, items, who
):
    client = sign_in(Client(), cast[who].user)
    for name, item in items.items():
        response = client.get(reverse("inbox:item", args=[item.pk]))
        if name in READS[who]:
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert not shown(response.content.decode())
    refusals = AuditEvent.objects.filter(action="security.other_channel", actor_id=cast[who].user_id)
    assert refusals.exists() == (READS[who] != set(items))
    assert all(event.detail["model"] == "inbox.item" for event in refusals)


@pytest.mark.parametrize("who", READS)
def test_marking_reviewed_follows_the_same_rule(cast, items, who):
    client = sign_in(Client(), cast[who].user)
    for name, item in items.items():
        response = client.post(reverse("moderation:act", args=[item.pk]), {"kind": "done", "version": 0})
        assert response.status_code == (302 if name in READS[who] else 404)
        item.refresh_from_db()
        assert item.status == ("done" if name in READS[who] else "new")


def test_the_service_refuses_an_item_from_a_channel_the_member_does_not_read(cast, items):
    with pytest.raises(NotAllowed):
        act(items["youth"], "done", by=cast["no_channel"], version=0)
    with pytest.raises(NotAllowed):
        act(items["sport"], "done", by=cast["moderator"], version=0)
    assert set(Item.objects.values_list("status", flat=True)) == {"new"}


@pytest.mark.parametrize("who", READS)
def test_the_home_page_counts_only_the_channels_a_member_reads(cast, items, who):
    html = sign_in(Client(), cast[who].user).get(reverse("console:home")).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    urgent = len(READS[who])  # both items are at severity 3 or higher
    assert f"Needing action at severity 3 or higher {urgent} " in text
    assert f"Needing action in all {urgent} " in text


def test_thread_and_history_on_the_item_page_leave_out_other_channels(cast, channels):
    youth, sport = channels
    item = make_item(youth, "YOUTH-dm", author_id="same-kid", thread_id="t1")
    make_item(sport, "SPORT-dm", author_id="same-kid", thread_id="t1")
    html = (
        sign_in(Client(), cast["moderator"].user).get(reverse("inbox:item", args=[item.pk])).content.decode()
    )
    assert shown(html) == {"youth"}
    assert "the channels you own or moderate" in html
    html = sign_in(Client(), cast["manager"].user).get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert shown(html) == {"youth", "sport"}


def test_a_moderator_of_no_channel_is_told_why_the_inbox_is_empty(cast, items):
    html = sign_in(Client(), cast["no_channel"].user).get(reverse("inbox:index")).content.decode()
    assert "You do not own or moderate any channel yet" in html


def test_a_member_outside_the_inbox_roles_reads_nothing_even_as_an_owner(org, channels, items):
    author = make_member(org, Role.AUTHOR, "ann.author@example.org", "Ann Author")
    channels[0].owners.add(author)
    assert not services.readable_items(author).exists()
