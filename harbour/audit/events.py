"""What an audit event may say: its type, the keys of its detail, and the label of the object it is about.

Every type Harbour records is declared once here, as zulip declares its AuditLogEventType; record()
refuses any other, so a misspelt type fails in the first test that reaches it. The values are the strings
stored in `AuditEvent.action` since the first release: never change one (events already written keep it).
To add a type, add a member with its label, record it, and list it in docs/audit.md (a test compares).

An event must never carry what someone wrote: the text of an item, a message or, next, a safeguarding
concern. So the object's label comes from the model's own `audit_label()` (or is "Model #pk"), never from
str(obj); and a detail's keys come from DETAIL_KEYS, its values short plain data (check_detail).
"""

from django.db import models
from django.utils.text import capfirst


class AuditEventType(models.TextChoices):
    AUDIT_CHAIN_CHECKED = "audit.chain_checked", "Audit log checked"
    AUDIT_CHAIN_KEYED = "audit.chain_keyed", "Audit log sealed with a key"
    AUDIT_CHECKPOINT_DOWNLOADED = "audit.checkpoint_downloaded", "Audit checkpoint downloaded"
    AUDIT_CHECKPOINT_SENT = "audit.checkpoint_sent", "Audit checkpoint e-mailed"
    AUDIT_EXPORTED = "audit.exported", "Audit log downloaded"

    CHANNEL_PROPOSED = "channel.proposed", "Channel proposed"
    CHANNEL_UPDATED = "channel.updated", "Channel changed"
    CHANNEL_APPROVED = "channel.approved", "Channel approved"
    CHANNEL_REJECTED = "channel.rejected", "Channel rejected"
    CHANNEL_RESUBMITTED = "channel.resubmitted", "Channel resubmitted"
    CHANNEL_ACTIVATED = "channel.activated", "Channel activated"
    CHANNEL_RETIRED = "channel.retired", "Channel retired"
    CHANNEL_CREDENTIAL_SET = "channel.credential_set", "Channel credential added"
    CHANNEL_CREDENTIAL_REPLACED = "channel.credential_replaced", "Channel credential replaced"
    CHANNEL_PRIVACY_REVIEW_STARTED = "channel.privacy_review_started", "Privacy review started"
    CHANNEL_PRIVACY_CHECKS_RECORDED = "channel.privacy_checks_recorded", "Privacy checks recorded"
    CHANNEL_PRIVACY_REVIEW_COMPLETED = "channel.privacy_review_completed", "Privacy review completed"
    CHANNEL_PRIVACY_REMINDER_SENT = "channel.privacy_reminder_sent", "Privacy review reminder sent"
    CHANNEL_DISCLAIMER_PUBLISHED = "channel.disclaimer_published", "Disclaimer published"
    CHANNEL_DEMO_SEEDED = "channel.demo_seeded", "Demo channel created"
    CHANNEL_DEMO_DISCLAIMER_REFRESHED = "channel.demo_disclaimer_refreshed", "Demo disclaimer refreshed"
    CHANNEL_INGEST_FAILED = "channel.ingest_failed", "Channel fetching failed"
    CHANNEL_INGEST_RECOVERED = "channel.ingest_recovered", "Channel fetching recovered"
    CHANNEL_RECONNECT_NEEDED = "channel.reconnect_needed", "Channel needs reconnecting"
    CHANNEL_ITEMS_IMPORTED = "channel.items_imported", "Items imported from a file"
    CHANNEL_META_CONNECTED = "channel.meta_connected", "Channel connected to Meta"
    CHANNEL_META_CONNECT_REFUSED = "channel.meta_connect_refused", "Meta connection refused"
    CHANNEL_META_REMINDER_SENT = "channel.meta_reminder_sent", "Meta reconnect reminder sent"
    CHANNEL_READINESS_CONFIRMED = "channel.readiness_confirmed", "Readiness point confirmed"
    CHANNEL_READINESS_WITHDRAWN = "channel.readiness_withdrawn", "Readiness point withdrawn"
    CHANNEL_READINESS_REMINDER_SENT = "channel.readiness_reminder_sent", "Readiness reminder sent"
    CREDENTIALS_KEY_ROTATED = "credentials.key_rotated", "Credentials key rotated"
    PLANNING_PLAN_SAVED = "planning.plan_saved", "Engagement plan saved"
    PLANNING_RESOURCE_ADDED = "planning.resource_added", "Plan resource added"
    PLANNING_RESOURCE_REMOVED = "planning.resource_removed", "Plan resource removed"
    PLANNING_POLICY_ADDED = "planning.policy_added", "Policy added"
    PLANNING_POLICY_CHANGED = "planning.policy_changed", "Policy changed"
    PLANNING_POLICY_REMOVED = "planning.policy_removed", "Policy removed"

    CODE_OF_CONDUCT_CHANGED = "code_of_conduct.changed", "Code of conduct changed"
    CODE_OF_CONDUCT_ACKNOWLEDGED = "code_of_conduct.acknowledged", "Code of conduct acknowledged"
    COURSE_CREATED = "course.created", "Training course added"
    COURSE_CHANGED = "course.changed", "Training course changed"
    TRAINING_RECORDED = "training.recorded", "Training recorded"
    TRAINING_CHANGED = "training.changed", "Training record changed"
    TRAINING_VERIFIED = "training.verified", "Training verified"
    TRAINING_DELETED = "training.deleted", "Training record deleted"

    INBOX_ITEM_VIEWED = "inbox.item_viewed", "Inbox item viewed"
    INBOX_ITEM_REVIEWED = "inbox.item_reviewed", "Item marked done"
    MODERATION_ACTION_TAKEN = "moderation.action_taken", "Moderation action taken"
    MODERATION_ACTION_SENT = "moderation.action_sent", "Action done on the platform"
    MODERATION_ACTION_FAILED = "moderation.action_failed", "Action failed on the platform"
    # Discussion boards and their reports, problems and appeals (harbour/consultation/boards.py, complaints.py)
    CONSULTATION_BOARD_POST_RECEIVED = "consultation.board_post_received", "Board post received"
    CONSULTATION_COMPLAINT_RECEIVED = "consultation.complaint_received", "Complaint received"
    CONSULTATION_COMPLAINT_DECIDED = "consultation.complaint_decided", "Complaint decided"
    WEBHOOK_REFUSED = "webhook.refused", "Webhook delivery refused"
    ROTA_CHANGED = "rota.changed", "Moderation rota changed"
    ROTA_SIGNED_OFF = "rota.signed_off", "Day's queue signed off"
    ROTA_ALERT_RAISED = "rota.alert_raised", "Moderation alert raised"
    SAVED_REPLY_ADDED = "saved_reply.added", "Saved reply added"
    SAVED_REPLY_CHANGED = "saved_reply.changed", "Saved reply changed"
    SAVED_REPLY_RETIRED = "saved_reply.retired", "Saved reply retired"
    SAVED_REPLY_RESTORED = "saved_reply.restored", "Saved reply used again"
    SAVED_REPLY_STARTERS_ADDED = "saved_reply.starters_added", "Starter privacy advice added"
    TASKS_REQUEUED = "tasks.requeued", "Stuck tasks requeued"

    SAFEGUARDING_CONCERN_RAISED = "safeguarding.concern_raised", "Safeguarding concern raised"
    SAFEGUARDING_CONCERN_VIEWED = "safeguarding.concern_viewed", "Safeguarding concern opened"
    SAFEGUARDING_ENTRY_ADDED = "safeguarding.entry_added", "Safeguarding record added to"
    SAFEGUARDING_CONCERN_CLOSED = "safeguarding.concern_closed", "Safeguarding concern closed"
    SAFEGUARDING_CONCERN_REOPENED = "safeguarding.concern_reopened", "Safeguarding concern reopened"
    SAFEGUARDING_REFERRAL_RECORDED = "safeguarding.referral_recorded", "Referral recorded"
    SAFEGUARDING_REFERRAL_REFERENCE_ADDED = (
        "safeguarding.referral_reference_added",
        "Referral reference added",
    )
    SAFEGUARDING_EVIDENCE_ADDED = "safeguarding.evidence_added", "Evidence added to a concern"
    SAFEGUARDING_LEADS_ALERTED = "safeguarding.leads_alerted", "Concern: leads e-mailed"
    SAFEGUARDING_UNOPENED_ALERTED = "safeguarding.unopened_alerted", "Unopened concern escalated"
    SAFEGUARDING_MEDIA_OPENED = "safeguarding.media_opened", "Media opened on the platform"
    SAFEGUARDING_DESTINATION_ADDED = "safeguarding.destination_added", "Referral contact added"
    SAFEGUARDING_DESTINATION_CHANGED = "safeguarding.destination_changed", "Referral contact changed"
    SAFEGUARDING_DESTINATION_RETIRED = "safeguarding.destination_retired", "Referral contact retired"
    SAFEGUARDING_DESTINATION_RESTORED = "safeguarding.destination_restored", "Referral contact used again"
    SAFEGUARDING_DESTINATIONS_STARTERS_ADDED = (
        "safeguarding.destinations_starters_added",
        "Derby referral contacts added",
    )
    SAFEGUARDING_YOUNG_PERSON_ADDED = "safeguarding.young_person_added", "Young person's record added"
    SAFEGUARDING_YOUNG_PERSON_CHANGED = "safeguarding.young_person_changed", "Young person's record changed"
    SAFEGUARDING_YOUNG_PERSON_AUTHOR_LINKED = (
        "safeguarding.young_person_author_linked",
        "Young person account linked",
    )
    SAFEGUARDING_YOUNG_PERSON_AUTHOR_UNLINKED = (
        "safeguarding.young_person_author_unlinked",
        "Young person account unlinked",
    )
    SAFEGUARDING_CONCERN_YOUNG_PERSON_LINKED = (
        "safeguarding.concern_young_person_linked",
        "Concern linked to young person",
    )
    SAFEGUARDING_CHRONOLOGY_VIEWED = "safeguarding.chronology_viewed", "Chronology opened"
    SAFEGUARDING_RETENTION_RULE_SET = "safeguarding.retention_rule_set", "Concern retention rule set"
    SAFEGUARDING_HOLD_SET = "safeguarding.hold_set", "Concern put on legal hold"
    SAFEGUARDING_HOLD_LIFTED = "safeguarding.hold_lifted", "Concern's legal hold lifted"
    SAFEGUARDING_RETENTION_KEPT = "safeguarding.retention_kept", "Concern reviewed and kept"
    SAFEGUARDING_DESTROY_REQUESTED = "safeguarding.destroy_requested", "Concern: destroying asked for"
    SAFEGUARDING_CONCERN_DESTROYED = "safeguarding.concern_destroyed", "Concern destroyed after review"
    SAFEGUARDING_RETENTION_REVIEW_DUE = "safeguarding.retention_review_due", "Concerns due for review"

    PUBLISHING_POST_CREATED = "publishing.post_created", "Post drafted"
    PUBLISHING_POST_CHANGED = "publishing.post_changed", "Post changed"
    PUBLISHING_IMAGE_ADDED = "publishing.image_added", "Image or video added to post"
    PUBLISHING_IMAGE_CHANGED = "publishing.image_changed", "Post image's details changed"
    PUBLISHING_IMAGE_REMOVED = "publishing.image_removed", "Image or video taken off post"
    PUBLISHING_PERSON_TAGGED = "publishing.person_tagged", "Person tagged in a post"
    PUBLISHING_PERSON_UNTAGGED = "publishing.person_untagged", "Person untagged from a post"
    PUBLISHING_SUBMITTED = "publishing.submitted", "Post sent for proof reading"
    PUBLISHING_APPROVED = "publishing.approved", "Post approved"
    PUBLISHING_REJECTED = "publishing.rejected", "Post sent back by proof reader"
    PUBLISHING_SCHEDULED = "publishing.scheduled", "Post scheduled"
    PUBLISHING_RESCHEDULED = "publishing.rescheduled", "Post's time changed"
    PUBLISHING_SENT_BACK = "publishing.sent_back", "Post back to draft"
    PUBLISHING_PUBLISHED = "publishing.published", "Post published on a channel"
    PUBLISHING_FAILED = "publishing.failed", "Post failed on a channel"

    CONSENT_PERSON_ADDED = "consent.person_added", "Person added to register"
    CONSENT_PERSON_CHANGED = "consent.person_changed", "Person changed in register"
    CONSENT_GROUP_ADDED = "consent.group_added", "Group added to register"
    CONSENT_GUARDIAN_LINKED = "consent.guardian_linked", "Parent or carer linked"
    CONSENT_GUARDIAN_UNLINKED = "consent.guardian_unlinked", "Parent or carer unlinked"
    CONSENT_RECORDED = "consent.recorded", "Consent recorded"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent withdrawn"
    CONSENT_NEVER_PUBLISH_SET = "consent.never_publish_set", "Never-publish flag set"
    CONSENT_NEVER_PUBLISH_LIFTED = "consent.never_publish_lifted", "Never-publish flag lifted"
    CONSENT_SAFEGUARDING_LINKED = "consent.safeguarding_linked", "Safeguarding record link set"
    CONSENT_REQUEST_SENT = "consent.request_sent", "Consent request sent"
    CONSENT_REQUEST_RESENT = "consent.request_resent", "Consent request sent again"
    CONSENT_REQUEST_ANSWERED = "consent.request_answered", "Consent request answered"
    CONSENT_REQUEST_CANCELLED = "consent.request_cancelled", "Consent request cancelled"
    CONSENT_EVIDENCE_OPENED = "consent.evidence_opened", "Consent evidence opened"
    CONSENT_MEDIA_ADDED = "consent.media_added", "Added to media library"
    CONSENT_MEDIA_PREPARED = "consent.media_prepared", "Video prepared"
    CONSENT_MEDIA_FAILED = "consent.media_failed", "Video could not be prepared"
    CONSENT_MEDIA_CHANGED = "consent.media_changed", "Media library item changed"
    CONSENT_MEDIA_TAGGED = "consent.media_tagged", "Person tagged in media"
    CONSENT_MEDIA_UNTAGGED = "consent.media_untagged", "Person untagged from media"
    CONSENT_MEDIA_ARCHIVED = "consent.media_archived", "Media library item archived"
    TAKEDOWN_OPENED = "takedown.opened", "Takedown opened"
    TAKEDOWN_DELETED = "takedown.deleted", "Post deleted for a takedown"
    TAKEDOWN_NEEDS_HAND = "takedown.needs_hand", "Takedown left for a person"
    TAKEDOWN_FAILED = "takedown.failed", "Takedown delete failed"
    TAKEDOWN_RETRIED = "takedown.retried", "Takedown delete tried again"
    TAKEDOWN_CONFIRMED = "takedown.confirmed", "Takedown confirmed by hand"
    TAKEDOWN_OVERDUE = "takedown.overdue", "Takedown overdue"
    CONSENT_EXPIRED = "consent.expired", "Consent expired"

    CONSENT_PERSON_ERASED = "consent.person_erased", "Person erased on request"
    CONSULTATION_CREATED = "consultation.created", "Consultation created"
    CONSULTATION_CHANGED = "consultation.changed", "Consultation details changed"
    CONSULTATION_QUESTION_ADDED = "consultation.question_added", "Consultation question added"
    CONSULTATION_QUESTION_CHANGED = "consultation.question_changed", "Consultation question changed"
    CONSULTATION_QUESTION_MOVED = "consultation.question_moved", "Consultation question moved"
    CONSULTATION_QUESTION_REMOVED = "consultation.question_removed", "Consultation question removed"
    CONSULTATION_PUBLISHED = "consultation.published", "Consultation published"
    CONSULTATION_CLOSED = "consultation.closed", "Consultation closed"
    CONSULTATION_ANSWERS_DELETED = "consultation.answers_deleted", "Consultation's answers deleted"
    CONSULTATION_RESULTS_EXPORTED = "consultation.results_exported", "Consultation results exported"
    CONSULTATION_FEEDBACK_PUBLISHED = "consultation.feedback_published", "You said, we did: published"
    PRIVACY_RETENTION_RULE_SET = "privacy.retention_rule_set", "Retention rule set"
    PRIVACY_REVIEW_DUE = "privacy.review_due", "Records due for review"
    PRIVACY_RETENTION_KEPT = "privacy.retention_kept", "Record reviewed and kept"
    PRIVACY_RETENTION_DESTROYED = "privacy.retention_destroyed", "Record destroyed after review"
    PRIVACY_ACCESS_OPENED = "privacy.access_opened", "Subject access request opened"
    PRIVACY_ACCESS_WITHHELD = "privacy.access_withheld", "Subject access: item withheld"
    PRIVACY_ACCESS_RELEASED = "privacy.access_released", "Subject access: item released"
    PRIVACY_ACCESS_REVIEWED = "privacy.access_reviewed", "Subject access: lead reviewed"
    PRIVACY_ACCESS_EXPORTED = "privacy.access_exported", "Subject access export made"
    PRIVACY_ACCESS_CLOSED = "privacy.access_closed", "Subject access request closed"
    PRIVACY_ERASED = "privacy.erased", "Erasure request carried out"

    ORGANISATION_CREATED = "organisation.created", "Organisation created"
    ORGANISATION_SETTINGS_CHANGED = "organisation.settings_changed", "Organisation settings changed"
    ORGANISATION_SWITCHED = "organisation.switched", "Switched organisation"
    INVITATION_SENT = "invitation.sent", "Invitation sent"
    INVITATION_RESENT = "invitation.resent", "Invitation sent again"
    INVITATION_REVOKED = "invitation.revoked", "Invitation withdrawn"
    INVITATION_ACCEPTED = "invitation.accepted", "Invitation accepted"
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", "Member's role changed"
    MEMBERSHIP_DEACTIVATED = "membership.deactivated", "Member deactivated"

    SIGN_IN_PASSWORD_ACCEPTED = "sign_in.password_accepted", "Password accepted at sign-in"
    SIGN_IN_COMPLETED = "sign_in.completed", "Signed in"
    SIGN_IN_FAILED = "sign_in.failed", "Sign-in failed"
    SIGN_IN_LOCKED_OUT = "sign_in.locked_out", "Sign-in locked out"
    SIGN_IN_LOCK_LIFTED = "sign_in.lock_lifted", "Sign-in lock lifted"
    SIGN_OUT = "sign_out", "Signed out"
    SESSION_ENDED = "session.ended", "Session ended"
    SESSION_ENDED_OWN = "session.ended_own", "Own sessions ended"
    SESSION_ENDED_BY_MANAGER = "session.ended_by_manager", "Sessions ended by a manager"
    PASSWORD_CHANGED = "password.changed", "Password changed"
    PASSWORD_RESET = "password.reset", "Password reset"
    PASSWORD_RESET_REQUESTED = "password.reset_requested", "Password reset requested"
    TWO_FACTOR_ENROLLED = "two_factor.enrolled", "Two-factor sign-in set up"
    TWO_FACTOR_REPLACED = "two_factor.replaced", "Authenticator app replaced"
    TWO_FACTOR_BACKUP_CODES_REGENERATED = "two_factor.backup_codes_regenerated", "New backup codes made"
    TWO_FACTOR_ENROL_EMAIL_SENT = "two_factor.enrol_email_sent", "Two-factor set-up e-mail sent"
    TWO_FACTOR_FAILED = "two_factor.failed", "Wrong two-factor code"
    TWO_FACTOR_TOO_MANY_FAILURES = "two_factor.too_many_failures", "Too many two-factor failures"
    TWO_FACTOR_CONFIRMED = "two_factor.confirmed", "Confirm it's you: passed"
    TWO_FACTOR_CONFIRM_FAILED = "two_factor.confirm_failed", "Confirm it's you: wrong code"

    SECURITY_FORBIDDEN = "security.forbidden", "Refused: not allowed"
    SECURITY_OTHER_ORGANISATION = "security.other_organisation", "Refused: other organisation's"
    SECURITY_OTHER_CHANNEL = "security.other_channel", "Refused: other channel's item"
    SECURITY_OTHER_PERSON = "security.other_person", "Refused: other person's"
    SECURITY_RATE_LIMITED = "security.rate_limited", "Refused: too many attempts"
    SECURITY_REFUSALS_REPEATED = "security.refusals_repeated", "Refusals repeated"


