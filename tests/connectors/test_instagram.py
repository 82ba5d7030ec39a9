"""The Instagram connector against the local Graph API simulator (not Meta: harbour/connectors/meta/simulator):
it checks the account and a revoked or missing token; reads comments, replies and direct messages oldest
first across pages of posts, comments, replies and conversations, each once, hidden ones included and the
organisation's own left out; reads a mention from the ids its webhook gives; turns webhook deliveries into
items; hides, shows again, deletes and replies (to a comment, a reply, a mention and a message), each read
back from the simulator's state; and says plainly what went wrong: a deleted comment, a missing permission
named, a rate limit with its wait, usage near the limit, a message outside the 24-hour window, an item it
cannot read (skipped as a Problem, the rest kept), and anything it cannot publish."""

import json
import time

import httpx
import pytest

from harbour.connectors.base import (
    AuthFailed,
    Kind,
    MalformedItem,
    PublishRequest,
    RateLimited,
    Rejected,
)
from harbour.connectors.instagram.connector import InstagramConnector, items_from_change
from harbour.connectors.instagram.platform import INSTAGRAM
from harbour.connectors.meta import webhooks
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import instagram as ig
from harbour.connectors.platform import PlatformCapability

TOKEN = "page-token-harbour-youth"


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def account(sim):
    return ig.add_account(sim.world, username="harbouryouth", name="Harbour Youth Club", token=TOKEN)


def connect(sim, account, token=TOKEN, **config) -> InstagramConnector:
    return InstagramConnector(
        {"graph_url": sim.url, "account_id": account["id"], "page_id": account["page_id"], **config},
        {"access_token": token, "app_secret": ""},
    )


def drain(connector, cursor=None, limit=50):
    """Every item until has_more is false, and the cursor after them."""
    items, batches = [], 0
    while True:
        batch = connector.fetch(cursor, limit=limit)
        items += batch.items
        cursor = batch.next_cursor
        batches += 1
        assert batches < 50
        if not batch.has_more:
            return items, cursor


def ago(seconds):
    return time.time() - seconds


# The account and its token ---------------------------------------------------------------------------


def test_verify_names_the_account(sim, account):
    found = connect(sim, account).verify()
    assert (found.platform, found.account_id, found.handle) == ("instagram", account["id"], "@harbouryouth")
    assert found.display_name == "Harbour Youth Club"
    assert found.url == "https://www.instagram.com/harbouryouth/"


def test_a_revoked_token_asks_for_a_reconnect(sim, account):
    httpx.post(f"{sim.url}/_sim/revoke", data={"token": TOKEN}).raise_for_status()
    with pytest.raises(AuthFailed, match="reconnect the channel"):
        connect(sim, account).verify()
    with pytest.raises(AuthFailed):
        connect(sim, account).fetch(None)


def test_no_token_or_no_account_is_a_reconnect_before_any_call(sim, account):
    with pytest.raises(AuthFailed, match="no access token"):
        connect(sim, account, token="").verify()
    with pytest.raises(AuthFailed, match="no Instagram account"):
        connect(sim, account, account_id="").fetch(None)


def test_a_token_for_another_page_is_refused(sim, account):
    ig.add_account(sim.world, username="someoneelse", token="other-page-token")
    with pytest.raises(Rejected, match="Meta refused"):
        connect(sim, account, token="other-page-token").verify()


# Reading ---------------------------------------------------------------------------------------------


def test_comments_and_replies_arrive_oldest_first_with_their_thread(sim, account):
    post = ig.add_media(sim.world, account["id"], caption="Summer trip", when=ago(3600))
    first = ig.add_comment(sim.world, post["id"], text="Can't wait!", username="sam_j", when=ago(600))
    reply = ig.add_comment(
        sim.world, post["id"], text="me too", username="ali.k", parent_id=first["id"], when=ago(500)
    )
    second = ig.add_comment(sim.world, post["id"], text="what time?", username="jo", when=ago(550))
    batch = connect(sim, account).fetch(None)
    assert [i.platform_id for i in batch.items] == [first["id"], second["id"], reply["id"]]
    assert all(i.kind == Kind.COMMENT and i.thread_id == post["id"] for i in batch.items)
    assert [i.parent_id for i in batch.items] == [post["id"], post["id"], first["id"]]
    assert batch.items[0].author_handle == "sam_j" and batch.items[0].author_id == first["from"]["id"]
    assert batch.items[0].url == post["permalink"]
    assert batch.items[0].text == "Can't wait!" and not batch.has_more and not batch.problems


