"""Ingest screens a reply with the text of the item it replies to (issue 19, pile-ons): a bystander's
"😂😂 facts" under someone else's "nobody wants tia there lol" is flagged in the inbox, whether the bullying
item came in the same delivery or was stored before; the same reply under an ordinary item is not."""

import dataclasses

import pytest

from harbour.connectors.base import Batch
from harbour.inbox import ingest
from harbour.inbox.models import Item
from tests.cast import active_channel
from tests.inbox.inbox_sources import make_item as incoming

pytestmark = pytest.mark.django_db


def reply(n: int, parent: str, author: str, text: str = "😂😂 facts"):
    return dataclasses.replace(incoming(n, author=author, text=text), parent_id=parent)


def joins_in(item: Item) -> bool:
    return any(
        f.get("category") == "bullying" and (f.get("evidence") or {}).get("joins_in") for f in item.findings
    )


def test_replies_under_bullying_in_the_same_delivery_are_flagged_for_each_author(org):
    channel = active_channel(org, "test_scripted")
    ingest.position_for(channel)
    items = [
        incoming(1, author="zac", text="nobody wants tia there lol"),
        reply(2, "post-1", "amy"),
        reply(3, "post-1", "ben", "ikr"),
        reply(4, "post-1", "cal", "leave her alone"),
    ]
    assert ingest.store_pushed(channel, Batch(items, next_cursor=None)) == 4
    stored = {i.platform_id: i for i in Item.objects.filter(channel=channel)}
    assert joins_in(stored["post-2"]) and stored["post-2"].action != "allow"
    assert joins_in(stored["post-3"]) and stored["post-3"].action != "allow"
    assert not joins_in(stored["post-4"])


def test_a_reply_to_bullying_stored_earlier_is_flagged(org):
    channel = active_channel(org, "test_scripted")
    ingest.position_for(channel)
    ingest.store_pushed(
        channel, Batch([incoming(1, author="zac", text="everyone hates kai")], next_cursor=None)
    )
    ingest.store_pushed(channel, Batch([reply(2, "post-1", "amy", "true lol")], next_cursor=None))
    assert joins_in(Item.objects.get(channel=channel, platform_id="post-2"))


def test_the_same_reply_under_an_ordinary_item_passes(org):
    channel = active_channel(org, "test_scripted")
    ingest.position_for(channel)
    items = [incoming(1, author="zac", text="the bus is late again"), reply(2, "post-1", "amy")]
    ingest.store_pushed(channel, Batch(items, next_cursor=None))
    stored = Item.objects.get(channel=channel, platform_id="post-2")
    assert not joins_in(stored) and stored.action == "allow"
