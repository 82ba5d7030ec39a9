"""Who is on a channel's rota when: is_monitored_now and on_rota, on the organisation's clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels.models import Status
from harbour.rota import services
from harbour.rota.models import Shift

LONDON = ZoneInfo("Europe/London")


def at(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=LONDON)


# Monday 7 December 2026 (GMT) and Monday 1 June 2026 (BST).
MONDAY_MORNING = at(2026, 12, 7, 10, 30)


@pytest.mark.parametrize(
    ("moment", "monitored"),
    [
        (at(2026, 12, 7, 9, 0), True),  # the shift's first minute
        (at(2026, 12, 7, 8, 59), False),
        (at(2026, 12, 7, 16, 59), True),
        (at(2026, 12, 7, 17, 0), False),  # the end is not covered
        (at(2026, 12, 5, 12, 0), False),  # Saturday
        (at(2026, 12, 6, 12, 0), False),  # Sunday
        (at(2026, 6, 1, 9, 30), True),  # summer time: 08:30 UTC is 09:30 on the clock
        (at(2026, 6, 1, 8, 30), False),
    ],
)
def test_is_monitored_now_reads_the_rota_on_the_organisations_clock(channel, rota, moment, monitored):
    assert services.is_monitored_now(channel, moment) is monitored


def test_is_monitored_now_takes_utc_times_too(channel, rota):
    # 09:30 BST is 08:30 UTC: the rota means the wall clock, not UTC.
    assert services.is_monitored_now(channel, datetime.datetime(2026, 6, 1, 8, 30, tzinfo=datetime.UTC))
    assert not services.is_monitored_now(channel, datetime.datetime(2026, 6, 1, 7, 30, tzinfo=datetime.UTC))


def test_on_rota_names_who_covers_the_moment(channel, rota, moderator):
    assert services.on_rota(channel, MONDAY_MORNING) == [moderator]
    assert services.on_rota(channel, at(2026, 12, 5, 12, 0)) == []


def test_a_shift_past_midnight_covers_the_next_morning(channel, manager, moderator):
    services.add_shifts(
        channel, member=moderator, days=[4], starts=datetime.time(22), ends=datetime.time(2), by=manager
    )
    assert services.is_monitored_now(channel, at(2026, 12, 11, 23, 0))  # Friday night
    assert services.is_monitored_now(channel, at(2026, 12, 12, 1, 30))  # Saturday, small hours
    assert not services.is_monitored_now(channel, at(2026, 12, 12, 2, 0))
    assert not services.is_monitored_now(channel, at(2026, 12, 11, 1, 0))  # Friday's small hours: Thursday's


def test_a_deactivated_moderator_covers_nothing(channel, rota, moderator):
    moderator.is_active = False
    moderator.save()
    assert not services.is_monitored_now(channel, MONDAY_MORNING)


def test_a_retired_channel_is_not_monitored(channel, rota):
    channel.status = Status.RETIRED
    channel.save()
    assert not services.is_monitored_now(channel, MONDAY_MORNING)


def test_a_channel_without_a_rota_is_not_monitored(channel):
    assert not services.is_monitored_now(channel, MONDAY_MORNING)
    assert services.on_rota(channel, MONDAY_MORNING) == []


def test_next_covered_is_the_next_shift_start(channel, rota):
    saturday = at(2026, 12, 5, 12, 0)
    assert services.next_covered(channel, saturday) == at(2026, 12, 7, 9, 0)
    assert services.next_covered(channel, at(2026, 12, 7, 18, 0)) == at(2026, 12, 8, 9, 0)


def test_adding_shifts_is_audited(channel, rota, manager, moderator):
    assert Shift.objects.filter(rota__channel=channel).count() == 5
    event = AuditEvent.objects.get(action="rota.changed")
    assert event.actor_id == manager.user_id
    assert event.detail["days"] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert event.detail["member"] == moderator.user.email


def test_only_a_manager_changes_the_rota(channel, moderator, dsl):
    for who in (moderator, dsl):
        with pytest.raises(NotAllowed):
            services.add_shifts(
                channel, member=moderator, days=[0], starts=datetime.time(9), ends=datetime.time(17), by=who
            )
    assert not Shift.objects.exists()


def test_a_manager_of_another_organisation_cannot_change_it(channel, moderator, outsider):
    with pytest.raises(NotAllowed):
        services.add_shifts(
            channel, member=moderator, days=[0], starts=datetime.time(9), ends=datetime.time(17), by=outsider
        )


def test_only_the_channels_moderators_and_owners_go_on_its_rota(channel, manager, dsl, author):
    # The safeguarding lead may moderate but is not one of this channel's moderators; an owner who is an
    # author may not moderate at all.
    channel.owners.add(author)
    for who in (dsl, author):
        with pytest.raises(NotAllowed, match="not one of this channel's moderators"):
            services.add_shifts(
                channel, member=who, days=[0], starts=datetime.time(9), ends=datetime.time(17), by=manager
            )
    channel.owners.add(manager)
    services.add_shifts(
        channel, member=manager, days=[5], starts=datetime.time(10), ends=datetime.time(12), by=manager
    )


def test_removing_a_shift_is_audited(channel, rota, manager):
    services.remove_shift(rota[0], by=manager)
    assert Shift.objects.filter(rota__channel=channel).count() == 4
    assert AuditEvent.objects.filter(action="rota.changed", detail__changed="shift removed").count() == 1
    assert not services.is_monitored_now(channel, MONDAY_MORNING)


def test_the_sign_off_time_defaults_to_8pm_and_a_manager_changes_it(channel, rota, manager, moderator):
    assert services.rota_of(channel).sign_off_by == datetime.time(20)
    with pytest.raises(NotAllowed):
        services.set_sign_off_by(channel, datetime.time(18), by=moderator)
    services.set_sign_off_by(channel, datetime.time(18), by=manager)
    assert services.rota_of(channel).sign_off_by == datetime.time(18)
    assert AuditEvent.objects.filter(action="rota.changed", detail__to="18:00").exists()


def test_someone_taken_off_the_channel_covers_nothing(channel, rota, moderator):
    channel.moderators.remove(moderator)
    assert not services.is_monitored_now(channel, MONDAY_MORNING)
    assert all(not shift.still_covers for day in services.week_of(channel) for shift in day["shifts"])


def test_someone_whose_role_no_longer_moderates_covers_nothing(channel, rota, moderator):
    moderator.role = "viewer"
    moderator.save()
    assert services.on_rota(channel, MONDAY_MORNING) == []
