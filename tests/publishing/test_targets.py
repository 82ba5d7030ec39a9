"""Posting targets (guidance 4.1, 4.2: regularly updated, and interactive): a manager sets each channel's
posts a week and its proof readers on the channel form, and the organisation's reading age on its settings;
a channel that goes quiet or only posts one-way news is flagged to its owners and managers on the home page."""

import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import services as channel_services
from tests.cast import CHANNEL_VALUES, propose

pytestmark = pytest.mark.django_db


def form_data(channel, **changes) -> dict:
    data = {
        name: value
        for name, value in CHANNEL_VALUES.items()
        if name not in ("platform", "config", "in_organisation_name")
    }
    data |= {
        "name": channel.name,
        "in_organisation_name": "on",
        "owners": [m.pk for m in channel.owners.all()],
        "moderators": [m.pk for m in channel.moderators.all()],
    }
    return data | changes


# Settings: the channel form and the organisation's settings


def test_a_manager_sets_the_posting_target_and_proof_readers_on_the_channel_form(manager, client_for):
    channel = propose(manager.organisation, manager)
    client = client_for(manager)
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert "Posting target: posts a week" in page and "Proof readers who must approve each post" in page

    response = client.post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="3", approvals_needed="2"),
    )
    assert response.status_code == 302, response.content.decode()
    channel.refresh_from_db()
    assert (channel.posts_per_week, channel.approvals_needed) == (3, 2)
    event = AuditEvent.objects.filter(action="channel.updated").latest("pk")
    assert {"posts_per_week", "approvals_needed"} <= set(event.detail["changed"])


def test_a_bad_posting_target_is_refused_with_what_to_enter(manager, client_for):
    channel = propose(manager.organisation, manager)
    response = client_for(manager).post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="-1", approvals_needed="3"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter 0 or more posts a week" in page
    assert "Choose one or two proof readers" in page
    channel.refresh_from_db()
    assert (channel.posts_per_week, channel.approvals_needed) == (2, 1)


def test_an_author_neither_sees_nor_can_set_the_proof_readers(org, author, manager, client_for):
    channel = propose(org, author)
    client = client_for(author)
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert "Proof readers who must approve" not in page
    # A crafted POST with the fields: the form has none, so they are ignored; the channel keeps its values.
    response = client.post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="0", approvals_needed="1", aims="New aims for the channel."),
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.aims == "New aims for the channel." and channel.posts_per_week == 2

    # And the service refuses it too, on a proposal and on a change.
    channel_services.update_channel(
        channel, {"approvals_needed": 2}, owners=[author], moderators=[], by=manager
    )
    with pytest.raises(NotAllowed, match="Only a manager"):
        channel_services.update_channel(
            channel, {"approvals_needed": 1}, owners=[author], moderators=[], by=author
        )
    with pytest.raises(NotAllowed, match="Only a manager"):
        propose(org, author, name="Another", posts_per_week=0)
    channel.refresh_from_db()
    assert channel.approvals_needed == 2


def test_the_service_refuses_targets_outside_the_range(org, manager):
    with pytest.raises(NotAllowed, match="between 0 and 50"):
        propose(org, manager, posts_per_week=51)
    with pytest.raises(NotAllowed, match="one or two proof readers"):
        propose(org, manager, approvals_needed=3)
    assert propose(org, manager, posts_per_week=0, approvals_needed=2).approvals_needed == 2


def test_a_manager_sets_the_reading_age_on_the_organisation_settings(org, manager, client_for):
    client = client_for(manager)
    url = reverse("accounts:organisation_settings")
    page = client.get(url).content.decode()
    field = page[page.index('name="reading_age_target"') - 200 :][:400]
    assert 'value="11"' in field and "Reading age for posts" in page
    response = client.post(url, {"password_reminder_days": "90", "reading_age_target": "20"})
    assert "Enter a reading age of 16 or less" in response.content.decode()
    org.refresh_from_db()
    assert org.reading_age_target == 11

    assert client.post(url, {"password_reminder_days": "90", "reading_age_target": "9"}).status_code == 302
    org.refresh_from_db()
    assert org.reading_age_target == 9
    event = AuditEvent.objects.filter(action="organisation.settings_changed").latest("pk")
    assert event.detail == {"reading_age_target": [11, 9]}


def test_the_settings_service_refuses_a_reading_age_outside_the_range(org, manager):
    from harbour.accounts.services import update_organisation_settings

    with pytest.raises(NotAllowed, match="from 9 to 16"):
        update_organisation_settings(org, by=manager, password_reminder_days=0, reading_age_target=4)
