"""The leads' concern list and a concern page run a fixed number of queries however much is on them (no
N+1): bench/concerns.py times them with 10,000 concerns."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from harbour.safeguarding import destinations, services
from harbour.safeguarding.models import Source
from tests.cast import active_channel, give_training, make_item, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


def raise_one(org, by, channel, n):
    item = make_item(channel, f"worrying post {n}")
    return services.raise_concern(
        org, by=by, item=item, summary=f"Concern {n}", category="disclosure", severity=1 + n % 4,
        source=Source.ESCALATED,
    )  # fmt: skip


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_concern_list_takes_as_many_queries_for_a_full_page_as_for_one(org, moderator, lead, client_for):
    channel = active_channel(org)
    first = raise_one(org, moderator, channel, 0)
    client = client_for(lead)
    client.get(reverse("safeguarding:index"))  # the first request of a session writes to it; don't count that
    services.open_concern(first, by=lead)
    one = queries(client, reverse("safeguarding:index"))
    others = [make_member(org, "moderator", f"mod{k}@example.org", f"Moderator {k}") for k in range(3)]
    for n in range(1, 60):
        concern = raise_one(org, others[n % 3], channel, n)
        if n % 2:
            services.open_concern(concern, by=lead)

    assert queries(client, reverse("safeguarding:index")) <= one


def test_a_concern_page_takes_as_many_queries_with_a_long_record_as_with_a_short_one(
    org, moderator, lead, client_for
):
    destinations.add_derby_and_derbyshire(org, by=lead)
    contact = destinations.active_destinations(org.pk).first()
    channel = active_channel(org)
    concern = raise_one(org, moderator, channel, 0)
    deputy = make_member(org, "deputy_safeguarding_lead", "deputy@example.org", "Dee Deputy")
    give_training(deputy, "handle_concerns")
    client = client_for(lead)
    page = reverse("safeguarding:concern", kwargs={"pk": concern.pk})
    client.get(page)  # the first request writes the session and first_opened_at
    concern = services.open_concern(concern, by=lead)
    services.add_entry(concern, by=lead, version=concern.version, kind="note", text="One", reason="")
    concern.refresh_from_db()
    services.record_referral(
        concern, by=lead, version=concern.version, destination=contact, made_at=timezone.now() - timedelta(hours=1),
        shared="The post", lawful_basis="safeguarding", reason="Harm",
    )  # fmt: skip
    short = queries(client, page)
    for n, by in enumerate([lead, deputy] * 5):
        concern.refresh_from_db()
        services.add_entry(
            concern, by=by, version=concern.version, kind="action", text=f"Action {n}", reason=""
        )
        concern.refresh_from_db()
        services.record_referral(
            concern, by=by, version=concern.version, destination=contact,
            made_at=timezone.now() - timedelta(minutes=n + 1), shared="The post", lawful_basis="safeguarding",
            reason="Harm",
        )  # fmt: skip

    assert queries(client, page) <= short
