"""Background work for the audit log. Each task takes ids (or nothing) and calls a service."""

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit import checkpoint as checkpoints
from harbour.audit import services

logger = logging.getLogger(__name__)


@task()
def close_refusal_bursts() -> int:
    """Every few minutes: write out the count of each burst of refusals that has ended."""
    return services.close_refusal_bursts()


@task()
def email_checkpoints() -> int:
    """Daily: e-mail each organisation's managers a signed checkpoint of the audit chain, so that a copy of
    the chain's head is kept where nobody who can write Harbour's database can reach it."""
    sent = 0
    for organisation in Organisation.objects.all():
        managers = sorted(
            Membership.objects.for_org(organisation)
            .active()
            .able_to(Capability.CHECK_AUDIT)
            .values_list("user__email", flat=True)
        )
        if not managers:
            continue
        try:
            email_checkpoint(organisation, managers)
        except Exception:  # one organisation's mail failing must not stop the others'; tomorrow tries again
            logger.exception("Could not e-mail the audit checkpoint of organisation %s", organisation.pk)
        else:
            sent += 1
    return sent


def email_checkpoint(organisation, recipients: list[str]) -> None:
    with transaction.atomic():
        signed = services.issue_checkpoint(organisation, sent_to=recipients)
        day = timezone.localdate().isoformat()
        message = EmailMessage(
            subject=f"Audit log checkpoint for {organisation.name}, {day}",
            body=(
                f"Attached is today's signed checkpoint of the audit log of {organisation.name} "
                f"({signed['sequence']} events, signed with audit key {signed['key_id']}).\n\n"
                "Keep this e-mail. If anyone ever rewrites the log, even someone who runs Harbour, your Harbour "
                "administrator can show it by running `harbour audit verify --checkpoint` with the attachment.\n"
            ),
            to=recipients,
        )
        message.attach(f"audit-checkpoint-{day}.json", checkpoints.dumps(signed), "application/json")
        # Sent inside the transaction: if the mail server refuses, nothing is recorded and tomorrow tries again.
        message.send()
