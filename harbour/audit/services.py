"""Recording audit events. Call record() inside the transaction of the change it records."""

from django.db import transaction
from django.utils import timezone

from harbour.audit.chain import event_hash
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
            prev_hash=head.hash,
        )
        event.hash = event_hash(event, head.hash)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event
