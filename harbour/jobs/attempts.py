"""An attempt record: one row per thing Harbour does on a platform (a moderation action, a publication, a
takedown's delete), tried once at a time, retried with backoff, finished or left for a person.

The row has a `state`, its `attempts` and `next_try_at`. A worker claims it with a conditional UPDATE on
what it saw (`claim`, harbour/jobs/claims.py): pending -> running, attempts + 1, committed before the
platform is called, so of two workers one goes ahead. It is held while the platform answers, then
changed again only if it still holds what this worker set (`holding`): finished, back to pending with a
later try, or left for a person with the platform's message and what to do. Each change commits with
whatever goes with it (the app's audit event, its e-mail), and waits out a locked database: the platform
may already have answered, and that answer must not be lost.

Each app keeps what is its own: what it sends, its states and fields, its audit events and e-mails, and
what it does with a refused credential. It hands this module its model; harbour.jobs imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from harbour.connectors.base import AuthFailed, ConnectorError
from harbour.connectors.registry import UnknownPlatform
from harbour.jobs.claims import claim
from harbour.lib.backoff import backoff
from harbour.lib.crypto import DecryptionError
from harbour.lib.locked import patiently

MAX_ATTEMPTS = 6  # tried this many times, over about an hour, then it is left for a person
LOCKED_PATIENCE = 600  # seconds a step waits out a locked database; then the stale-task requeue has it
OVERDUE = timedelta(minutes=10)  # a pending attempt this late has lost its task: the scheduler sends it
FIRST_WAIT = 60  # seconds before the first retry, doubling each time
LONGEST_WAIT = 3600  # and never more than this (unless the platform asks for longer)


@dataclass(frozen=True)
class Tried:
    """How one call to the platform went: done (with what the work returned), retry (at `retry_at`),
    failed (left for a person), reconnect (the credential was refused), taken (another worker has it)."""

    outcome: str
    result: object = None
    retry_at: datetime | None = None


@dataclass(frozen=True)
class Attempts:
    """The attempt records of one model. `noun` names one in the locked-database log ("publication");
    `pending` is the state a retry goes back to, `failed` the state of one left for a person."""

    model: type[models.Model]
    noun: str
    pending: str
    failed: str
    max_attempts: int = MAX_ATTEMPTS

    def early(self, row, now: datetime) -> bool:
        """A pending row delivered before its time: the task for its time comes later."""
        return row.state == self.pending and row.next_try_at is not None and row.next_try_at > now

    def change(self, row, when: dict, change: dict, then: Callable[[], None] | None = None) -> bool:
        """Make `change` to `row` if it still holds `when`, and in the same transaction set it on `row` and
        call `then` (the app's audit event, its e-mail); False if another worker changed it first."""

        def once() -> bool:
            with transaction.atomic():
                if not claim(self.model, row.pk, when=when, change=change):
                    return False
                for name, value in change.items():
                    setattr(row, name, value)
                if then is not None:
                    then()
                return True

        return patiently(once, what=f"Recording {self.noun} {row.pk}", give_up_after=LOCKED_PATIENCE)

    def hold(self, row, seen: dict, holding: dict, then: Callable[[], None] | None = None) -> bool:
        """Claim the row for this attempt: from what was `seen` to `holding` (running, attempts + 1), its
        time of next try cleared. False: another worker has it."""
        return self.change(row, seen, {**holding, "next_try_at": None}, then)

    def retry_at(self, attempts: int, error) -> datetime | None:
        """After a ConnectorError on try number `attempts`: when to try again, or None when it must not be
        (a permanent error, or the last try), so a person takes it."""
        if error.permanent or attempts >= self.max_attempts:
            return None
        wait = backoff(attempts - 1, first=FIRST_WAIT, longest=LONGEST_WAIT, retry_after=error.retry_after)
        return timezone.now() + timedelta(seconds=wait)

    def retry(self, row, holding: dict, error, later: datetime) -> bool:
        """Back to pending with a later try and the platform's message. False: another worker has it."""
        change = {"state": self.pending, "next_try_at": later, "error": error.message[:2000]}
        return self.change(row, holding, change)

    def attempt(
        self,
        row,
        holding: dict,
        attempts: int,
        work: Callable[[], object],
        *,
        give_up: Callable[[str], object],
        refused: Callable[[AuthFailed], object],
        reconnect: Callable[[str], object],
    ) -> Tried:
        """Call the platform (`work`) while holding the row, and decide what its error means. A refused
        credential: `refused(error)` records it for a person and `reconnect(message)` flags the channel for
        a manager. Another ConnectorError: a later try (`retry_at`), or on a permanent error or the last try
        `give_up(message)`. A channel whose connection cannot be opened (an unknown platform, a credential
        that does not decrypt): `give_up`. Done: the app records its own finish with `result`."""
        try:
            return Tried("done", work())
        except AuthFailed as exc:
            refused(exc)
            reconnect(exc.message)
            return Tried("reconnect")
        except ConnectorError as exc:
            later = self.retry_at(attempts, exc)
            if later is None:
                give_up(exc.message)
                return Tried("failed")
            return Tried("retry", retry_at=later) if self.retry(row, holding, exc, later) else Tried("taken")
        except (UnknownPlatform, DecryptionError) as exc:
            give_up(str(exc) or "Harbour could not open the channel's connection.")
            return Tried("failed")

    def for_a_person(self, error: str, **fields) -> dict:
        """The change that leaves it for a person: the failed state, what went wrong (the platform's
        message), and the app's own fields (what to do instead, when it finished)."""
        return {"state": self.failed, **fields, "error": error[:2000]}

    def lost(self, now: datetime, first_try: str) -> list[tuple[int, datetime | None]]:
        """Pending rows whose try is long overdue, as (id, next_try_at): their task was lost (a broker that
        lost it, a worker that died between recording a retry and enqueueing it). `first_try`: the field
        holding the time of a row never tried."""
        late = now - OVERDUE
        return list(
            self.model._default_manager.filter(state=self.pending)
            .filter(Q(next_try_at__lte=late) | Q(next_try_at__isnull=True, **{f"{first_try}__lte": late}))
            .values_list("pk", "next_try_at")
        )
