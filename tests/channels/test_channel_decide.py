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


def test_another_manager_approves(client_for, org, author, manager):
    channel = propose(org, author)
    response = client_for(manager).post(
        reverse("channels:decide", args=[channel.pk]), {"decision": "approve", "comments": "Good plan"}
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.status == Status.APPROVED
    assert channel.decided_by == manager.user
    event = AuditEvent.objects.get(action="channel.approved")
    assert event.detail == {"comments": "Good plan", "approved_own_proposal": False}


def test_a_manager_cannot_approve_their_own_proposal_when_another_manager_exists(
    client_for, org, manager, second_manager
):
    channel = propose(org, manager)
    response = client_for(manager).post(
        reverse("channels:decide", args=[channel.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert "Another manager must approve this channel" in response.content.decode()
    channel.refresh_from_db()
    assert channel.status == Status.PROPOSED
    services.approve_channel(channel, by=second_manager)
    channel.refresh_from_db()
    assert channel.status == Status.APPROVED


def test_the_only_manager_may_approve_their_own_proposal_and_it_is_recorded(org, manager):
    channel = propose(org, manager)
    services.approve_channel(channel, by=manager)
    assert AuditEvent.objects.get(action="channel.approved").detail["approved_own_proposal"] is True


def test_rejecting_needs_comments_and_the_proposer_sees_them(client_for, org, author, manager):
    channel = propose(org, author)
    url = reverse("channels:decide", args=[channel.pk])
    response = client_for(manager).post(url, {"decision": "reject", "comments": ""})
    assert "Enter why the channel is rejected" in response.content.decode()
    client_for(manager).post(url, {"decision": "reject", "comments": "Pick a platform <b>for 13+</b>"})
    channel.refresh_from_db()
    assert channel.status == Status.REJECTED
    page = client_for(author).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Pick a platform &lt;b&gt;for 13+&lt;/b&gt;" in page


def test_a_rejected_channel_can_be_changed_and_proposed_again(client_for, org, author, manager):
    channel = propose(org, author)
    services.reject_channel(channel, by=manager, comments="Say more about the aims")
    client = client_for(author)
    assert client.get(reverse("channels:edit", args=[channel.pk])).status_code == 200
    client.post(reverse("channels:resubmit", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.status == Status.PROPOSED
    assert AuditEvent.objects.filter(action="channel.resubmitted").count() == 1


def test_only_managers_decide(client_for, org, author, moderator, dsl):
    channel = propose(org, author)
    for member in (author, moderator, dsl):
        assert client_for(member).get(reverse("channels:decide", args=[channel.pk])).status_code == 403
        with pytest.raises(NotAllowed):
            services.approve_channel(channel, by=member)


def test_a_decided_channel_cannot_be_decided_again(org, author, manager):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    with pytest.raises(NotAllowed, match="Only a proposed channel"):
        services.reject_channel(channel, by=manager, comments="Changed my mind")
