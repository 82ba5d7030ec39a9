"""What Meta had already hidden arrives hidden in Harbour: against the local Graph API simulator (not Meta),
an Instagram comment with `hidden`, a Facebook comment and a visitor's post with `is_hidden`, and a Threads
reply whose `hide_status` is HIDDEN, COVERED, BLOCKED or RESTRICTED (not NOT_HUSHED or UNHUSHED) are read
with IncomingItem.hidden set, and the others without; through ingest each is stored with
Item.hidden_on_arrival, so moderation counts it hidden until a moderator shows it; and the recorded answers
in Meta's documented shapes say the same."""

import time

import httpx
import pytest

from harbour.channels import services as channel_services
from harbour.connectors.facebook.connector import FacebookConnector
from harbour.connectors.instagram.connector import InstagramConnector
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import facebook as fb
from harbour.connectors.meta.simulator import instagram as ig
from harbour.connectors.meta.simulator import threads as th
from harbour.connectors.threads.connector import ThreadsConnector
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.moderation.services import is_hidden
from tests.cast import active_channel

TOKEN = "meta-hidden-token"
STRANGER = {"id": "90000000000011", "name": "Sam Stranger"}
PARENT = {"id": "90000000000012", "name": "Pat Parent"}


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


def test_instagram_passes_on_a_comment_instagram_had_hidden(sim):
    account = ig.add_account(sim.world, username="harbouryouth", token=TOKEN)
    post = ig.add_media(sim.world, account["id"], caption="Summer trip", when=time.time() - 3600)
    caught = ig.add_comment(
        sim.world,
        post["id"],
        text="you're so ugly lol",
        username="troll_1",
        when=time.time() - 300,
        hidden=True,
    )
    fine = ig.add_comment(
        sim.world, post["id"], text="can I come?", username="sam_13", when=time.time() - 200
    )
    connector = InstagramConnector(
        {"graph_url": sim.url, "account_id": account["id"], "page_id": account["page_id"]},
        {"access_token": TOKEN},
    )
    items = {item.platform_id: item for item in connector.fetch(None).items}
    assert (items[caught["id"]].hidden, items[fine["id"]].hidden) == (True, False)


def test_facebook_passes_on_a_comment_and_a_visitors_post_facebook_had_hidden(sim):
    page = fb.add_page(sim.world, name="Harbour Youth Club", username="harbouryouth", token=TOKEN)
    post = fb.add_post(sim.world, page["id"], "Youth council on Thursday", created=time.time() - 3600)
    caught = fb.add_comment(
        sim.world, post["id"], "spam spam spam", author=STRANGER, created=time.time() - 300, is_hidden=True
    )
    fine = fb.add_comment(sim.world, post["id"], "what time?", author=PARENT, created=time.time() - 200)
    hidden_post = fb.add_post(sim.world, page["id"], "buy followers here", author=STRANGER, is_hidden=True)
    shown_post = fb.add_post(sim.world, page["id"], "Is there a summer scheme?", author=PARENT)
    connector = FacebookConnector({"graph_url": sim.url, "account_id": page["id"]}, {"access_token": TOKEN})
    items = {item.platform_id: item for item in connector.fetch(None).items}
    assert (items[caught["id"]].hidden, items[fine["id"]].hidden) == (True, False)
    assert (items[hidden_post["id"]].hidden, items[shown_post["id"]].hidden) == (True, False)


@pytest.mark.parametrize(
    "status, hidden",
    [
        ("NOT_HUSHED", False),
        ("UNHUSHED", False),
        ("HIDDEN", True),
        ("COVERED", True),
        ("BLOCKED", True),
        ("RESTRICTED", True),
    ],
)
def test_threads_passes_on_a_reply_threads_keeps_from_view(sim, status, hidden):
    org = th.account(sim.world, "harbour_youth", token=TOKEN)
    root = th.post(sim.world, "harbour_youth", "Ask us anything", at=time.time() - 600)["id"]
    reply = th.post(
        sim.world, "someone_else", "a reply", reply_to=root, at=time.time() - 60, hide_status=status
    )
    connector = ThreadsConnector({"graph_url": sim.url, "account_id": org}, {"access_token": TOKEN})
    items = {item.platform_id: item for item in connector.fetch(None).items}
    assert items[reply["id"]].hidden is hidden


def test_the_simulator_refuses_a_hide_status_threads_does_not_give(sim):
    with pytest.raises(ValueError, match="not one Threads gives"):
        th.post(sim.world, "someone", "hello", hide_status="SECRET")
    answer = httpx.post(
        f"{sim.url}/_sim/threads/post", data={"username": "someone", "text": "hi", "hide_status": "SECRET"}
    )
    assert answer.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_through_ingest_what_instagram_hid_is_stored_hidden_on_arrival(sim, org, manager):
    account = ig.add_account(sim.world, username="harbouryouth", token=TOKEN)
    channel = active_channel(
        org, platform="instagram", graph_url=sim.url, account_id=account["id"], page_id=account["page_id"]
    )
    channel_services.set_credential(channel, "access_token", TOKEN, by=manager)
    post = ig.add_media(sim.world, account["id"], caption="Summer trip", when=time.time() - 3600)
    caught = ig.add_comment(
        sim.world,
        post["id"],
        text="nobody likes you",
        username="troll_2",
        when=time.time() - 300,
        hidden=True,
    )
    fine = ig.add_comment(
        sim.world, post["id"], text="see you there!", username="sam_13", when=time.time() - 200
    )
    assert poll(channel.pk).stored == 2
    stored = {item.platform_id: item for item in Item.objects.filter(channel=channel)}
    assert (stored[caught["id"]].hidden_on_arrival, stored[fine["id"]].hidden_on_arrival) == (True, False)
    assert is_hidden(stored[caught["id"]]) and not is_hidden(stored[fine["id"]])
