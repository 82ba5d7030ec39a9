"""Probes for a process manager or load balancer, and the security contact file.

`/healthz` says the process answers (it touches no database). `/readyz` says it can do useful work:
the database answers, every migration is applied and the task queue is moving. Neither says why
it failed: the reason goes to the log, not to whoever is asking.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    try:
        problem = _not_ready_because()
    except DatabaseError as exc:
        problem = f"database error: {exc.__class__.__name__}"
    if problem:
        logger.warning("Not ready: %s", problem)
        return HttpResponse("unavailable\n", content_type="text/plain", status=503)
    return HttpResponse("ok\n", content_type="text/plain")


def _not_ready_because() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    loader = MigrationExecutor(connection).loader
    # Every migration, not only the plan to the leaves: a plan skips one left out behind an applied leaf.
    if set(loader.graph.nodes) - set(loader.applied_migrations):
        return "migrations are waiting to be applied"
    oldest = _oldest_waiting_task_age()
    if oldest is not None and oldest > timedelta(minutes=settings.HARBOUR_READY_TASK_MINUTES):
        return f"the oldest waiting task has waited {oldest}; is a worker running?"
    return ""


def _oldest_waiting_task_age() -> timedelta | None:
    """How long the oldest task that is due has been waiting, on the database queue (else None)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    due = DBTaskResult.objects.ready()
    # A task with no run_after is due from when it was enqueued; a scheduled one from its run_after.
    unscheduled = (
        due.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True)
    )
    scheduled = (
        due.filter(~Q(run_after=get_date_max())).order_by("run_after").values_list("run_after", flat=True)
    )
    since = [t for t in (unscheduled.first(), scheduled.first()) if t is not None]
    return now - min(since) if since else None


@require_safe
def security_txt(request):
    """RFC 9116: where to report a vulnerability. Expires is always six months ahead."""
    expires = (timezone.now() + timedelta(days=182)).replace(microsecond=0)
    contact = settings.HARBOUR_SECURITY_CONTACT or f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
