"""Hiding a reply on Bluesky writes a threadgate listing it in hiddenReplies; the AppView honours it."""

import pytest

from harbour.connectors.base import Rejected
from harbour.connectors.bluesky.connector import BlueskyConnector

pytestmark = pytest.mark.slow


def hidden_replies(account, uri):
    thread = account.client.get_post_thread(uri).thread
    return thread.post.threadgate.record.hidden_replies if thread.post.threadgate else []


def test_hide_reply_adds_it_to_the_threadgate(bluesky_account, atproto_network):
    org, young, other = bluesky_account("hideorg"), bluesky_account("hideyp"), bluesky_account("hideother")
    connector = BlueskyConnector(org.config(), org.credentials())
    post = org.post("Tell us about your weekend")
    atproto_network.sync()
    nasty = other.post("nobody cares about your weekend loser", reply_to=post)
    worrying = young.post("i dont want to go home", reply_to=post)
    atproto_network.sync()

    connector.hide(nasty.uri, thread_root=post.uri)
    atproto_network.sync()
    assert hidden_replies(org, post.uri) == [nasty.uri]

    connector.hide(worrying.uri, thread_root=post.uri)
    connector.hide(worrying.uri, thread_root=post.uri)  # twice is harmless
    atproto_network.sync()
    assert hidden_replies(org, post.uri) == [nasty.uri, worrying.uri]
    # Not deleted: the reply is still in its author's repository.
    assert other.client.get_post(nasty.uri.rsplit("/", 1)[1], other.did).uri == nasty.uri


def test_hide_in_someone_elses_thread_is_refused(bluesky_account, atproto_network):
    org, other = bluesky_account("hideorg2"), bluesky_account("hideother2")
    connector = BlueskyConnector(org.config(), org.credentials())
    their_post = other.post("My thread")
    atproto_network.sync()
    reply = other.post("reply", reply_to=their_post)
    with pytest.raises(Rejected, match="author of the first post"):
        connector.hide(reply.uri, thread_root=their_post.uri)
