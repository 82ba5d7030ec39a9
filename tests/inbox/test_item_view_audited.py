"""Opening an item at severity 3 or higher is written to the audit log; lower ones are not."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import active_channel, finding, give_training, make_item, sign_in


@pytest.fixture
def client(dsl):
    give_training(dsl, "moderate")
    return sign_in(Client(), dsl.user)


@pytest.mark.parametrize(("severity", "audited"), [(0, False), (2, False), (3, True), (4, True)])
def test_viewing_serious_items_is_audited(org, dsl, client, severity, audited):
    item = make_item(active_channel(org), "text", findings=[finding("sexual", severity)], action="hide")

    assert client.get(reverse("inbox:item", args=[item.pk])).status_code == 200

    events = AuditEvent.objects.filter(action="inbox.item_viewed")
    assert events.count() == (1 if audited else 0)
    if audited:
        event = events.get()
        assert event.organisation_id == org.pk and event.actor_id == dsl.user_id
        assert event.detail["severity"] == severity


def test_the_list_view_is_not_audited_as_a_viewing(org, client):
    make_item(active_channel(org), "text", findings=[finding("sexual", 4)], action="escalate")
    client.get(reverse("inbox:index"))
    assert not AuditEvent.objects.filter(action="inbox.item_viewed").exists()
