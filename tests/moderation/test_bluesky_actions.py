"""Moderation end to end on the real local Bluesky network (@atproto/dev-env): a manager's channel, replies
collected by ingest, then hide (and its undo), reply, delete, report and block done through act() and the
send task, each read back from the network; and a refused credential fails the action and flags the channel."""

import pytest
from atproto import models

from harbour.channels import services
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.moderation import sending
from harbour.moderation.services import act, available_actions, undo
from tests.cast import bluesky_channel, give_training, make_item
from tests.connectors.test_bluesky_moderation import reports_about

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bluesky_on_loopback"),
]


def hidden_replies(account, uri):
    thread = account.client.get_post_thread(uri).thread
    return thread.post.threadgate.record.hidden_replies if thread.post.threadgate else []


def send(action) -> str:
    outcome = sending.send_action(action.pk).outcome
    action.refresh_from_db()
    return outcome


def test_hide_undo_reply_delete_report_and_block_on_bluesky(
    org, manager, moderator, bluesky_account, atproto_network
):
    give_training(moderator, "moderate")
    account, young = bluesky_account("mhub"), bluesky_account("myp")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    post = account.post("Youth council on Thursday. What should we talk about?")
    atproto_network.sync()
    poll(channel.pk)  # sets the cursor
    nasty = young.post("you are all losers and nobody will come", reply_to=post)
    question = young.post("what time does it start?", reply_to=post)
    atproto_network.sync()
    poll(channel.pk)
    bad = Item.objects.get(channel=channel, platform_id=nasty.uri)
    asked = Item.objects.get(channel=channel, platform_id=question.uri)

    # Hide: pending, then sent by the task; the threadgate lists the reply.
    assert "hide" in available_actions(bad, moderator)
    hide = act(bad, "hide", by=moderator, version=bad.version)
    assert hide.state == "pending" and hidden_replies(account, post.uri) == []
    assert send(hide) == "sent" and hide.answer == "Hidden on Bluesky"
    atproto_network.sync()
    assert hidden_replies(account, post.uri) == [nasty.uri]

    # Undo: shown again.
    unhide = undo(hide, by=moderator)
    assert send(unhide) == "sent"
    atproto_network.sync()
    assert hidden_replies(account, post.uri) == []

    # Reply: posted under the question as the organisation, and the item is answered.
    reply = act(asked, "reply", by=moderator, version=asked.version, text="It starts at 6pm in the library.")
    assert send(reply) == "sent" and reply.reference.startswith(f"at://{account.did}/")
    atproto_network.sync()
    thread = account.client.get_post_thread(question.uri).thread
    assert [r.post.record.text for r in thread.replies] == ["It starts at 6pm in the library."]
    assert Item.objects.get(pk=asked.pk).responded_at == reply.finished_at

    # Delete: only the organisation's own post, here the reply Harbour just sent, stored as an item.
    ours = make_item(
        channel, "It starts at 6pm in the library.", author_id=account.did, author_handle=account.handle
    )
    Item.objects.filter(pk=ours.pk).update(platform_id=reply.reference, thread_id=post.uri)
    ours.refresh_from_db()
    assert "delete" not in available_actions(bad, moderator) and "delete" in available_actions(
        ours, moderator
    )
    delete = act(ours, "delete", by=moderator, version=ours.version)
    assert send(delete) == "sent"
    atproto_network.sync()
    assert account.client.get_post_thread(question.uri).thread.replies == []

    # Report and block, last (the organisation no longer sees a blocked author's posts): the report
    # reaches the moderation service (Ozone), the block is a record in the organisation's repository.
    # The moderator's reason goes as its reasonType; one Bluesky does not take is refused, nothing sent.
    version = Item.objects.get(pk=bad.pk).version
    with pytest.raises(ValueError, match="Bluesky does not take reports as \u201cIllegal\u201d"):
        act(bad, "report", by=moderator, version=version, reason="Bullying", reason_kind="legal")
    report = act(
        bad, "report", by=moderator, version=version, reason="Bullying young people", reason_kind="rude"
    )
    assert report.params == {"reason": "Bullying young people", "reason_kind": "rude"}
    assert send(report) == "sent" and report.reference.isdigit()
    [event] = reports_about(atproto_network, nasty.uri)
    assert str(event["id"]) == report.reference and event["event"]["comment"] == "Bullying young people"
    assert event["event"]["reportType"] == "com.atproto.moderation.defs#reasonRude"
    block = act(bad, "block", by=moderator, version=report.item_version)
    assert send(block) == "sent"
    blocks = account.client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=account.did, collection="app.bsky.graph.block")
    )
    assert [record.value.subject for record in blocks.records] == [young.did]


def test_a_refused_credential_fails_the_action_and_flags_the_channel(
    org, manager, moderator, bluesky_account, atproto_network
):
    give_training(moderator, "moderate")
    account, young = bluesky_account("mexp"), bluesky_account("myp2")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    post = account.post("Tell us about your weekend")
    atproto_network.sync()
    poll(channel.pk)
    young.post("boring", reply_to=post)
    atproto_network.sync()
    poll(channel.pk)
    item = Item.objects.get(channel=channel)
    services.set_credential(
        channel, "app_password", "wrong-pass-word", by=manager
    )  # as if it had been revoked
    channel.credentials.filter(kind="session").delete()

    hide = act(item, "hide", by=moderator, version=item.version)
    assert send(hide) == "reconnect"
    assert hide.state == "failed" and hide.what_to_do.startswith("Reconnect the channel")
    assert "Hide it in the Bluesky app" in hide.what_to_do
    channel.refresh_from_db()
    assert channel.reconnect_needed
    assert "hide" not in available_actions(Item.objects.get(pk=item.pk), moderator)
