"""The alerts about a concern: the leads e-mailed at once when it is serious (who raised it and its category,
never what it says), once; the deputies and the managers after an hour that no lead has opened it, through
the scheduler; never the member an allegation names; each e-mail audited without content."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.audit.models import AuditEvent
from harbour.jobs import scheduler
from harbour.safeguarding import alerts, services, tasks
from harbour.safeguarding.models import Concern, Source
from tests.cast import active_channel, give_training, make_item, make_member

pytestmark = pytest.mark.django_db

SECRET = "MARKER-he said not to tell my mum about the flat on Ashbourne Road"


@pytest.fixture
def channel(org):
    return active_channel(org)


def raise_one(org, by, *, capture, **overrides):
    fields = {"summary": SECRET, "category": "disclosure", "severity": 3, **overrides}
    with capture(execute=True):
        return services.raise_concern(org, by=by, **fields)


def everything_sent() -> str:
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)


def test_a_serious_concern_emails_the_leads_once_with_who_and_the_category_only(
    org, dsl, manager, viewer, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")
    concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.to == [dsl.user.email]
    assert "Vic Viewer" in email.body and "Disclosure of harm" in email.body
    assert reverse("safeguarding:concern", args=[concern.pk]) in email.body
    assert "MARKER" not in everything_sent() and "Ashbourne" not in everything_sent()
    concern.refresh_from_db()
    assert concern.leads_told_at is not None
    event = AuditEvent.objects.get(action="safeguarding.leads_alerted")
    assert event.detail == {"sent_to": [dsl.user.email]} and "MARKER" not in str(event.object_label)

    assert alerts.tell_leads(concern.pk) == []  # told once, however often it is asked
    assert len(mail.outbox) == 1


def test_the_link_uses_the_sites_own_address_when_one_is_set(
    org, dsl, viewer, settings, django_capture_on_commit_callbacks
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://harbour.example.org"]
    give_training(viewer, "raise_concerns")
    concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks)
    assert f"https://harbour.example.org/safeguarding/{concern.pk}/" in mail.outbox[0].body


def test_a_low_concern_raised_by_hand_waits_for_the_console_but_immediate_danger_does_not(
    org, dsl, viewer, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")
    raise_one(org, viewer, capture=django_capture_on_commit_callbacks, severity=2)
    assert mail.outbox == []
    raise_one(org, viewer, capture=django_capture_on_commit_callbacks, severity=1, immediate_danger=True)
    [email] = mail.outbox
    assert "call 999 first" in email.body


def test_screening_is_named_as_the_raiser(org, dsl, channel, django_capture_on_commit_callbacks):
    item = make_item(channel, SECRET, findings=[], severity=4, action="escalate")
    with django_capture_on_commit_callbacks(execute=True):
        services.raise_concern(
            org, by=None, source=Source.SCREENING, item=item, summary=SECRET, category="other", severity=4
        )
    assert "Harbour's screening raised concern #" in mail.outbox[0].body
    assert "MARKER" not in everything_sent()


def test_the_member_an_allegation_names_is_never_told(org, dsl, manager, django_capture_on_commit_callbacks):
    other_lead = make_member(org, Role.SAFEGUARDING_LEAD, "sol@example.org", "Sol Second")
    give_training(manager, "raise_concerns")
    concern = raise_one(
        org, manager, capture=django_capture_on_commit_callbacks, category="allegation", about_member=dsl
    )
    [email] = mail.outbox
    assert email.to == [other_lead.user.email]
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        tasks.enqueue_due(timezone.now())
        alerts.email_unopened(concern.pk)
    assert all(dsl.user.email not in m.to for m in mail.outbox)


def test_a_refused_email_leaves_the_alert_unclaimed_and_the_concern_raised(
    org, dsl, viewer, monkeypatch, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks)
    concern.refresh_from_db()
    assert concern.leads_told_at is None and not AuditEvent.objects.filter(
        action="safeguarding.leads_alerted"
    )


def test_an_hour_unopened_tells_the_deputies_and_the_managers_once_through_the_scheduler(
    org, dsl, manager, moderator, viewer, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks, severity=2)
    assert mail.outbox == []

    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert tasks.enqueue_due(timezone.now()) == 0

    later = start + timedelta(minutes=61)
    with time_machine.travel(later, tick=False):
        report = scheduler.run_due(timezone.now())
        assert report.enqueued["unopened concerns"] == 1
        assert scheduler.run_due(timezone.now()).enqueued["unopened concerns"] == 0  # claimed once
    concern.refresh_from_db()
    assert concern.unopened_alert_at == later

    sent = alerts.email_unopened(concern.pk)
    assert sorted(sent) == sorted([dsl.user.email, manager.user.email])
    to_leads, to_managers = mail.outbox
    assert (
        to_leads.to == [dsl.user.email]
        and reverse("safeguarding:concern", args=[concern.pk]) in to_leads.body
    )
    assert to_managers.to == [manager.user.email] and "/safeguarding/" not in to_managers.body
    assert "ring your safeguarding lead" in to_managers.body
    assert "MARKER" not in everything_sent() and moderator.user.email not in str([m.to for m in mail.outbox])
    event = AuditEvent.objects.get(action="safeguarding.unopened_alerted")
    assert set(event.detail["sent_to"]) == {dsl.user.email, manager.user.email}


def test_a_concern_a_lead_has_opened_is_not_escalated(org, dsl, viewer, django_capture_on_commit_callbacks):
    give_training(viewer, "raise_concerns")
    give_training(dsl, "handle_concerns")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks, severity=1)
        services.open_concern(concern, by=dsl)
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        assert tasks.enqueue_due(timezone.now()) == 0
    assert Concern.objects.get(pk=concern.pk).unopened_alert_at is None


def test_the_leads_panel_lists_concerns_no_lead_has_opened(
    org, dsl, viewer, client_for, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")
    give_training(dsl, "handle_concerns")
    concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks)
    home = client_for(dsl).get(reverse("console:home")).content.decode()
    assert "1 concern nobody has opened" in home
    assert reverse("safeguarding:concern", args=[concern.pk]) in home and "MARKER" not in home
    assert "nobody has opened" not in client_for(viewer).get(reverse("console:home")).content.decode()
    services.open_concern(concern, by=dsl)
    assert "nobody has opened" not in client_for(dsl).get(reverse("console:home")).content.decode()


def test_the_deputies_are_told_with_the_leads_and_again_after_the_hour(
    org, dsl, deputy, manager, viewer, django_capture_on_commit_callbacks
):
    give_training(viewer, "raise_concerns")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        concern = raise_one(org, viewer, capture=django_capture_on_commit_callbacks, severity=4)
    [at_once] = mail.outbox
    assert sorted(at_once.to) == sorted([dsl.user.email, deputy.user.email])
    with time_machine.travel(start + timedelta(hours=1, minutes=1), tick=False):
        assert tasks.enqueue_due(timezone.now()) == 1
    sent = alerts.email_unopened(concern.pk)
    assert sorted(sent) == sorted([dsl.user.email, deputy.user.email, manager.user.email])
