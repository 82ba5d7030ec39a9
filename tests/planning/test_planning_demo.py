"""The demo organisation's planning (harbour/planning/demo.py, through seed_demo): a plan for itself and for
each channel with who works on it, its policies as https links (one due for review soon), every active
channel's readiness checklist complete, the proposed channel's half done; and seeding again changes nothing."""

from django.core.management import call_command
from django.db.models import Max

from harbour.audit.models import AuditEvent
from harbour.channels import readiness
from harbour.channels.models import Channel, Status
from harbour.planning import services
from harbour.planning.models import NAMED_BY_GUIDANCE, EngagementPlan, Policy


def test_the_demo_has_plans_policies_and_checklists(db):
    call_command("seed_demo")
    events = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0  # not count(): PostgreSQL's ids skip
    call_command("seed_demo")
    assert AuditEvent.objects.filter(action__startswith="planning.").count() > 0
    planning_events = AuditEvent.objects.filter(action__startswith="planning.", pk__gt=events)
    readiness_events = AuditEvent.objects.filter(action__startswith="channel.readiness", pk__gt=events)
    assert not planning_events.exists() and not readiness_events.exists()  # a second run adds nothing

    channels = Channel.objects.exclude(status=Status.RETIRED)
    organisation = channels.first().organisation
    org_plan = EngagementPlan.objects.get(organisation=organisation, channel=None)
    assert org_plan.resources.count() == 2 and org_plan.review_state == "current"
    for channel in channels:
        plan = EngagementPlan.objects.get(channel=channel)
        assert plan.aims == channel.aims and plan.hours_per_week > 0
    kinds = set(Policy.objects.filter(organisation=organisation).values_list("kind", flat=True))
    assert set(NAMED_BY_GUIDANCE) <= kinds
    assert all(p.url.startswith("https://") for p in Policy.objects.all())
    due = services.reviews_due(organisation)
    assert [(d.what, d.state) for d in due] == [
        ("Engagement plan: Youth Voice Facebook page", "due_soon"),
        ("IT and network policy: IT and network acceptable use policy", "due_soon"),
    ]

    active = channels.filter(status=Status.ACTIVE)
    assert active.exists()
    for channel in active:
        assert readiness.readiness(channel).complete, channel.name
    proposal = Channel.objects.get(name="Youth Council on Bluesky")
    state = readiness.readiness(proposal)
    assert (state.done, state.total) == (6, 12)


def test_the_demo_sends_one_readiness_reminder_for_the_plan_due_for_review(db):
    from django.core import mail

    from harbour.channels.tasks import send_readiness_reminders

    call_command("seed_demo")
    mail.outbox.clear()
    assert send_readiness_reminders.call() == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Readiness checklist due soon: ") and "Facebook page" in message.subject
    assert "confirm again by" in message.body
