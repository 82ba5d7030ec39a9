"""Recording audit events. Call record() inside the transaction of the change it records.

What an event may say (its type, its detail's keys, the object's label) is declared in harbour.audit.events."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from harbour.audit.chain import seal
from harbour.audit.events import AuditEventType, check_detail, declared, object_label
from harbour.audit.keys import configured
from harbour.audit.models import AuditChainHead, AuditEvent, RefusalBurst
from harbour.lib import net


def client_ip(request) -> str | None:
    return None if request is None else net.client_ip(request)


def record(
    action: AuditEventType | str,
    *,
    by=None,
    organisation=None,
    obj=None,
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. `action` is a declared AuditEventType (or its value); `by` is a User (or None for
    the system); `obj` any model instance, labelled by its audit_label(). ValueError for an undeclared
    action or detail key, before anything is written."""
    action = declared(action)
    detail = detail or {}
    check_detail(detail)
    user = getattr(request, "user", None)
    if by is None and user is not None and user.is_authenticated:
        by = user
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    keyring = configured()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            action=action.value,
            actor=by,
            actor_label=(getattr(by, "email", "") or "")[:254],
            organisation=organisation,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_label=object_label(obj) if obj is not None else "",
            ip_address=client_ip(request),
            detail=detail,
        )
        seal(event, head.hash, keyring)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event


def issue_checkpoint(organisation, *, request=None, sent_to: list[str] | None = None) -> dict:
    """Record who took a checkpoint (a manager's `request`) or whom it was e-mailed to, then sign the head:
    the checkpoint covers its own event. Returns the signed checkpoint (harbour.audit.checkpoint).
    Raises PermissionDenied for a request from anyone but a manager of `organisation`."""
    from harbour.accounts.capabilities import Capability
    from harbour.audit import checkpoint

    if request is not None:
        membership = getattr(request, "membership", None)  # checked here even though the view checks it too
        if (
            membership is None
            or not membership.can(Capability.CHECK_AUDIT)
            or membership.organisation_id != organisation.pk
        ):
            raise PermissionDenied(
                "Only a manager of the organisation can take a checkpoint of its audit log."
            )
    with transaction.atomic():
        detail = {"sent_to": sent_to} if sent_to is not None else {}
        if sent_to is not None:
            action = AuditEventType.AUDIT_CHECKPOINT_SENT
        else:
            action = AuditEventType.AUDIT_CHECKPOINT_DOWNLOADED
        record(action, request=request, organisation=organisation, detail=detail)
        # The head is still locked by record(): the checkpoint ends at that event.
        return checkpoint.issue(organisation)


# A burst of refusals ends after this long without one, or once it has lasted this long.
BURST_QUIET = timedelta(minutes=10)
BURST_LONGEST = timedelta(hours=1)
SAMPLES = 5  # different paths and addresses kept from the counted refusals


def record_refusal(
    action: AuditEventType | str, *, request, organisation=None, detail: dict, now=None
) -> AuditEvent | None:
    """Audit a refusal of the signed-in person making `request`: the first of a burst as an event (returned),
    the rest counted in a RefusalBurst (None returned), written out as one event when the burst ends."""
    action = declared(action).value  # refused here too: a counted refusal never reaches record()
    now = now or timezone.now()
    user = request.user
    key = f"{user.pk}:{organisation.pk if organisation is not None else '-'}:{action}"
    with transaction.atomic():
        burst = RefusalBurst.objects.select_for_update().filter(key=key).first()
        if burst is not None and now < burst.last_at + BURST_QUIET and now < burst.started_at + BURST_LONGEST:
            burst.counted += 1
            burst.last_at = now
            _sample(burst.paths, detail.get("path"))
            _sample(burst.addresses, client_ip(request))
            burst.save()
            return None
        if burst is not None:
            _write_out(burst)
        event = record(action, by=user, request=request, organisation=organisation, detail=detail)
        try:
            with transaction.atomic():
                RefusalBurst.objects.create(
                    key=key, user=user, organisation=organisation, action=action, started_at=now, last_at=now
                )
        except IntegrityError:
            pass  # a refusal at the same moment started the burst: this one is written, not counted
    return event


def close_refusal_bursts(now=None) -> int:
    """Write out every burst that has ended; returns how many. Run every few minutes by the scheduler, and
    by the next refusal of the same kind, whichever comes first."""
    now = now or timezone.now()
    ended = RefusalBurst.objects.filter(last_at__lt=now - BURST_QUIET) | RefusalBurst.objects.filter(
        started_at__lt=now - BURST_LONGEST
    )
    closed = 0
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            burst = RefusalBurst.objects.select_for_update().filter(pk=pk).first()
            if burst is not None:  # another scheduler or a new refusal may have written it out already
                _write_out(burst)
                closed += 1
    return closed


def _write_out(burst: RefusalBurst) -> None:
    if burst.counted:
        from harbour.accounts.models import User  # accounts depends on audit, not the other way round

        record(
            AuditEventType.SECURITY_REFUSALS_REPEATED,
            by=User.objects.filter(pk=burst.user_id).first(),
            organisation=burst.organisation,
            detail={
                "refusal": burst.action,
                "repeated": burst.counted,
                "first": burst.started_at.isoformat(),
                "last": burst.last_at.isoformat(),
                "paths": burst.paths,
                "addresses": burst.addresses,
            },
        )
    burst.delete()


def _sample(values: list, value) -> None:
    if value and value not in values and len(values) < SAMPLES:
        values.append(value)
