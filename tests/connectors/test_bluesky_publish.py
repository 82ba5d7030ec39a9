"""Bluesky publish and delete against a real local network."""

import pytest
from atproto_core.uri import AtUri

from harbour.connectors.base import ImageUpload, PublishRequest, Rejected
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
    blob = org.client.com.atproto.sync.get_blob({"did": org.did, "cid": image.image.cid.encode()})
    assert blob == PNG


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
