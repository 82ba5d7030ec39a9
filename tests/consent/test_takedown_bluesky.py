"""Issue 21 on the real local Bluesky network (@atproto/dev-env): a post naming a young person with both
consents goes out and its ledger is written; the parent withdraws; the takedown's task deletes the post
from the network through the connector; run again, it does nothing; and a post someone already deleted in
the app counts as taken down once Harbour has asked the network."""

import pytest
from django.core import mail

from harbour.consent import deleting
from harbour.consent import services as consent
from harbour.consent.models import ConsentRecord, PublishedUse, Takedown, TakedownState, Use
from harbour.publishing.models import PublicationState
from harbour.publishing.tasks import publish
from tests.cast import bluesky_channel
from tests.consent.test_ledger import approved, young_person_with_consent

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def posts_of(account):
    return account.client.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post"}
    ).records


def out_on_bluesky(org, manager, moderator, author, reviewer, account, network, text):
    channel = bluesky_channel(org, manager, moderator, account, network.pds)
    channel.owners.set([moderator])
    [publication] = approved(org, author, reviewer, text, [channel])
    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    return publication


def test_a_withdrawal_deletes_the_post_from_the_network(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, bluesky_on_loopback
):
    account = bluesky_account("takedown")
    kai = young_person_with_consent(org, author)
    publication = out_on_bluesky(
        org,
        manager,
        moderator,
        author,
        reviewer,
        account,
        atproto_network,
        "Well done Kai Morgan, volunteer of the year!",
    )
    assert [p.uri for p in posts_of(account)] == [publication.platform_id]
    assert list(PublishedUse.objects.values_list("person_id", "use")) == [(kai.pk, Use.FULL_NAME)]

    parent = kai.guardianships.get().guardian
    consent.withdraw_consent(
        ConsentRecord.objects.get(person=kai, given_by=parent), by=author, note="Her mother rang us"
    )
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.state == TakedownState.OPEN

    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"
    takedown.refresh_from_db()
    assert (takedown.state, takedown.how) == (TakedownState.DONE, "connector")
    assert posts_of(account) == []  # gone from the network
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "finished"
    assert deleting.email_owners.call(takedown_id=takedown.pk, what="opened") == 0  # done: nobody told
    assert mail.outbox == []


def test_a_post_deleted_in_the_app_first_counts_as_taken_down(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, bluesky_on_loopback
):
    account = bluesky_account("takegone")
    kai = young_person_with_consent(org, author)
    publication = out_on_bluesky(
        org,
        manager,
        moderator,
        author,
        reviewer,
        account,
        atproto_network,
        "Kai Morgan ran the quiz tonight!",
    )
    account.client.delete_post(publication.platform_id)  # the owner deleted it in the app
    consent.set_never_publish(kai, by=manager, reason="court_order")
    takedown = Takedown.objects.get(publication=publication)
    outcome = deleting.delete_post.call(takedown_id=takedown.pk)["outcome"]
    assert outcome in ("deleted", "gone")  # Bluesky's delete of a missing record succeeds, or is refused
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE
