"""The demo organisation's concerns after `harbour seed_demo` (harbour/safeguarding/demo.py): an open
concern from the demo feed's disclosure, raised by screening and escalated by the demo moderator; the
closed one with a referral and an outcome; a young person with a chronology. Safe to run again."""

from io import StringIO

import pytest
from django.core.management import call_command

from harbour.accounts.capabilities import Role
from harbour.inbox.models import ItemStatus
from harbour.moderation.models import ModerationAction
from harbour.safeguarding.models import Category, Concern, Source, Status, YoungPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def seed():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_an_open_concern_from_the_feeds_disclosure_escalated_by_the_moderator(data_dir):
    seed()
    disclosure = Concern.objects.get(item__platform_id="demo-048")
    assert (disclosure.status, disclosure.source, disclosure.category) == (
        Status.OPEN,
        Source.SCREENING,
        Category.DISCLOSURE,
    )
    assert (
        disclosure.organisation.name == "Derby Youth Voice" and disclosure.item.status == ItemStatus.ESCALATED
    )
    [note] = disclosure.entries.all()
    assert note.recorded_by.role == Role.MODERATOR and "Tia says" in note.text
    escalation = ModerationAction.objects.get(kind="escalate")
    assert escalation.params == {"concern": disclosure.pk} and escalation.by == note.recorded_by
    assert Concern.objects.filter(status=Status.CLOSED, referrals__isnull=False).exists()
    assert YoungPerson.objects.filter(organisation=disclosure.organisation).exists()

    counted = Concern.objects.count()
    seed()  # again: nothing more
    assert (
        Concern.objects.count() == counted and ModerationAction.objects.filter(kind="escalate").count() == 1
    )