def test_nothing_twice_and_a_new_comment_once(sim, account):
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    ig.add_comment(sim.world, post["id"], text="one", username="a", when=ago(300))
    connector = connect(sim, account)
    items, cursor = drain(connector)
    assert [i.text for i in items] == ["one"]
    assert connector.fetch(cursor).items == []
    ig.add_comment(sim.world, post["id"], text="two", username="b")
    again = connector.fetch(cursor)
    assert [i.text for i in again.items] == ["two"]
    assert connector.fetch(again.next_cursor).items == []


def test_the_organisations_own_comments_are_not_items(sim, account):
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    comment = ig.add_comment(sim.world, post["id"], text="hello", username="kid", when=ago(60))
    connector = connect(sim, account)
    connector.publish(PublishRequest("Hi! See you Friday.", reply_to=comment["id"]))
    assert [i.text for i in connector.fetch(None).items] == ["hello"]


def test_a_hidden_comment_still_reaches_harbour(sim, account):
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    hidden = ig.add_comment(sim.world, post["id"], text="nasty", username="troll", hidden=True, when=ago(60))
    assert [i.platform_id for i in connect(sim, account).fetch(None).items] == [hidden["id"]]


def test_paging_across_posts_comments_replies_and_batches_loses_and_doubles_nothing(sim, account):
    posts = [ig.add_media(sim.world, account["id"], when=ago(90_000 - n)) for n in range(30)]  # 2 pages
    made = []
    busy = posts[0]  # the oldest post: past the 25 of the first page of posts
    for n in range(60):  # two pages of comments
        made.append(ig.add_comment(sim.world, busy["id"], text=f"c{n}", username=f"u{n}", when=ago(5000 - n)))
    for n in range(55):  # replies past the first 50 the comment listing carries
        made.append(
            ig.add_comment(
                sim.world,
                busy["id"],
                text=f"r{n}",
                username=f"v{n}",
                parent_id=made[0]["id"],
                when=ago(4000 - n),
            )
        )
    for post in posts[1:]:
        made.append(ig.add_comment(sim.world, post["id"], text="nice", username="w", when=ago(3000)))
    connector = connect(sim, account)
    items, cursor = drain(connector, limit=17)
    assert sorted(i.platform_id for i in items) == sorted(c["id"] for c in made)
    assert len({i.platform_id for i in items}) == len(items)
    assert [i.created_at for i in items] == sorted(i.created_at for i in items)
    # A new comment on an older post (beyond the five read every time) arrives by its changed count.
    late = ig.add_comment(sim.world, posts[2]["id"], text="late", username="z")
    assert [i.platform_id for i in connector.fetch(cursor).items] == [late["id"]]


def test_a_comment_deleted_by_its_author_is_not_read(sim, account):
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    gone = ig.add_comment(sim.world, post["id"], text="oops", username="kid", when=ago(60))
    kept = ig.add_comment(sim.world, post["id"], text="fine", username="kid2", when=ago(50))
    ig.delete_by_author(sim.world, gone["id"])
    assert [i.platform_id for i in connect(sim, account).fetch(None).items] == [kept["id"]]


def test_an_unreadable_comment_is_a_problem_and_the_rest_arrive(sim, account):
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    bad = ig.add_comment(sim.world, post["id"], text="x", username="kid", when=ago(60))
    good = ig.add_comment(sim.world, post["id"], text="fine", username="kid2", when=ago(50))
    sim.world.table(ig.COMMENTS)[bad["id"]]["timestamp"] = "yesterday"
    batch = connect(sim, account).fetch(None)
    assert [i.platform_id for i in batch.items] == [good["id"]]
    assert [p.ref for p in batch.problems] == [bad["id"]] and "yesterday" in batch.problems[0].message


