"""Mastodon connector against mastodon_mock, a stateful simulator of the Mastodon client API (not Mastodon)."""

import pytest

from harbour.connectors.base import AuthFailed, ImageUpload, Kind, NotSupported, PublishRequest, Rejected
from harbour.connectors.mastodon.connector import MastodonConnector
from harbour.connectors.mastodon.platform import MASTODON
from tests.connectors.test_bluesky_fetch import PNG


@pytest.fixture
def org(mastodon_server):
    def make(token="org-token"):
        return MastodonConnector(
            {"instance_url": mastodon_server.url, "allow_private_network": "true"}, {"access_token": token}
        )

    return make


def test_mentions_replies_and_direct_messages_arrive_once_with_cursors(org, mastodon_api):
    connector = org()
    start = connector.fetch(None)
    young, stranger, me = mastodon_api("young_person"), mastodon_api("stranger"), mastodon_api("harbour_org")
    post = me.status_post("Youth club is open on Friday!")
    reply = young.status_post("@harbour_org can I bring a friend? 😀", in_reply_to_id=post["id"])
    mention = stranger.status_post("@harbour_org what are your opening hours?")
    direct = young.status_post("@harbour_org i need to talk to someone", visibility="direct")

    batch = connector.fetch(start.next_cursor)
    got = {item.platform_id: item for item in batch.items}
    assert set(got) == {str(reply["id"]), str(mention["id"]), str(direct["id"])}  # the DM once, not twice
    assert [i.platform_id for i in batch.items] == sorted(got, key=lambda k: (got[k].created_at, int(k)))
    assert got[str(reply["id"])].kind is Kind.REPLY
    assert got[str(reply["id"])].text == "@harbour_org can I bring a friend? 😀"
    assert got[str(reply["id"])].thread_id == got[str(reply["id"])].parent_id == str(post["id"])
    assert got[str(mention["id"])].kind is Kind.MENTION
    assert got[str(direct["id"])].kind is Kind.DIRECT_MESSAGE
    assert got[str(direct["id"])].author_handle == "young_person"
    assert batch.problems == []

    again = connector.fetch(batch.next_cursor)
    assert again.items == []
    later = stranger.status_post("@harbour_org one more thing")
    assert [i.platform_id for i in connector.fetch(again.next_cursor).items] == [str(later["id"])]


def test_a_thread_root_is_found_for_a_reply_to_a_reply(org, mastodon_api):
    connector = org()
    start = connector.fetch(None)
    me, young = mastodon_api("harbour_org"), mastodon_api("young_person")
    root = me.status_post("What should we call the new room?")
    first = young.status_post("@harbour_org The Den", in_reply_to_id=root["id"])
    answer = me.status_post("@young_person nice!", in_reply_to_id=first["id"])
    second = young.status_post("@harbour_org thanks", in_reply_to_id=answer["id"])
    items = {i.platform_id: i for i in connector.fetch(start.next_cursor).items}
    assert items[str(second["id"])].thread_id == str(root["id"])
    assert items[str(second["id"])].parent_id == str(answer["id"])


def test_small_pages_say_there_is_more(org, mastodon_api):
    connector = org()
    cursor = connector.fetch(None).next_cursor
    stranger = mastodon_api("stranger")
    sent = [str(stranger.status_post(f"@harbour_org number {n}")["id"]) for n in range(5)]
    seen = []
    while True:
        batch = connector.fetch(cursor, limit=2)
        seen += [i.platform_id for i in batch.items]
        cursor = batch.next_cursor
        if not batch.has_more:
            break
    assert seen == sent


def test_publish_with_image_and_alt_text_then_delete(org, mastodon_api):
    connector = org()
    published = connector.publish(
        PublishRequest(
            "Our summer poster",
            images=[ImageUpload(PNG, "Poster: free climbing sessions in August", "image/png")],
        )
    )
    status = mastodon_api("harbour_org").status(published.platform_id)
    assert [m["description"] for m in status["media_attachments"]] == [
        "Poster: free climbing sessions in August"
    ]
    connector.delete(published.platform_id)
    with pytest.raises(Exception, match="not found|Not Found|404"):
        mastodon_api("harbour_org").status(published.platform_id)


def test_reply_to_a_direct_message_stays_direct_and_mentions_the_sender(org, mastodon_api):
    connector = org()
    message = mastodon_api("young_person").status_post("@harbour_org is it free?", visibility="direct")
    published = connector.publish(PublishRequest("Yes, it is free.", reply_to=str(message["id"])))
    status = mastodon_api("harbour_org").status(published.platform_id)
    assert status["visibility"] == "direct"
    assert str(status["in_reply_to_id"]) == str(message["id"])
    assert "@young_person" in status["content"]


def test_deleting_someone_elses_post_is_refused(org, mastodon_api):
    theirs = mastodon_api("stranger").status_post("mine")
    with pytest.raises(Rejected, match="own posts"):
        org().delete(str(theirs["id"]))


def test_hide_is_not_supported_and_says_why(org):
    connector = org()
    assert not MASTODON.can("hide")
    with pytest.raises(NotSupported):
        connector.hide("1", thread_root="2")


def test_verify_and_wrong_token(org):
    assert org().verify().handle.startswith("@harbour_org@")
    with pytest.raises(AuthFailed):
        org("not-a-token").verify()


def test_report_url_points_at_the_status_on_the_instance(org, mastodon_api, mastodon_server):
    connector = org()
    cursor = connector.fetch(None).next_cursor
    mastodon_api("stranger").status_post("@harbour_org rude words")
    [item] = connector.fetch(cursor).items
    assert connector.report_url(item) == f"{mastodon_server.url}/@stranger/{item.platform_id}"


def test_a_token_that_names_a_file_is_sent_as_it_is(org, tmp_path):
    """Mastodon.py reads a token from a file of that name; the connector never lets it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("org-token\n")
    with pytest.raises(AuthFailed):
        org(str(secret)).verify()
