"""Background work for channels. Each task takes ids (or nothing), loads the objects and calls a service."""

from django.tasks import task

from harbour.channels import meta_services, services
from harbour.channels import oauth as meta_oauth
from harbour.channels.meta_models import MetaConnection
from harbour.channels.models import Channel, Status


def _remind_each_live_channel(remind) -> int:
    """Call a reminder service for every active channel: how many reminders it sent."""
    return sum(bool(remind(channel)) for channel in Channel.objects.live().order_by("pk"))


@task()
def send_privacy_review_reminders() -> int:
    """Daily: remind the owners of every active channel whose privacy review is due soon or overdue."""
    return _remind_each_live_channel(services.remind_privacy_review)


@task()
def send_readiness_reminders() -> int:
    """Daily: remind the owners of every active channel whose readiness checklist is incomplete or due soon."""
    return _remind_each_live_channel(services.remind_readiness)


@task()
def send_meta_connection_reminders() -> int:
    """Daily: renew each Threads token that expires within two weeks (Threads allows it), then remind
    managers of each channel whose connection to Meta still stops working within two weeks."""
    sent = 0
    for connection in MetaConnection.objects.filter(channel__status=Status.ACTIVE).order_by("pk"):
        meta_oauth.renew_if_due(connection)
        connection.refresh_from_db()
        if meta_services.remind_meta_connection(connection):
            sent += 1
    return sent
