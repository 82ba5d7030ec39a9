"""The Facebook Pages connector against the local Graph API simulator (not Meta): reading comments, replies,
visitors' posts and Messenger messages with a cursor that loses and doubles nothing across pages, polls and
deleted comments; hide, unhide, delete, ban, reply and message each reach the simulator (read back from its
state); Graph's errors arrive as what to do next (190: reconnect; a throttle: wait; a missing permission,
named; a message outside the 24-hour window); and polling stops early, losing nothing, when the usage
headers say the app is near its limit."""

import json
import time

import httpx
import pytest

from harbour.connectors.base import AuthFailed, Kind, MediaRef, PublishRequest, RateLimited, Rejected
from harbour.connectors.facebook.connector import FacebookConnector
from harbour.connectors.facebook.platform import FACEBOOK
from harbour.connectors.meta.graph import DEFAULT_WAIT
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import facebook as fb
from harbour.connectors.platform import PlatformCapability

STRANGER = {"id": "90000000000001", "name": "Sam Stranger"}
PARENT = {"id": "90000000000002", "name": "Pat Parent"}


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def page(sim):
    return fb.add_page(sim.world)


def connector(sim, page, token=None) -> FacebookConnector:
    return FacebookConnector(
        {"graph_url": sim.url, "account_id": page["id"]},
        {"access_token": token or page["token"], "app_secret": "page-app-secret"},
    )


def drain(conn, cursor=None, limit=25):
    """Every item fetch gives from cursor until has_more is false: (items, cursor, batches)."""
    items, batches = [], 0
    while True:
        batch = conn.fetch(cursor, limit)
        items.extend(batch.items)
        cursor, batches = batch.next_cursor, batches + 1
        if not batch.has_more:
            return items, cursor, batches


def test_verify_names_the_page(sim, page):
    account = connector(sim, page).verify()
    assert (account.platform, account.account_id) == ("facebook", page["id"])
    assert (account.handle, account.display_name) == ("riversideyouth", "Riverside Youth Club")
    assert account.url == "https://www.facebook.com/riversideyouth"


def test_verify_refuses_another_pages_token(sim, page):
    other = fb.add_page(sim.world, name="Another Page", username="another")
    with pytest.raises(Rejected, match="a permission is missing"):
        connector(sim, page, token=other["token"]).verify()


def test_fetch_reads_comments_replies_visitor_posts_and_messages(sim, page):
    world = sim.world
    ours = fb.add_post(world, page["id"], "Summer trip forms are due Friday", created=time.time() - 600)
    lure = fb.add_comment(
        world,
        ours["id"],
        "dm me ur snap, I'll send you something",
        author=STRANGER,
        created=time.time() - 500,
        photo_url="https://scontent.example/lure.jpg",
    )
    answer = fb.add_comment(world, lure["id"], "Please don't message young people here.")  # the Page's own
    worried = fb.add_comment(world, lure["id"], "Who is this?", author=PARENT, created=time.time() - 400)
    visitor = fb.add_post(
        world, page["id"], "Is the club open at half term?", author=PARENT, created=time.time() - 300
    )
    message = fb.add_message(
        world, page["id"], "7700001", "can i talk to someone", name="Jo", created=time.time() - 200
    )

    batch = connector(sim, page).fetch(None)

    assert not batch.problems and not batch.has_more
    by_id = {item.platform_id: item for item in batch.items}
    assert set(by_id) == {lure["id"], worried["id"], visitor["id"], f"dm:7700001:{message['id']}"}
    assert answer["id"] not in by_id and ours["id"] not in by_id  # the Page's own words are not items
    assert [item.platform_id for item in batch.items] == [
        lure["id"],
        worried["id"],
        visitor["id"],
        f"dm:7700001:{message['id']}",
    ]  # oldest first

    first = by_id[lure["id"]]
    assert (first.kind, first.text, first.author_id, first.author_display_name) == (
        Kind.REPLY,
        "dm me ur snap, I'll send you something",
        STRANGER["id"],
        "Sam Stranger",
    )
    assert (first.thread_id, first.parent_id) == (ours["id"], ours["id"])
    assert first.url == lure["permalink_url"]
    assert first.media == (MediaRef("https://scontent.example/lure.jpg", "", "image/*"),)
    assert abs(first.created_at.timestamp() - int(lure["created"])) < 1

    reply = by_id[worried["id"]]
    assert (reply.thread_id, reply.parent_id) == (ours["id"], lure["id"])

    post = by_id[visitor["id"]]
    assert (post.kind, post.thread_id, post.author_id) == (Kind.COMMENT, visitor["id"], PARENT["id"])

    dm = by_id[f"dm:7700001:{message['id']}"]
    assert (dm.kind, dm.text, dm.author_id, dm.author_display_name) == (
        Kind.DIRECT_MESSAGE,
        "can i talk to someone",
        "psid:7700001",
        "Jo",
    )


