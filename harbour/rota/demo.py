"""The demo's rota for `harbour seed_demo`: the demo channels are covered on weekdays (the moderator in the
day, the manager in the early evening) and not at weekends, so their public disclaimers show "not
monitored now" on a Saturday; the last few weekdays are signed off, today is not, so the sign-off page
has work and, after 20:00, the manager gets an alert.

Made through the services with the demo's people, safe to run again (only a channel without shifts gets
them; a day already signed off is left).
"""

import datetime

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel, Status
from harbour.rota import services
from harbour.rota.models import SignOff

WEEKDAYS = [0, 1, 2, 3, 4]
DAYTIME = (datetime.time(9), datetime.time(17))
EVENING = (datetime.time(17), datetime.time(20))
SIGNED_OFF_DAYS = 5  # how far back the demo's history of sign-offs goes


def seed(organisation, members) -> None:
    manager, moderator = members[Role.MANAGER], members[Role.MODERATOR]
    channels = Channel.objects.for_org(organisation).filter(status=Status.ACTIVE)
    try:
        for channel in channels:
            if not services.has_rota(channel):
                for member, (starts, ends) in ((moderator, DAYTIME), (manager, EVENING)):
                    if services.eligible_moderators(channel).filter(pk=member.pk).exists():
                        services.add_shifts(
                            channel, member=member, days=WEEKDAYS, starts=starts, ends=ends, by=manager
                        )
            _sign_off_earlier_days(channel, moderator)
    except NotAllowed:
        # Someone using the demo changed a demo person's role: the rota stays as they left it.
        return


def _sign_off_earlier_days(channel, moderator) -> None:
    """The moderator signed off each of the last few weekdays at 16:45; today is left for the demo."""
    today = services.local().date()
    for back in range(1, SIGNED_OFF_DAYS + 1):
        day = today - datetime.timedelta(days=back)
        if day.weekday() not in WEEKDAYS or SignOff.objects.filter(channel=channel, day=day).exists():
            continue
        if not services.shifts_of(channel).filter(membership=moderator, weekday=day.weekday()).exists():
            continue
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 45)))
        services.sign_off(channel, by=moderator, at=at)
