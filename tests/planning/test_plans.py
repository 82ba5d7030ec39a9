"""Engagement plans (harbour/planning): the organisation's plan and one per channel, written by managers
through the service (audited, every field required, lengths checked, another organisation refused), read by
everyone who sees channels; resources (who, hours a week) added and removed; the plan's review date brings
the channel's readiness confirmations due; and the pages show overdue and due-soon reviews."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import readiness
from harbour.planning import services
from harbour.planning.models import EngagementPlan
from tests.cast import complete_readiness, propose

TODAY = timezone.localdate()
VALUES = {
    "aims": "Hear what young people in Derby think about youth services.",
    "objectives": "Two polls a term\nA youth council page with weekly posts",
    "audience": "Young people aged 13 to 19 in Derby.",
    "success_measures": "Replies a week; poll answers; what changed because of them.",
    "review_date": TODAY + datetime.timedelta(days=200),
}


def test_a_manager_writes_the_organisations_plan_and_it_is_audited(org, manager):
    plan = services.save_plan(org, VALUES, by=manager)
    assert plan.channel is None and plan.objective_lines == [
        "Two polls a term",
        "A youth council page with weekly posts",
    ]
    event = AuditEvent.objects.get(action="planning.plan_saved")
    assert event.detail["changed"] == ["aims", "objectives", "audience", "success_measures", "review_date"]
    services.save_plan(org, {**VALUES, "aims": "New aims"}, by=manager)
    assert EngagementPlan.objects.count() == 1
    assert AuditEvent.objects.filter(action="planning.plan_saved").order_by("pk").last().detail[
        "changed"
    ] == ["aims"]
    services.save_plan(org, {**VALUES, "aims": "New aims"}, by=manager)  # nothing changed: no event
    assert AuditEvent.objects.filter(action="planning.plan_saved").count() == 2


def test_only_managers_plan_and_only_their_own_channels(org, other_org, manager, author, outsider):
    with pytest.raises(NotAllowed):
        services.save_plan(org, VALUES, by=author)
    with pytest.raises(NotAllowed):
        services.save_plan(org, VALUES, by=outsider)
    foreign = propose(other_org, outsider)
    with pytest.raises(NotAllowed):
        services.save_plan(org, VALUES, by=manager, channel=foreign)
    assert not EngagementPlan.objects.exists()


@pytest.mark.parametrize("field", ["aims", "objectives", "audience", "success_measures"])
def test_every_part_is_needed(org, manager, field):
    with pytest.raises(NotAllowed, match="Enter"):
        services.save_plan(org, {**VALUES, field: "  "}, by=manager)
    with pytest.raises(NotAllowed, match="characters or fewer"):
        services.save_plan(org, {**VALUES, field: "x" * 5000}, by=manager)


def test_resources_are_who_and_hours(org, manager, author):
    plan = services.save_plan(org, VALUES, by=manager)
    services.add_resource(plan, "Youth worker (Priya)", "4.5", by=manager)
    services.add_resource(plan, "Participation officer", 2, by=manager)
    assert plan.hours_per_week == Decimal("6.5")
    for bad in ("0", "-1", "200", "lots"):
        with pytest.raises(NotAllowed, match="hours"):
            services.add_resource(plan, "Someone", bad, by=manager)
    with pytest.raises(NotAllowed):
        services.add_resource(plan, "Someone", 1, by=author)
    services.remove_resource(plan.resources.first(), by=manager)
    assert [r.who for r in plan.resources.all()] == ["Participation officer"]
    assert AuditEvent.objects.filter(action__startswith="planning.resource_").count() == 3


def test_the_channel_plan_review_date_brings_readiness_due(org, author, manager):
    channel = propose(org, author)
    complete_readiness(channel, by=manager)
    assert readiness.readiness(channel).done == 10
    services.save_plan(
        org, {**VALUES, "review_date": TODAY - datetime.timedelta(days=1)}, by=manager, channel=channel
    )
    channel.refresh_from_db()
    state = readiness.readiness(channel)
    assert state.done == 0 and all(s.stale for s in state.points if not s.point.seen_by_harbour)
    services.save_plan(org, VALUES, by=manager, channel=channel)
    channel.refresh_from_db()
    assert readiness.readiness(channel).done == 10


def test_the_plan_pages(client_for, org, author, manager, viewer, reviewer):
    channel = propose(org, author)
    client = client_for(manager)
    response = client.post(
        reverse("planning:edit_channel_plan", args=[channel.pk]),
        {
            **{k: v for k, v in VALUES.items() if k != "review_date"},
            "review_date-day": "",
            "review_date-month": "3",
            "review_date-year": "2031",
        },
    )
    assert "The date must include a day" in response.content.decode()
    assert VALUES["aims"] in response.content.decode()  # what was typed is kept
    response = client.post(
        reverse("planning:edit_channel_plan", args=[channel.pk]),
        {
            **{k: v for k, v in VALUES.items() if k != "review_date"},
            "review_date-day": "6",
            "review_date-month": "3",
            "review_date-year": "2031",
        },
    )
    assert response.status_code == 302
    plan = EngagementPlan.objects.get(channel=channel)
    assert plan.review_date == datetime.date(2031, 3, 6)
    response = client.post(
        reverse("planning:add_resource", args=[plan.pk]), {"who": "Youth worker", "hours_per_week": "3"}
    )
    assert response.status_code == 302
    page = client_for(viewer).get(reverse("planning:channel_plan", args=[channel.pk])).content.decode()
    assert "Youth worker" in page and "A youth council page with weekly posts" in page
    assert reverse("planning:edit_channel_plan", args=[channel.pk]) not in page
    assert client_for(viewer).get(reverse("planning:edit_channel_plan", args=[channel.pk])).status_code == 403
    assert (
        client_for(reviewer).get(reverse("planning:index")).status_code == 403
    )  # reviewers do not see channels


def test_reviews_due_soon_and_overdue_are_shown(client_for, org, author, manager):
    channel = propose(org, author)
    services.save_plan(org, {**VALUES, "review_date": TODAY - datetime.timedelta(days=3)}, by=manager)
    services.save_plan(
        org, {**VALUES, "review_date": TODAY + datetime.timedelta(days=10)}, by=manager, channel=channel
    )
    due = services.reviews_due(org)
    assert [(d.what, d.state) for d in due] == [
        ("The organisation's engagement plan", "overdue"),
        (f"Engagement plan: {channel.name}", "due_soon"),
    ]
    policy = services.add_policy(
        org,
        {
            "kind": "safeguarding",
            "title": "Safeguarding",
            "url": "https://example.org/s",
            "review_date": TODAY,
        },
        by=manager,
    )
    # everyone who reads the list can follow the link: to the policy's row, not the manager's form
    assert services.reviews_due(org)[1].url == f"{reverse('planning:index')}#policy-{policy.pk}"
    page = client_for(author).get(reverse("planning:index")).content.decode()
    assert "3 reviews overdue or due in the next 30 days." in page
    assert "Overdue" in page and "Due soon" in page
