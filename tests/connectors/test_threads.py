"""The Threads connector against the local Graph API simulator (harbour/connectors/meta/simulator/threads.py,
built from Meta's Threads documentation; not Meta): the account check, replies and mentions read oldest first
across pages with a cursor that neither loses nor doubles a reply, hidden and deleted replies, a revoked token
(190), a rate-limit answer and usage near the limit, a missing permission named, and each action (hide,
unhide, reply, post with who-can-reply, delete, find_published) read back from the simulator's state."""

import re
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from harbour.connectors.base import (
    AuthFailed,
    ImageUpload,
    Kind,
    NotSupported,
    PublishRequest,
    RateLimited,
    Rejected,
)
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import threads as sim
from harbour.connectors.threads import connector as threads_connector
from harbour.connectors.threads.connector import ThreadsConnector
from harbour.connectors.threads.platform import THREADS

TOKEN = "threads-org-token"


@pytest.fixture(scope="module")
def running():
    with Simulator() as started:
        yield started


@pytest.fixture
def simulator(running):
    """The module's simulator, emptied for each test, with the organisation's account."""
    world = running.world
    for state in (world.tables, world.tokens, world.subscriptions):
        state.clear()
    world.failures.clear()
    world.deliveries.clear()
    world.usage_percent = 5
    running.org = sim.account(world, "harbour_youth", token=TOKEN, name="Harbour Youth")
    return running


def connect(simulator, token=TOKEN, **config) -> ThreadsConnector:
    return ThreadsConnector(
        {"graph_url": simulator.url, "account_id": simulator.org, **config},
        {"access_token": token, "app_secret": "s3cret"},
    )


def thread(simulator, text="Our summer trips are open: ask us anything", ago=60.0) -> str:
    return sim.post(simulator.world, "harbour_youth", text, at=time.time() - ago)["id"]


def reply(simulator, to, text, username="stranger", ago=0.0, **extra) -> str:
    return sim.post(simulator.world, username, text, reply_to=to, at=time.time() - ago, **extra)["id"]


def media(simulator, media_id) -> dict:
    return sim._media(simulator.world)[media_id]


def test_verify_names_the_account_and_refuses_a_connection_for_another(simulator):
    account = connect(simulator).verify()
    assert (account.platform, account.account_id, account.handle) == (
        "threads",
        simulator.org,
        "@harbour_youth",
    )
    assert account.display_name == "Harbour Youth"
    assert account.url == "https://www.threads.net/@harbour_youth"
    other = sim.account(simulator.world, "someone_else", token="other-token")
    with pytest.raises(AuthFailed, match="another Threads account"):
        connect(simulator, token="other-token").verify()
    assert connect(simulator, token="other-token", account_id=other).verify().account_id == other


def test_replies_at_every_depth_and_mentions_arrive_oldest_first(simulator):
    root = thread(simulator)
    first = reply(simulator, root, "is it free?", username="kid_a", ago=30)
    own = reply(simulator, first, "Yes, all of it", username="harbour_youth", ago=20)
    nested = reply(simulator, first, "dm me instead x", username="stranger", ago=10)
    picture = reply(
        simulator,
        root,
        "look",
        username="kid_b",
        ago=5,
        image_url="https://scontent.cdninstagram.com/v/simulated.jpg",
        alt_text="a beach",
    )
    mention = sim.post(simulator.world, "parent_c", "Well done @harbour_youth!", at=time.time() - 1)["id"]

    batch = connect(simulator).fetch(None)

    assert [item.platform_id for item in batch.items] == [first, nested, picture, mention]
    assert own not in {item.platform_id for item in batch.items}  # the organisation's own reply
    by_id = {item.platform_id: item for item in batch.items}
    assert by_id[first].kind == by_id[nested].kind == Kind.REPLY
    assert (by_id[nested].thread_id, by_id[nested].parent_id) == (root, first)
    assert by_id[nested].author_handle == "stranger" and by_id[nested].text == "dm me instead x"
    assert by_id[nested].url.startswith("https://www.threads.net/@stranger/post/")
    assert by_id[mention].kind == Kind.MENTION and by_id[mention].thread_id == mention
    [image] = by_id[picture].media
    assert (image.url, image.alt_text, image.mime_type) == (
        "https://scontent.cdninstagram.com/v/simulated.jpg",
        "a beach",
        "image/*",
    )
    assert batch.has_more is False and not batch.problems
    again = connect(simulator).fetch(batch.next_cursor)
    assert again.items == [] and again.next_cursor == batch.next_cursor


