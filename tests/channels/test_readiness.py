"""The readiness checklist (harbour/channels/readiness.py): the guidance's "Points to Consider" point by
point; the points Harbour can see are read from the channel's records and cannot be ticked; aims, resources
and policies are read from the engagement plan and the policy register while they are in date; the others are
confirmed by an owner or a manager with where they are written, audited, and go stale after a year or at
the engagement plan's review date; and a channel cannot go active until every point is done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import readiness, services
from harbour.channels.models import ReadinessConfirmation
from harbour.lib.bidi import isolate
from tests.cast import complete_readiness, make_ready, propose


def test_the_points_follow_the_guidance_table(org, author):
    headings = [heading for heading, _ in readiness.readiness(propose(org, author)).headings()]
    assert headings == [
        "Aims and objectives",
        "Policies and procedures",
        "Confidentiality and safeguarding",
        "Content",
        "Legal issues",
    ]
    keys = [point.key for point in readiness.POINTS]
    for key in ("aims", "policies", "cyber_bullying", "disclosures", "grooming", "content", "consent"):
        assert key in keys
    assert {p.key for p in readiness.POINTS if p.seen_by_harbour} == {"disclaimer", "moderator"}


def test_a_new_channel_has_nothing_done(org, author):
    state = readiness.readiness(propose(org, author))
    assert (state.complete, state.done, state.total) == (False, 0, len(readiness.POINTS))
    assert len(state.missing) == state.total
    assert "There is a procedure to deal with cyber bullying" in state.missing


def test_seen_points_come_from_the_records_and_cannot_be_ticked(org, author, manager, moderator):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    with pytest.raises(NotAllowed, match="cannot be ticked"):
        readiness.confirm_point(channel, "disclaimer", "On the page", by=manager)
    services.update_channel(channel, {}, owners=[author], moderators=[moderator], by=manager)
    services.publish_disclaimer(channel, "We check it daily.", by=manager)
    channel.refresh_from_db()
    state = readiness.readiness(channel)
    seen = {s.point.key: s for s in state.points if s.point.seen_by_harbour}
    assert seen["disclaimer"].done and seen["moderator"].done
    assert "3 times a day" in seen["moderator"].found
    assert state.done == 2
    moderator.role = "viewer"
    moderator.save()
    assert not readiness.readiness(channel).points[-2].done  # the moderator point, read afresh


def test_confirming_needs_a_note_and_is_audited(org, author, manager):
    channel = propose(org, author)
    with pytest.raises(NotAllowed, match="where"):
        readiness.confirm_point(channel, "grooming", "   ", by=manager)
    with pytest.raises(NotAllowed, match="no such point"):
        readiness.confirm_point(channel, "nonsense", "x", by=manager)
    readiness.confirm_point(channel, "grooming", "Safeguarding policy, section 8", by=manager)
    confirmation = ReadinessConfirmation.objects.get(channel=channel, point="grooming")
    assert confirmation.confirmed_by == manager.user and confirmation.note == "Safeguarding policy, section 8"
    event = AuditEvent.objects.get(action="channel.readiness_confirmed", object_id=str(channel.pk))
    assert event.detail == {
        "point": "grooming",
        "evidence": "Safeguarding policy, section 8",
        "repeated": False,
    }
    assert readiness.readiness(channel).done == 1


def test_owners_and_managers_confirm_others_cannot(org, author, manager, moderator, viewer, outsider):
    channel = propose(org, author)  # the author proposed it, so owns it
    readiness.confirm_point(channel, "aims", "The plan", by=author)
    for member in (moderator, viewer, outsider):
        with pytest.raises(NotAllowed):
            readiness.confirm_point(channel, "aims", "The plan", by=member)
    assert readiness.can_confirm(channel, manager) and not readiness.can_confirm(channel, moderator)


def test_withdrawing_makes_the_point_missing_again(org, author, manager):
    channel = propose(org, author)
    readiness.confirm_point(channel, "consent", "Consent procedure v2", by=manager)
    with pytest.raises(NotAllowed, match="why"):
        readiness.withdraw_point(channel, "consent", reason="", by=manager)
    readiness.withdraw_point(channel, "consent", reason="The procedure was withdrawn", by=manager)
    assert not ReadinessConfirmation.objects.filter(channel=channel).exists()
    assert AuditEvent.objects.filter(action="channel.readiness_withdrawn").count() == 1
    with pytest.raises(NotAllowed, match="not confirmed"):
        readiness.withdraw_point(channel, "consent", reason="again", by=manager)


def test_a_confirmation_goes_stale_after_a_year(org, author, manager):
    channel = propose(org, author)
    complete_readiness(channel, by=manager)
    ReadinessConfirmation.objects.filter(channel=channel, point="disclosures").update(
        confirmed_at=timezone.now() - timedelta(days=366)
    )
    state = readiness.readiness(channel)
    stale = [s for s in state.points if s.stale]
    assert [s.point.key for s in stale] == ["disclosures"]
    assert any("confirmed again" in gap for gap in state.missing)
    # a day before its year is up it still counts
    today = timezone.localdate() - timedelta(days=2)
    assert next(s for s in readiness.readiness(channel, today).points if s.point.key == "disclosures").done


def test_the_plan_review_date_brings_the_due_date_forward(org, author, manager):
    channel = propose(org, author)
    readiness.confirm_point(channel, "aims", "The plan", by=manager)
    confirmation = ReadinessConfirmation.objects.get(channel=channel)
    soon = timezone.localdate() + timedelta(days=30)
    assert readiness.due_date(confirmation, soon) == soon
    assert readiness.due_date(confirmation, None) == timezone.localdate() + timedelta(days=365)
    assert readiness.due_date(confirmation, soon + timedelta(days=900)) == timezone.localdate() + timedelta(
        days=365
    )


def test_activation_waits_for_the_checklist(org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    assert services.activation_gaps(channel) == []
    readiness.withdraw_point(channel, "policies", reason="Policy under review", by=manager)
    assert services.activation_gaps(channel) == [
        f"Complete the readiness checklist: 1 of {len(readiness.POINTS)} points left"
    ]
    with pytest.raises(services.NotReady):
        services.activate_channel(channel, by=manager)
    readiness.confirm_point(channel, "policies", "Social media policy v3", by=manager)
    services.activate_channel(channel, by=manager)


def test_a_retired_channels_checklist_is_closed(org, author, manager):
    channel = propose(org, author)
    services.retire_channel(channel, by=manager, reason="Not needed")
    with pytest.raises(NotAllowed, match="retired"):
        readiness.confirm_point(channel, "aims", "The plan", by=manager)


def test_the_plan_and_the_policy_register_show_aims_resources_and_policies(org, author, manager):
    """Harbour reads three points from the planning records: no confirmation needed while they are in date."""
    from harbour.planning import services as planning
    from harbour.planning.models import EngagementPlan, Policy, PolicyKind

    channel = propose(org, author)

    def point(key, today=None):
        return next(s for s in readiness.readiness(channel, today).points if s.point.key == key)

    assert not point("aims").done and point("aims").found == "This channel has no engagement plan in Harbour."
    review = timezone.localdate() + timedelta(days=90)
    values = {
        "aims": "Hear from young people",
        "objectives": "Two polls a term",
        "audience": "13 to 19",
        "success_measures": "Answers a term",
        "review_date": review,
    }
    plan = planning.save_plan(org, values, by=manager, channel=channel)
    channel = type(channel).objects.get(pk=channel.pk)
    assert point("aims").done and point("aims").from_records and not point("resources").done
    planning.add_resource(plan, "Youth worker", "2.5", by=manager)
    planning.add_resource(plan, "Participation officer", "2", by=manager)
    assert point("resources").done and "2 people or roles, 4.5 hours a week" in point("resources").found
    # past the plan's review date neither counts, until the plan is reviewed or they are confirmed by hand
    later = review + timedelta(days=1)
    assert not point("aims", later).done and "due for review" in point("aims", later).found
    readiness.confirm_point(channel, "aims", "The team's plan on the shared drive", by=manager)
    assert not point("aims", later).done  # the confirmation is due at the plan's review date too

    missing = point("policies")
    assert not missing.done and "Social media" in missing.found and "Code of conduct" in missing.found
    for kind in readiness.POLICIES_NEEDED:
        values = {
            "kind": kind,
            "title": f"{kind} policy",
            "url": "https://example.org/p",
            "review_date": review,
        }
        planning.add_policy(org, values, by=manager)
    assert point("policies").done and point("policies").from_records
    Policy.objects.filter(kind=PolicyKind.SAFEGUARDING).update(
        review_date=timezone.localdate() - timedelta(days=1)
    )
    assert not point("policies").done and point("policies").found.endswith("Safeguarding.")
    assert EngagementPlan.objects.filter(channel=channel).exists()


def test_a_point_the_records_show_needs_no_confirmation_on_the_page(org, author, manager, client_for):
    from harbour.planning import services as planning

    channel = propose(org, author)
    values = {
        "aims": "Hear from young people",
        "objectives": "Two polls a term",
        "audience": "13 to 19",
        "success_measures": "Answers a term",
        "review_date": timezone.localdate() + timedelta(days=90),
    }
    planning.save_plan(org, values, by=manager, channel=channel)
    page = client_for(manager).get(f"/channels/{channel.pk}/readiness/", secure=True).content.decode()
    aims = page[page.index('id="point-aims"') : page.index('id="point-resources"')]
    assert "sets out its aims and objectives" in aims and "Done" in aims and ">Confirm<" not in aims
    resources = page[page.index('id="point-resources"') : page.index('id="point-policies"')]
    assert "names nobody" in resources and f"/planning/channels/{channel.pk}/" in resources
    assert "Confirm<span" in resources


def test_an_active_channels_owners_are_reminded_a_week_before_a_point_goes_stale_then_weekly(
    org, author, manager, moderator
):
    import time_machine
    from django.core import mail

    from harbour.channels.tasks import send_readiness_reminders

    channel = services.activate_channel(
        make_ready(propose(org, author), manager=manager, moderator=moderator), by=manager
    )
    start, sent = timezone.now(), []
    for day in range(350, 382):
        with time_machine.travel(start + timedelta(days=day)):
            mail.outbox.clear()
            send_readiness_reminders.call()
            if mail.outbox:
                sent.append(day)
                assert mail.outbox[0].to == [author.user.email]
    # confirmed on day 0, due on day 365, stale from day 366: first told on day 359, then weekly
    assert sent == [359, 366, 373, 380]
    events = AuditEvent.objects.filter(action="channel.readiness_reminder_sent").order_by("sequence")
    assert [event.detail["overdue"] for event in events] == [False, True, True, True]
    assert len(events[0].detail["points"]) == len(readiness.CONFIRMED_POINTS)
    with time_machine.travel(start + timedelta(days=359)):
        mail.outbox.clear()
        channel.last_readiness_reminder_at = None
        channel.save()
        send_readiness_reminders.call()
        body = mail.outbox[0].body
    assert mail.outbox[0].subject == f"Readiness checklist due soon: {isolate(channel.name)}"
    assert "There is a procedure to deal with cyber bullying: confirm again by " in body
    assert "The channel stays on the air" in body


def test_a_missing_point_is_reminded_at_once_and_a_complete_checklist_is_not(org, author, manager, moderator):
    from django.core import mail

    from harbour.channels.tasks import send_readiness_reminders

    channel = services.activate_channel(
        make_ready(propose(org, author), manager=manager, moderator=moderator), by=manager
    )
    send_readiness_reminders.call()
    assert mail.outbox == []
    moderator.role = "viewer"
    moderator.save()
    send_readiness_reminders.call()
    assert "A moderator is named and moderates at least daily: missing now" in mail.outbox[0].body
    assert mail.outbox[0].subject == f"Readiness checklist incomplete: {isolate(channel.name)}"
    send_readiness_reminders.call()  # the next one a week later, not the next day
    assert len(mail.outbox) == 1