def test_a_cursor_from_elsewhere_is_refused(sim, account):
    with pytest.raises(ValueError, match="not an Instagram cursor"):
        connect(sim, account).fetch('v1:{"n":"1"}')


def test_direct_messages_arrive_with_media_as_references_and_not_the_organisations_own(sim, account):
    first = ig.add_message(sim.world, account["id"], text="hi, is it on?", username="teen1", when=ago(120))
    photo = ig.add_message(
        sim.world,
        account["id"],
        text="",
        username="teen1",
        image_url="https://lookaside.example/photo.jpg",
        when=ago(60),
    )
    connector = connect(sim, account)
    items, cursor = drain(connector)
    sender = first["from"]["id"]
    assert [i.platform_id for i in items] == [f"dm:{sender}:{first['id']}", f"dm:{sender}:{photo['id']}"]
    assert all(i.kind == Kind.DIRECT_MESSAGE and i.author_handle == "teen1" for i in items)
    assert items[1].media[0].url == "https://lookaside.example/photo.jpg" and items[1].text == ""
    assert items[0].url == "https://www.instagram.com/direct/inbox/"  # where staff see it, with its media
    sent = connector.publish(PublishRequest("Yes, 7pm.", reply_to=items[0].platform_id))
    assert sent.platform_id.startswith(f"dm:{sender}:")
    assert connector.fetch(cursor).items == []  # its own answer is not an item
    later = ig.add_message(sim.world, account["id"], text="thanks", username="teen1")
    assert [i.platform_id for i in connector.fetch(cursor).items] == [f"dm:{sender}:{later['id']}"]


def test_items_in_the_same_second_split_across_batches_arrive_once(sim, account):
    second = ago(120)
    post = ig.add_media(sim.world, account["id"], when=ago(3600))
    comments = [
        ig.add_comment(sim.world, post["id"], text=f"c{n}", username="a", when=second) for n in range(3)
    ]
    messages = [
        ig.add_message(sim.world, account["id"], text=f"m{n}", username="b", when=second) for n in range(3)
    ]
    connector = connect(sim, account)
    items, cursor = drain(connector, limit=1)
    assert sorted(i.text for i in items) == ["c0", "c1", "c2", "m0", "m1", "m2"]
    assert len(comments) + len(messages) == len(items)
    assert connector.fetch(cursor).items == []


def test_many_conversations_page_and_arrive_once(sim, account):
    made = [
        ig.add_message(sim.world, account["id"], text=f"m{n}", username=f"p{n}", when=ago(1000 - n))
        for n in range(30)
    ]
    connector = connect(sim, account)
    items, cursor = drain(connector, limit=7)
    assert sorted(i.platform_id.rsplit(":", 1)[1] for i in items) == sorted(m["id"] for m in made[-25:])
    fresh = [ig.add_message(sim.world, account["id"], text=f"n{n}", username=f"q{n}") for n in range(30)]
    items, _ = drain(connector, cursor, limit=7)
    assert sorted(i.platform_id.rsplit(":", 1)[1] for i in items) == sorted(m["id"] for m in fresh)


# Webhooks --------------------------------------------------------------------------------------------


def delivered_changes(sim):
    """The changes in what the simulator sent, each delivery's signature checked as Harbour checks it."""
    found = []
    for delivery in sim.world.deliveries:
        body = delivery["body"]
        webhooks.check_signature(body, webhooks.sign(body, sim.world.app_secret), [sim.world.app_secret])
        found += webhooks.changes(body)
    return found


def subscribe_nowhere(sim, *fields):
    """Subscriptions whose callback is closed: the simulator still records what it sent."""
    for name in fields:
        sim.world.subscriptions[name] = ("http://127.0.0.1:9/hooks/meta/", "verify")