def test_paging_across_pages_hands_out_every_reply_once(simulator):
    root = thread(simulator, ago=7200)
    made = [
        reply(simulator, root, f"reply {n}", username=f"person_{n % 7}", ago=3600 - n * 10)
        for n in range(130)
    ]
    org = connect(simulator)
    first = org.fetch(None, limit=100)  # no cursor yet: one page (50) of what is there now
    assert [item.platform_id for item in first.items] == made[-50:]

    # New replies after the first read, more than one page of them and more than one batch.
    later = [reply(simulator, root, f"later {n}", ago=-n * 0.001) for n in range(120)]
    seen, cursor, batches = [], first.next_cursor, 0
    while True:
        batch = org.fetch(cursor, limit=50)
        seen += [item.platform_id for item in batch.items]
        cursor, batches = batch.next_cursor, batches + 1
        if not batch.has_more:
            break
    assert seen == later and batches == 3
    assert org.fetch(cursor).items == []


def test_replies_in_the_same_second_and_a_late_one_are_neither_lost_nor_doubled(simulator):
    root = thread(simulator, ago=120)
    at = time.time() - 60
    a = sim.post(simulator.world, "a", "one", reply_to=root, at=at)["id"]
    b = sim.post(simulator.world, "b", "two", reply_to=root, at=at)["id"]
    org = connect(simulator)
    first = org.fetch(None, limit=1)
    assert [i.platform_id for i in first.items] == [a] and first.has_more
    second = org.fetch(first.next_cursor, limit=1)
    assert [i.platform_id for i in second.items] == [b]
    # A reply that shows up now with a time a minute before the last one read (within OVERLAP) still comes.
    late = sim.post(simulator.world, "c", "late", reply_to=root, at=at - 60)["id"]
    third = org.fetch(second.next_cursor)
    assert [i.platform_id for i in third.items] == [late]
    assert org.fetch(third.next_cursor).items == []


def test_a_bad_cursor_is_refused_not_guessed(simulator):
    with pytest.raises(ValueError, match="not a Threads cursor"):
        connect(simulator).fetch("v1:{not json")


def test_threads_older_than_the_watch_window_are_not_polled(simulator):
    old = thread(simulator, ago=(threads_connector.WATCH_DAYS + 1) * 86400)
    reply(simulator, old, "on an old thread")
    assert connect(simulator).fetch(None).items == []


def test_hide_and_unhide_reach_the_simulator_and_a_hidden_reply_is_still_read(simulator):
    root = thread(simulator)
    nasty = reply(simulator, root, "you're all losers", ago=5)
    org = connect(simulator)
    org.hide(nasty, root)
    assert media(simulator, nasty)["hide_status"] == "HIDDEN"
    [item] = org.fetch(None).items  # hidden on Threads, still screened in Harbour
    assert item.platform_id == nasty
    org.unhide(nasty, root)
    assert media(simulator, nasty)["hide_status"] == "UNHUSHED"
    org.unhide(nasty, root)  # unhiding one that is not hidden is harmless
    assert media(simulator, nasty)["hide_status"] == "UNHUSHED"


def test_a_reply_to_a_reply_cannot_be_hidden_alone_and_says_what_to_do(simulator):
    root = thread(simulator)
    top = reply(simulator, root, "hi")
    nested = reply(simulator, top, "horrible words")
    with pytest.raises(Rejected, match="hide the reply this one answers"):
        connect(simulator).hide(nested, root)
    assert media(simulator, nested)["hide_status"] == "NOT_HUSHED"
    with pytest.raises(Rejected, match="This is a post, not a reply"):
        connect(simulator).hide(root, root)


def test_a_deleted_reply_is_not_read_and_cannot_be_hidden(simulator):
    root = thread(simulator)
    gone = reply(simulator, root, "deleted by its author", ago=5)
    kept = reply(simulator, root, "still here", ago=1)
    sim.remove(simulator.world, gone)
    assert [item.platform_id for item in connect(simulator).fetch(None).items] == [kept]
    with pytest.raises(Rejected, match="does not exist"):
        connect(simulator).hide(gone, root)


