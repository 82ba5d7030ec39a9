"""Background work for channels. Each task takes ids (or nothing), loads the objects and calls a service."""

from django.tasks import task

from harbour.channels import services
from harbour.channels.models import Channel


@task()
def send_privacy_review_reminders() -> int:
    """Daily: remind the owners of every active channel whose privacy review is due soon or overdue."""
    sent = 0
    for channel_id in Channel.objects.live().values_list("pk", flat=True):
        if services.remind_privacy_review(Channel.objects.get(pk=channel_id)):
            sent += 1
    return sent
