"""A Facebook Page channel through the rest of Harbour, against the local Graph API simulator (not Meta):
ingest polls it and stores comments, a visitor's post and a Messenger message screened, each once; a
moderator's hide (and its undo), reply and ban go through act() and the send task and are read back from
the simulator; and a revoked token (Graph error 190) marks the channel for reconnecting."""

import time

import pytest

from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import facebook as fb
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.moderation.services import act, available_actions, undo
from tests.connectors.meta_channel import meta_channel, send

pytestmark = [pytest.mark.django_db(transaction=True)]

TOKEN = "page-token-facebook-inbox"
STRANGER = {"id": "90000000000001", "name": "Sam Stranger"}
PARENT = {"id": "90000000000002", "name": "Pat Parent"}


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def setup(sim, org, manager, moderator):
    page = fb.add_page(sim.world, name="Harbour Youth Club", username="harbouryouth", token=TOKEN)
    channel = meta_channel(
        org,
        manager,
        moderator,
        platform="facebook",
        handle="harbouryouth",
        token=TOKEN,
        graph_url=sim.url,
        account_id=page["id"],
    )
    return page, channel


def test_comments_posts_and_messages_arrive_screened_once_and_actions_reach_facebook(sim, setup, moderator):
    page, channel = setup
    post = fb.add_post(sim.world, page["id"], "Youth council on Thursday", created=time.time() - 3600)
    phone = fb.add_comment(
        sim.world, post["id"], "text me on 07700 900123 babe", author=STRANGER, created=time.time() - 300
    )
    question = fb.add_comment(
        sim.world, post["id"], "what time does it start?", author=PARENT, created=time.time() - 200
    )
    visitor = fb.add_post(sim.world, page["id"], "Is there a summer scheme?", author=PARENT)
    fb.add_message(sim.world, page["id"], "7700060", "can I talk to someone about home", name="Jo")

    first = poll(channel.pk)
    again = poll(channel.pk)
    items = {i.platform_id: i for i in Item.objects.filter(channel=channel)}
    assert first.stored == 4 and again.stored == 0 and len(items) == 4
    bad, asked = items[phone["id"]], items[question["id"]]
    assert bad.kind == "reply" and bad.thread_id == post["id"] and bad.author.display_name == "Sam Stranger"
    assert "personal_info" in [f["category"] for f in bad.verdict["findings"]]
    assert items[visitor["id"]].kind == "comment"
    (message,) = [i for i in items.values() if i.kind == "direct_message"]
    assert (
        message.platform_id.startswith("dm:7700060:") and message.author.platform_author_id == "psid:7700060"
    )

    # Hide, sent by the task: the comment is hidden on Facebook; the undo shows it again.
    assert "hide" in available_actions(bad, moderator)
    hide = act(bad, "hide", by=moderator, version=bad.version)
    assert send(hide) == "sent" and hide.answer == "Hidden on Facebook"
    assert fb.comments(sim.world)[phone["id"]]["is_hidden"] is True
    unhide = undo(hide, by=moderator)
    assert send(unhide) == "sent"
    assert fb.comments(sim.world)[phone["id"]]["is_hidden"] is False

    # Reply: posted under the question as the Page, and the item is answered.
    reply = act(asked, "reply", by=moderator, version=asked.version, text="6pm in the library!")
    assert send(reply) == "sent"
    posted = fb.comments(sim.world)[reply.reference]
    assert (posted["message"], posted["parent_id"], posted["from"]["id"]) == (
        "6pm in the library!",
        question["id"],
        page["id"],
    )
    assert Item.objects.get(pk=asked.pk).responded_at == reply.finished_at
    assert poll(channel.pk).stored == 0  # the Page's own reply is not polled back in

    # Ban: the author is banned from the Page and can comment no more.
    bad.refresh_from_db()
    assert "block" in available_actions(bad, moderator)
    ban = act(bad, "block", by=moderator, version=bad.version)
    assert send(ban) == "sent" and ban.answer == "Author blocked on Facebook"
    assert STRANGER["id"] in fb.blocked(sim.world)[page["id"]]
    with pytest.raises(PermissionError):
        fb.add_comment(sim.world, post["id"], "again", author=STRANGER)


def test_a_revoked_token_asks_for_a_reconnect(sim, setup):
    page, channel = setup
    fb.add_post(sim.world, page["id"], "Hello")
    sim.world.tokens[TOKEN].revoked = True
    assert poll(channel.pk).outcome == "reconnect"
    channel.refresh_from_db()
    assert channel.reconnect_needed