def test_comment_and_message_webhooks_carry_their_items(sim, account):
    subscribe_nowhere(sim, "comments", "messages")
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="you're all losers", username="anon1")
    message = ig.add_message(sim.world, account["id"], text="can I talk to someone", username="teen2")
    changes = delivered_changes(sim)
    assert [(c.object, c.account_id, c.field) for c in changes] == [
        ("instagram", account["id"], "comments"),
        ("instagram", account["id"], "messages"),
    ]
    (from_comment,) = items_from_change(changes[0])
    assert (from_comment.platform_id, from_comment.kind, from_comment.thread_id) == (
        comment["id"],
        Kind.COMMENT,
        post["id"],
    )
    assert from_comment.text == "you're all losers" and from_comment.author_handle == "anon1"
    (from_message,) = items_from_change(changes[1])
    assert from_message.platform_id == f"dm:{message['from']['id']}:{message['id']}"
    assert from_message.text == "can I talk to someone" and from_message.kind == Kind.DIRECT_MESSAGE
    # The same ids a poll gives, so the ingest stores each once.
    polled = {i.platform_id for i in connect(sim, account).fetch(None).items}
    assert {from_comment.platform_id, from_message.platform_id} == polled


def test_webhook_changes_with_nothing_to_read_give_no_items_and_a_broken_one_is_malformed(account):
    own = webhooks.Change("instagram", account["id"], "comments", {"id": "1", "from": {"id": account["id"]}})
    echo = webhooks.Change("instagram", account["id"], "messages", {"message": {"mid": "m", "is_echo": True}})
    read = webhooks.Change("instagram", account["id"], "messages", {"read": {"mid": "m"}})
    page = webhooks.Change("page", account["id"], "feed", {"item": "comment"})
    assert [items_from_change(c) for c in (own, echo, read, page)] == [[], [], [], []]
    broken = webhooks.Change("instagram", account["id"], "comments", {"id": "12", "text": "hi", "media": {}})
    with pytest.raises(MalformedItem):
        items_from_change(broken)
    nobody = webhooks.Change(
        "instagram", account["id"], "comments", {"id": "12", "text": "hi", "media": {"id": "3"}}
    )
    with pytest.raises(MalformedItem, match="no author"):
        items_from_change(nobody)


def test_deliveries_in_metas_documented_shapes_give_items():
    """The shapes of Meta's "Instagram webhook notification examples" page (comments with a parent, a
    message with an image attachment, a timestamp in seconds as one example gives it), signed as Meta
    signs them and read by meta/webhooks, then by items_from_change."""
    comment = {
        "object": "instagram",
        "entry": [
            {
                "id": "17841405822304914",
                "time": 1733480000,
                "changes": [
                    {
                        "field": "comments",
                        "value": {
                            "from": {"id": "2323232323", "username": "a_commenter"},
                            "media": {"id": "17912345678901234", "media_product_type": "FEED"},
                            "id": "17865799348089039",
                            "parent_id": "17865799348089000",
                            "text": "This is an example.",
                        },
                    }
                ],
            }
        ],
    }
    message = {
        "object": "instagram",
        "entry": [
            {
                "id": "17841405822304914",
                "time": 1733480000,
                "messaging": [
                    {
                        "sender": {"id": "6543210987654321"},
                        "recipient": {"id": "17841405822304914"},
                        "timestamp": 1733480000,
                        "message": {
                            "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1",
                            "text": "hi",
                            "attachments": [
                                {"type": "image", "payload": {"url": "https://lookaside.example/i"}}
                            ],
                        },
                    }
                ],
            }
        ],
    }
    found = []
    for body in (json.dumps(comment).encode(), json.dumps(message).encode()):
        webhooks.check_signature(body, webhooks.sign(body, "app-secret"), ["app-secret"])
        for change in webhooks.changes(body):
            found += items_from_change(change)
    reply, dm = found
    assert (reply.platform_id, reply.kind, reply.thread_id, reply.parent_id) == (
        "17865799348089039",
        Kind.COMMENT,
        "17912345678901234",
        "17865799348089000",
    )
    assert (reply.author_id, reply.author_handle, reply.text) == (
        "2323232323",
        "a_commenter",
        "This is an example.",
    )
    assert dm.platform_id == "dm:6543210987654321:aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1"
    assert dm.created_at.year == 2024 and dm.media[0].url == "https://lookaside.example/i"