# Types declared before the code that records them lands (the next issue's), which the test that every
# type is recorded somewhere lets through. Empty when nothing is waiting.
# Types no code records any more, kept because events already written carry them.
RESERVED: frozenset[AuditEventType] = frozenset(
    {AuditEventType.PUBLISHING_IMAGE_CHANGED}  # a post's own image's details: the media library's now
)


def event_types_table() -> str:
    """The Markdown table of docs/audit.md (`harbour audit event-types` prints it)."""
    rows = [f"| `{t.value}` | {t.label} |" for t in AuditEventType]
    return "\n".join(["| Type | Label |", "| --- | --- |", *rows]) + "\n"


def declared(action) -> AuditEventType:
    """The declared type named by `action` (a member or its string); ValueError for any other."""
    try:
        return AuditEventType(action)
    except ValueError:
        raise ValueError(
            f"{action!r} is not a declared audit event type: add it to AuditEventType in harbour/audit/events.py"
        ) from None


def label_of(action: str) -> str:
    """What the pages call a stored action. Every stored action is declared; anything else is shown as stored."""
    try:
        return AuditEventType(action).label
    except ValueError:
        return str(action)


# Every key a detail may have, with what the pages call it. A detail says what changed and how: numbers,
# choices, ids, the addresses involved, short notes staff wrote about a decision. It never holds what
# anyone posted or disclosed (an item's or a message's text, a concern): those stay in their own tables,
# where they can be restricted and erased, and the event points at them by id.
DETAIL_KEYS = {
    "account": "Account",
    "action": "Action",
    "addresses": "Addresses",
    "approved_own_proposal": "Approved own proposal",
    "attempts": "Attempts",
    "backup_codes_left": "Backup codes left",
    "basis": "Basis",
    "bytes": "Bytes",
    "cannot_fix": "Cannot fix",
    "changed": "Changed",
    "channel": "Channel",
    "channels": "Channels",
    "cleared": "Cleared",
    "closed": "Closed",
    "comments": "Comments",
    "complaints": "Complaints",
    "completed_on": "Completed on",
    "course": "Course",
    "credentials": "Credentials",
    "day": "Day",
    "days": "Days",
    "due": "Due",
    "email": "Email",
    "ends": "Ends",
    "error": "Error",
    "evidence": "Evidence",
    "expires": "Expires",
    "failing_since": "Failing since",
    "failures": "Failures",
    "file": "File",
    "filters": "Filters",
    "first": "First",
    "from": "From",
    "hash": "Hash",
    "hours": "Hours a week",
    "items": "Items",
    "key_id": "Key id",
    "kind": "Kind",
    "last": "Last",
    "limit": "Limit",
    "locked_out": "Locked out",
    "member": "Member",
    "method": "Method",
    "model": "Model",
    "name": "Name",
    "no_other_manager": "No other manager",
    "overdue": "Overdue",
    "password_reminder_days": "Password reminder days",
    "path": "Path",
    "paths": "Paths",
    "permissions": "Permissions",
    "person": "Person",
    "platform": "Platform",
    "point": "Point",
    "points": "Points",
    "posts": "Posts",
    "problems": "Problems",
    "publish_at": "Goes out at",
    "reading_age": "Reading age",
    "reading_age_target": "Reading age target",
    "reason": "Reason",
    "refusal": "Refusal",
    "repeated": "Repeated",
    "responses": "Responses",
    "result": "Result",
    "review": "Review",
    "revision": "Revision",
    "role": "Role",
    "rows": "Rows",
    "sent_to": "Sent to",
    "sessions": "Sessions",
    "severity": "Severity",
    "sha256": "SHA-256",
    "slug": "Slug",
    "source": "Source",
    "starts": "Starts",
    "status": "Status",
    "stored": "Stored",
    "tasks": "Tasks",
    "to": "To",
    "undo_of": "Undoes action",
    "unkeyed_events": "Unkeyed events",
    "until": "Until",
    "valid_months": "Valid months",
    "version": "Version",
    "was": "Was",
    "years": "Years",
    "years_after_birth": "Years after birth",
    "years_after_closing": "Years after closing",
    "young_person": "Young person",
}
# The longest text a detail value may be: a decision's comments (channels' COMMENTS). Longer is content.
DETAIL_TEXT_LIMIT = 2_000


