"""Issue 4's whole path on a real local Bluesky network: a manager's channel, its app password stored
encrypted, replies collected by ingest, screened as they arrive, stored once and shown in the inbox."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.channels.models import Status
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from tests.cast import bluesky_channel, give_training, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_managers_bluesky_channel_collects_replies_screened_into_the_inbox(
    org, manager, moderator, bluesky_account, atproto_network, bluesky_on_loopback
):
    account, young = bluesky_account("youthvoice"), bluesky_account("young")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    assert channel.status == Status.ACTIVE

    post = account.post("Youth council meets on Thursday. What should we talk about?")
    atproto_network.sync()
    assert poll(channel.pk).outcome != "failed"  # the first poll sets the cursor

    young.post("buses!! text me on 07700 900123 and i'll tell you more", reply_to=post)
    young.post("more things to do at the weekend please", reply_to=post)
    atproto_network.sync()
    first = poll(channel.pk)
    again = poll(channel.pk)  # a second poll finds nothing new and stores nothing twice

    items = list(Item.objects.filter(channel=channel).order_by("received_at"))
    assert first.stored == 2 and again.stored == 0 and len(items) == 2
    phone, wish = items
    assert phone.author.handle == young.handle and phone.thread_id == post.uri
    assert [f["category"] for f in phone.verdict["findings"]] == ["personal_info"]
    assert phone.severity >= 2 and phone.action in ("hide", "escalate")
    assert wish.verdict["findings"] == [] and wish.action == "allow"

    give_training(manager, "moderate")
    reader = sign_in(Client(), manager.user)
    page = reader.get(reverse("inbox:index"))
    assert page.status_code == 200
    body = page.content.decode()
    # The child's number is masked in the list and read in full only on the item's own page.
    assert "07700 900123" not in body and "••••• ••••••" in body
    assert "more things to do at the weekend please" in body
    assert body.index("••••• ••••••") < body.index("more things to do")  # riskier first
    assert "07700 900123" in reader.get(reverse("inbox:item", args=[phone.pk])).content.decode()