def test_nothing_is_read_twice_and_each_new_item_arrives_once(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Quiz night")
    for n in range(3):
        fb.add_comment(world, post["id"], f"early {n}", author=STRANGER)
    fb.add_message(world, page["id"], "7700002", "hello")
    conn = connector(sim, page)
    first, cursor, _ = drain(conn)
    assert len(first) == 4

    again = conn.fetch(cursor)
    assert again.items == []

    late = fb.add_comment(world, post["id"], "late", author=PARENT)
    newer = fb.add_post(world, page["id"], "a visitor's post", author=PARENT)
    on_newer = fb.add_comment(world, newer["id"], "a comment on it", author=STRANGER)
    message = fb.add_message(world, page["id"], "7700002", "are you there?")
    other = fb.add_message(world, page["id"], "7700003", "new conversation")
    batch = conn.fetch(cursor)
    assert sorted(item.platform_id for item in batch.items) == sorted(
        [late["id"], newer["id"], on_newer["id"], f"dm:7700002:{message['id']}", f"dm:7700003:{other['id']}"]
    )
    assert conn.fetch(batch.next_cursor).items == []


def test_comments_page_across_polls_and_a_deleted_comment_moves_nothing(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Photos from the residential")
    made = [fb.add_comment(world, post["id"], f"comment {n}", author=STRANGER)["id"] for n in range(23)]
    conn = connector(sim, page)

    batch = conn.fetch(None, limit=10)
    assert [item.platform_id for item in batch.items] == made[:10] and batch.has_more
    items, cursor, batches = drain(conn, batch.next_cursor, limit=10)
    assert [item.platform_id for item in items] == made[10:] and batches == 2

    # A comment already read is deleted on Facebook; the next comment after it still arrives.
    httpx.delete(
        f"{sim.url}/v26.0/{made[-1]}", headers={"Authorization": f"Bearer {page['token']}"}
    ).raise_for_status()
    assert made[-1] not in fb.comments(world)
    after = fb.add_comment(world, post["id"], "after the deletion", author=PARENT)
    assert [item.platform_id for item in conn.fetch(cursor, limit=10).items] == [after["id"]]


def test_a_comment_that_cannot_be_read_is_a_problem_and_the_rest_arrive(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Fun day")
    broken = fb.add_comment(world, post["id"], "bad author id", author=STRANGER)
    good = fb.add_comment(world, post["id"], "fine", author=PARENT)
    fb.comments(world)[broken["id"]]["from"] = {"id": "https://evil.example/", "name": "x"}
    batch = connector(sim, page).fetch(None)
    assert [item.platform_id for item in batch.items] == [good["id"]]
    assert [problem.ref for problem in batch.problems] == [broken["id"]]
    assert "not a Facebook id" in batch.problems[0].message


def test_a_comment_whose_author_meta_leaves_out_is_still_screened(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Fun day")
    hidden_author = fb.add_comment(
        world, post["id"], "meet me at the park later, come alone", author=STRANGER
    )
    fb.comments(world)[hidden_author["id"]]["from"] = None  # Graph leaves `from` out
    conn = connector(sim, page)
    [item] = conn.fetch(None).items
    assert (item.text, item.author_id, item.author_display_name) == (
        "meet me at the park later, come alone",
        f"unknown:{hidden_author['id']}",
        "",
    )
    with pytest.raises(Rejected, match="Meta did not say who wrote this"):
        conn.block(item.author_id)


def test_hide_and_unhide_reach_facebook(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Match report")
    comment = fb.add_comment(world, post["id"], "you're all losers", author=STRANGER)
    visitor = fb.add_post(world, page["id"], "spam spam", author=STRANGER)
    conn = connector(sim, page)

    conn.hide(comment["id"], post["id"])
    conn.hide(visitor["id"], visitor["id"])
    assert fb.comments(world)[comment["id"]]["is_hidden"] is True
    assert fb.posts(world)[visitor["id"]]["is_hidden"] is True
    [item] = [i for i in conn.fetch(None).items if i.platform_id == comment["id"]]  # still read when hidden
    assert item.text == "you're all losers"

    conn.unhide(comment["id"], post["id"])
    conn.unhide(comment["id"], post["id"])  # harmless twice
    assert fb.comments(world)[comment["id"]]["is_hidden"] is False


def test_hiding_the_pages_own_comment_or_a_message_is_refused(sim, page):
    post = fb.add_post(sim.world, page["id"], "Hello")
    own = fb.add_comment(sim.world, post["id"], "Thanks all")
    conn = connector(sim, page)
    with pytest.raises(Rejected, match="cannot hide its own"):
        conn.hide(own["id"], post["id"])
    with pytest.raises(Rejected, match="Messenger message cannot be hidden"):
        conn.hide("dm:7700001:m_abc", "dm:7700001")
    with pytest.raises(Rejected, match="not a Facebook comment"):
        conn.hide("https://evil.example/x", "")


def test_delete_removes_the_pages_post_and_a_comment(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Posted by mistake")
    comment = fb.add_comment(world, post["id"], "a comment", author=STRANGER)
    other = fb.add_post(world, page["id"], "Keep this")
    kept = fb.add_comment(world, other["id"], "to delete", author=STRANGER)
    conn = connector(sim, page)
    conn.delete(kept["id"])
    assert kept["id"] not in fb.comments(world)
    conn.delete(post["id"])
    assert post["id"] not in fb.posts(world) and comment["id"] not in fb.comments(world)
    assert other["id"] in fb.posts(world)
    with pytest.raises(Rejected, match="does not exist"):
        conn.delete(post["id"])


def test_reply_to_a_comment_and_a_visitors_post(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Open evening")
    comment = fb.add_comment(world, post["id"], "what time?", author=PARENT)
    visitor = fb.add_post(world, page["id"], "Can my son come?", author=PARENT)
    conn = connector(sim, page)

    published = conn.publish(_request("From 6pm, all welcome.", reply_to=comment["id"]))
    made = fb.comments(world)[published.platform_id]
    assert (made["parent_id"], made["message"], made["from"]["id"]) == (
        comment["id"],
        "From 6pm, all welcome.",
        page["id"],
    )
    assert published.url == made["permalink_url"]

    on_post = conn.publish(_request("Yes, 11 to 18.", reply_to=visitor["id"]))
    assert fb.comments(world)[on_post.platform_id]["parent_id"] == visitor["id"]


def test_reply_to_a_message_within_the_window_and_refused_outside_it(sim, page):
    world = sim.world
    fb.add_message(world, page["id"], "7700004", "is anyone there", created=time.time() - 3600)
    [item] = connector(sim, page).fetch(None).items
    published = connector(sim, page).publish(
        _request("Yes, we're here until 9pm.", reply_to=item.platform_id)
    )
    psid, _, mid = published.platform_id.removeprefix("dm:").partition(":")
    sent = fb.messages(world)[mid]
    assert (psid, sent["psid"], sent["from_page"], sent["message"]) == (
        "7700004",
        "7700004",
        True,
        "Yes, we're here until 9pm.",
    )

    fb.add_message(world, page["id"], "7700005", "old message", created=time.time() - 25 * 3600)
    before = len(fb.messages(world))
    with pytest.raises(Rejected, match="within 24 hours"):
        connector(sim, page).publish(_request("Sorry we missed this", reply_to="dm:7700005:m_whatever"))
    assert len(fb.messages(world)) == before


def test_ban_and_lift_the_ban(sim, page):
    world = sim.world
    post = fb.add_post(world, page["id"], "Trip photos")
    conn = connector(sim, page)
    conn.block(STRANGER["id"])
    conn.block(STRANGER["id"])  # harmless twice
    conn.block("psid:7700009")
    assert set(fb.blocked(world)[page["id"]]) == {STRANGER["id"], "7700009"}
    with pytest.raises(PermissionError):
        fb.add_comment(world, post["id"], "you can't stop me", author=STRANGER)

    conn.unblock(STRANGER["id"])
    conn.unblock(STRANGER["id"])
    assert set(fb.blocked(world)[page["id"]]) == {"7700009"}
    fb.add_comment(world, post["id"], "sorry", author=STRANGER)
    with pytest.raises(Rejected, match="cannot ban itself"):
        conn.block(page["id"])


def test_a_revoked_or_expired_token_asks_for_a_reconnect(sim, page):
    fb.add_post(sim.world, page["id"], "Hi")
    httpx.post(f"{sim.url}/_sim/revoke", data={"token": page["token"]}).raise_for_status()
    with pytest.raises(AuthFailed, match="reconnect the channel"):
        connector(sim, page).fetch(None)
    other = fb.add_page(sim.world, name="Second", username="second")
    httpx.post(f"{sim.url}/_sim/expire", data={"token": other["token"]}).raise_for_status()
    with pytest.raises(AuthFailed):
        connector(sim, other).verify()


def test_a_throttle_answer_says_when_to_try_again_and_loses_nothing(sim, page):
    post = fb.add_post(sim.world, page["id"], "Hi")
    comment = fb.add_comment(sim.world, post["id"], "hello", author=PARENT)
    conn = connector(sim, page)
    httpx.post(
        f"{sim.url}/_sim/fail",
        data={"path": "/comments", "code": "32", "message": "Page request limit reached"},
    )
    with pytest.raises(RateLimited) as raised:
        conn.fetch(None)
    assert raised.value.retry_after == DEFAULT_WAIT and not raised.value.permanent
    assert [item.platform_id for item in conn.fetch(None).items] == [comment["id"]]


def test_near_the_limit_a_poll_stops_early_and_the_next_carries_on(sim, page):
    world = sim.world
    posts = [fb.add_post(world, page["id"], f"post {n}") for n in range(3)]
    made = {fb.add_comment(world, p["id"], f"on {p['id']}", author=PARENT)["id"] for p in posts}
    message = fb.add_message(world, page["id"], "7700006", "hi")
    made.add(f"dm:7700006:{message['id']}")
    conn = connector(sim, page)
    world.usage_percent = 90  # X-App-Usage: 90% of the app's calls

    cursor, seen, polls = None, [], 0
    while set(seen) != made and polls < 10:
        batch = conn.fetch(cursor)
        polls += 1
        assert not batch.has_more
        seen.extend(item.platform_id for item in batch.items)
        cursor = batch.next_cursor
    assert set(seen) == made and len(seen) == len(made)  # nothing lost, nothing twice
    assert polls > 1 and "near its rate limit" in batch.warnings[0]

    world.usage_percent = 5
    late = fb.add_comment(world, posts[0]["id"], "later", author=STRANGER)
    batch = conn.fetch(cursor)
    assert [item.platform_id for item in batch.items] == [late["id"]] and not batch.warnings


def test_a_missing_permission_is_named(sim):
    page = fb.add_page(sim.world, scopes=[fb.READ, fb.MESSAGING, fb.ENGAGE])
    post = fb.add_post(sim.world, page["id"], "Hello")
    comment = fb.add_comment(sim.world, post["id"], "hi", author=PARENT)
    conn = connector(sim, page)
    with pytest.raises(Rejected, match="needs the pages_read_user_content permission"):
        conn.fetch(None)
    with pytest.raises(Rejected, match="needs the pages_read_user_content permission"):
        conn.hide(comment["id"], post["id"])
    with pytest.raises(Rejected, match="needs the pages_manage_posts permission"):
        conn.publish(_request("A new post"))


def test_the_registry_entry_lists_only_what_the_connector_does():
    assert FACEBOOK.key == "facebook" and FACEBOOK.minimum_age == 13
    assert FACEBOOK.connector == "harbour.connectors.facebook.connector.FacebookConnector"
    assert not FACEBOOK.can(PlatformCapability.REPORT) and not FACEBOOK.can(PlatformCapability.MUTE)
    assert not FACEBOOK.can(PlatformCapability.PUBLISH_VIDEO)
    assert FACEBOOK.can(PlatformCapability.BLOCK) and FACEBOOK.can(PlatformCapability.PUBLISH_IMAGES)
    assert FACEBOOK.max_text_length == 63_206
    assert {item.key for item in FACEBOOK.privacy_checklist} >= {
        "fb_profanity_filter",
        "fb_who_can_post",
        "fb_tagging",
    }


def test_report_url_is_the_permalink_or_the_pages_inbox(sim, page):
    post = fb.add_post(sim.world, page["id"], "Hello")
    fb.add_comment(sim.world, post["id"], "hi", author=PARENT)
    fb.add_message(sim.world, page["id"], "7700007", "hello")
    conn = connector(sim, page)
    items = {item.kind: item for item in conn.fetch(None).items}
    assert conn.report_url(items[Kind.REPLY]).startswith(f"https://www.facebook.com/{page['id']}/posts/")
    assert conn.report_url(items[Kind.DIRECT_MESSAGE]) == (
        f"https://business.facebook.com/latest/inbox/all?asset_id={page['id']}"
    )


def _request(text, **options):
    return PublishRequest(text, **options)


def test_graph_calls_carry_the_appsecret_proof(sim, page):
    """The connector passes its app secret to the Graph client: every call carries appsecret_proof."""
    seen = []
    conn = connector(sim, page)
    original = conn._api()._http.request

    def spy(method, url, **kwargs):
        seen.append(kwargs.get("params") or {})
        return original(method, url, **kwargs)

    conn._api()._http.request = spy
    conn.verify()
    assert seen and all("appsecret_proof" in params for params in seen)
    assert json.dumps(seen).find(page["token"]) == -1  # the token is never in a URL


def test_a_message_in_the_same_second_as_the_last_one_read_still_arrives(sim, page):
    """Graph gives times to the second: a second message in that second is read, and the first not again."""
    second = float(int(time.time()))
    first = fb.add_message(sim.world, page["id"], "7700030", "one", created=second)
    conn = connector(sim, page)
    batch = conn.fetch(None)
    assert [item.platform_id for item in batch.items] == [f"dm:7700030:{first['id']}"]
    same = fb.add_message(sim.world, page["id"], "7700030", "two", created=second + 0.5)
    batch = conn.fetch(batch.next_cursor)
    assert [item.platform_id for item in batch.items] == [f"dm:7700030:{same['id']}"]
    assert conn.fetch(batch.next_cursor).items == []


def test_the_demo_seeds_the_simulator_through_http(sim):
    """What `harbour run` does: a Page, a post, comments and a message made through /_sim/facebook/ arrive
    through the connector; a banned person's comment is refused with 403."""
    page = httpx.post(
        f"{sim.url}/_sim/facebook/pages", data={"name": "Demo Youth Club", "username": "demoyouth"}
    ).json()
    post = httpx.post(
        f"{sim.url}/_sim/facebook/posts", data={"page_id": page["id"], "message": "Welcome!"}
    ).json()
    comment = httpx.post(
        f"{sim.url}/_sim/facebook/comments",
        data={
            "parent_id": post["id"],
            "message": "what's ur snap",
            "author_id": STRANGER["id"],
            "author_name": "Sam",
        },
    ).json()
    message = httpx.post(
        f"{sim.url}/_sim/facebook/messages",
        data={"page_id": page["id"], "psid": "7700040", "name": "Jo", "text": "hi", "hours_ago": "30"},
    ).json()
    batch = connector(sim, page).fetch(None)
    assert sorted(item.platform_id for item in batch.items) == sorted(
        [comment["id"], f"dm:7700040:{message['id']}"]
    )

    connector(sim, page).block(STRANGER["id"])
    refused = httpx.post(
        f"{sim.url}/_sim/facebook/comments",
        data={"parent_id": post["id"], "message": "again", "author_id": STRANGER["id"], "author_name": "Sam"},
    )
    assert refused.status_code == 403 and "blocked" in refused.json()["error"]
    assert (
        httpx.post(f"{sim.url}/_sim/facebook/posts", data={"page_id": "404", "message": "x"}).status_code
        == 404
    )
    with pytest.raises(Rejected, match="within 24 hours"):  # hours_ago 30: the window has closed
        connector(sim, page).publish(PublishRequest("hello", reply_to=f"dm:7700040:{message['id']}"))


def test_hostile_text_arrives_as_plain_text(sim, page):
    post = fb.add_post(sim.world, page["id"], "Hi")
    words = "<script>alert(1)</script> \u202eevil\u202c \x00 &amp;"
    fb.add_comment(sim.world, post["id"], words, author=STRANGER)
    [item] = connector(sim, page).fetch(None).items
    assert item.text == words.replace("\x00", "\ufffd")  # as written, for the templates to escape and isolate


def test_a_post_with_no_new_comment_is_not_asked_again(sim, page):
    """A new comment moves its post's updated_time: a poll asks only the posts that moved for comments."""
    before = time.time() - 120
    quiet = fb.add_post(sim.world, page["id"], "Quiet post", created=before)
    busy = fb.add_post(sim.world, page["id"], "Busy post", created=before)
    fb.add_comment(sim.world, quiet["id"], "old", author=PARENT, created=before + 1)
    conn = connector(sim, page)
    asked = []
    original = conn._api()._http.request

    def spy(method, url, **kwargs):
        asked.append(url.split("/v26.0/", 1)[1])
        return original(method, url, **kwargs)

    conn._api()._http.request = spy
    batch = conn.fetch(None)
    assert {f"{quiet['id']}/comments", f"{busy['id']}/comments"} <= set(asked)

    asked.clear()
    batch = conn.fetch(batch.next_cursor)
    assert batch.items == [] and not any(path.endswith("/comments") for path in asked)

    new = fb.add_comment(sim.world, busy["id"], "new one", author=STRANGER)
    asked.clear()
    batch = conn.fetch(batch.next_cursor)
    assert [item.platform_id for item in batch.items] == [new["id"]]
    assert [path for path in asked if path.endswith("/comments")] == [f"{busy['id']}/comments"]


def test_without_the_messaging_permission_comments_still_arrive_and_the_log_says_why(sim):
    page = fb.add_page(sim.world, scopes=[fb.READ, fb.USER_CONTENT, fb.ENGAGE])
    post = fb.add_post(sim.world, page["id"], "Hello")
    comment = fb.add_comment(sim.world, post["id"], "hi", author=PARENT)
    fb.add_message(sim.world, page["id"], "7700050", "hello?")
    batch = connector(sim, page).fetch(None)
    assert [item.platform_id for item in batch.items] == [comment["id"]]
    assert batch.warnings == [
        (
            "Messenger messages were not read. Meta refused reading the Page's messages: it needs the "
            "pages_messaging permission. Reconnect the channel and grant it"
        )
    ]