def check_detail(detail: dict) -> None:
    """ValueError unless every key is declared and every value is short plain data."""
    if not isinstance(detail, dict):
        raise TypeError(f"an audit detail is a dict, not {type(detail).__name__}")
    undeclared = sorted(str(key) for key in detail if key not in DETAIL_KEYS)
    if undeclared:
        raise ValueError(
            f"audit detail keys {undeclared} are not declared: add them to DETAIL_KEYS in harbour/audit/events.py"
            " (a detail never carries what anyone wrote)"
        )
    for key, value in detail.items():
        _check_value(key, value)


def _check_value(key, value) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, str):
        if len(value) > DETAIL_TEXT_LIMIT:
            raise ValueError(f"audit detail {key!r} is {len(value)} characters: a detail holds no long text")
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_value(key, item)
        return
    if isinstance(value, dict):
        for name, item in value.items():
            _check_value(f"{key}.{name}", item)
        return
    raise ValueError(f"audit detail {key!r} is a {type(value).__name__}: give it as text, a number or a list")


def detail_label(key) -> str:
    return DETAIL_KEYS.get(key, str(key))


def object_label(obj) -> str:
    """The event's label for `obj`: its model's `audit_label()`, which names the thing (a channel's name, a
    member's e-mail) and never what anyone wrote in it; or "Model #pk" for a model without one."""
    method = getattr(obj, "audit_label", None)
    label = method() if callable(method) else f"{capfirst(obj._meta.verbose_name)} #{obj.pk}"
    return str(label)[:200]
