"""Moderation calls on the real local Bluesky network (PDS, AppView and Ozone from @atproto/dev-env): each
call is read back where the platform keeps it (the threadgate, the block record, the AppView's mute list,
the report in the moderation service's queue), and bad input is refused with a plain message."""

import base64
import json
import time
import urllib.parse
import urllib.request

import pytest
from atproto import models

from harbour.connectors.base import AuthFailed, Rejected
from harbour.connectors.bluesky.connector import BLOCK, REASON_TYPES, THREADGATE, BlueskyConnector
from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.platform import ReportReason

pytestmark = pytest.mark.slow

# @atproto/dev-env's Ozone admin password (its const.js): the tests read the queue as its moderators do.
OZONE_ADMIN = "Basic " + base64.b64encode(b"admin:admin-pass").decode()
UNKNOWN_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"


def reports_about(network, subject: str = "") -> list[dict]:
    """The report events Ozone holds (about subject: an at:// address or a DID), newest first."""
    query = {"types": "tools.ozone.moderation.defs#modEventReport", "limit": "100"}
    request = urllib.request.Request(
        f"{network.ozone}/xrpc/tools.ozone.moderation.queryEvents?"
        + urllib.parse.urlencode(query | ({"subject": subject} if subject else {})),
        headers={"Authorization": OZONE_ADMIN},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["events"]


def eventually(read, expected, seconds=10.0):
    """read() once it equals expected (the AppView applies mutes through its data plane, not at once)."""
    deadline = time.monotonic() + seconds
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def hidden_replies(account, uri):
    thread = account.client.get_post_thread(uri).thread
    return thread.post.threadgate.record.hidden_replies if thread.post.threadgate else []


def block_subjects(account) -> list[str]:
    page = account.client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=account.did, collection=BLOCK)
    )
    return [record.value.subject for record in page.records]


def muted(account) -> list[str]:
    return [profile.did for profile in account.client.app.bsky.graph.get_mutes().mutes]


@pytest.fixture
def org(bluesky_account):
    account = bluesky_account("modorg")
    account.connector = BlueskyConnector(account.config(), account.credentials())
    return account


def test_unhide_takes_the_reply_out_of_the_threadgate_and_keeps_the_rest(
    org, bluesky_account, atproto_network
):
    first, second = bluesky_account("unhide1"), bluesky_account("unhide2")
    post = org.post("What did you make at the club?")
    # The post's own reply rules live in the same record: unhiding must not drop them.
    org.client.com.atproto.repo.put_record(
        models.ComAtprotoRepoPutRecord.Data(
            repo=org.did,
            collection=THREADGATE,
            rkey=post.uri.rsplit("/", 1)[1],
            record={
                "$type": THREADGATE,
                "post": post.uri,
                "createdAt": org.client.get_current_time_iso(),
                "allow": [{"$type": "app.bsky.feed.threadgate#followingRule"}],
            },
        )
    )
    atproto_network.sync()
    mistaken, nasty = first.post("a cake!", reply_to=post), second.post("you are all losers", reply_to=post)
    atproto_network.sync()
    org.connector.hide(mistaken.uri, thread_root=post.uri)
    org.connector.hide(nasty.uri, thread_root=post.uri)
    atproto_network.sync()
    assert hidden_replies(org, post.uri) == [mistaken.uri, nasty.uri]

    org.connector.unhide(mistaken.uri, thread_root=post.uri)
    org.connector.unhide(mistaken.uri, thread_root=post.uri)  # twice is harmless
    atproto_network.sync()
    assert hidden_replies(org, post.uri) == [nasty.uri]
    gate = org.client.com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(
            repo=org.did, collection=THREADGATE, rkey=post.uri.rsplit("/", 1)[1]
        )
    ).value
    assert [rule.py_type for rule in gate.allow] == ["app.bsky.feed.threadgate#followingRule"]


