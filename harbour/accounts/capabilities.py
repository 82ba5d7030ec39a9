"""Who may do what: the one table from capabilities to roles.

Views (`@member_required(Capability.X)`), services (`by.can(Capability.X)`), navigation, the home
page's panels and templates (`membership|can:"x"`) all ask this table; nothing else compares a
member's role. To let a role do something new, change its line here; to add a capability, add it to
`Capability` and give it a line (tests/accounts/test_capabilities.py fails on one without roles).
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    MANAGER = "manager", "Manager"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    DEPUTY_SAFEGUARDING_LEAD = "deputy_safeguarding_lead", "Deputy safeguarding lead"  # KCSIE's deputy DSL
    MODERATOR = "moderator", "Moderator"
    AUTHOR = "author", "Author"
    REVIEWER = "reviewer", "Reviewer (proof reader)"
    VIEWER = "viewer", "Viewer"


class Capability(StrEnum):
    # The names of the training requirements (TRAINING_FOR in access.py) where they overlap.
    MODERATE = "moderate"
    APPROVE = "approve"  # proof read and approve posts (never one's own)
    WRITE_POSTS = "write_posts"  # write drafts and submit them for proof reading
    HANDLE_CONCERNS = "handle_concerns"  # read and act on every safeguarding concern (harbour/safeguarding)
    RAISE_CONCERNS = "raise_concerns"  # raise a concern by hand, and see what became of one's own
    COUNT_CONCERNS = "count_concerns"  # the numbers by category, never a concern's content
    # The inbox
    VIEW_INBOX = "view_inbox"
    READ_EVERY_CHANNEL = "read_every_channel"  # the others read only the channels they own or moderate
    IMPORT_ITEMS = "import_items"
    # Channels
    VIEW_CHANNELS = "view_channels"
    PROPOSE_CHANNELS = "propose_channels"  # propose, own, change one's own proposal, review privacy settings
    BE_NAMED_MODERATOR = "be_named_moderator"  # named as one of a channel's moderators
    MANAGE_CHANNELS = "manage_channels"  # approve, activate, retire, credentials, disclaimers
    MANAGE_REPLIES = "manage_replies"  # the saved replies and privacy advice moderators use
    # The organisation
    MANAGE_TEAM = "manage_team"  # invitations, roles, deactivation, sign-in locks, other people's sessions
    MANAGE_TRAINING = "manage_training"  # courses, and recording and verifying everyone's training
    EDIT_ORGANISATION = "edit_organisation"  # settings and the code of conduct
    READ_AUDIT = "read_audit"
    CHECK_AUDIT = "check_audit"  # checkpoints and verifying the chain
    # Areas still to be built; the navigation shows them to these roles once their URLs exist.
    VIEW_SAFEGUARDING = "view_safeguarding"
    VIEW_PUBLISHING = "view_publishing"
    VIEW_CONSENT = "view_consent"
    # The consent and media register (harbour/consent)
    MANAGE_CONSENT = "manage_consent"  # record people, consents and requests; withdraw; the media library
    SET_NEVER_PUBLISH = "set_never_publish"  # set and lift never-publish flags, and read their reasons
    TAKE_DOWN = "take_down"  # every takedown (a channel's owners take down their own channel's posts)
    HANDLE_DATA_REQUESTS = "handle_data_requests"  # retention rules, subject access and erasure requests
    VIEW_CONSULTATIONS = "view_consultations"
    MANAGE_CONSULTATIONS = "manage_consultations"  # build, publish and close consultations
    HANDLE_COMPLAINTS = "handle_complaints"  # reports, problems and appeals from consultation pages
    VIEW_DASHBOARD = "view_dashboard"  # the dashboard: managers every figure, the leads the concern numbers


MANAGER, LEAD, MODERATOR = Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.MODERATOR
DEPUTY = Role.DEPUTY_SAFEGUARDING_LEAD  # everything the lead may do (tests/accounts/test_capabilities.py)
AUTHOR, REVIEWER, VIEWER = Role.AUTHOR, Role.REVIEWER, Role.VIEWER

ROLES_FOR: dict[Capability, frozenset[Role]] = {
    Capability.MODERATE: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR}),
    Capability.APPROVE: frozenset({MANAGER, REVIEWER}),
    Capability.WRITE_POSTS: frozenset({MANAGER, AUTHOR}),
    Capability.HANDLE_CONCERNS: frozenset({LEAD, DEPUTY}),
    Capability.RAISE_CONCERNS: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR, AUTHOR, REVIEWER, VIEWER}),
    Capability.COUNT_CONCERNS: frozenset({MANAGER, LEAD, DEPUTY}),
    Capability.VIEW_INBOX: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR}),
    Capability.READ_EVERY_CHANNEL: frozenset({MANAGER, LEAD, DEPUTY}),
    Capability.IMPORT_ITEMS: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR}),
    Capability.VIEW_CHANNELS: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR, AUTHOR, VIEWER}),
    Capability.PROPOSE_CHANNELS: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR, AUTHOR}),
    Capability.BE_NAMED_MODERATOR: frozenset({MANAGER, MODERATOR}),
    Capability.MANAGE_CHANNELS: frozenset({MANAGER}),
    Capability.MANAGE_REPLIES: frozenset({MANAGER}),
    Capability.MANAGE_TEAM: frozenset({MANAGER}),
    Capability.MANAGE_TRAINING: frozenset({MANAGER}),
    Capability.EDIT_ORGANISATION: frozenset({MANAGER}),
    Capability.READ_AUDIT: frozenset({MANAGER, LEAD, DEPUTY}),
    Capability.CHECK_AUDIT: frozenset({MANAGER}),
    # Everyone who can raise a concern: the leads see the concerns, everyone else their receipts.
    Capability.VIEW_SAFEGUARDING: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR, AUTHOR, REVIEWER, VIEWER}),
    Capability.VIEW_PUBLISHING: frozenset({MANAGER, AUTHOR, REVIEWER}),
    Capability.VIEW_CONSENT: frozenset({MANAGER, LEAD, DEPUTY, AUTHOR, REVIEWER}),
    Capability.VIEW_CONSULTATIONS: frozenset({MANAGER, AUTHOR, MODERATOR}),
    Capability.MANAGE_CONSULTATIONS: frozenset({MANAGER, AUTHOR}),
    Capability.HANDLE_COMPLAINTS: frozenset({MANAGER, LEAD, DEPUTY, MODERATOR}),
    Capability.VIEW_DASHBOARD: frozenset({MANAGER, LEAD, DEPUTY}),
    Capability.MANAGE_CONSENT: frozenset({MANAGER, LEAD, DEPUTY, AUTHOR}),
    Capability.SET_NEVER_PUBLISH: frozenset({MANAGER, LEAD, DEPUTY}),
    Capability.TAKE_DOWN: frozenset({MANAGER}),
    Capability.HANDLE_DATA_REQUESTS: frozenset({MANAGER}),
}


def role_can(role: str, capability: Capability) -> bool:
    return role in ROLES_FOR[Capability(capability)]


def roles_that_can(capability: Capability) -> frozenset[Role]:
    """For queries: `Membership.objects.able_to(capability)` filters on these."""
    return ROLES_FOR[Capability(capability)]


def capabilities_of(role: str) -> frozenset[Capability]:
    return frozenset(capability for capability, roles in ROLES_FOR.items() if role in roles)
