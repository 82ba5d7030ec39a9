"""Every change to a channel: one transaction each, with its audit event.

`by` is always the acting Membership; each service checks its organisation and capability
(harbour/accounts/capabilities.py) itself, even where the page hides the button, and raises NotAllowed.
"""

import hashlib
import re
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as date_format

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.channels import privacy, readiness
from harbour.channels.credentials import vault
from harbour.channels.models import (
    NOTE_NEEDED,
    SECRET,
    Channel,
    Credential,
    CredentialKind,
    DisclaimerVersion,
    Outcome,
    PrivacyCheck,
    PrivacyReview,
    Status,
)
from harbour.connectors.platform import Delivery
from harbour.lib.bidi import isolate
from harbour.lib.limits import too_long

CHANNEL_FIELDS = (
    "platform",
    "name",
    "handle",
    "display_name",
    "in_organisation_name",
    "config",
    "aims",
    "platform_minimum_age",
    "suitability",
    "audience_min_age",
    "audience_max_age",
    "response_hours",
    "moderation_hours",
    "checks_per_day",
    "contact_email",
    "contact_phone",
    "contact_url",
    "privacy_review_days",
    "posts_per_week",  # PUBLISHING_FIELDS: a manager's to set
    "approvals_needed",
)
# How often the channel should post and how many proof readers approve its posts (guidance 4.1): only a
# manager sets them, on the channel form (harbour/publishing/targets.py reads the first).
PUBLISHING_FIELDS = ("posts_per_week", "approvals_needed")
MOST_POSTS_PER_WEEK = 50


def _check_publishing(values: dict, *, by: Membership, current: dict) -> None:
    changed = [name for name in PUBLISHING_FIELDS if name in values and values[name] != current[name]]
    if changed and not by.can(Capability.MANAGE_CHANNELS):
        raise NotAllowed(
            "Only a manager can set a channel's posting target and how many proof readers approve its posts."
        )
    posts, approvals = values.get("posts_per_week", 0), values.get("approvals_needed", 1)
    if not (isinstance(posts, int) and 0 <= posts <= MOST_POSTS_PER_WEEK):
        raise NotAllowed(f"The posting target must be between 0 and {MOST_POSTS_PER_WEEK} posts a week.")
    if approvals not in (1, 2):
        raise NotAllowed("A channel's posts need one or two proof readers' approval.")


