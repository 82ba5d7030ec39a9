"""The console's navigation: one list, filtered by what the member's role can do (the capability
table, harbour/accounts/capabilities.py) and by which areas exist yet."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from harbour.accounts.capabilities import Capability


@dataclass(frozen=True)
class Area:
    label: str
    url_name: str
    capability: Capability | None = None  # None: every member


AREAS = [
    Area("Home", "console:home"),
    Area("Dashboard", "dashboard:index", Capability.VIEW_DASHBOARD),
    Area("Inbox", "inbox:index", Capability.VIEW_INBOX),
    Area("Saved replies", "replies:index", Capability.VIEW_INBOX),
    Area("Response times", "responses:index", Capability.VIEW_INBOX),
    Area("Rota", "rota:index"),
    Area("Safeguarding", "safeguarding:index", Capability.VIEW_SAFEGUARDING),
    Area("Publishing", "publishing:posts", Capability.VIEW_PUBLISHING),
    Area("Channels", "channels:index", Capability.VIEW_CHANNELS),
    Area("Planning", "planning:index", Capability.VIEW_CHANNELS),
    Area("Consent", "consent:index", Capability.VIEW_CONSENT),
    Area("Data protection", "privacy:index", Capability.HANDLE_DATA_REQUESTS),
    Area("Consultations", "consultation:index", Capability.VIEW_CONSULTATIONS),
    Area("Team", "accounts:team", Capability.MANAGE_TEAM),
    Area("Training", "accounts:training"),
    Area("Audit log", "audit:index", Capability.READ_AUDIT),
]


def areas_for(membership, current_path: str) -> list[dict]:
    if membership is None:
        return []
    items = []
    for area in AREAS:
        if area.capability is not None and not membership.can(area.capability):
            continue
        try:
            url = reverse(area.url_name)
        except NoReverseMatch:
            continue  # the area's app has not been built yet
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": area.label, "url": url, "active": active})
    return items
