"""Background work for consultations. Each task calls a service."""

from django.tasks import task

from harbour.consultation import retention


@task()
def delete_answers_due() -> int:
    """Nightly (harbour/jobs/scheduler.py PERIODIC): delete the answers of each consultation whose privacy
    notice's date has come."""
    return retention.delete_answers_due()