class NotReady(NotAllowed):
    """The channel cannot go active yet; `missing` lists what it still needs."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("This channel cannot go active yet: " + "; ".join(missing))


def _require_manager(by: Membership, channel: Channel, action: str):
    require(by, Capability.MANAGE_CHANNELS, channel.organisation_id, f"Only a manager can {action}.")


def _require_channel_role(by: Membership, organisation: Organisation, action: str):
    if by.organisation_id != organisation.pk:
        raise NotAllowed(f"You can only {action} channels for your own organisation.")
    if not by.can(Capability.PROPOSE_CHANNELS):
        raise NotAllowed(f"A {by.get_role_display().lower()} cannot {action} channels.")


def _check_people(organisation: Organisation, owners, moderators):
    for member in [*owners, *moderators]:
        if member.organisation_id != organisation.pk:
            raise NotAllowed("Owners and moderators must be members of this organisation.")
    for member in owners:
        if not member.can(Capability.PROPOSE_CHANNELS):
            raise NotAllowed(f"{isolate(member.user)} cannot own a channel: a viewer only looks.")
    for member in moderators:
        if not member.can(Capability.BE_NAMED_MODERATOR):
            raise NotAllowed(
                f"{isolate(member.user)} cannot moderate: only moderators and managers can be named."
            )


def _check_length(model, name: str, value) -> None:
    if problem := too_long(model, name, value):
        raise NotAllowed(problem)


def _check_values(values: dict):
    for name in CHANNEL_FIELDS:
        _check_length(Channel, name, values.get(name))
    server_url = (values.get("config") or {}).get("server_url", "")
    if len(server_url) > 200:
        raise NotAllowed("The Mastodon server address must be 200 characters or fewer.")
    if not values.get("in_organisation_name"):
        raise NotAllowed("A channel must be an account in the organisation's name, not a personal account.")
    if values["audience_min_age"] > values["audience_max_age"]:
        raise NotAllowed("The youngest age in the audience must not be more than the oldest.")
    minimum = values.get("platform_minimum_age")
    if minimum is not None and values["audience_min_age"] < minimum:
        raise NotAllowed(
            f"The platform's minimum age is {minimum}, so it is not suitable for an audience from "
            f"{values['audience_min_age']}."
        )
    if values["checks_per_day"] < 1:
        raise NotAllowed("A channel must be moderated at least once a day.")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def personal_account_of(organisation: Organisation, display_name: str, handle: str) -> str | None:
    """The member whose own full name the account carries, if any: the sign of a personal account."""
    carried = _letters(display_name) + " " + _letters(handle)
    for member in Membership.objects.active().for_org(organisation).select_related("user"):
        name = member.user.full_name
        if len(name.split()) >= 2 and _letters(name) in carried:
            return name
    return None


def _check_not_personal(organisation: Organisation, values: dict):
    person = personal_account_of(organisation, values.get("display_name", ""), values.get("handle", ""))
    if person:
        raise NotAllowed(
            f"This looks like {isolate(person)}'s own account. A channel must be an account in the organisation's "
            "name, not a member of staff's."
        )


@transaction.atomic(durable=True)
def propose_channel(
    organisation: Organisation, values: dict, *, owners, moderators, by: Membership
) -> Channel:
    _require_channel_role(by, organisation, "propose")
    _check_values(values)
    defaults = {name: Channel._meta.get_field(name).default for name in PUBLISHING_FIELDS}
    _check_publishing(values, by=by, current=defaults)
    _check_not_personal(organisation, values)
    _check_people(organisation, owners, moderators)
    channel = Channel.objects.create(
        organisation=organisation,
        status=Status.PROPOSED,
        proposed_by=by.user,
        proposed_at=timezone.now(),
        **{name: values[name] for name in CHANNEL_FIELDS if name in values},
    )
    channel.owners.set(owners)
    channel.moderators.set(moderators)
    record("channel.proposed", by=by.user, obj=channel, detail={"platform": channel.platform})
    return channel


@transaction.atomic(durable=True)
def update_channel(channel: Channel, values: dict, *, owners, moderators, by: Membership) -> Channel:
    _require_channel_role(by, channel.organisation, "change")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)  # compare with what is stored
    if not channel.is_editable:
        raise NotAllowed("A retired channel cannot be changed.")
    merged = {name: getattr(channel, name) for name in CHANNEL_FIELDS} | values
    merged["platform"] = channel.platform  # a channel never moves platform: propose a new one
    _check_values(merged)
    _check_publishing(merged, by=by, current={name: getattr(channel, name) for name in PUBLISHING_FIELDS})
    _check_not_personal(channel.organisation, merged)
    _check_people(channel.organisation, owners, moderators)
    if channel.status == Status.ACTIVE and not moderators:
        raise NotAllowed("An active channel needs at least one named moderator.")
    changed = sorted(name for name in CHANNEL_FIELDS if getattr(channel, name) != merged[name])
    for name in CHANNEL_FIELDS:
        setattr(channel, name, merged[name])
    channel.save()
    if set(channel.owners.all()) != set(owners):
        changed.append("owners")
        channel.owners.set(owners)
    if set(channel.moderators.all()) != set(moderators):
        changed.append("moderators")
        channel.moderators.set(moderators)
    if changed:
        record("channel.updated", by=by.user, obj=channel, detail={"changed": changed})
    return channel


def other_managers(channel: Channel, user):
    return (
        Membership.objects.active()
        .for_org(channel.organisation)
        .able_to(Capability.MANAGE_CHANNELS)
        .exclude(user=user)
    )


def proposer_ids(channel: Channel) -> set[int]:
    """Everyone who proposed the channel, first or again: a manager who proposes again replaces
    `proposed_by`, but the person who first proposed it is still its proposer."""
    ids = set(
        AuditEvent.objects.for_org(channel.organisation)
        .filter(
            object_type=Channel._meta.label_lower,
            object_id=str(channel.pk),
            action__in=("channel.proposed", "channel.resubmitted"),
            actor__isnull=False,
        )
        .values_list("actor_id", flat=True)
    )
    if channel.proposed_by_id:
        ids.add(channel.proposed_by_id)
    return ids


def must_leave_approval_to_another(channel: Channel, member: Membership) -> bool:
    """Guidance 3.3: a channel is agreed by the management structure, so a manager who proposed it
    leaves the approval to another active manager, where the organisation has one."""
    return member.user_id in proposer_ids(channel) and other_managers(channel, member.user).exists()


@transaction.atomic(durable=True)
def approve_channel(channel: Channel, *, by: Membership, comments: str = "") -> Channel:
    _require_manager(by, channel, "approve a channel")
    if channel.status != Status.PROPOSED:
        raise NotAllowed(
            f"Only a proposed channel can be approved; this one is {channel.get_status_display()}."
        )
    _check_length(Channel, "decision_comments", comments)
    own = by.user_id in proposer_ids(channel)
    if own and other_managers(channel, by.user).exists():
        # Guidance 3.3: agreed by the management structure, so another manager where there is one.
        raise NotAllowed("Another manager must approve this channel, because you proposed it.")
    detail = {"comments": comments, "approved_own_proposal": own}
    if own:
        detail["no_other_manager"] = True  # the organisation's only active manager approved their own
    channel.status = Status.APPROVED
    channel.decided_by = by.user
    channel.decided_at = timezone.now()
    channel.decision_comments = comments
    channel.save(update_fields=["status", "decided_by", "decided_at", "decision_comments"])
    record("channel.approved", by=by.user, obj=channel, detail=detail)
    return channel


@transaction.atomic(durable=True)
def reject_channel(channel: Channel, *, by: Membership, comments: str) -> Channel:
    _require_manager(by, channel, "reject a channel")
    if channel.status != Status.PROPOSED:
        raise NotAllowed(
            f"Only a proposed channel can be rejected; this one is {channel.get_status_display()}."
        )
    if not comments.strip():
        raise NotAllowed("Say why the channel is rejected, so the proposer can change it.")
    _check_length(Channel, "decision_comments", comments)
    channel.status = Status.REJECTED
    channel.decided_by = by.user
    channel.decided_at = timezone.now()
    channel.decision_comments = comments
    channel.save(update_fields=["status", "decided_by", "decided_at", "decision_comments"])
    record("channel.rejected", by=by.user, obj=channel, detail={"comments": comments})
    return channel


@transaction.atomic(durable=True)
def resubmit_channel(channel: Channel, *, by: Membership) -> Channel:
    _require_channel_role(by, channel.organisation, "propose")
    if channel.status != Status.REJECTED:
        raise NotAllowed("Only a rejected channel can be proposed again.")
    if not by.can(Capability.MANAGE_CHANNELS) and by.user_id != channel.proposed_by_id:
        raise NotAllowed("Only the proposer or a manager can propose this channel again.")
    channel.status = Status.PROPOSED
    channel.proposed_by = by.user
    channel.proposed_at = timezone.now()
    channel.save(update_fields=["status", "proposed_by", "proposed_at"])
    record("channel.resubmitted", by=by.user, obj=channel)
    return channel


def allowed_actions(channel: Channel, member: Membership) -> dict[str, bool]:
    """Which actions to offer this member on this channel; the services check again when asked."""
    manager = member.organisation_id == channel.organisation_id and member.can(Capability.MANAGE_CHANNELS)
    proposer = channel.proposed_by_id == member.user_id
    status = channel.status
    leave_to_another = (
        manager and status == Status.PROPOSED and must_leave_approval_to_another(channel, member)
    )
    return {
        "edit": channel.is_editable
        and (manager or (proposer and status in (Status.PROPOSED, Status.REJECTED))),
        "decide": manager and status == Status.PROPOSED and not leave_to_another,
        # shown instead of the decision, with why (detail.html, decide.html)
        "decide_own": leave_to_another,
        "activate": manager and status == Status.APPROVED,
        "retire": manager and status != Status.RETIRED,
        "resubmit": status == Status.REJECTED and (manager or proposer),
        "credentials": manager and bool(channel.platform_entry.credential_kinds),
        "disclaimer": manager and channel.is_editable,
        "review_privacy": channel.is_editable and can_review_privacy(channel, member),
        "import_items": channel.platform_entry.delivery == Delivery.UPLOADED
        and status == Status.ACTIVE
        and member.can(Capability.IMPORT_ITEMS),
    }


def activation_gaps(channel: Channel) -> list[str]:
    """What the channel still needs before it can go active, in words; empty when it is ready."""
    gaps = []
    if channel.status != Status.APPROVED:
        gaps.append("A manager must approve the channel")
    moderators = channel.moderators.active().able_to(Capability.BE_NAMED_MODERATOR)
    if not moderators.exists():
        gaps.append("Name at least one moderator")
    people = {m.user_id for m in channel.owners.active()} | {m.user_id for m in moderators}
    if len(people) < 2:
        gaps.append(
            "Name at least two people between the owners and moderators, so it is not one person's job"
        )
    if channel.current_disclaimer_id is None:
        gaps.append("Publish a disclaimer")
    if channel.last_completed_review() is None:
        gaps.append("Complete the privacy-settings checklist")
    if checklist := readiness.gap(channel):
        gaps.append(checklist)
    have = set(channel.credentials.values_list("kind", flat=True))
    for kind in channel.platform_entry.credential_kinds:
        if kind not in have:
            gaps.append(f"Enter the account's {Credential(kind=kind).get_kind_display().lower()}")
    return gaps


@transaction.atomic(durable=True)
def activate_channel(channel: Channel, *, by: Membership) -> Channel:
    _require_manager(by, channel, "make a channel active")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    missing = activation_gaps(channel)
    if missing:
        raise NotReady(missing)
    channel.status = Status.ACTIVE
    channel.activated_at = timezone.now()
    if channel.platform_entry.starts_when_active and "started_at" not in channel.config:
        # The demonstration feed plays out from the moment the channel goes active.
        channel.config = {**channel.config, "started_at": channel.activated_at.isoformat()}
    channel.save(update_fields=["status", "activated_at", "config"])
    record("channel.activated", by=by.user, obj=channel)
    return channel


@transaction.atomic(durable=True)
def retire_channel(channel: Channel, *, by: Membership, reason: str) -> Channel:
    _require_manager(by, channel, "retire a channel")
    if channel.status == Status.RETIRED:
        raise NotAllowed("This channel is already retired.")
    if not reason.strip():
        raise NotAllowed("Say why the channel is being retired.")
    _check_length(Channel, "retired_reason", reason)
    previous = channel.status
    channel.status = Status.RETIRED
    channel.retired_at = timezone.now()
    channel.retired_reason = reason
    channel.save(update_fields=["status", "retired_at", "retired_reason"])
    record("channel.retired", by=by.user, obj=channel, detail={"reason": reason, "was": previous})
    return channel


# Credentials (docs/security.md H1): the plaintext goes straight into the vault and is never kept or logged.


@transaction.atomic(durable=True)
def set_credential(channel: Channel, kind: str, secret: str, *, by: Membership) -> Credential:
    _require_manager(by, channel, "enter a channel's credentials")
    if not channel.is_editable:
        raise NotAllowed("A retired channel's credentials cannot be changed.")
    if kind not in channel.platform_entry.credential_kinds:
        raise NotAllowed("This kind of credential is not used on this platform.")
    if not secret:
        raise NotAllowed("Enter the credential.")
    if len(secret) > SECRET:
        raise NotAllowed(f"The credential must be {SECRET:,} characters or fewer.")
    ciphertext = vault().encrypt(secret)
    credential = Credential.objects.select_for_update().filter(channel=channel, kind=kind).first()
    now = timezone.now()
    if credential is None:
        credential = Credential.objects.create(
            organisation=channel.organisation,
            channel=channel,
            kind=kind,
            ciphertext=ciphertext,
            created_by=by.user,
            created_at=now,
        )
        record("channel.credential_set", by=by.user, obj=channel, detail={"kind": kind})
    else:
        credential.ciphertext = ciphertext
        credential.rotated_by = by.user
        credential.rotated_at = now
        credential.save(update_fields=["ciphertext", "rotated_by", "rotated_at"])
        record("channel.credential_replaced", by=by.user, obj=channel, detail={"kind": kind})
    # A new secret ends any session signed in with the old one (it may be why the secret was replaced).
    Credential.objects.filter(channel=channel, kind=CredentialKind.SESSION).delete()
    if channel.reconnect_needed:
        channel.reconnect_needed = False
        channel.save(update_fields=["reconnect_needed"])
    return credential


@transaction.atomic(durable=True)
def reencrypt_credentials() -> int:
    """Re-encrypt every stored credential under the first configured key; returns how many."""
    count = 0
    box = vault()
    for credential in Credential.objects.select_for_update().order_by("pk"):
        credential.ciphertext = box.rotate(credential.ciphertext)
        credential.save(update_fields=["ciphertext"])
        count += 1
    record("credentials.key_rotated", detail={"credentials": count})
    return count


# Privacy-settings reviews (guidance 3.4).


def can_review_privacy(channel: Channel, member: Membership) -> bool:
    if member.organisation_id != channel.organisation_id or not member.can(Capability.PROPOSE_CHANNELS):
        return False
    if member.can(Capability.MANAGE_CHANNELS):
        return True
    return channel.owners.filter(pk=member.pk).exists() or channel.moderators.filter(pk=member.pk).exists()


@transaction.atomic(durable=True)
def start_privacy_review(channel: Channel, *, by: Membership) -> PrivacyReview:
    """A new review with the platform's checklist, or the one already open."""
    if not can_review_privacy(channel, by):
        raise NotAllowed(
            "Only a manager or one of the channel's owners or moderators can review its settings."
        )
    if not channel.is_editable:
        raise NotAllowed("A retired channel is not reviewed.")
    open_review = channel.privacy_reviews.filter(completed_at__isnull=True).first()
    if open_review is not None:
        return open_review
    review = PrivacyReview.objects.create(
        organisation=channel.organisation, channel=channel, started_by=by.user
    )
    PrivacyCheck.objects.bulk_create(
        PrivacyCheck(review=review, item=item.key, label=item.label, position=position)
        for position, item in enumerate(privacy.checklist(channel.platform))
    )
    record("channel.privacy_review_started", by=by.user, obj=channel, detail={"review": review.pk})
    return review


