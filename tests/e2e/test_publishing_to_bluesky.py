"""Issue 20's whole journey in Chromium against the local Bluesky network (@atproto/dev-env), with axe on
every page: an author writes a post for the Bluesky channel on the new post page, to go out a few minutes
ahead, sees the check panel and its preview, and submits it; a second member with the approving training
proof reads and approves it; at its time the publish task the approval queued runs with the clock moved to
that time (time_machine, as tests/publishing/test_publish_bluesky.py does: the task itself, not a shortcut
round it) and the post is on the network under its record key; another account replies to it; the
channel's poll (harbour.inbox.ingest.poll, what the worker runs) brings the reply in; a moderator sees it
in the inbox, the author sees on the post's page that it has a reply, and the manager follows that page's
link to the reply."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from harbour.inbox.ingest import poll
from harbour.inbox.models import Item
from harbour.publishing.models import Post, PostState, Publication, PublicationState
from harbour.publishing.tasks import publish
from tests.cast import bluesky_channel, give_training

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bluesky_on_loopback"),
]

TEXT = "Our mural at the youth centre is finished! Come and see it on Friday. What should we paint next?"
REPLY = "Can we paint a dragon next?"


def records(account) -> list:
    return account.client.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post"}
    ).records


def switch_to(page, sign_in_browser, member):
    page.context.clear_cookies()
    sign_in_browser(page, member.user)


def test_a_post_goes_from_draft_to_bluesky_and_its_reply_reaches_the_inbox(
    page,
    live_server,
    org,
    manager,
    moderator,
    author,
    reviewer,
    bluesky_account,
    atproto_network,
    sign_in_browser,
    axe_check,
):
    account, young = bluesky_account("pubweb"), bluesky_account("pubwebyp")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    give_training(reviewer, "approve")
    give_training(moderator, "moderate")
    give_training(manager, "moderate")
    assert poll(channel.pk).outcome != "failed"  # the first poll sets the inbox's position on the channel
    # A few minutes ahead, to the minute as the form takes it, on the organisation's clock.
    at = timezone.localtime(timezone.now() + timedelta(minutes=6)).replace(second=0, microsecond=0)

    # The author writes the post on the new post page and sees the check panel and the preview.
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/")
    page.get_by_role("link", name="Write a post").click()
    expect(page.get_by_role("heading", name="Write a post", level=1)).to_be_visible()
    page.get_by_label("Title").fill("Mural finished")
    page.get_by_role("checkbox", name=channel.name).check()
    page.get_by_label("What the post says").fill(TEXT)
    page.get_by_label("At a date and time").check()
    page.get_by_label("Day").fill(str(at.day))
    page.get_by_label("Month").fill(str(at.month))
    page.get_by_label("Year").fill(str(at.year))
    page.get_by_role("textbox", name="Time").fill(at.strftime("%H:%M"))
    expect(page.locator("#check-status[role=status]")).to_contain_text("Nothing stops it being submitted")
    expect(page.locator("#check-panel [data-check=platform_limits]")).to_have_attribute("data-status", "ok")
    preview = page.locator("#check-panel .harbour-preview")
    expect(preview).to_contain_text("Our mural at the youth centre is finished!")
    expect(preview).to_contain_text(f"{len(TEXT)} of 300 characters")
    axe_check(page, context="the new post page with its checks")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your draft is saved")
    post = Post.objects.get()
    assert post.author == author and post.publish_at == at and post.text == TEXT
    axe_check(page, context="the saved draft")
    page.get_by_role("button", name="Save and submit for proof reading").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is sent for proof reading")
    axe_check(page, context="the post's page, submitted")
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED

    # A second member, a proof reader with the approving training, approves it from the list.
    switch_to(page, sign_in_browser, reviewer)
    page.goto(f"{live_server.url}/publishing/")
    expect(page.get_by_role("heading", name="For you to proof read")).to_be_visible()
    axe_check(page, context="the proof reader's list")
    page.get_by_role("link", name="Mural finished").click()
    page.get_by_role("link", name="Proof read").click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    axe_check(page, context="the proof reader's page")
    page.get_by_label("Approve it: it is ready to post as it is").check()
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Approved. It is scheduled to go out")
    expect(page.locator(f"[data-publication] time[datetime='{at.isoformat()}']")).to_be_visible()
    axe_check(page, context="the post's page, approved")
    publication = Publication.objects.get(post=post)
    assert publication.state == PublicationState.PENDING and publication.channel == channel
    [task] = DBTaskResult.objects.filter(
        task_path="harbour.publishing.tasks.publish", args_kwargs__kwargs__publication_id=publication.pk
    )
    assert task.run_after == at  # the queue holds it until its time
    assert records(account) == []  # nothing on the network before its time

    # Its time comes: the worker runs the queued task.
    with time_machine.travel(at + timedelta(seconds=1)):
        assert publish.call(**task.args_kwargs["kwargs"])["outcome"] == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    stored = account.client.com.atproto.repo.get_record(
        {"repo": account.did, "collection": "app.bsky.feed.post", "rkey": publication.key}
    )
    assert stored.uri == publication.platform_id and stored.value.text == TEXT
    assert [r.uri for r in records(account)] == [publication.platform_id]  # once
    atproto_network.sync()  # the AppView indexes it, as it has long before anyone replies
    [view] = account.client.app.bsky.feed.get_posts({"uris": [publication.platform_id]}).posts
    assert view.record.text == TEXT and view.author.did == account.did

    # Another account replies on Bluesky; the channel's poll brings the reply into the inbox.
    young.post(REPLY, reply_to=stored)
    atproto_network.sync()
    assert poll(channel.pk).stored == 1
    reply = Item.objects.get(channel=channel)
    assert reply.thread_id == publication.platform_id and reply.text == REPLY

    # The channel's moderator sees it in the inbox.
    switch_to(page, sign_in_browser, moderator)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Inbox").click()
    expect(page.locator("h1")).to_have_text("Inbox")
    expect(page.locator("tbody tr").filter(has_text=REPLY)).to_have_count(1)
    axe_check(page, context="the moderator's inbox with the reply")

    # The author sees on the post's page that it went out and has a reply (the inbox is not theirs to read).
    switch_to(page, sign_in_browser, author)
    page.goto(f"{live_server.url}/publishing/")
    page.get_by_role("link", name="Published (1)").click()
    page.get_by_role("link", name="Mural finished").click()
    card = page.locator(f"[data-publication='{publication.pk}']")
    expect(card).to_contain_text("Published")
    expect(card.get_by_role("link", name="See it on Bluesky")).to_have_attribute("href", publication.url)
    expect(card.locator("[data-replies]")).to_have_text("1 reply in the inbox.")
    axe_check(page, context="the published post's page, as its author sees it")

    # The manager follows the post's page to the reply.
    switch_to(page, sign_in_browser, manager)
    page.goto(f"{live_server.url}/publishing/")
    page.get_by_role("link", name="Published (1)").click()
    page.get_by_role("link", name="Mural finished").click()
    card = page.locator(f"[data-publication='{publication.pk}']")
    expect(card.locator("[data-replies]")).to_contain_text("1 reply in the inbox.")
    card.get_by_role("link", name="Read the replies").click()
    expect(page.locator("main")).to_contain_text(REPLY)
    axe_check(page, context="the reply in the inbox, from the post's page")
