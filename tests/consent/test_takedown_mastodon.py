"""Takedowns on Mastodon, through its simulator (mastodon_mock, not Mastodon; docs/connectors.md): a
withdrawal deletes the organisation's status through the connector; a status someone already deleted in
the app (the server answers 404) counts as taken down once Harbour has asked the server that it is not
there."""

import pytest
from mastodon import Mastodon

from harbour.channels import services as channel_services
from harbour.connectors.base import new_publish_key
from harbour.consent import deleting
from harbour.consent.models import Takedown, TakedownState
from harbour.publishing.tasks import publish
from tests.cast import active_channel
from tests.connectors.servers import start_mastodon_mock, stop_mastodon_mock
from tests.consent.test_ledger import approved, young_person_with_consent
from tests.consent.test_takedowns import withdraw_all

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def mastodon_server():
    mock = start_mastodon_mock()
    yield mock
    stop_mastodon_mock(mock)


@pytest.fixture
def organisation_account(mastodon_server):
    api = Mastodon(api_base_url=mastodon_server.url, version_check_mode="none")
    api.access_token = mastodon_server.tokens["harbour_org"]
    return api


@pytest.fixture
def channel(org, manager, mastodon_server, bluesky_on_loopback):
    made = active_channel(org, "mastodon", server_url=mastodon_server.url)
    channel_services.set_credential(made, "access_token", mastodon_server.tokens["harbour_org"], by=manager)
    return made


def statuses_with(api, marker: str) -> list:
    me = api.account_verify_credentials()
    return [s for s in api.account_statuses(me["id"], limit=40) if marker in s["content"]]


def out(org, channel, author, reviewer, api):
    marker = new_publish_key()
    [publication] = approved(org, author, reviewer, f"Well done Kai Morgan! {marker}", [channel])
    assert publish.call(publication_id=publication.pk)["outcome"] == "published"
    publication.refresh_from_db()
    assert [str(s["id"]) for s in statuses_with(api, marker)] == [publication.platform_id]
    return publication, marker


def test_a_withdrawal_deletes_the_status(org, channel, author, reviewer, organisation_account):
    kai = young_person_with_consent(org, author)
    publication, marker = out(org, channel, author, reviewer, organisation_account)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE
    assert statuses_with(organisation_account, marker) == []


def test_a_status_deleted_in_the_app_first_counts_as_taken_down(
    org, channel, author, reviewer, organisation_account
):
    kai = young_person_with_consent(org, author)
    publication, _ = out(org, channel, author, reviewer, organisation_account)
    organisation_account.status_delete(publication.platform_id)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "gone"
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE and takedown.note == "It was no longer on Mastodon."