def test_a_mention_is_read_from_the_ids_its_webhook_gives_and_answered(sim, account):
    subscribe_nowhere(sim, "mentions")
    comment = ig.add_mention(sim.world, account["id"], text="look who's here", username="stranger")
    (change,) = delivered_changes(sim)
    assert change.field == "mentions" and items_from_change(change) == []
    connector = connect(sim, account)
    (item,) = connector.items_for_change(change)
    assert item.platform_id == f"mention:{comment['media_id']}:{comment['id']}"
    assert item.kind == Kind.MENTION and item.text == "@harbouryouth look who's here"
    assert item.author_handle == "stranger" and item.url.startswith("https://www.instagram.com/p/")
    sent = connector.publish(PublishRequest("Please message us instead.", reply_to=item.platform_id))
    state = httpx.get(f"{sim.url}/_sim/instagram/comments/{comment['id']}").json()
    assert state["replies"] == [
        {"id": sent.platform_id, "text": "Please message us instead.", "username": "harbouryouth"}
    ]
    with pytest.raises(Rejected, match="only comments on the organisation's own"):
        connector.hide(item.platform_id, item.thread_id)


# Acting ----------------------------------------------------------------------------------------------


def state(sim, comment_id):
    return httpx.get(f"{sim.url}/_sim/instagram/comments/{comment_id}").json()


def test_hide_and_show_again_reach_instagram(sim, account):
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="nasty", username="troll")
    connector = connect(sim, account)
    connector.hide(comment["id"], post["id"])
    assert state(sim, comment["id"])["hidden"] is True
    connector.hide(comment["id"], post["id"])  # twice is harmless
    connector.unhide(comment["id"], post["id"])
    assert state(sim, comment["id"])["hidden"] is False


def test_delete_reaches_instagram_and_twice_is_harmless(sim, account):
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="my address is ...", username="kid")
    connector = connect(sim, account)
    connector.delete(comment["id"])
    assert state(sim, comment["id"])["deleted"] is True
    connector.delete(comment["id"])


def test_hiding_a_deleted_comment_says_it_is_gone(sim, account):
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="bye", username="kid")
    httpx.post(f"{sim.url}/_sim/instagram/delete", data={"comment_id": comment["id"]}).raise_for_status()
    with pytest.raises(Rejected, match="no longer on Instagram"):
        connect(sim, account).hide(comment["id"], post["id"])


def test_replies_reach_instagram_under_the_top_level_comment(sim, account):
    post = ig.add_media(sim.world, account["id"])
    top = ig.add_comment(sim.world, post["id"], text="when is it?", username="kid")
    under = ig.add_comment(sim.world, post["id"], text="same q", username="kid2", parent_id=top["id"])
    connector = connect(sim, account)
    first = connector.publish(PublishRequest("Friday 6pm", reply_to=top["id"]))
    second = connector.publish(PublishRequest("Friday 6pm too", reply_to=under["id"]))
    replies = state(sim, top["id"])["replies"]
    assert {r["id"] for r in replies} >= {first.platform_id, second.platform_id}
    assert all(
        r["username"] == "harbouryouth" for r in replies if r["id"] in (first.platform_id, second.platform_id)
    )


def test_a_reply_to_a_hidden_comment_is_refused_in_words(sim, account):
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="x", username="kid", hidden=True)
    with pytest.raises(Rejected, match="hidden comment"):
        connect(sim, account).publish(PublishRequest("hi", reply_to=comment["id"]))


def test_a_missing_permission_is_named(sim, account):
    sim.world.token(
        "read-only", scopes=("instagram_basic", "pages_read_engagement"), user_id=account["page_id"]
    )
    post = ig.add_media(sim.world, account["id"])
    comment = ig.add_comment(sim.world, post["id"], text="x", username="kid")
    connector = connect(sim, account, token="read-only")
    with pytest.raises(Rejected, match="needs the instagram_manage_comments permission"):
        connector.hide(comment["id"], post["id"])
    with pytest.raises(Rejected, match="instagram_manage_comments"):
        connector.fetch(None)
    assert state(sim, comment["id"])["hidden"] is False


def test_a_rate_limit_answer_says_when_to_try_again(sim, account):
    ig.add_media(sim.world, account["id"])
    httpx.post(
        f"{sim.url}/_sim/fail",
        data={"path": "/comments$", "code": "4", "message": "(#4) Application request limit reached"},
    ).raise_for_status()
    with pytest.raises(RateLimited) as raised:
        connect(sim, account).fetch(None)
    assert raised.value.retry_after == 300 and not raised.value.permanent


def test_usage_near_the_limit_slows_polling_before_it_is_reached(sim, account):
    post = ig.add_media(sim.world, account["id"])
    ig.add_comment(sim.world, post["id"], text="x", username="kid")
    httpx.post(f"{sim.url}/_sim/usage", data={"percent": "90"}).raise_for_status()
    with pytest.raises(RateLimited, match="near its limit") as raised:
        connect(sim, account).fetch(None)
    assert raised.value.retry_after == 300
    httpx.post(f"{sim.url}/_sim/usage", data={"percent": "10"}).raise_for_status()
    assert len(connect(sim, account).fetch(None).items) == 1


def test_usage_climbing_during_a_poll_stops_it_early_and_the_next_poll_goes_on(sim, account):
    posts = [ig.add_media(sim.world, account["id"], when=ago(9000 - n)) for n in range(8)]
    made = [
        ig.add_comment(sim.world, post["id"], text=f"c{n}", username=f"u{n}", when=ago(600 - n))
        for n, post in enumerate(posts)
    ]
    ig.usage_after_comment_reads(sim.world, 3, 90)
    connector = connect(sim, account)
    first = connector.fetch(None)
    # Posts are read newest first: the three newest, then usage says slow down.
    assert [i.platform_id for i in first.items] == [c["id"] for c in made[-3:]]
    assert not first.has_more
    sim.world.usage_percent = 10
    rest, cursor = drain(connector, first.next_cursor)
    assert sorted(i.platform_id for i in rest) == sorted(c["id"] for c in made[:-3])
    assert connector.fetch(cursor).items == []


def test_messages_work_when_the_linked_page_is_also_a_facebook_page_in_the_simulator(sim):
    from harbour.connectors.meta.simulator import facebook

    page = facebook.add_page(
        sim.world, name="Harbour Youth Club", username="harbouryouthclub", token="fb-page"
    )
    linked = ig.add_account(sim.world, username="harbouryouth", page_id=page["id"], token=TOKEN)
    message = ig.add_message(sim.world, linked["id"], text="hi", username="teen")
    connector = connect(sim, linked)
    (item,) = connector.fetch(None).items
    assert item.text == "hi"
    connector.publish(PublishRequest("Hello!", reply_to=item.platform_id))
    conversation = next(iter(sim.world.table(ig.CONVERSATIONS).values()))
    assert [m["message"] for m in conversation["messages"]] == ["hi", "Hello!"]
    assert message["from"]["id"] in item.platform_id


def test_a_message_outside_the_24_hour_window_is_refused_in_words(sim, account):
    old = ig.add_message(sim.world, account["id"], text="hello?", username="teen", when=ago(25 * 3600))
    with pytest.raises(Rejected, match="within 24 hours"):
        connect(sim, account).publish(
            PublishRequest("Sorry, only just seen this", reply_to=f"dm:{old['from']['id']}:{old['id']}")
        )
    conversation = next(iter(sim.world.table(ig.CONVERSATIONS).values()))
    assert [m["message"] for m in conversation["messages"]] == ["hello?"]


def test_a_message_reply_reaches_instagram_as_a_response(sim, account):
    message = ig.add_message(sim.world, account["id"], text="hi", username="teen")
    connect(sim, account).publish(
        PublishRequest("Hello!", reply_to=f"dm:{message['from']['id']}:{message['id']}")
    )
    conversation = next(iter(sim.world.table(ig.CONVERSATIONS).values()))
    assert conversation["messages"][-1]["message"] == "Hello!"
    assert conversation["messages"][-1]["messaging_type"] == "RESPONSE"
    assert conversation["messages"][-1]["to"]["data"][0]["id"] == message["from"]["id"]


