"""Panels on the console home page: one list, like navigation.py. An app adds a line here with its
template, a function `(request) -> dict | None` giving that template's context, and the capability
(harbour/accounts/capabilities.py) a member needs to see it; None (or an empty dict) from the
function leaves the panel out, so a panel with nothing to say takes no space."""

from dataclasses import dataclass
from importlib import import_module

from django.template.loader import render_to_string

from harbour.accounts.capabilities import Capability


@dataclass(frozen=True)
class Panel:
    template: str
    context: str  # "module.path:function"
    capability: Capability | None = None  # None: every member


def overdue_privacy_reviews(request) -> dict | None:
    from harbour.channels.services import overdue_privacy_reviews as overdue

    channels = overdue(request.organisation)
    return {"channels": channels} if channels else None


def access_reviews(request) -> dict | None:
    """How many subject access requests wait for a safeguarding lead's review: a number, never whose."""
    from harbour.privacy.models import AccessState, SubjectAccessRequest

    count = SubjectAccessRequest.objects.filter(
        organisation=request.organisation, state=AccessState.LEAD_REVIEW
    ).count()
    return {"count": count} if count else None


PANELS: list[Panel] = [
    Panel("inbox/_attention.html", "harbour.inbox.pages:attention_panel", Capability.VIEW_INBOX),
    Panel(
        "channels/_overdue_reviews.html",
        "harbour.console.panels:overdue_privacy_reviews",
        Capability.MANAGE_CHANNELS,
    ),
    Panel("rota/_alerts_panel.html", "harbour.rota.views:alerts_panel", Capability.MANAGE_CHANNELS),
    Panel("rota/_sign_off_panel.html", "harbour.rota.views:sign_off_panel", Capability.MODERATE),
    Panel("rota/_on_now_panel.html", "harbour.rota.views:on_now_panel"),
    Panel(
        "safeguarding/_leads_panel.html",
        "harbour.safeguarding.alerts:leads_panel",
        Capability.HANDLE_CONCERNS,
    ),
    Panel(
        "console/_access_reviews_panel.html",
        "harbour.console.panels:access_reviews",
        Capability.HANDLE_CONCERNS,
    ),
    Panel("safeguarding/_counts.html", "harbour.safeguarding.counts:counts_panel", Capability.COUNT_CONCERNS),
    Panel(
        "moderation/_escalated_panel.html",
        "harbour.moderation.views:escalated_panel",
        Capability.HANDLE_CONCERNS,
    ),
    Panel(
        "consultation/complaint_panel.html",
        "harbour.consultation.complaint_views:complaints_panel",
        Capability.HANDLE_COMPLAINTS,
    ),
    Panel("audit/_recent_panel.html", "harbour.audit.views:recent_panel", Capability.READ_AUDIT),
    Panel("publishing/_work_panel.html", "harbour.publishing.views:work_panel", Capability.VIEW_PUBLISHING),
    # Every member: a channel's owners may have any role (the panel is empty for those who own none).
    Panel("consent/_takedowns_panel.html", "harbour.consent.takedown_views:takedowns_panel"),
    Panel(
        "publishing/_targets_panel.html",
        "harbour.publishing.targets:targets_panel",
        Capability.PROPOSE_CHANNELS,  # everyone who can own a channel: owners see theirs, managers all
    ),
]


def panels_for(request) -> list[str]:
    """Each panel the member's role may see, rendered (its template escapes what it shows)."""
    shown = []
    for panel in PANELS:
        if panel.capability is not None and not request.membership.can(panel.capability):
            continue
        module, _, name = panel.context.partition(":")
        context = getattr(import_module(module), name)(request)
        if context:
            shown.append(render_to_string(panel.template, context, request=request))
    return shown
