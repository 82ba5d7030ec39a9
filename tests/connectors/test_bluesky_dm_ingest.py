"""Bluesky direct messages through ingest: a stranger's conversation, recorded in the chat lexicon's shapes
and served on 127.0.0.1, is collected by a manager's channel, stored once, screened message by message with
the grooming tracker's memory of the author, and shown in the inbox as direct messages that leak no more
than replies do."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.channels import connecting, services
from harbour.inbox.ingest import poll
from harbour.inbox.models import AuthorState, IngestCursor, Item
from tests.cast import give_training, make_ready, propose, sign_in
from tests.connectors.bluesky_chat_replay import ORG_HANDLE, ChatReplay

pytestmark = pytest.mark.django_db
MARK = "did:plc:markc3d4e5f6g7h2i3j4k5l6"


@pytest.fixture
def server():
    replay = ChatReplay()
    replay.overrides |= {
        "chat.bsky.convo.listConvos": "list_convos_stranger.json",
        "chat.bsky.convo.getLog": "get_log_stranger.json",
    }
    yield replay
    replay.close()


@pytest.fixture
def channel(org, manager, moderator, server, monkeypatch):
    settings_for = connecting.connector_settings

    def on_loopback(channel):  # the one test-only change: the connector may talk to 127.0.0.1
        config, credentials = settings_for(channel)
        return {**config, "allow_private_network": "true"}, credentials

    monkeypatch.setattr(connecting, "connector_settings", on_loopback)
    channel = propose(org, manager, handle=f"@{ORG_HANDLE}", config={"service": server.url})
    make_ready(channel, manager=manager, moderator=moderator)
    services.set_credential(channel, "app_password", "abcd-efgh-ijkl-mnop", by=manager)
    return services.activate_channel(channel, by=manager)


def test_a_strangers_direct_messages_are_stored_once_and_screened_as_a_conversation(channel):
    assert poll(channel.pk).stored == 0  # the first poll finds the request with nothing in it yet
    first, again = poll(channel.pk), poll(channel.pk)
    assert first.stored == 7 and first.pages == 3 and again.stored == 0

    items = list(Item.objects.filter(channel=channel).order_by("received_at"))
    assert len(items) == 7 and {i.kind for i in items} == {"direct_message"}
    assert {i.thread_id for i in items} == {"3lcmarkconv2d"} and {
        i.author.platform_author_id for i in items
    } == {MARK}
    # Each message alone is mild; the tracker's memory of the author raises the alarm as the stages add up.
    assert items[0].action == "allow"
    groomed = [i for i in items if any(f["category"] == "grooming" for f in i.verdict["findings"])]
    assert groomed and groomed[-1].action == "escalate"
    state = AuthorState.objects.get(author=items[0].author).state
    assert state["grooming"]["n"] == 7
    assert IngestCursor.objects.get(channel=channel).problems == []


def test_the_inbox_shows_direct_messages_and_the_item_page_leaks_no_more_than_a_reply(channel, manager):
    poll(channel.pk)
    poll(channel.pk)
    give_training(manager, "moderate")
    browser = sign_in(Client(), manager.user)
    inbox = browser.get(reverse("inbox:index")).content.decode()
    # Each listed item's line of details names its kind (the filters name it too, once).
    assert len(re.findall(r"harbour-inbox__meta\">[^<]*<bdi>[^<]*</bdi> · Direct message<", inbox)) == 7

    shared = Item.objects.get(channel=channel, text__startswith="look at this")
    page = browser.get(reverse("inbox:item", args=[shared.pk])).content.decode()
    assert "Direct message on" in page
    assert "1 attachment withheld" in page and "bafkreipic" not in page  # no address, no <img> of the media
    assert "https://bsky.app/messages/3lcmarkconv2d" in page  # opens only for the organisation's own account
    assert "Grooming signs from this author" in page
    thread = page.split("The thread")[1].split("This author's other items")[0]
    assert thread.count("Open<span") == 6  # the conversation's six other messages, as for a reply's thread
    assert ORG_HANDLE not in thread  # the organisation's own messages are not items


def test_an_app_password_without_access_to_direct_messages_is_a_note_on_the_channel_not_a_failure(
    channel, manager, server
):
    server.overrides["chat.bsky.convo.listConvos"] = "refused_app_password.json"
    first, second = poll(channel.pk), poll(channel.pk)
    assert first.outcome == second.outcome == "ok"
    channel.refresh_from_db()
    assert not channel.reconnect_needed
    ingest = IngestCursor.objects.get(channel=channel)
    assert ingest.last_error == "" and len(ingest.problems) == 1  # noted once, not at every poll

    page = sign_in(Client(), manager.user).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Direct messages are not read" in page and "Allow access to your direct messages" in page
