"""Waiting out a locked database instead of failing.

SQLite has one write lock. A writer waits for it up to the connection's busy timeout (20 s in
settings.py), then gets OperationalError "database is locked". A background process (the task
worker, the scheduler, a channel poll) must not die of that: it waits, with growing gaps, and tries
again. Web requests do not use this: they fail fast and the person tries again.
"""

import logging
import time
from collections.abc import Callable

from django.db import OperationalError, connections

from harbour.lib.backoff import backoff

logger = logging.getLogger(__name__)


FIRST_WAIT = 1.0  # seconds
LONGEST_WAIT = 30.0


def is_locked(exc: BaseException) -> bool:
    """Whether exc is a database's "locked" refusal (SQLite's, or MySQL's lock wait timeout)."""
    if not isinstance(exc, OperationalError) or not exc.args:
        return False
    first = exc.args[0]
    return (isinstance(first, str) and "is locked" in first.lower()) or first == 1205


def wait_before(attempt: int) -> float:
    """Seconds to wait before try number attempt + 1 while the database stays locked."""
    return backoff(attempt, first=FIRST_WAIT, longest=LONGEST_WAIT)


def reset_connections() -> None:
    """Drop connections a lock refusal may have left mid-transaction; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def patiently[T](
    work: Callable[[], T], *, what: str, give_up_after: float | None = None, sleep=time.sleep
) -> T:
    """work(), tried again while the database is locked, for up to give_up_after seconds (None: for
    as long as it takes). Any other error, or a lock still there at the end, is raised."""
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return work()
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            wait = wait_before(attempt)
            if give_up_after is not None and time.monotonic() - started + wait > give_up_after:
                raise
            logger.warning("%s: the database is locked; trying again in %.1f s", what, wait)
            reset_connections()
            sleep(wait)
            attempt += 1
