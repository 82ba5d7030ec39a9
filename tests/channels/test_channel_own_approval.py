"""Guidance 3.3: a channel is agreed by the management structure, so where an organisation has more
than one active manager, no manager approves a channel they proposed (issue 15, item 17)."""

import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.channels.models import Status
from tests.cast import make_member, propose


@pytest.fixture
def second_manager(org):
    return make_member(org, Role.MANAGER, "mika.manager@example.org", "Mika Second")


def test_the_proposer_is_not_offered_the_approval_and_is_told_why(client_for, org, manager, second_manager):
    channel = propose(org, manager)
    client = client_for(manager)
    page = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert reverse("channels:decide", args=[channel.pk]) not in page
    assert "You proposed this channel, so another manager must approve it" in page
    page = client.get(reverse("channels:decide", args=[channel.pk])).content.decode()
    assert 'value="approve"' not in page
    assert "another manager must approve it" in page
    # the other manager is offered it
    page = client_for(second_manager).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert reverse("channels:decide", args=[channel.pk]) in page
    assert "You proposed this channel" not in page


def test_a_forged_approval_by_the_proposer_is_refused(client_for, org, manager, second_manager):
    channel = propose(org, manager)
    url = reverse("channels:decide", args=[channel.pk])
    response = client_for(manager).post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "Another manager must approve this channel, because you proposed it" in response.content.decode()
    channel.refresh_from_db()
    assert channel.status == Status.PROPOSED
    assert not AuditEvent.objects.filter(action="channel.approved").exists()


def test_proposing_again_does_not_make_the_first_proposer_an_approver(org, manager, second_manager):
    channel = propose(org, manager)
    services.reject_channel(channel, by=second_manager, comments="Name a second moderator")
    services.resubmit_channel(channel, by=second_manager)  # proposed_by is now the second manager
    for proposer in (manager, second_manager):
        with pytest.raises(NotAllowed, match="Another manager must approve"):
            services.approve_channel(channel, by=proposer)
        assert services.allowed_actions(channel, proposer)["decide"] is False
    channel.refresh_from_db()
    assert channel.status == Status.PROPOSED


def test_the_only_manager_may_approve_their_own_and_the_event_says_no_other_manager(org, manager):
    channel = propose(org, manager)
    services.approve_channel(channel, by=manager)
    detail = AuditEvent.objects.get(action="channel.approved").detail
    assert detail["approved_own_proposal"] is True and detail["no_other_manager"] is True


def test_a_manager_who_has_left_does_not_count(org, manager, second_manager):
    second_manager.is_active = False
    second_manager.save()
    channel = propose(org, manager)
    assert services.allowed_actions(channel, manager)["decide"] is True
    services.approve_channel(channel, by=manager)
    assert AuditEvent.objects.get(action="channel.approved").detail["no_other_manager"] is True


def test_approving_someone_elses_proposal_records_no_exception(org, author, manager, second_manager):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    detail = AuditEvent.objects.get(action="channel.approved").detail
    assert detail == {"comments": "", "approved_own_proposal": False}


def test_managers_of_another_organisation_do_not_count(org, manager, other_org):
    make_member(other_org, Role.MANAGER, "other.manager@example.org", "Olu Other")
    channel = propose(org, manager)
    services.approve_channel(channel, by=manager)
    assert AuditEvent.objects.get(action="channel.approved").detail["no_other_manager"] is True
