"""Bluesky publish and delete against a real local network, and publishing exactly once with a key."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from atproto_core.uri import AtUri
from PIL import Image

from harbour.connectors.base import ImageUpload, PublishRequest, Rejected, new_publish_key
from harbour.connectors.bluesky.connector import BlueskyConnector
from tests.connectors.test_bluesky_fetch import PNG

pytestmark = pytest.mark.slow


def record(account, uri):
    at = AtUri.from_str(uri)
    return account.client.com.atproto.repo.get_record(
        {"repo": at.hostname, "collection": at.collection, "rkey": at.rkey}
    ).value


def test_text_with_emoji_mention_and_link_gets_byte_offset_facets(bluesky_account, atproto_network):
    org, young = bluesky_account("pubtext"), bluesky_account("pubyoung")
    connector = BlueskyConnector(org.config(), org.credentials())
    text = f"Thanks 🎉 @{young.handle}! Café details: https://example.org/events"
    published = connector.publish(PublishRequest(text))
    assert published.platform_id.startswith(f"at://{org.did}/app.bsky.feed.post/")
    assert (
        published.url
        == f"https://bsky.app/profile/{org.did}/post/{AtUri.from_str(published.platform_id).rkey}"
    )

    stored = record(org, published.platform_id)
    data = text.encode()
    spans = {
        f.features[0].py_type: data[f.index.byte_start : f.index.byte_end].decode() for f in stored.facets
    }
    assert spans == {
        "app.bsky.richtext.facet#mention": f"@{young.handle}",
        "app.bsky.richtext.facet#link": "https://example.org/events",
    }


def test_image_is_published_with_its_alt_text(bluesky_account):
    org = bluesky_account("pubimage")
    connector = BlueskyConnector(org.config(), org.credentials())
    published = connector.publish(
        PublishRequest(
            "Our new poster", images=[ImageUpload(PNG, "Poster: youth club, Fridays 6pm", "image/png")]
        )
    )
    stored = record(org, published.platform_id)
    [image] = stored.embed.images
    assert image.alt == "Poster: youth club, Fridays 6pm"
    assert image.image.mime_type == "image/png"
    assert (image.aspect_ratio.width, image.aspect_ratio.height) == (1, 1)
    blob = org.client.com.atproto.sync.get_blob({"did": org.did, "cid": image.image.cid.encode()})
    assert blob == PNG


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def own_posts(account) -> list:
    return account.client.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post", "limit": 100}
    ).records


def test_post_with_a_key_has_it_as_record_key_with_every_image_alt_text_and_aspect_ratio(
    bluesky_account, atproto_network
):
    org = bluesky_account("pubkeyed")
    connector = BlueskyConnector(org.config(), org.credentials())
    key = new_publish_key()
    images = [
        ImageUpload(jpeg(64, 48), "Young people painting a mural, from behind", "image/jpeg"),
        ImageUpload(jpeg(30, 90), "Opening times: Monday to Friday, 4pm to 8pm", "image/jpeg"),
    ]
    published = connector.publish(PublishRequest("Mural day at https://example.org 🎨", images, key=key))
    at = AtUri.from_str(published.platform_id)
    assert (at.hostname, at.collection, at.rkey) == (org.did, "app.bsky.feed.post", key)
    assert published.url == f"https://bsky.app/profile/{org.did}/post/{key}"

    stored = record(org, published.platform_id)
    assert stored.text == "Mural day at https://example.org 🎨"
    assert [f.features[0].uri for f in stored.facets] == ["https://example.org"]
    assert [(i.alt, i.aspect_ratio.width, i.aspect_ratio.height) for i in stored.embed.images] == [
        ("Young people painting a mural, from behind", 64, 48),
        ("Opening times: Monday to Friday, 4pm to 8pm", 30, 90),
    ]
    # They arrive on the network: the AppView shows the post with both images and their alt text.
    atproto_network.sync()
    [view] = org.client.app.bsky.feed.get_posts({"uris": [published.platform_id]}).posts
    assert [i.alt for i in view.embed.images] == [i.alt_text for i in images]
    assert [(i.aspect_ratio.width, i.aspect_ratio.height) for i in view.embed.images] == [(64, 48), (30, 90)]


def test_the_same_key_twice_makes_one_post_and_find_published_finds_it(bluesky_account, caplog):
    org = bluesky_account("pubonce")
    connector = BlueskyConnector(org.config(), org.credentials())
    key = new_publish_key()
    request = PublishRequest("Football is on at 6pm, see you there!", key=key)
    since = datetime.now(UTC) - timedelta(seconds=5)
    assert connector.find_published(request, since) is None  # nothing yet: safe to post

    first = connector.publish(request)
    cid = org.client.com.atproto.repo.get_record(
        {"repo": org.did, "collection": "app.bsky.feed.post", "rkey": key}
    ).cid
    # A second attempt (a retry that never saw the first answer), from a fresh connector as a restarted
    # worker would have: the PDS refuses a second record with the key, and the connector returns the first.
    with caplog.at_level("INFO", logger="harbour.connectors.bluesky.connector"):
        again = BlueskyConnector(org.config(), org.credentials()).publish(request)
    assert again == first
    assert f"the post with key {key} was there already" in caplog.text
    assert (
        org.client.com.atproto.repo.get_record(
            {"repo": org.did, "collection": "app.bsky.feed.post", "rkey": key}
        ).cid
        == cid
    )  # the first record, not overwritten
    assert [p.uri for p in own_posts(org) if p.value.text == request.text] == [first.platform_id]

    assert BlueskyConnector(org.config(), org.credentials()).find_published(request, since) == first
    other = PublishRequest(request.text, key=new_publish_key())
    assert connector.find_published(other, since) is None


def test_posts_without_a_key_are_still_new_posts(bluesky_account):
    org = bluesky_account("pubnokey")
    connector = BlueskyConnector(org.config(), org.credentials())
    one, two = (
        connector.publish(PublishRequest("Same words")),
        connector.publish(PublishRequest("Same words")),
    )
    assert one.platform_id != two.platform_id
    with pytest.raises(Rejected, match="key"):
        connector.find_published(PublishRequest("Same words"), datetime.now(UTC))


def test_reply_keeps_the_thread_root(bluesky_account, atproto_network):
    org, young = bluesky_account("pubreply"), bluesky_account("pubreplyyp")
    connector = BlueskyConnector(org.config(), org.credentials())
    post = org.post("Any questions about the trip?")
    atproto_network.sync()
    question = young.post("Do we need a packed lunch?", reply_to=post)
    atproto_network.sync()
    answer = connector.publish(PublishRequest("Yes please, and a drink!", reply_to=question.uri))
    stored = record(org, answer.platform_id)
    assert stored.reply.parent.uri == question.uri
    assert stored.reply.root.uri == post.uri


def test_delete_removes_own_post_and_refuses_others(bluesky_account, atproto_network):
    org, young = bluesky_account("pubdelete"), bluesky_account("pubdelyp")
    connector = BlueskyConnector(org.config(), org.credentials())
    published = connector.publish(PublishRequest("Posted by mistake"))
    connector.delete(published.platform_id)
    posts = org.client.com.atproto.repo.list_records(
        {"repo": org.did, "collection": "app.bsky.feed.post"}
    ).records
    assert published.platform_id not in [p.uri for p in posts]

    theirs = young.post("My own post")
    with pytest.raises(Rejected, match="own posts"):
        connector.delete(theirs.uri)
    assert young.client.get_post(AtUri.from_str(theirs.uri).rkey, young.did).uri == theirs.uri
