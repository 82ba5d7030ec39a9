"""Background work for channels. Each task takes ids (or nothing), loads the objects and calls a service."""

from django.tasks import task

from harbour.channels import meta_services, services
from harbour.channels import oauth as meta_oauth
from harbour.channels.meta_models import MetaConnection
from harbour.channels.models import Channel, Status


@task()
def send_privacy_review_reminders() -> int:
    """Daily: remind the owners of every active channel whose privacy review is due soon or overdue."""
    sent = 0
    for channel_id in Channel.objects.live().values_list("pk", flat=True):
        if services.remind_privacy_review(Channel.objects.get(pk=channel_id)):
            sent += 1
    return sent


@task()
def send_readiness_reminders() -> int:
    """Daily: remind the owners of every active channel whose readiness checklist is incomplete or due soon."""
    sent = 0
    for channel_id in Channel.objects.live().values_list("pk", flat=True):
        if services.remind_readiness(Channel.objects.get(pk=channel_id)):
            sent += 1
    return sent


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
