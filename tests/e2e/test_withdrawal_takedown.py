"""Issue 21's withdrawal path in Chromium against the local Bluesky network (@atproto/dev-env), with axe on
every page: a young person and her mother have given consent, and a post with her photo from the media library (tagged)
and her name goes out on the organisation's Bluesky channel through the publish task (its ledger written); a
youth worker withdraws the mother's consent to photographs on the register's page; the takedown appears on the home page of the channel's owner (a
moderator), who opens it; the delete task the withdrawal queued runs (the worker's own task, called) and the
post is gone from the network; the owner's page then says "Taken down", and so does the post's page for its
author. And a post whose consents expired between its approval and its time is refused by the publish task
at that time, which its author reads on the post's page."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from harbour.consent.deleting import delete_post
from harbour.consent.models import ConsentRecord, PublishedUse, Takedown, TakedownState, Use
from harbour.publishing.models import PublicationState
from harbour.publishing.tasks import publish
from tests.cast import active_channel, bluesky_channel
from tests.consent.test_ledger import approved, tagged_photo, young_person_with_consent
from tests.e2e.test_publishing_to_bluesky import records, switch_to
from tests.publishing.platform import PublishingSource

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bluesky_on_loopback"),
]

TEXT = "Congratulations to Kai Morgan, our young volunteer of the year!"


def test_a_withdrawal_takes_the_post_down_from_bluesky(
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
    account = bluesky_account("withdrawweb")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    channel.owners.set([moderator])
    kai = young_person_with_consent(org, author, uses=(Use.FULL_NAME, Use.PHOTO))
    mother = kai.guardianships.get().guardian
    photo = tagged_photo(org, author, kai)
    [publication] = approved(org, author, reviewer, TEXT, [channel], assets=[photo])
    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    assert [r.uri for r in records(account)] == [publication.platform_id]
    assert set(
        PublishedUse.objects.filter(publication=publication).values_list("person_id", "use", "asset_id")
    ) == {
        (kai.pk, Use.FULL_NAME, None),
        (kai.pk, Use.PHOTO, photo.pk),
    }

    # The mother rings: a youth worker withdraws her consent on the register's page.
    given = ConsentRecord.objects.get(person=kai, given_by=mother, use=Use.PHOTO)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/consent/consents/{given.pk}/withdraw/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw consent")
    axe_check(page, context="withdrawing a parent's consent")
    page.get_by_label("Note (optional)").fill("Her mother rang the office this morning")
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The consent is withdrawn")
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.state == TakedownState.OPEN

    # The channel's owner sees it on their home page and opens it.
    switch_to(page, sign_in_browser, moderator)
    page.goto(f"{live_server.url}/")
    panel = page.locator("[data-takedowns-panel]")
    expect(panel).to_contain_text("Posts to take down")
    expect(panel).to_contain_text("1 post is waiting to be taken down")
    axe_check(page, context="the owner's home page with the takedown")
    panel.get_by_role("link", name=publication.post.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(publication.post.title)
    expect(page.locator("[data-state]")).to_contain_text("To take down")
    expect(page.locator("main")).to_contain_text("Harbour is deleting the post through Bluesky")
    expect(page.locator("main")).not_to_contain_text("Kai")  # the owner is not told who
    axe_check(page, context="the takedown, open")

    # The worker runs the task the withdrawal queued: the post is deleted from the network.
    [task] = DBTaskResult.objects.filter(
        task_path="harbour.consent.deleting.delete_post", args_kwargs__kwargs__takedown_id=takedown.pk
    )
    assert delete_post.call(**task.args_kwargs["kwargs"])["outcome"] == "deleted"
    assert records(account) == []

    page.reload()
    expect(page.locator("[data-state]")).to_contain_text("Taken down")
    expect(page.locator("main")).to_contain_text("deleted by Harbour through Bluesky")
    axe_check(page, context="the takedown, done")
    page.get_by_role("link", name="All takedowns").click()
    expect(page.locator("main")).to_contain_text("Nothing is waiting to be taken down")
    page.get_by_role("link", name="Taken down").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    axe_check(page, context="the takedowns list, done")

    # The author sees it on the post's page.
    switch_to(page, sign_in_browser, author)
    page.goto(f"{live_server.url}/publishing/{publication.post_id}/")
    card = page.locator(f"[data-publication='{publication.pk}']")
    expect(card).to_contain_text("Taken down")
    expect(card.locator("[data-takedown]")).to_contain_text("consent withdrawn")
    axe_check(page, context="the post's page, taken down")


def test_a_post_whose_consent_expired_before_its_time_is_refused_at_send_time(
    page, live_server, org, author, reviewer, sign_in_browser, axe_check
):
    """Approved while the consents held; they expired before its time; the publish task's own run at that
    time refuses it, and the author reads why on the post's page."""
    PublishingSource.reset()
    channel = active_channel(org, "test_publishing")
    kai = young_person_with_consent(org, author)
    at = timezone.now() + timedelta(days=3)
    [publication] = approved(org, author, reviewer, TEXT, [channel], publish_at=at)
    ConsentRecord.objects.filter(person=kai).update(expires=timezone.localdate() + timedelta(days=1))
    with time_machine.travel(at + timedelta(seconds=1)):
        assert publish.call(publication_id=publication.pk)["outcome"] == "blocked"
    assert PublishingSource.POSTS == {}  # nothing reached the platform

    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{publication.post_id}/")
    card = page.locator(f"[data-publication='{publication.pk}']")
    expect(card).to_contain_text("Not published")
    expect(card).to_contain_text("Consent for full name of")
    expect(card).to_contain_text("Kai Morgan")
    expect(card).to_contain_text("has expired")
    axe_check(page, context="the post refused at send time")
