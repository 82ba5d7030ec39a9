"""The managers' numbers: concerns by kind, by status and by how long open, on a page and the console home,
never what a concern says; a concern that names the reader is not in their numbers. And the concern page's
"Who was told" partial for the leads."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.connectors.base import Batch
from harbour.inbox import ingest
from harbour.safeguarding import counts, services
from harbour.safeguarding.models import Concern
from tests.cast import active_channel, give_training
from tests.inbox.inbox_sources import make_item
from tests.safeguarding.test_intake import GROOMER

pytestmark = pytest.mark.django_db

MARKER = "MARKER-counts-summary"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns", "raise_concerns")
    return dsl


def raise_at(org, by, when, **overrides):
    fields = {"summary": MARKER, "category": "bullying", "severity": 2, **overrides}
    with time_machine.travel(when, tick=False):
        return services.raise_concern(org, by=by, **fields)


@pytest.fixture
def concerns(org, lead, manager):
    now = timezone.now()
    made = [
        raise_at(org, lead, now - timedelta(hours=2)),
        raise_at(org, lead, now - timedelta(days=3), category="self_harm"),
        raise_at(org, lead, now - timedelta(days=10)),
        raise_at(org, lead, now - timedelta(days=45), category="disclosure"),
        raise_at(org, lead, now - timedelta(days=50), category="disclosure"),
    ]
    services.close(made[4], by=lead, version=0, outcome=f"{MARKER} outcome", reason="Done")
    # An allegation about the manager: counted for the lead, never for the manager it names.
    raise_at(org, lead, now - timedelta(hours=1), category="allegation", about_member=manager)
    return made


def test_the_numbers_by_kind_status_and_age(lead, manager, concerns):
    for_lead = counts.counts_for(lead)
    assert (for_lead.open, for_lead.closed) == (5, 1)
    assert dict(for_lead.by_age) == {
        "Under a day": 2,
        "A day to a week": 1,
        "A week to a month": 1,
        "Over a month": 1,
    }
    rows = {row.label: (row.open, row.closed) for row in for_lead.by_category}
    assert rows["Cyber bullying"] == (2, 0) and rows[
        "Disclosure of harm (abuse, neglect, domestic abuse)"
    ] == (1, 1)
    assert "An allegation about a member of staff or volunteer" in rows

    for_manager = counts.counts_for(manager)  # the allegation about them is not there
    assert (for_manager.open, for_manager.closed) == (4, 1)
    assert all("allegation" not in row.label for row in for_manager.by_category)


def test_the_counts_page_shows_numbers_never_content(client_for, manager, moderator, concerns):
    response = client_for(manager).get(reverse("safeguarding:counts"))
    page = response.content.decode()
    assert response.status_code == 200 and "Self-harm or suicide" in page and "Over a month" in page
    assert "MARKER" not in page and "allegation" not in page
    assert client_for(moderator).get(reverse("safeguarding:counts")).status_code == 403


def test_the_managers_home_page_has_the_numbers(client_for, manager, moderator, concerns):
    home = client_for(manager).get(reverse("console:home")).content.decode()
    assert "4 open and 1 closed" in home and reverse("safeguarding:counts") in home
    assert "MARKER" not in home
    assert (
        reverse("safeguarding:counts")
        not in client_for(moderator).get(reverse("console:home")).content.decode()
    )


def test_no_concerns_no_panel(client_for, manager):
    assert (
        reverse("safeguarding:counts")
        not in client_for(manager).get(reverse("console:home")).content.decode()
    )


def test_the_concern_page_says_who_was_told_and_what_the_tracker_saw(
    org, lead, client_for, django_capture_on_commit_callbacks
):
    channel = active_channel(org, "test_scripted")
    items = [make_item(n, author="stranger", text=GROOMER[n - 1]) for n in range(1, 8)]
    with django_capture_on_commit_callbacks(execute=True):
        ingest.store_pushed(channel, Batch(items[:6], next_cursor=None))
        ingest.store_pushed(channel, Batch(items[6:], next_cursor=None))
    tracked = Concern.objects.get(source="grooming_tracker")
    page = client_for(lead).get(reverse("safeguarding:concern", args=[tracked.pk])).content.decode()
    assert "The safeguarding leads were e-mailed on" in page
    assert "What the grooming tracker saw" in page and "Asking for secrecy" in page
    assert page.count("(the author's message ") == 2  # the first alert and the later one
    assert "First opened by" in page