@transaction.atomic(durable=True)
def record_privacy_checks(
    review: PrivacyReview, answers: dict[str, tuple[str, str]], *, by: Membership
) -> PrivacyReview:
    """Record outcomes and notes by item key; the review completes when every item has an outcome.

    Each item keeps who checked it: a later answer from someone else replaces the earlier one.
    """
    if not can_review_privacy(review.channel, by):
        raise NotAllowed(
            "Only a manager or one of the channel's owners or moderators can review its settings."
        )
    if review.is_complete:
        raise NotAllowed("This review is complete; start a new one to check the settings again.")
    now = timezone.now()
    changed = []
    for check in review.checks.select_for_update():
        if check.item not in answers:
            continue
        outcome, notes = answers[check.item]
        if outcome and outcome not in Outcome.values:
            raise NotAllowed(f"Choose an outcome for '{check.label}'.")
        if outcome in NOTE_NEEDED and not notes.strip():
            raise NotAllowed(NOTE_NEEDED[outcome].format(label=check.label) + ".")
        most = PrivacyCheck._meta.get_field("notes").max_length
        if len(notes) > most:
            raise NotAllowed(f"The notes on '{check.label}' must be {most:,} characters or fewer.")
        if (outcome, notes) == (check.outcome, check.notes):
            continue
        check.outcome, check.notes = outcome, notes
        check.checked_by, check.checked_at = (by.user, now) if outcome else (None, None)
        check.save(update_fields=["outcome", "notes", "checked_by", "checked_at"])
        changed.append(check.item)
    if changed:
        problems = [item for item in changed if answers[item][0] == Outcome.CANNOT_FIX]
        record(
            "channel.privacy_checks_recorded",
            by=by.user,
            obj=review.channel,
            detail={"review": review.pk, "items": changed, "cannot_fix": problems},
        )
    if not review.checks.filter(outcome="").exists():
        review.completed_at = now
        review.save(update_fields=["completed_at"])
        record(
            "channel.privacy_review_completed", by=by.user, obj=review.channel, detail={"review": review.pk}
        )
    return review


