"""Ingest marks the items that need a reply and gives each a due time: the hours the channel's disclaimer
promises (Channel.response_hours), from when the item was posted."""

from dataclasses import replace
from datetime import timedelta

from harbour.connectors.base import Batch, Kind
from harbour.inbox.ingest import store_pushed
from harbour.inbox.models import Item
from tests.cast import active_channel
from tests.inbox.inbox_sources import EPOCH, make_item


def test_a_question_is_due_within_the_channels_promised_hours_and_thanks_are_not(org):
    channel = active_channel(org)
    channel.response_hours = 8
    channel.save(update_fields=["response_hours"])
    batch = Batch(
        [
            make_item(1, text="what time does the minibus leave"),
            make_item(2, text="thanks, brilliant night 🎉"),
        ],
        next_cursor=None,
    )
    assert store_pushed(channel, batch) == 2
    question, thanks = Item.objects.get(platform_id="post-1"), Item.objects.get(platform_id="post-2")
    assert question.needs_reply is True
    assert question.due_at == EPOCH + timedelta(seconds=1) + timedelta(hours=8)
    assert question.due_at == question.received_at + timedelta(hours=8)
    assert thanks.needs_reply is False and thanks.due_at is None
    assert question.responded_at is None


def test_a_direct_message_leans_towards_a_reply(org):
    channel = active_channel(org)
    message = replace(make_item(3, text="been a rough week tbh"), kind=Kind.DIRECT_MESSAGE)
    reply = make_item(4, text="been a rough week tbh")
    store_pushed(channel, Batch([message, reply], next_cursor=None))
    assert Item.objects.get(platform_id="post-3").needs_reply is True
    assert Item.objects.get(platform_id="post-4").needs_reply is False
