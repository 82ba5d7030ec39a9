"""Deleting a live post that a takedown asks to take down (issue 21): the work of the task `delete_post`,
and the e-mails that tell the channel's owners. A scheduled job, so there is no actor.

Once at a time: the takedown is claimed open -> deleting (committed) before the platform is called, so of
two workers one deletes it, and a takedown done is never touched again. Deleting is harmless to repeat,
so a takedown whose worker died mid-call (left "deleting", its task requeued by harbour/jobs/stale.py) is
claimed again and deleted again.

Done when the platform deletes it, and done too when the post is not there any more: after a refusal
Harbour asks the platform whether the post is still there (`Connector.find_published`, by the
publication's key) and counts it gone if not (someone deleted it in the app first). A temporary error
puts it back to open with a later try; a permanent one, or the last try, leaves it for a person
("needs_hand") with what went wrong, and the owners are told. So is a channel whose platform does not let
Harbour delete posts.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.connecting import connector_for
from harbour.connectors.base import AuthFailed, ConnectorError, PublishRequest
from harbour.connectors.platform import PlatformCapability
from harbour.consent.models import Takedown, TakedownState
from harbour.jobs import attempts as attempt_records
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib.bidi import isolate

ATTEMPTS = attempt_records.Attempts(
    Takedown, "takedown", pending=TakedownState.OPEN, failed=TakedownState.NEEDS_HAND
)
MAX_ATTEMPTS = ATTEMPTS.max_attempts  # tried this many times, over about an hour, then a person does it
OVERDUE = attempt_records.OVERDUE  # an open takedown's delete this late has lost its task (takedowns.py)
BY_CONNECTOR = "connector"
BY_HAND = "by_hand"
WORKING = (TakedownState.OPEN, TakedownState.DELETING)


def deletable(takedown: Takedown) -> bool:
    """Whether Harbour can delete the post itself: the platform lets it, and it knows the post's id."""
    publication = takedown.publication
    return bool(publication.platform_id) and publication.channel.can(PlatformCapability.DELETE)


def what_to_do(takedown: Takedown, *, address: bool = True) -> str:
    """For a person, once Harbour cannot do it: where to delete it, and what to tell Harbour. `address`:
    with the post's address (the e-mail; the page links to it instead)."""
    publication = takedown.publication
    label = publication.channel.platform_entry.label
    where = f" (it is at {publication.url})" if publication.url and address else ""
    return (
        f"Delete the post in the {label} app yourself{where}, then choose 'Confirm taken down by hand' on "
        "this takedown's page in Harbour and say when you did it."
    )


# The task


@task()
def delete_post(takedown_id: int) -> dict:
    """Delete one takedown's post through the connector; a later try after a temporary error."""
    outcome, retry_at = delete(takedown_id)
    if retry_at is not None:
        enqueue_on_commit(delete_post.using(run_after=retry_at), takedown_id=takedown_id)
    return {"outcome": outcome, "retry_at": retry_at.isoformat() if retry_at else None}


@task()
def email_owners(takedown_id: int, what: str) -> int:
    """Tell the channel's owners that a takedown was opened ("opened") or that Harbour could not delete
    the post ("failed")."""
    takedown = _loaded(takedown_id)
    if takedown is None or takedown.state == TakedownState.DONE:
        return 0
    to = owner_emails(takedown)
    if to:
        _message(takedown, what, to).send()
    return len(to)


def _loaded(takedown_id: int) -> Takedown | None:
    return (
        Takedown.objects.select_related("publication__channel", "publication__post", "organisation")
        .filter(pk=takedown_id)
        .first()
    )


def delete(takedown_id: int, now=None):
    """(outcome, retry_at): deleted, gone, by hand, failed, reconnect, retry, taken, finished."""
    now = now or timezone.now()
    takedown = _loaded(takedown_id)
    if takedown is None or takedown.state not in WORKING:
        return "finished", None
    if ATTEMPTS.early(takedown, now):
        return "not yet", None  # an early delivery: the task for its time comes later
    seen = {"state": takedown.state, "attempts": takedown.attempts}
    attempts = takedown.attempts + 1
    holding = {"state": TakedownState.DELETING, "attempts": attempts}
    if not ATTEMPTS.hold(takedown, seen, holding):
        return "taken", None
    publication = takedown.publication
    channel = publication.channel
    if not deletable(takedown):
        _needs_hand(
            takedown,
            holding,
            f"{channel.platform_entry.label} does not let Harbour delete posts, so a person must.",
            tell=False,  # the owners were told so when it was opened
        )
        return "by hand", None
    from harbour.inbox.ingest import needs_reconnect  # the channel's own flow: flag it, tell managers

    def delete_it() -> str:
        connector = connector_for(channel)
        try:
            connector.delete(publication.platform_id)
        except AuthFailed:
            raise
        except ConnectorError as exc:
            if exc.permanent and _gone(connector, takedown):
                return "gone"
            raise
        return "deleted"

    tried = ATTEMPTS.attempt(
        takedown,
        holding,
        attempts,
        delete_it,
        give_up=lambda error: _needs_hand(takedown, holding, error),
        refused=lambda exc: _needs_hand(
            takedown,
            holding,
            f"{channel.platform_entry.label} refused Harbour's credential: {exc.message}. A manager must "
            "reconnect the channel; then choose 'Try deleting it again'.",
        ),
        reconnect=lambda message: needs_reconnect(channel, message),
    )
    if tried.outcome != "done":
        return tried.outcome, tried.retry_at
    if tried.result == "gone":
        _done(takedown, holding, note=f"It was no longer on {channel.platform_entry.label}.")
        return "gone", None
    _done(takedown, holding)
    return "deleted", None


