"""The demo organisation has the starter privacy advice and one general saved reply, made once."""

from io import StringIO

import pytest
from django.core.management import call_command

from harbour.accounts.models import Organisation
from harbour.replies.models import ReplyKind, SavedReply
from harbour.replies.starter import DEMO_GENERAL, STARTER_ADVICE

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_starter_advice_and_a_general_reply_once(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    for _ in range(2):  # safe to run again
        call_command("seed_demo", stdout=StringIO())
    demo = Organisation.objects.get(slug="derby-youth-voice")
    replies = SavedReply.objects.for_org(demo)
    assert replies.filter(kind=ReplyKind.PRIVACY_ADVICE, active=True).count() == len(STARTER_ADVICE)
    general = replies.get(kind=ReplyKind.GENERAL)
    assert (general.title, general.text) == DEMO_GENERAL
    assert general.created_by.role == "manager"