def test_a_revoked_token_asks_for_a_reconnect(simulator):
    simulator.world.tokens[TOKEN].revoked = True
    with pytest.raises(AuthFailed, match="reconnect the channel"):
        connect(simulator).fetch(None)
    with pytest.raises(AuthFailed):
        connect(simulator).verify()


def test_no_token_at_all_is_an_auth_failure_before_any_call(simulator):
    with pytest.raises(AuthFailed, match="no access token"):
        ThreadsConnector({"graph_url": simulator.url}, {"access_token": ""}).fetch(None)


def test_a_rate_limit_answer_is_rate_limited_with_a_wait(simulator):
    thread(simulator)
    simulator.world.failures.append(
        (
            re.compile(r"/conversation"),
            sim.GraphError(4, "(#4) Application request limit reached"),
        )
    )
    with pytest.raises(RateLimited) as raised:
        connect(simulator).fetch(None)
    assert raised.value.retry_after and raised.value.retry_after > 0


def test_usage_near_the_limit_slows_polling_before_reading_replies(simulator):
    root = thread(simulator)
    reply(simulator, root, "hello")
    simulator.world.usage_percent = 90
    with pytest.raises(RateLimited, match="slow down") as raised:
        connect(simulator).fetch(None)
    assert raised.value.retry_after == threads_connector.DEFAULT_WAIT
    simulator.world.usage_percent = 5
    assert len(connect(simulator).fetch(None).items) == 1


def test_a_missing_permission_is_named(simulator):
    scopes = [s for s in sim.SCOPES if s not in ("threads_read_replies", "threads_manage_replies")]
    sim.account(simulator.world, "harbour_youth", token="narrow", scopes=scopes)
    root = thread(simulator)
    top = reply(simulator, root, "hi")
    with pytest.raises(Rejected, match="threads_read_replies permission"):
        connect(simulator, token="narrow").fetch(None)
    with pytest.raises(Rejected, match="threads_manage_replies permission"):
        connect(simulator, token="narrow").publish(PublishRequest("Thanks!", reply_to=top))


def test_a_post_goes_out_with_who_can_reply_from_the_channel(simulator):
    org = connect(simulator)
    made = org.publish(PublishRequest("Drop-in is open tonight, 6 till 9"))
    row = media(simulator, made.platform_id)
    assert (row["owner_id"], row["text"], row["replied_to"]) == (
        simulator.org,
        "Drop-in is open tonight, 6 till 9",
        "",
    )
    assert row["reply_control"] == "accounts_you_follow"  # the safer default
    assert made.url == f"https://www.threads.net/@harbour_youth/post/{row['shortcode']}"
    everyone = connect(simulator, reply_control="everyone").publish(PublishRequest("Open to all"))
    assert media(simulator, everyone.platform_id)["reply_control"] == "everyone"


@pytest.mark.parametrize("chosen", [control.value for control in THREADS.reply_controls])
def test_the_posts_own_choice_of_who_can_reply_goes_out_over_the_channels(simulator, chosen):
    made = connect(simulator, reply_control="everyone").publish(
        PublishRequest("Youth council meets on Thursday", reply_control=chosen)
    )
    row = media(simulator, made.platform_id)
    assert (row["reply_control"], row["text"]) == (chosen, "Youth council meets on Thursday")
    # Threads answers a post's reply audience with its value in capitals (its posts documentation)
    asked = httpx.get(
        f"{simulator.url}/v1.0/{made.platform_id}",
        params={"fields": "reply_audience", "access_token": TOKEN},
    )
    assert asked.json()["reply_audience"] == chosen.upper()


