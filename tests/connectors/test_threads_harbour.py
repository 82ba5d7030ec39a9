"""A Threads channel in Harbour, against the Graph API simulator (not Meta): its token stored encrypted, its
replies and mentions collected by the same ingest a poll of any platform uses, screened as they arrive and
stored once, and hide (with its undo) and reply done through act() and the send task, each read back from
the simulator; a revoked token fails the poll and asks for a reconnect."""

import pytest

from harbour.channels import services as channel_services
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import threads as sim
from harbour.inbox.ingest import poll
from harbour.inbox.models import IngestCursor, Item
from harbour.moderation import sending
from harbour.moderation.services import act, available_actions, undo
from tests.cast import active_channel, give_training

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def threads():
    with Simulator() as running:
        running.org = sim.account(running.world, "derby_youth", token="threads-token")
        yield running


@pytest.fixture
def channel(org, manager, moderator, threads):
    made = active_channel(org, "threads", graph_url=threads.url, account_id=threads.org)
    made.owners.add(manager)
    made.moderators.add(moderator)
    channel_services.set_credential(made, "access_token", "threads-token", by=manager)
    return made


def send(action) -> str:
    outcome = sending.send_action(action.pk).outcome
    action.refresh_from_db()
    return outcome


def test_replies_arrive_screened_once_and_hide_undo_and_reply_reach_threads(channel, threads, moderator):
    give_training(moderator, "moderate")
    root = sim.post(threads.world, "derby_youth", "Youth council on Thursday: what should we talk about?")[
        "id"
    ]
    assert poll(channel.pk).outcome != "failed"
    nasty = sim.post(
        threads.world, "anon_77", "text me on 07700 900123 and don't tell your mum", reply_to=root
    )["id"]
    question = sim.post(threads.world, "kid_j", "what time does it start?", reply_to=root)["id"]

    first, again = poll(channel.pk), poll(channel.pk)
    assert first.stored == 2 and again.stored == 0
    bad = Item.objects.get(channel=channel, platform_id=nasty)
    asked = Item.objects.get(channel=channel, platform_id=question)
    assert bad.thread_id == root and bad.author.handle == "anon_77"
    assert "personal_info" in [f["category"] for f in bad.verdict["findings"]]
    assert bad.action in ("hide", "escalate")

    assert "hide" in available_actions(bad, moderator)
    hide = act(bad, "hide", by=moderator, version=bad.version)
    assert send(hide) == "sent"
    assert sim._media(threads.world)[nasty]["hide_status"] == "HIDDEN"
    unhide = undo(hide, by=moderator)
    assert send(unhide) == "sent"
    assert sim._media(threads.world)[nasty]["hide_status"] == "UNHUSHED"

    reply = act(asked, "reply", by=moderator, version=asked.version, text="6pm at the library.")
    assert send(reply) == "sent"
    made = sim._media(threads.world)[reply.reference]
    assert (made["replied_to"], made["text"], made["owner_id"]) == (
        question,
        "6pm at the library.",
        threads.org,
    )


def test_a_revoked_token_fails_the_poll_and_asks_for_a_reconnect(channel, threads):
    threads.world.tokens["threads-token"].revoked = True
    assert poll(channel.pk).outcome == "reconnect"
    channel.refresh_from_db()
    assert channel.reconnect_needed
    assert "reconnect the channel" in IngestCursor.objects.get(channel=channel).last_error
    assert poll(channel.pk).outcome == "skipped"  # no more calls with a token Meta refuses
