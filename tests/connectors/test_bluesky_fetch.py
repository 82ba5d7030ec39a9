"""Bluesky fetch against a real local network: replies, mentions and quotes arrive once, in order."""

import pytest
from atproto import models

from harbour.connectors.base import Kind
from harbour.connectors.bluesky.connector import BlueskyConnector

pytestmark = pytest.mark.slow


@pytest.fixture
def cast(bluesky_account, atproto_network):
    org, young, other = bluesky_account("youthorg"), bluesky_account("young"), bluesky_account("stranger")
    connector = BlueskyConnector(org.config(), org.credentials())
    return org, young, other, connector, atproto_network.sync


def test_replies_mentions_and_quotes_arrive_once_with_cursors(cast):
    org, young, other, connector, sync = cast
    post = org.post("Summer activities are open! Ask us anything 😀")
    sync()  # the AppView must index the post before the replies, or no notification is made
    first = connector.fetch(None)
    assert first.items == [] and first.next_cursor

    reply = young.post("Can I come if I'm 12? 🙂", reply_to=post)
    sync()
    mention = other.post(
        f"Hello @{org.handle} — what time does it start?",
        facets=other.client.detect_facets(f"Hello @{org.handle} — what time does it start?"),
    )
    sync()
    quote = other.post(
        "Look at this", embed=models.AppBskyEmbedRecord.Main(record=models.create_strong_ref(post))
    )
    sync()

    batch = connector.fetch(first.next_cursor, limit=2)
    assert [i.platform_id for i in batch.items] == [reply.uri, mention.uri]
    assert batch.has_more and batch.problems == []
    rest = connector.fetch(batch.next_cursor, limit=2)
    assert [i.platform_id for i in rest.items] == [quote.uri]
    assert not rest.has_more

    answered = batch.items[0]
    assert answered.kind is Kind.REPLY
    assert answered.text == "Can I come if I'm 12? 🙂"
    assert answered.author_id == young.did and answered.author_handle == young.handle
    assert answered.thread_id == post.uri and answered.parent_id == post.uri
    assert answered.created_at.tzinfo is not None
    assert answered.url.endswith(f"/profile/{young.did}/post/{reply.uri.rsplit('/', 1)[1]}")
    assert batch.items[1].kind is Kind.MENTION and batch.items[1].thread_id == mention.uri
    assert rest.items[0].kind is Kind.MENTION  # a quote post is a mention of the organisation

    nothing = connector.fetch(rest.next_cursor)
    assert nothing.items == [] and nothing.next_cursor == rest.next_cursor


def test_a_first_fetch_returns_the_recent_backlog_oldest_first(cast):
    org, young, _other, connector, sync = cast
    post = org.post("What should we do at half term?")
    sync()
    for text in ("Bowling", "Climbing", "Cinema"):
        young.post(text, reply_to=post)
        sync()
    batch = connector.fetch(None, limit=10)
    assert [i.text for i in batch.items] == ["Bowling", "Climbing", "Cinema"]
    assert connector.fetch(batch.next_cursor).items == []


def test_link_facets_are_read_by_utf8_byte_offsets(cast):
    """The display text of a link is not trusted: the real address is written into the text."""
    org, young, _other, connector, sync = cast
    post = org.post("Where do you find help?")
    sync()
    text = "Café 🎉 naïve — see bbc.co.uk and example.com/a-very-long-pa..."
    data = text.encode()
    lure = data.index(b"bbc.co.uk")
    short = data.index(b"example.com")
    facets = [
        models.AppBskyRichtextFacet.Main(
            index=models.AppBskyRichtextFacet.ByteSlice(byte_start=lure, byte_end=lure + len(b"bbc.co.uk")),
            features=[models.AppBskyRichtextFacet.Link(uri="https://stranger.example/meet")],
        ),
        models.AppBskyRichtextFacet.Main(
            index=models.AppBskyRichtextFacet.ByteSlice(byte_start=short, byte_end=len(data)),
            features=[models.AppBskyRichtextFacet.Link(uri="https://example.com/a-very-long-path")],
        ),
    ]
    young.post(text, reply_to=post, facets=facets)
    sync()
    [item] = connector.fetch(None, limit=1).items
    assert item.text == (
        "Café 🎉 naïve — see bbc.co.uk (https://stranger.example/meet) and "
        "https://example.com/a-very-long-path"
    )


def test_images_are_references_only(cast):
    org, young, _other, connector, sync = cast
    post = org.post("Show us your art!")
    sync()
    young.client.send_image(
        "My drawing",
        image=PNG,
        image_alt="A drawing of a dragon",
        profile_identify=young.did,
        reply_to=models.AppBskyFeedPost.ReplyRef(
            parent=models.create_strong_ref(post), root=models.create_strong_ref(post)
        ),
    )
    sync()
    [item] = connector.fetch(None, limit=1).items
    [media] = item.media
    assert media.alt_text == "A drawing of a dragon"
    assert media.mime_type == "image/png"
    assert media.url.startswith(org.network.bsky) and young.did in media.url


# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
