"""The concern page's young person and allegation panels (safeguarding/_young_person.html,
safeguarding/_allegation.html): `{% load safeguarding_people %}`, then `{% lado_timer concern as timer %}` and
`{% young_people_of_author concern as linked %}`."""

from django import template

from harbour.connectors.registry import label
from harbour.safeguarding import people

register = template.Library()


@register.simple_tag
def lado_timer(concern) -> people.LadoTimer | None:
    return people.lado_timer(concern)


@register.simple_tag(takes_context=True)
def young_people_of_author(context, concern) -> list:
    """The young people whose records link the platform author the concern is about, other than the one
    it is linked to: it is in their chronology already."""
    if concern.author_id is None:
        return []
    return list(
        people.young_people(context["membership"])
        .filter(authors=concern.author_id)
        .exclude(pk=concern.young_person_id or 0)
    )


@register.filter
def age_on(young_person, when) -> int | None:
    """The young person's age on a date or at a time (None without a date of birth)."""
    if young_person is None:
        return None
    day = when.date() if hasattr(when, "date") else when
    return people.age(young_person.date_of_birth, day)


@register.filter
def platform_label(platform: str) -> str:
    """What the platform registry calls a platform ("Bluesky"), or the stored value if it is not there."""
    return label(platform)


@register.filter
def duration(value) -> str:
    """A timedelta in days and hours, or hours and minutes under a day ("1 day 5 hours", "40 minutes")."""
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    said = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(said) or "less than a minute"
