"""act_within: moderation inside another service's transaction (deciding a complaint) records the same action
and rolls back with it, and outside a transaction it is refused rather than committing half a decision."""

import pytest
from django.db import transaction

from harbour.moderation.models import ModerationAction
from harbour.moderation.services import act_within
from tests.cast import make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_refused_outside_a_transaction(channel, mod):
    item = make_item(channel, thread_id="root-1", parent_id="root-1")
    with pytest.raises(RuntimeError):
        act_within(item, "hide", by=mod, version=item.version)
    assert not ModerationAction.objects.exists()


def test_rolled_back_with_the_callers_change(channel, mod):
    item = make_item(channel, thread_id="root-1", parent_id="root-1")
    with pytest.raises(ValueError), transaction.atomic():
        act_within(item, "hide", by=mod, version=item.version)
        assert ModerationAction.objects.filter(item=item, kind="hide").exists()
        raise ValueError("the caller's own change fails after the action")
    assert not ModerationAction.objects.exists()
