"""A channel not signed off by its time, or with items past their deadline, alerts its managers: by e-mail
after the alert commits and on the console home, once per channel, day and reason, recorded."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from harbour.audit.models import AuditEvent
from harbour.inbox.models import ItemStatus
from harbour.jobs.scheduler import run_due
from harbour.rota import services, tasks
from harbour.rota.models import Alert, AlertReason
from tests.cast import give_training, make_item

LONDON = ZoneInfo("Europe/London")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def monday(hour, minute=0) -> datetime.datetime:
    return datetime.datetime(2026, 12, 7, hour, minute, tzinfo=LONDON)


def saturday(hour) -> datetime.datetime:
    return datetime.datetime(2026, 12, 5, hour, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE):
        yield


def run_at(moment, django_capture_on_commit_callbacks) -> int:
    """The scheduler's pass at `moment`, its e-mails sent on commit as a worker would."""
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return tasks.enqueue_due_alerts(moment)


def test_no_sign_off_by_8pm_alerts_the_managers_once(
    channel, rota, manager, moderator, django_capture_on_commit_callbacks
):
    make_item(channel, "waiting")
    assert run_at(monday(19, 59), django_capture_on_commit_callbacks) == 0
    assert run_at(monday(20, 0), django_capture_on_commit_callbacks) == 1
    assert run_at(monday(20, 1), django_capture_on_commit_callbacks) == 0
    assert run_at(monday(23, 0), django_capture_on_commit_callbacks) == 0

    alert = Alert.objects.get()
    assert (alert.reason, alert.day, alert.count) == (AlertReason.NO_SIGN_OFF, datetime.date(2026, 12, 7), 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.user.email]  # the manager, not the moderator
    assert "was not signed off today" in mail.outbox[0].subject
    assert "by 20:00 on Monday 7 December. 1 items still need action" in mail.outbox[0].body
    assert alert.emailed_to == [manager.user.email]
    event = AuditEvent.objects.get(action="rota.alert_raised")
    assert event.detail == {"reason": "no_sign_off", "day": "2026-12-07", "items": 1}


def test_the_next_day_alerts_again(channel, rota, manager, django_capture_on_commit_callbacks):
    run_at(monday(20, 30), django_capture_on_commit_callbacks)
    run_at(monday(20, 30) + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert Alert.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_signed_off_channel_does_not_alert(channel, rota, moderator, django_capture_on_commit_callbacks):
    services.sign_off(channel, by=moderator, at=monday(16))
    assert run_at(monday(21), django_capture_on_commit_callbacks) == 0
    assert not Alert.objects.exists()
    assert mail.outbox == []


def test_a_day_the_rota_does_not_cover_does_not_alert(channel, rota, django_capture_on_commit_callbacks):
    assert run_at(saturday(21), django_capture_on_commit_callbacks) == 0
    assert not Alert.objects.exists()


def test_a_channel_without_a_rota_does_not_alert(channel, django_capture_on_commit_callbacks):
    assert run_at(monday(21), django_capture_on_commit_callbacks) == 0


def test_the_managers_time_is_used(channel, rota, manager, django_capture_on_commit_callbacks):
    services.set_sign_off_by(channel, datetime.time(17, 30), by=manager)
    assert run_at(monday(17, 29), django_capture_on_commit_callbacks) == 0
    assert run_at(monday(17, 30), django_capture_on_commit_callbacks) == 1


def test_items_past_their_deadline_alert_once_a_day(
    channel, rota, manager, django_capture_on_commit_callbacks
):
    make_item(channel, "a question", needs_reply=True, due_at=monday(9))
    make_item(channel, "answered", needs_reply=True, due_at=monday(9), status=ItemStatus.DONE)
    make_item(channel, "not due yet", needs_reply=True, due_at=monday(18))
    make_item(channel, "replied in time", needs_reply=True, due_at=monday(9), responded_at=monday(8))
    assert run_at(monday(8), django_capture_on_commit_callbacks) == 0
    assert run_at(monday(10), django_capture_on_commit_callbacks) == 1
    assert run_at(monday(11), django_capture_on_commit_callbacks) == 0
    alert = Alert.objects.get()
    assert (alert.reason, alert.count) == (AlertReason.OVERDUE, 1)
    assert "has items past their deadline" in mail.outbox[0].subject
    # Also at weekends, when nobody is on the rota: a deadline is a deadline.
    assert run_at(saturday(10) + datetime.timedelta(days=7), django_capture_on_commit_callbacks) == 1


def test_two_schedulers_raise_one_alert(channel, rota, django_capture_on_commit_callbacks):
    # The second scheduler read the rota before the first claimed it: its claim finds the day taken.
    moment = monday(20, 30)
    with time_machine.travel(moment, tick=False):
        seen = services.due_alerts(moment)
        stale = services.due_alerts(moment)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.raise_alert(*seen[0], now=moment) is not None
            assert services.raise_alert(*stale[0], now=moment) is None
    assert Alert.objects.count() == 1
    assert AuditEvent.objects.filter(action="rota.alert_raised").count() == 1


def test_an_alert_is_emailed_once(channel, rota, django_capture_on_commit_callbacks):
    run_at(monday(20, 30), django_capture_on_commit_callbacks)
    alert = Alert.objects.get()
    assert tasks.email_alert.call(alert_id=alert.pk) == 0  # a second run of the task sends nothing
    assert len(mail.outbox) == 1


def test_the_scheduler_runs_the_alerts(channel, rota, django_capture_on_commit_callbacks):
    with time_machine.travel(monday(20, 30), tick=False), django_capture_on_commit_callbacks(execute=True):
        report = run_due()
    assert report.enqueued["rota alerts"] == 1
    assert Alert.objects.count() == 1


def test_the_console_home_shows_alerts_to_managers_only(
    client_for, channel, rota, manager, moderator, django_capture_on_commit_callbacks
):
    run_at(monday(20, 30), django_capture_on_commit_callbacks)
    with time_machine.travel(monday(21), tick=False):
        page = client_for(manager).get(reverse("console:home")).content.decode()
        assert "Moderation alerts" in page
        assert "not signed off by its time on Monday 7 December" in page
        assert "Moderation alerts" not in client_for(moderator).get(reverse("console:home")).content.decode()


def test_an_overdue_alert_links_to_the_channels_overdue_items(
    client_for, channel, rota, manager, django_capture_on_commit_callbacks
):
    make_item(channel, "a question", needs_reply=True, due_at=monday(9))
    run_at(monday(12), django_capture_on_commit_callbacks)
    overdue = f"{reverse('inbox:index')}?queue=overdue&amp;channel={channel.pk}"
    with time_machine.travel(monday(12, 30), tick=False):
        # Without current moderation training the inbox would refuse them: the rota and their training instead.
        page = client_for(manager).get(reverse("console:home")).content.decode()
        assert "1 item past the response deadline on Monday 7 December" in page and overdue not in page
        assert "Reading the items needs current moderation training" in page
        assert f'href="{reverse("rota:channel", args=[channel.pk])}"' in page
        assert client_for(manager).get(overdue.replace("&amp;", "&")).status_code == 403

        give_training(manager, "moderate")
        page = client_for(manager).get(reverse("console:home")).content.decode()
        assert f'href="{overdue}">1 item past the response deadline</a>' in page
        assert "Reading the items needs current moderation training" not in page
        assert client_for(manager).get(overdue.replace("&amp;", "&")).status_code == 200
