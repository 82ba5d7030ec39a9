import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.channels.models import Status
from tests.cast import make_ready, propose


def test_activation_lists_exactly_what_is_missing(client_for, org, author, manager):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    response = client_for(manager).post(reverse("channels:activate", args=[channel.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for gap in (
        "Name at least one moderator",
        "Publish a disclaimer",
        "Complete the privacy-settings checklist",
        "Enter the account&#x27;s app password",
    ):
        assert gap in page
    assert services.activation_gaps(channel) == [
        "Name at least one moderator",
        "Name at least two people between the owners and moderators, so it is not one person's job",
        "Publish a disclaimer",
        "Complete the privacy-settings checklist",
        "Complete the readiness checklist: 12 of 12 points left",
        "Enter the account's app password",
    ]
    channel.refresh_from_db()
    assert channel.status == Status.APPROVED


def test_each_gap_closes_as_it_is_met(org, author, manager, moderator):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    services.update_channel(channel, {}, owners=[author], moderators=[moderator], by=manager)
    assert "Name at least one moderator" not in services.activation_gaps(channel)
    assert not any("two people" in gap for gap in services.activation_gaps(channel))
    services.publish_disclaimer(channel, "We check it daily.", by=manager)
    channel.refresh_from_db()
    assert "Publish a disclaimer" not in services.activation_gaps(channel)


def test_a_ready_channel_goes_active(client_for, org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    assert services.activation_gaps(channel) == []
    page = client_for(manager).get(reverse("channels:activate", args=[channel.pk])).content.decode()
    assert "cannot go active" not in page
    client_for(manager).post(reverse("channels:activate", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.status == Status.ACTIVE and channel.activated_at is not None
    assert AuditEvent.objects.filter(action="channel.activated", object_id=str(channel.pk)).count() == 1


def test_an_unapproved_channel_cannot_go_active(org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    channel.status = Status.PROPOSED
    channel.save()
    with pytest.raises(services.NotReady) as caught:
        services.activate_channel(channel, by=manager)
    assert caught.value.missing == ["A manager must approve the channel"]


def test_a_moderator_who_lost_the_role_no_longer_counts(org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    moderator.role = "viewer"
    moderator.save()
    assert "Name at least one moderator" in services.activation_gaps(channel)


def test_only_managers_activate(client_for, org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    assert client_for(moderator).post(reverse("channels:activate", args=[channel.pk])).status_code == 403
    with pytest.raises(NotAllowed):
        services.activate_channel(channel, by=author)
