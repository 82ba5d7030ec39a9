"""Background work for the rota: the scheduler's alerts (harbour/jobs/scheduler.py DUE) and their e-mails."""

from django.db import transaction
from django.tasks import task

from harbour.jobs.queue import enqueue_on_commit
from harbour.rota import services
from harbour.rota.models import Alert


@task()
def email_alert(alert_id: int) -> int:
    """E-mail one alert to its channel's managers (once, however often this runs)."""
    alert = Alert.objects.select_related("channel__rota").filter(pk=alert_id).first()
    if alert is None:
        return 0
    return len(services.email_alert(alert))


def enqueue_due_alerts(now) -> int:
    """The scheduler's due work: each channel not signed off by its time, or with items past their
    deadline, alerts once a day per reason. Each is claimed on the channel's rota in the transaction that
    records it and enqueues its e-mail, so however many schedulers run, managers hear once."""
    raised = 0
    for rota, reason, count in services.due_alerts(now):
        with transaction.atomic():
            alert = services.raise_alert(rota, reason, count, now=now)
            if alert is not None:
                enqueue_on_commit(email_alert, alert_id=alert.pk)
                raised += 1
    return raised
