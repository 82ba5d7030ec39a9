import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.channels.models import Status
from tests.cast import CHANNEL_VALUES, make_ready, propose


def edit_data(channel, **changes):
    data = {
        k: v for k, v in CHANNEL_VALUES.items() if k not in ("config", "platform", "in_organisation_name")
    }
    data |= {"in_organisation_name": "on", "owners": [m.pk for m in channel.owners.all()]}
    data["moderators"] = [m.pk for m in channel.moderators.all()]
    return data | changes


def test_a_manager_changes_a_channel_and_the_change_is_audited(client_for, org, author, manager):
    channel = propose(org, author)
    response = client_for(manager).post(
        reverse("channels:edit", args=[channel.pk]), edit_data(channel, response_hours=48, checks_per_day=2)
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.response_hours, channel.checks_per_day) == (48, 2)
    assert AuditEvent.objects.get(action="channel.updated").detail == {
        "changed": ["checks_per_day", "response_hours"]
    }


def test_moderation_less_than_daily_is_refused(client_for, org, author, manager):
    channel = propose(org, author)
    response = client_for(manager).post(
        reverse("channels:edit", args=[channel.pk]), edit_data(channel, checks_per_day=0)
    )
    assert "The account must be checked at least once a day" in response.content.decode()


def test_the_proposer_may_edit_only_until_it_is_approved(client_for, org, author, manager):
    channel = propose(org, author)
    assert client_for(author).get(reverse("channels:edit", args=[channel.pk])).status_code == 200
    services.approve_channel(channel, by=manager)
    assert client_for(author).get(reverse("channels:edit", args=[channel.pk])).status_code == 403


def test_an_active_channel_keeps_a_moderator(org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    services.activate_channel(channel, by=manager)
    with pytest.raises(NotAllowed, match="at least one named moderator"):
        services.update_channel(channel, {}, owners=[author], moderators=[], by=manager)


def test_retiring_needs_a_reason_and_stops_changes(client_for, org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    services.activate_channel(channel, by=manager)
    url = reverse("channels:retire", args=[channel.pk])
    assert (
        "Enter why the channel is being retired"
        in client_for(manager).post(url, {"reason": ""}).content.decode()
    )
    client_for(manager).post(url, {"reason": "The youth council moved to another platform"})
    channel.refresh_from_db()
    assert channel.status == Status.RETIRED and channel.retired_reason.startswith("The youth council")
    assert AuditEvent.objects.get(action="channel.retired").detail["was"] == "active"
    assert client_for(manager).get(reverse("channels:edit", args=[channel.pk])).status_code == 403
    with pytest.raises(NotAllowed):
        services.retire_channel(channel, by=manager, reason="again")


def test_only_managers_retire(client_for, org, author, manager):
    channel = propose(org, author)
    assert client_for(author).get(reverse("channels:retire", args=[channel.pk])).status_code == 403
