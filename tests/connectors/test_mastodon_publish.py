"""Publishing exactly once on Mastodon, against mastodon_mock (a simulator of the Mastodon client API, not
Mastodon; docs/connectors.md): the post's key goes as the Idempotency-Key header, and find_published finds
a post among the account's own statuses."""

from datetime import UTC, datetime, timedelta

import pytest

from harbour.connectors.base import ImageUpload, PublishRequest, Rejected, new_publish_key
from harbour.connectors.mastodon import connector as mastodon
from harbour.connectors.mastodon.connector import MastodonConnector
from tests.connectors.test_bluesky_fetch import PNG


@pytest.fixture
def org(mastodon_server):
    def make(token="org-token"):
        return MastodonConnector(
            {"instance_url": mastodon_server.url, "allow_private_network": "true"}, {"access_token": token}
        )

    return make


def own_statuses(api, text: str) -> list:
    me = api.account_verify_credentials()
    return [s for s in api.account_statuses(me["id"], limit=40) if text in s["content"]]


def test_the_same_key_twice_makes_one_status(org, mastodon_api):
    key = new_publish_key()
    request = PublishRequest(
        f"Drop-in is open until 8pm tonight ({key})",
        images=[ImageUpload(PNG, "The drop-in room with sofas and a pool table", "image/png")],
        key=key,
    )
    first = org().publish(request)
    again = org().publish(request)  # a fresh connector, as a restarted worker has
    assert again == first
    [status] = own_statuses(mastodon_api("harbour_org"), key)
    assert str(status["id"]) == first.platform_id
    assert [m["description"] for m in status["media_attachments"]] == [
        "The drop-in room with sofas and a pool table"
    ]

    other = org().publish(PublishRequest(request.text, key=new_publish_key()))
    assert other.platform_id != first.platform_id  # another key is another post
    none = [org().publish(PublishRequest(f"No key ({key})")) for _ in range(2)]
    assert none[0].platform_id != none[1].platform_id  # and without a key, as before


def test_find_published_finds_the_post_by_its_text_since_the_first_attempt(org, mastodon_api):
    connector = org()
    since = datetime.now(UTC)
    marker = new_publish_key()
    text = f"Trip to the climbing wall on Saturday!\n\nWho is coming? Tell us below. {marker}"
    request = PublishRequest(text, key=new_publish_key())
    assert connector.find_published(request, since) is None  # not there: safe to post

    me = mastodon_api("harbour_org")
    status = me.status_post(text)  # as an attempt whose answer never reached Harbour left it
    me.status_post(f"Something else {marker}")
    found = connector.find_published(request, since)
    assert found is not None
    assert found.platform_id == str(status["id"])
    assert found.url == status["url"]

    # Other words, or the same words before the first attempt began, are not this post.
    assert connector.find_published(PublishRequest(f"Trip on Sunday {marker}", key="x"), since) is None
    assert connector.find_published(request, datetime.now(UTC) + timedelta(hours=1)) is None


def test_find_published_finds_a_reply_with_the_mention_publish_put_in_front(org, mastodon_api):
    young = mastodon_api("young_person")
    question = young.status_post(f"@harbour_org is it free? {new_publish_key()}")
    since = datetime.now(UTC)
    request = PublishRequest("Yes, it is free.", reply_to=str(question["id"]), key=new_publish_key())
    connector = org()
    assert connector.find_published(request, since) is None
    published = connector.publish(request)
    assert connector.find_published(request, since) == published
    elsewhere = young.status_post("@harbour_org another question")
    assert (
        connector.find_published(PublishRequest(request.text, reply_to=str(elsewhere["id"])), since) is None
    )


def test_too_many_posts_to_check_is_said_never_guessed(org, mastodon_api, monkeypatch):
    monkeypatch.setattr(mastodon, "FIND_PAGES", 1)
    since = datetime.now(UTC)
    me = mastodon_api("harbour_org")
    for n in range(mastodon.PAGE + 1):
        me.status_post(f"Busy day, update {n} {new_publish_key()}")
    with pytest.raises(Rejected, match="too many of the account's posts"):
        org().find_published(PublishRequest("The post it looks for", key=new_publish_key()), since)


def test_a_refused_token_is_auth_failed(org):
    from harbour.connectors.base import AuthFailed

    with pytest.raises(AuthFailed):
        org("not-a-token").find_published(PublishRequest("x", key=new_publish_key()), datetime.now(UTC))


def test_a_text_is_compared_as_mastodon_shows_it():
    """Read back, a status shows another server's account as @name (Mastodon's own rule, the one its
    length count uses too) and its white space as the HTML left it."""
    from harbour.connectors.mastodon.connector import _comparable

    assert _comparable("Thanks @sam@other.example  for\ncoming!") == "Thanks @sam for coming!"
    assert _comparable("Write to club@youth.example") == "Write to club@youth.example"  # an address
