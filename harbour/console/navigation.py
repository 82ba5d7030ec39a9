"""The console's navigation: one list, filtered by the member's role and by which areas exist yet."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from harbour.accounts.models import Role

EVERYONE = tuple(Role.values)


@dataclass(frozen=True)
class Area:
    label: str
    url_name: str
    roles: tuple[str, ...] = EVERYONE


AREAS = [
    Area("Home", "console:home"),
    Area("Inbox", "inbox:index", (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.MODERATOR)),
    Area("Safeguarding", "safeguarding:index", (Role.SAFEGUARDING_LEAD, Role.MANAGER, Role.MODERATOR)),
    Area("Publishing", "publishing:index", (Role.MANAGER, Role.AUTHOR, Role.REVIEWER)),
    Area("Channels", "channels:index", (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.MODERATOR, Role.AUTHOR, Role.VIEWER)),
    Area("Consent", "consent:index", (Role.MANAGER, Role.AUTHOR, Role.REVIEWER, Role.SAFEGUARDING_LEAD)),
    Area("Consultations", "consultation:index", (Role.MANAGER, Role.AUTHOR, Role.MODERATOR)),
    Area("Team", "accounts:team", (Role.MANAGER,)),
    Area("Training", "accounts:training", EVERYONE),
    Area("Audit log", "audit:index", (Role.MANAGER, Role.SAFEGUARDING_LEAD)),
]


def areas_for(membership, current_path: str) -> list[dict]:
    if membership is None:
        return []
    items = []
    for area in AREAS:
        if membership.role not in area.roles:
            continue
        try:
            url = reverse(area.url_name)
        except NoReverseMatch:
            continue  # the area's app has not been built yet
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": area.label, "url": url, "active": active})
    return items