def test_what_it_cannot_publish_is_said_before_any_call(sim, account):
    connector = connect(sim, account)
    with pytest.raises(Rejected, match="needs an image or a video"):
        connector.publish(PublishRequest("A new post"))
    with pytest.raises(Rejected, match="2,200 characters"):
        connector.publish(PublishRequest("x" * 2201, reply_to="17841400000000099"))
    with pytest.raises(Rejected, match="at most 1,000"):
        connector.publish(PublishRequest("x" * 1001, reply_to="dm:123:abc"))
    with pytest.raises(Rejected, match="not an Instagram item"):
        connector.publish(PublishRequest("hi", reply_to="https://evil.example/x"))


def test_the_report_link_is_where_instagram_takes_the_report(sim, account):
    post = ig.add_media(sim.world, account["id"])
    ig.add_comment(sim.world, post["id"], text="x", username="kid")
    ig.add_message(sim.world, account["id"], text="y", username="teen")
    connector = connect(sim, account)
    by_kind = {i.kind: connector.report_url(i) for i in connector.fetch(None).items}
    assert by_kind == {
        Kind.COMMENT: post["permalink"],
        Kind.DIRECT_MESSAGE: "https://www.instagram.com/direct/inbox/",
    }


def test_the_entry_claims_what_the_connector_does():
    assert INSTAGRAM.capabilities == {
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.DELETE,
        PlatformCapability.REPLY,
        PlatformCapability.DIRECT_MESSAGES,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
        PlatformCapability.PUBLISH_VIDEO,  # a reel: tests/connectors/test_instagram_video.py
    }
    assert INSTAGRAM.max_images == 10 and INSTAGRAM.fetches_media
    assert INSTAGRAM.minimum_age == 13 and INSTAGRAM.max_text_length == 2200
    assert {"ig_hidden_words", "ig_tags_mentions", "ig_message_requests"} <= {
        c.key for c in INSTAGRAM.privacy_checklist
    }


# The simulator's own endpoints, as the demo drives them ---------------------------------------------


def test_seeding_over_http_sends_signed_webhooks_after_answering(sim):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            challenge = self.path.split("hub.challenge=")[1].split("&")[0]
            self.send_response(200)
            self.end_headers()
            self.wfile.write(challenge.encode())

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers["X-Hub-Signature-256"]))
            self.send_response(200)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        callback = f"http://127.0.0.1:{server.server_address[1]}/hooks/meta/"
        for name in ("comments", "messages", "mentions"):
            httpx.post(
                f"{sim.url}/_sim/subscribe", data={"callback": callback, "verify_token": "v", "field": name}
            ).raise_for_status()
        made = httpx.post(
            f"{sim.url}/_sim/instagram/accounts", data={"username": "club", "token": "t"}
        ).json()
        post = httpx.post(
            f"{sim.url}/_sim/instagram/media", data={"account_id": made["id"], "caption": "hi"}
        ).json()
        httpx.post(
            f"{sim.url}/_sim/instagram/comments",
            data={"media_id": post["id"], "text": "hey", "username": "kid"},
        ).raise_for_status()
        httpx.post(
            f"{sim.url}/_sim/instagram/messages",
            data={"account_id": made["id"], "text": "dm", "username": "kid"},
        ).raise_for_status()
        httpx.post(
            f"{sim.url}/_sim/instagram/mentions",
            data={"account_id": made["id"], "text": "yo", "username": "x"},
        ).raise_for_status()
        deadline = time.time() + 10
        while len(received) < 3 and time.time() < deadline:
            time.sleep(0.05)
        fields = []
        for body, signature in received:
            webhooks.check_signature(body, signature, [sim.world.app_secret])
            fields += [c.field for c in webhooks.changes(body)]
        assert sorted(fields) == ["comments", "mentions", "messages"]
        connector = InstagramConnector(
            {"graph_url": sim.url, "account_id": made["id"], "page_id": made["page_id"]},
            {"access_token": "t"},
        )
        assert sorted(i.text for i in connector.fetch(None).items) == ["dm", "hey"]
        assert json.loads(received[0][0])["object"] == "instagram"
    finally:
        server.shutdown()
        server.server_close()