REMIND_BEFORE = timedelta(days=7)
REMIND_EVERY = timedelta(days=7)


def privacy_reminder_due(channel: Channel, now) -> bool:
    """Remind a week before the review is due, again when it falls due, then weekly while overdue."""
    due = channel.privacy_review_due()
    last = channel.last_privacy_reminder_at
    if due is not None and due - now > REMIND_BEFORE:
        return False
    if last is None:
        return True
    if due is not None and due > now:
        return last < due - REMIND_BEFORE  # not yet reminded for this review
    return (due is not None and last < due) or now - last >= REMIND_EVERY


def _reminder_recipients(channel: Channel) -> list[str]:
    owners = channel.owners.active().select_related("user")
    people = owners or Membership.objects.active().for_org(channel.organisation).able_to(
        Capability.MANAGE_CHANNELS
    )
    return sorted({member.user.email for member in people.select_related("user")})


def _reminder(channel: Channel, now, *, sent_at: str, subject: str, body: str) -> EmailMessage:
    """A reminder about the channel to its owners (its managers if it has none), noted in the channel's
    `sent_at` field. The caller audits it, then sends it last, inside its transaction: if the mail server
    refuses, nothing is recorded and tomorrow tries again."""
    setattr(channel, sent_at, now)
    channel.save(update_fields=[sent_at])
    return EmailMessage(subject=subject, body=body, to=_reminder_recipients(channel))