def test_unhide_where_nothing_was_hidden_is_harmless_and_someone_elses_thread_is_refused(
    org, bluesky_account, atproto_network
):
    other = bluesky_account("unhoth")
    post = org.post("No threadgate on this one")
    reply = other.post("hello", reply_to=post)
    org.connector.unhide(reply.uri, thread_root=post.uri)  # no threadgate at all
    atproto_network.sync()
    assert hidden_replies(org, post.uri) == []

    their_post = other.post("My own thread")
    their_reply = other.post("me again", reply_to=their_post)
    with pytest.raises(Rejected, match="author of the first post"):
        org.connector.unhide(their_reply.uri, thread_root=their_post.uri)


def test_report_a_post_reaches_the_moderation_service(org, bluesky_account, atproto_network):
    stranger = bluesky_account("rpt")
    post = org.post("Ask us anything")
    atproto_network.sync()
    reply = stranger.post("dm me pics, don't tell your mum", reply_to=post)
    atproto_network.sync()

    reference = org.connector.report(
        reply.uri, stranger.did, "Asks a young person for pictures in secret.", ReportReason.SEXUAL
    )

    assert reference.isdigit()
    [event] = reports_about(atproto_network, reply.uri)
    assert str(event["id"]) == reference
    assert event["createdBy"] == org.did
    assert event["event"]["reportType"] == "com.atproto.moderation.defs#reasonSexual"
    assert event["event"]["comment"] == "Asks a young person for pictures in secret."
    assert event["subject"]["uri"] == reply.uri and event["subject"]["cid"] == reply.cid


def test_each_reason_bluesky_takes_reaches_the_moderation_service_as_its_reason_type(
    org, bluesky_account, atproto_network
):
    stranger = bluesky_account("rptkinds")
    atproto_network.sync()
    assert set(REASON_TYPES) == set(BLUESKY.report_reasons)  # the entry offers what the connector sends
    sent = {
        reason: org.connector.report("", stranger.did, f"Reported as {reason}", reason)
        for reason in BLUESKY.report_reasons
    }
    events = {str(event["id"]): event["event"] for event in reports_about(atproto_network, stranger.did)}
    for reason, reference in sent.items():
        assert events[reference]["reportType"] == REASON_TYPES[reason]
        assert events[reference]["comment"] == f"Reported as {reason}"
    assert REASON_TYPES[ReportReason.RUDE] == "com.atproto.moderation.defs#reasonRude"


def test_a_reason_bluesky_does_not_take_is_refused_before_anything_is_sent(
    org, bluesky_account, atproto_network
):
    stranger = bluesky_account("rptlegal")
    atproto_network.sync()
    with pytest.raises(Rejected, match="Bluesky takes no report of the kind 'legal'"):
        org.connector.report("", stranger.did, "Illegal", ReportReason.LEGAL)
    assert reports_about(atproto_network, stranger.did) == []


def test_report_an_account_reaches_the_moderation_service(org, bluesky_account, atproto_network):
    stranger = bluesky_account("rptacct")
    atproto_network.sync()
    reference = org.connector.report("", stranger.did, "x" * 2500)  # longer than Bluesky allows: shortened
    [event] = reports_about(atproto_network, stranger.did)
    assert str(event["id"]) == reference
    assert event["subject"] == {"$type": "com.atproto.admin.defs#repoRef", "did": stranger.did}
    assert len(event["event"]["comment"]) == 2000 and event["event"]["comment"].endswith("…")


def test_report_a_direct_message_names_the_conversation_and_message(org, bluesky_account, atproto_network):
    stranger = bluesky_account("rptdm")
    atproto_network.sync()
    reference = org.connector.report("chat:convo-1:message-9", stranger.did, "Asked for her address.")
    [event] = [event for event in reports_about(atproto_network) if str(event["id"]) == reference]
    assert event["createdBy"] == org.did and event["event"]["comment"] == "Asked for her address."
    assert event["subject"] == {
        "$type": "chat.bsky.convo.defs#messageRef",
        "did": stranger.did,
        "convoId": "convo-1",
        "messageId": "message-9",
    }
    assert str(event["id"]) == reference
    assert event["subject"]["convoId"] == "convo-1" and event["subject"]["messageId"] == "message-9"