def test_a_choice_threads_does_not_know_is_refused_before_anything_is_sent_and_by_the_simulator(simulator):
    before = len(sim._containers(simulator.world))
    with pytest.raises(Rejected, match="The post's reply setting 'friends' is not one Threads knows"):
        connect(simulator).publish(PublishRequest("hello", reply_control="friends"))
    assert len(sim._containers(simulator.world)) == before
    # The simulator refuses it too, as Threads does: an invalid parameter (#100), no container made.
    answer = httpx.post(
        f"{simulator.url}/v1.0/{simulator.org}/threads",
        data={"media_type": "TEXT", "text": "hello", "reply_control": "friends", "access_token": TOKEN},
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 100
    assert "reply_control" in answer.json()["error"]["message"]
    assert len(sim._containers(simulator.world)) == before


def test_a_reply_answers_the_item_it_was_sent_for(simulator):
    root = thread(simulator)
    question = reply(simulator, root, "what time does it start?")
    made = connect(simulator).publish(PublishRequest("7pm at the centre", reply_to=question))
    row = media(simulator, made.platform_id)
    assert (row["replied_to"], row["root_post"], row["text"]) == (question, root, "7pm at the centre")


def test_what_threads_would_refuse_is_refused_before_anything_is_sent(simulator):
    org = connect(simulator)
    before = len(sim._containers(simulator.world))
    with pytest.raises(Rejected, match="Shorten it by 1 character"):
        org.publish(PublishRequest("x" * (THREADS.max_text_length + 1)))
    with pytest.raises(Rejected, match="not one Threads knows"):
        connect(simulator, reply_control="friends").publish(PublishRequest("hello"))
    image = ImageUpload(b"\x89PNG...", "A poster", "image/png")  # no public address
    with pytest.raises(NotSupported, match="from an address on the internet"):
        org.publish(PublishRequest("with a picture", images=(image,)))
    with pytest.raises(Rejected, match="by its Threads id"):
        org.publish(PublishRequest("hi", reply_to="https://evil.example/x"))
    assert len(sim._containers(simulator.world)) == before


def test_a_container_threads_could_not_prepare_is_not_published(simulator):
    sim.container_fault(simulator.world, "ERROR", error_message="Text was flagged")
    before = len(sim._media(simulator.world))
    with pytest.raises(Rejected, match="could not prepare the post \\(Text was flagged\\)"):
        connect(simulator).publish(PublishRequest("hello"))
    assert len(sim._media(simulator.world)) == before


def test_a_container_still_being_prepared_is_waited_for_then_published(simulator, monkeypatch):
    monkeypatch.setattr(threads_connector.time, "sleep", lambda seconds: None)
    sim.container_fault(simulator.world, "IN_PROGRESS", ready_after=2)
    made = connect(simulator).publish(PublishRequest("after a wait"))
    assert media(simulator, made.platform_id)["text"] == "after a wait"


def test_find_published_finds_the_post_and_the_reply_it_made_and_nothing_else(simulator):
    started = datetime.now(UTC) - timedelta(seconds=1)
    org = connect(simulator)
    post = org.publish(PublishRequest("Trip  forms are due\nFriday"))
    root = thread(simulator)
    question = reply(simulator, root, "which friday?")
    answer = org.publish(PublishRequest("This Friday", reply_to=question))
    assert (
        org.find_published(PublishRequest("Trip forms are due Friday"), started).platform_id
        == post.platform_id
    )
    assert org.find_published(PublishRequest("This Friday", reply_to=question), started).platform_id == (
        answer.platform_id
    )
    assert org.find_published(PublishRequest("Something never posted"), started) is None
    assert org.find_published(PublishRequest("This Friday", reply_to=root), started) is None
    assert (
        org.find_published(
            PublishRequest("Trip forms are due Friday"), datetime.now(UTC) + timedelta(hours=1)
        )
        is None
    )


def test_delete_removes_the_organisations_own_post_and_refuses_anyone_elses(simulator):
    org = connect(simulator)
    made = org.publish(PublishRequest("posted by mistake"))
    org.delete(made.platform_id)
    assert media(simulator, made.platform_id)["deleted"] is True
    root = thread(simulator)
    theirs = reply(simulator, root, "not yours to delete")
    with pytest.raises(Rejected, match="only delete your own posts"):
        org.delete(theirs)
    assert media(simulator, theirs)["deleted"] is False


def test_report_url_is_the_items_page_on_threads(simulator):
    root = thread(simulator)
    reply(simulator, root, "report me")
    [item] = connect(simulator).fetch(None).items
    assert connect(simulator).report_url(item) == item.url
    assert item.url.startswith("https://www.threads.net/@stranger/post/")


def test_a_reply_that_cannot_be_read_is_a_problem_once_and_the_rest_arrive(simulator):
    root = thread(simulator)
    broken = reply(simulator, root, "its text is not text", ago=10)
    private = reply(simulator, root, "from a private profile", ago=8)
    good = reply(simulator, root, "fine", ago=5)
    media(simulator, broken)["text"] = {"not": "text"}
    media(simulator, private)["username"] = ""  # Threads names no private profile: read all the same
    org = connect(simulator)
    batch = org.fetch(None)
    assert [item.platform_id for item in batch.items] == [private, good]
    assert batch.items[0].author_id == f"private:{private}" and batch.items[0].author_handle == ""
    [problem] = batch.problems
    assert (problem.ref, problem.message) == (broken, "skipped: text is not text")
    again = org.fetch(batch.next_cursor)
    assert again.items == [] and again.problems == []


def test_usage_rising_during_a_poll_ends_the_batch_without_asking_again_at_once(simulator, monkeypatch):
    from harbour.connectors.meta.simulator import server

    root = thread(simulator)
    made = [reply(simulator, root, f"reply {n}", ago=30 - n) for n in range(5)]

    def busy(request):  # Meta's usage figures pass the line while the poll reads mentions
        request.world.usage_percent = 90
        return sim.mentions(request)

    routes = [
        (method, pattern, busy if handler is sim.mentions else handler)
        for method, pattern, handler in server.ROUTES
    ]
    monkeypatch.setattr(server, "ROUTES", routes)
    batch = connect(simulator).fetch(None, limit=2)
    assert [item.platform_id for item in batch.items] == made[:2]
    assert batch.has_more is False  # more are there, but the scheduler waits for the next poll


def test_the_demo_can_seed_and_read_the_simulator_over_http(simulator):
    """What `harbour run` and seed_demo use: /_sim/threads/... on the running simulator."""
    base = simulator.url
    made = httpx.post(f"{base}/_sim/threads/account", data={"username": "club_demo", "token": "demo-token"})
    club = made.json()["id"]
    root = httpx.post(
        f"{base}/_sim/threads/post", data={"username": "club_demo", "text": "Open day!", "ago": "60"}
    )
    worrying = httpx.post(
        f"{base}/_sim/threads/post",
        data={"username": "anon_44", "text": "how old are you? message me", "reply_to": root.json()["id"]},
    ).json()["id"]
    org = ThreadsConnector({"graph_url": base, "account_id": club}, {"access_token": "demo-token"})
    [item] = org.fetch(None).items
    assert (item.platform_id, item.text) == (worrying, "how old are you? message me")
    org.hide(worrying, item.thread_id)
    assert httpx.get(f"{base}/_sim/threads/media/{worrying}").json()["hide_status"] == "HIDDEN"
    assert httpx.post(f"{base}/_sim/threads/remove/{worrying}").json() == {"removed": True}
    assert httpx.get(f"{base}/_sim/threads/media/{worrying}").json()["deleted"] is True
    assert httpx.post(f"{base}/_sim/threads/post", data={"username": "x"}).status_code == 400
    assert httpx.post(f"{base}/_sim/threads/container_fault", data={"status": "ERROR"}).status_code == 200
    with pytest.raises(Rejected, match="could not prepare"):
        org.publish(PublishRequest("hello"))


def test_emoji_count_as_their_utf8_bytes_as_threads_counts_them(simulator):
    assert THREADS.length_of("hi 👋") == 7 and THREADS.length_of("🇬🇧") == 8
    assert THREADS.length_of("café") == 4  # an accented letter is one, however it is typed
    org = connect(simulator)
    made = org.publish(PublishRequest("😀" * 125))  # 500
    assert media(simulator, made.platform_id)["text"] == "😀" * 125
    with pytest.raises(
        Rejected, match="is 504 characters; Threads allows 500 characters, counting each emoji"
    ):
        org.publish(PublishRequest("😀" * 126))
    # The simulator counts the same way, so a connector that counted code points would be refused there.
    answer = httpx.post(
        f"{simulator.url}/v1.0/me/threads",
        data={"media_type": "TEXT", "text": "😀" * 126},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 400 and "at most 500 characters" in answer.json()["error"]["message"]