@transaction.atomic(durable=True)
def remind_privacy_review(channel: Channel, *, now=None) -> list[str]:
    """Email the channel's owners (its managers if it has none) that its privacy review is due."""
    now = now or timezone.now()
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.status != Status.ACTIVE or not privacy_reminder_due(channel, now):
        return []
    due = channel.privacy_review_due()
    if due is None or due <= now:
        when = "is overdue"
    else:
        when = f"is due on {date_format(timezone.localtime(due), 'j F Y')}"
    message = _reminder(
        channel,
        now,
        sent_at="last_privacy_reminder_at",
        subject=f"Privacy settings review {when}: {isolate(channel.name)}",
        body=(
            f"The privacy and safety settings of {isolate(channel.name)} ({channel.get_platform_display()}) "
            f"{when}.\n\nPlatforms change their settings often, so Harbour asks for a check every "
            f"{channel.privacy_review_days} days. Sign in to Harbour, open Channels, choose {isolate(channel.name)} "
            "and start a privacy-settings review.\n"
        ),
    )
    record(
        "channel.privacy_reminder_sent", obj=channel, detail={"to": message.to, "overdue": "overdue" in when}
    )
    message.send()
    return message.to


@transaction.atomic(durable=True)
def remind_readiness(channel: Channel, *, now=None) -> list[str]:
    """Email the owners (its managers if it has none) of an active channel whose readiness checklist has a
    point missing, or due to be confirmed again within REMIND_BEFORE: at once, then every REMIND_EVERY while
    it stays so. A stale point does not take the channel off the air; this keeps the guidance's points true
    while it runs. Audited."""
    now = now or timezone.now()
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.status != Status.ACTIVE:
        return []
    soon = readiness.readiness(channel, timezone.localdate(now + REMIND_BEFORE))
    last = channel.last_readiness_reminder_at
    if soon.complete or (last is not None and now - last < REMIND_EVERY):
        return []
    current = {
        state.point.key: state for state in readiness.readiness(channel, timezone.localdate(now)).points
    }
    lines = []
    for state in soon.points:
        if state.done:
            continue
        was = current[state.point.key]
        if was.done and was.due is not None:
            lines.append(f"- {state.point.label}: confirm again by {date_format(was.due, 'j F Y')}")
        else:
            lines.append(f"- {state.point.label}: missing now")
    overdue = any(line.endswith("missing now") for line in lines)
    message = _reminder(
        channel,
        now,
        sent_at="last_readiness_reminder_at",
        subject=f"Readiness checklist {'incomplete' if overdue else 'due soon'}: {isolate(channel.name)}",
        body=(
            f"{isolate(channel.name)} ({channel.get_platform_display()}) is active, and its readiness checklist "
            f"(the guidance's Points to Consider) needs attention:\n\n"
            + "\n".join(lines)
            + "\n\nThe channel stays on the air. Sign in to Harbour, open Channels, choose "
            f"{isolate(channel.name)} and its readiness checklist, and confirm each point again, or update the "
            "engagement plan or policies it is read from.\n"
        ),
    )
    points = [state.point.key for state in soon.points if not state.done]
    record(
        "channel.readiness_reminder_sent",
        obj=channel,
        detail={"to": message.to, "points": points, "overdue": overdue},
    )
    message.send()
    return message.to


def overdue_privacy_reviews(organisation: Organisation, now=None) -> list[Channel]:
    """Active channels whose privacy-settings review is due or overdue."""
    channels = Channel.objects.for_org(organisation).live().with_review_dates()
    return [channel for channel in channels if channel.privacy_review_overdue(now)]


# Disclaimers (guidance 3.5).


@transaction.atomic(durable=True)
def publish_disclaimer(channel: Channel, text: str, *, by: Membership) -> DisclaimerVersion:
    _require_manager(by, channel, "publish a disclaimer")
    if not channel.is_editable:
        raise NotAllowed("A retired channel's disclaimer cannot be changed.")
    if not text.strip():
        raise NotAllowed("Enter the disclaimer's text.")
    _check_length(DisclaimerVersion, "text", text)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    number = (channel.disclaimers.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DisclaimerVersion.objects.create(
        organisation=channel.organisation, channel=channel, number=number, text=text, published_by=by.user
    )
    channel.current_disclaimer = version
    channel.save(update_fields=["current_disclaimer"])
    record(
        "channel.disclaimer_published",
        by=by.user,
        obj=channel,
        detail={"version": number, "sha256": hashlib.sha256(text.encode()).hexdigest()},
    )
    return version
