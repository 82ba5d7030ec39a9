"""An Instagram channel through the rest of Harbour, against the local Graph API simulator (not Meta): ingest
polls it and stores comments and direct messages screened, each once; a moderator's hide (and its undo)
and reply go through act() and the send task and are read back from the simulator; and a revoked token
(Graph error 190) marks the channel for reconnecting."""

import time

import pytest

from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import instagram as ig
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.moderation.services import act, available_actions, undo
from tests.connectors.meta_channel import meta_channel, send

pytestmark = [pytest.mark.django_db(transaction=True)]

TOKEN = "page-token-inbox"


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def setup(sim, org, manager, moderator):
    account = ig.add_account(sim.world, username="harbouryouth", name="Harbour Youth Club", token=TOKEN)
    channel = meta_channel(
        org,
        manager,
        moderator,
        platform="instagram",
        handle="@harbouryouth",
        token=TOKEN,
        graph_url=sim.url,
        account_id=account["id"],
        page_id=account["page_id"],
    )
    return account, channel


def test_comments_and_messages_arrive_screened_once_and_hide_undo_and_reply_reach_instagram(
    sim, setup, moderator
):
    account, channel = setup
    post = ig.add_media(
        sim.world, account["id"], caption="Youth council on Thursday", when=time.time() - 3600
    )
    phone = ig.add_comment(
        sim.world,
        post["id"],
        text="text me on 07700 900123 babe",
        username="stranger99",
        when=time.time() - 300,
    )
    question = ig.add_comment(
        sim.world, post["id"], text="what time does it start?", username="sam_13", when=time.time() - 200
    )
    ig.add_message(sim.world, account["id"], text="can I talk to someone about home", username="teen_j")

    first = poll(channel.pk)
    again = poll(channel.pk)
    items = {i.platform_id: i for i in Item.objects.filter(channel=channel)}
    assert first.stored == 3 and again.stored == 0 and len(items) == 3
    bad, asked = items[phone["id"]], items[question["id"]]
    assert bad.kind == "comment" and bad.thread_id == post["id"] and bad.author.handle == "stranger99"
    assert "personal_info" in [f["category"] for f in bad.verdict["findings"]]
    (message,) = [i for i in items.values() if i.kind == "direct_message"]
    assert message.platform_id.startswith("dm:")

    # Hide, sent by the task: the comment is hidden on Instagram; the undo shows it again.
    assert "hide" in available_actions(bad, moderator)
    hide = act(bad, "hide", by=moderator, version=bad.version)
    assert send(hide) == "sent" and hide.answer == "Hidden on Instagram"
    assert sim.world.table(ig.COMMENTS)[phone["id"]]["hidden"] is True
    unhide = undo(hide, by=moderator)
    assert send(unhide) == "sent"
    assert sim.world.table(ig.COMMENTS)[phone["id"]]["hidden"] is False

    # Reply: posted under the question as the organisation, and the item is answered.
    reply = act(asked, "reply", by=moderator, version=asked.version, text="6pm in the library!")
    assert send(reply) == "sent"
    posted = sim.world.table(ig.COMMENTS)[reply.reference]
    assert (posted["text"], posted["parent_id"], posted["username"]) == (
        "6pm in the library!",
        question["id"],
        "harbouryouth",
    )
    assert Item.objects.get(pk=asked.pk).responded_at == reply.finished_at
    # The organisation's own reply is not polled back in as an item.
    assert poll(channel.pk).stored == 0


def test_a_revoked_token_asks_for_a_reconnect(sim, setup):
    account, channel = setup
    ig.add_media(sim.world, account["id"])
    sim.world.tokens[TOKEN].revoked = True
    assert poll(channel.pk).outcome == "reconnect"
    channel.refresh_from_db()
    assert channel.reconnect_needed
