"""Recording audit events. Call record() inside the transaction of the change it records."""

from django.db import transaction
from django.utils import timezone

from harbour.audit.chain import seal
from harbour.audit.keys import configured
from harbour.lib import net
from harbour.audit.models import AuditChainHead, AuditEvent


def client_ip(request) -> str | None:
    return None if request is None else net.client_ip(request)


def record(
    action: str,
    *,
    by=None,
    organisation=None,
    obj=None,
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. `by` is a User (or None for the system); `obj` any model instance."""
    if by is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            by = request.user
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    keyring = configured()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            action=action,
            actor=by,
            actor_label=(getattr(by, "email", "") or "")[:254],
            organisation=organisation,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_label=str(obj)[:200] if obj is not None else "",
            ip_address=client_ip(request),
            detail=detail or {},
        )
        seal(event, head.hash, keyring)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event


def issue_checkpoint(organisation, *, request=None, by=None, sent_to: list[str] | None = None) -> dict:
    """Record who took a checkpoint (or whom it was e-mailed to), then sign the head: the checkpoint
    covers its own event. Returns the signed checkpoint (harbour.audit.checkpoint)."""
    from harbour.audit import checkpoint

    with transaction.atomic():
        detail = {"sent_to": sent_to} if sent_to is not None else {}
        action = "audit.checkpoint_sent" if sent_to is not None else "audit.checkpoint_downloaded"
        record(action, by=by, request=request, organisation=organisation, detail=detail)
        # The head is still locked by record(): the checkpoint ends at that event.
        return checkpoint.issue(organisation)
