"""Marking an item reviewed moves it from new to done, once, with an audit event and a message."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.inbox import services
from tests.cast import active_channel, finding, give_training, make_item, sign_in


@pytest.fixture
def item(org, moderator):
    channel = active_channel(org)
    channel.moderators.add(moderator)  # a moderator reviews only their own channels' items
    return make_item(channel, "text", findings=[finding("bullying", 3)], action="hide")


def test_moderator_marks_an_item_reviewed(moderator, item):
    give_training(moderator, "moderate")
    client = sign_in(Client(), moderator.user)

    response = client.post(reverse("inbox:mark_reviewed", args=[item.pk]), follow=True)

    item.refresh_from_db()
    assert item.status == "done"
    assert "The item has been marked as reviewed." in response.content.decode()
    assert "Mark as reviewed" not in response.content.decode()
    event = AuditEvent.objects.get(action="inbox.item_reviewed")
    assert event.actor_id == moderator.user_id and event.object_id == str(item.pk)
    assert event.organisation_id == item.organisation_id


def test_marking_twice_records_one_event(moderator, item):
    give_training(moderator, "moderate")
    client = sign_in(Client(), moderator.user)
    client.post(reverse("inbox:mark_reviewed", args=[item.pk]))

    response = client.post(reverse("inbox:mark_reviewed", args=[item.pk]), follow=True)

    assert "already been marked as reviewed" in response.content.decode()
    assert AuditEvent.objects.filter(action="inbox.item_reviewed").count() == 1


def test_the_service_refuses_a_member_of_another_organisation_or_role(author, outsider, item):
    for member in (author, outsider):
        with pytest.raises(NotAllowed):
            services.mark_reviewed(item, by=member)
    item.refresh_from_db()
    assert item.status == "new"
    assert not AuditEvent.objects.filter(action="inbox.item_reviewed").exists()
