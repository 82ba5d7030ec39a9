"""The demo organisation's dashboard shows real figures from its records (issue 23, "Done when"): after
`harbour seed_demo`, every figure has something counted behind it (readiness points, days active and signed
off, answers, open concerns, published images with consent, a complaint from a consultation page, privacy
reviews, members, posts), loading it twice adds nothing twice, and the page opens for its manager."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.consultation.complaints import open_complaints
from harbour.dashboard import measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # safe to run again: nothing twice
    return Membership.objects.get(organisation__slug="derby-youth-voice", role=Role.MANAGER)


def test_every_figure_of_the_demo_counts_its_records(manager, client_for):
    org = manager.organisation
    now = timezone.now()
    today = timezone.localdate(now)
    channels = measures.live_channels(org)
    assert len(channels) >= 2
    assert all(state.done for state in measures.readiness_of(channels, today).values())
    coverage = measures.coverage_of(org, channels, today).values()
    assert sum(c.active_days for c in coverage) > 0 and sum(c.signed_off for c in coverage) > 0
    answers = measures.answers_of(manager, channels, now).values()
    assert sum(a.answered for a in answers) > 0 and sum(a.overdue for a in answers) > 0
    assert sum(n for _, n in measures.concerns_by_age(manager, now)) > 0
    assert sum(i.published for i in measures.image_consent_of(org, channels, now).values()) > 0
    reviews = measures.privacy_reviews_of(org, channels, now)
    assert len(reviews.overdue) + len(reviews.due_soon) + len(reviews.later) == len(channels)
    assert measures.training_of(org, today).members == 7
    assert open_complaints(org) == 1  # harbour/dashboard/demo.py: a problem reported with the demo's survey
    posting = measures.posting_of(org, measures.posting_channels(channels), now).values()
    assert sum(p.posts for p in posting) > 0 and sum(p.two_way for p in posting) > 0

    page = client_for(manager).get("/dashboard/")
    assert page.status_code == 200
    assert "Nothing to show yet." not in page.content.decode()