def _gone(connector, takedown: Takedown) -> bool:
    """Whether the platform says the post is not there (asked by its key; an error in asking: not known)."""
    publication = takedown.publication
    request = PublishRequest(publication.post.text_for(publication.channel_id), key=publication.key)
    try:
        return connector.find_published(request, publication.created_at) is None
    except ConnectorError:
        return False


def _done(takedown: Takedown, holding: dict, note: str = "") -> bool:
    change = {
        "state": TakedownState.DONE,
        "done_at": timezone.now(),
        "how": BY_CONNECTOR,
        "error": "",
        "note": note,
    }

    def audit() -> None:
        detail = {"attempts": takedown.attempts, "channel": takedown.publication.channel_id}
        record("takedown.deleted", organisation=takedown.organisation, obj=takedown, detail=detail)

    return ATTEMPTS.change(takedown, holding, change, audit)


def _needs_hand(takedown: Takedown, holding: dict, error: str, *, tell: bool = True) -> bool:
    """Left for a person. `tell`: Harbour tried and failed, so the owners are e-mailed again (they were told
    when it was opened that Harbour was deleting it)."""
    change = ATTEMPTS.for_a_person(error)

    def audit() -> None:
        detail = {"attempts": takedown.attempts, "error": error[:500]}
        if tell:
            record("takedown.failed", organisation=takedown.organisation, obj=takedown, detail=detail)
            enqueue_on_commit(email_owners, takedown_id=takedown.pk, what="failed")
        else:
            record("takedown.needs_hand", organisation=takedown.organisation, obj=takedown, detail=detail)

    return ATTEMPTS.change(takedown, holding, change, audit)


# Who is told, and what


def owners_of(takedown: Takedown):
    """The channel's active owners; where it has none, the members who take down any post (managers)."""
    channel = takedown.publication.channel
    owners = channel.owners.filter(is_active=True, organisation_id=takedown.organisation_id)
    if owners.exists():
        return owners
    return Membership.objects.filter(organisation_id=takedown.organisation_id, is_active=True).able_to(
        Capability.TAKE_DOWN
    )


def owner_emails(takedown: Takedown) -> list[str]:
    return sorted({m.user.email for m in owners_of(takedown).select_related("user") if m.user.email})


def manager_emails(organisation_id: int) -> list[str]:
    managers = Membership.objects.filter(organisation_id=organisation_id, is_active=True).able_to(
        Capability.TAKE_DOWN
    )
    return sorted({m.user.email for m in managers.select_related("user") if m.user.email})


def link_to(takedown: Takedown) -> str:
    """The takedown's page: the site's own origin (the first of CSRF_TRUSTED_ORIGINS) when one is set."""
    path = reverse("consent:takedown", args=[takedown.pk])
    origins = settings.CSRF_TRUSTED_ORIGINS
    return f"{origins[0].rstrip('/')}{path}" if origins else path


def _message(takedown: Takedown, what: str, to: list[str]) -> EmailMessage:
    """Nothing about the person is in the e-mail: the channel, why, by when, and the link."""
    publication = takedown.publication
    channel = isolate(publication.channel.name)
    label = publication.channel.platform_entry.label
    why = takedown.get_reason_display().lower()
    due = timezone.localtime(takedown.due_by).strftime("%-d %B %Y, %H:%M")
    if what == "failed":
        subject = f"Harbour could not delete a post on {channel}: take it down by hand"
        body = (
            f"A post on {channel} ({label}) must come down ({why}), and Harbour could not delete it: "
            f"{takedown.error}\n\n{what_to_do(takedown)}\n\nIt must be down by {due}.\n\n{link_to(takedown)}\n"
        )
    elif deletable(takedown):
        subject = f"A post on {channel} is being taken down"
        body = (
            f"A post on {channel} ({label}) must come down ({why}). Harbour is deleting it now and will "
            f"e-mail you if it cannot.\n\nFollow it here: {link_to(takedown)}\n"
        )
    else:
        subject = f"Take down a post on {channel} by {due}"
        body = (
            f"A post on {channel} ({label}) must come down ({why}). {label} does not let Harbour delete "
            f"posts, so please do it yourself.\n\n{what_to_do(takedown)}\n\nIt must be down by {due}.\n\n"
            f"{link_to(takedown)}\n"
        )
    return EmailMessage(subject=subject, body=body + "\nNothing about the person is in this e-mail.\n", to=to)
