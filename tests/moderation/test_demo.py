"""The demo organisation has a moderation history: an item assigned to the demo moderator, with a note."""

from io import StringIO

import pytest
from django.core.management import call_command

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.moderation.models import ModerationAction

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_assigned_item_with_a_note_and_seeding_again_adds_none(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    moderator = Membership.objects.get(role=Role.MODERATOR, organisation__slug="derby-youth-voice")
    # Beside the safeguarding demo's escalation of the feed's disclosure (harbour/safeguarding/demo.py).
    actions = ModerationAction.objects.exclude(kind="escalate")
    assign, note = actions.order_by("pk")
    assert (assign.kind, assign.params, note.kind, note.by) == (
        "assign",
        {"to": moderator.pk},
        "note",
        moderator,
    )
    assert assign.item == note.item and note.item.assigned_to == moderator
    call_command("seed_demo", stdout=StringIO())
    assert actions.count() == 2