def test_a_report_with_the_wrong_author_an_unknown_account_or_a_deleted_post_is_refused(
    org, bluesky_account, atproto_network
):
    writer, someone_else = bluesky_account("rptwri"), bluesky_account("rptoth")
    post = writer.post("a post")
    atproto_network.sync()
    with pytest.raises(Rejected, match="not written by the account being reported"):
        org.connector.report(post.uri, someone_else.did, "wrong author")
    with pytest.raises(Rejected, match="no account"):
        org.connector.report("", UNKNOWN_DID, "nobody")
    with pytest.raises(Rejected, match="not a Bluesky account id"):
        org.connector.report("", "writer.test", "a handle, not a DID")
    writer.client.delete_post(post.uri)
    atproto_network.sync()
    with pytest.raises(Rejected, match="not on Bluesky any more"):
        org.connector.report(post.uri, writer.did, "gone")
    assert reports_about(atproto_network, post.uri) == []


def test_block_writes_one_block_record_and_unblock_removes_it(org, bluesky_account, atproto_network):
    stranger = bluesky_account("blocked")
    atproto_network.sync()
    org.connector.block(stranger.did)
    org.connector.block(stranger.did)  # twice is harmless: still one record
    assert block_subjects(org) == [stranger.did]
    atproto_network.sync()
    assert org.client.get_profile(stranger.did).viewer.blocking  # the AppView honours it

    org.connector.unblock(stranger.did)
    org.connector.unblock(stranger.did)
    assert block_subjects(org) == []


def test_mute_is_on_the_appviews_mute_list_and_unmute_takes_it_off(org, bluesky_account, atproto_network):
    stranger = bluesky_account("muted")
    atproto_network.sync()
    org.connector.mute(stranger.did)
    org.connector.mute(stranger.did)
    assert eventually(lambda: muted(org), [stranger.did]) == [stranger.did]
    org.connector.unmute(stranger.did)
    assert eventually(lambda: muted(org), []) == []


def test_block_and_mute_refuse_an_unknown_account_a_handle_and_the_organisation_itself(org, atproto_network):
    for act in (org.connector.block, org.connector.mute):
        with pytest.raises(Rejected, match="no account"):
            act(UNKNOWN_DID)
        with pytest.raises(Rejected, match="not a Bluesky account id"):
            act("someone.bsky.social")
        with pytest.raises(Rejected, match="itself"):
            act(org.did)
    assert block_subjects(org) == [] and muted(org) == []


# What blocking and muting cost Harbour. Bluesky's AppView leaves a muted or blocked account out of the
# organisation's notifications, so Harbour no longer sees (or screens) what that account sends there. The
# entry's mute_means and block_means say so to the moderator; these tests hold them to it.
@pytest.mark.parametrize("act", ["mute", "block"])
def test_after_mute_or_block_the_authors_replies_no_longer_reach_harbour(
    org, bluesky_account, atproto_network, act
):
    author, bystander = bluesky_account(f"{act[:2]}seen"), bluesky_account(f"{act[:2]}by")
    post = org.post("Who is coming on Saturday?")
    atproto_network.sync()
    cursor = org.connector.fetch(None).next_cursor
    before = author.post("me!", reply_to=post)
    atproto_network.sync()
    batch = org.connector.fetch(cursor)
    assert [item.platform_id for item in batch.items] == [before.uri]

    getattr(org.connector, act)(author.did)
    atproto_network.sync()
    author.post("answer me", reply_to=post)
    other = bystander.post("me too", reply_to=post)
    atproto_network.sync()
    later = org.connector.fetch(batch.next_cursor)
    assert [item.platform_id for item in later.items] == [other.uri]


def test_a_refused_app_password_is_auth_failed_for_every_call(org, bluesky_account, atproto_network):
    stranger = bluesky_account("authf")
    refused = BlueskyConnector(org.config(), org.credentials() | {"app_password": "wrong-pass-word"})
    for call in (
        lambda: refused.block(stranger.did),
        lambda: refused.mute(stranger.did),
        lambda: refused.report("", stranger.did, "x"),
        lambda: refused.unhide(
            "at://did:plc:x/app.bsky.feed.post/1", thread_root="at://did:plc:x/app.bsky.feed.post/2"
        ),
    ):
        with pytest.raises(AuthFailed, match="reconnect"):
            call()
