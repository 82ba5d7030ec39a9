"""The rota pages: every member reads a channel's rota; a manager changes it through GOV.UK forms."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from harbour.rota.models import Rota, Shift


def test_a_manager_adds_a_shift_for_several_days(client_for, channel, manager, moderator):
    response = client_for(manager).post(
        reverse("rota:add_shift", args=[channel.pk]),
        {"member": moderator.pk, "days": ["5", "6"], "starts": "10:00", "ends": "14.30"},
    )
    assert response.status_code == 302
    shifts = Shift.objects.filter(rota__channel=channel)
    assert sorted(shifts.values_list("weekday", flat=True)) == [5, 6]
    assert {(s.starts, s.ends) for s in shifts} == {(datetime.time(10), datetime.time(14, 30))}


def test_the_form_says_what_to_fix(client_for, channel, manager, moderator):
    response = client_for(manager).post(
        reverse("rota:add_shift", args=[channel.pk]), {"member": moderator.pk, "starts": "9am", "ends": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose at least one day" in page
    assert "Enter a time like 09:00" in page
    assert "Enter the time the shift ends" in page
    assert not Shift.objects.exists()


def test_the_moderator_list_offers_only_the_channels_moderators(client_for, channel, manager, moderator, dsl):
    page = client_for(manager).get(reverse("rota:add_shift", args=[channel.pk])).content.decode()
    assert moderator.user.full_name in page
    assert dsl.user.full_name not in page
    response = client_for(manager).post(
        reverse("rota:add_shift", args=[channel.pk]),
        {"member": dsl.pk, "days": ["0"], "starts": "09:00", "ends": "17:00"},
    )
    assert "Choose who covers these hours" in response.content.decode()
    assert not Shift.objects.exists()


def test_every_member_reads_the_rota_and_only_a_manager_sees_how_to_change_it(
    client_for, channel, rota, manager, viewer, moderator
):
    for who in (viewer, moderator):
        page = client_for(who).get(reverse("rota:channel", args=[channel.pk])).content.decode()
        assert "09:00 to 17:00" in page and moderator.user.full_name in page
        assert reverse("rota:add_shift", args=[channel.pk]) not in page
        assert client_for(who).get(reverse("rota:add_shift", args=[channel.pk])).status_code == 403
    page = client_for(manager).get(reverse("rota:channel", args=[channel.pk])).content.decode()
    assert reverse("rota:add_shift", args=[channel.pk]) in page
    assert reverse("rota:remove_shift", args=[rota[0].pk]) in page
    index = client_for(viewer).get(reverse("rota:index")).content.decode()
    assert channel.name in index


def test_a_manager_removes_a_shift(client_for, channel, rota, manager, moderator):
    assert client_for(moderator).post(reverse("rota:remove_shift", args=[rota[0].pk])).status_code == 403
    response = client_for(manager).post(reverse("rota:remove_shift", args=[rota[0].pk]))
    assert response.status_code == 302
    assert Shift.objects.count() == 4


def test_a_manager_sets_the_sign_off_time(client_for, channel, manager):
    url = reverse("rota:sign_off_time", args=[channel.pk])
    assert 'value="20:00"' in client_for(manager).get(url).content.decode()
    assert (
        "Enter a time like 20:00" in client_for(manager).post(url, {"sign_off_by": "late"}).content.decode()
    )
    assert client_for(manager).post(url, {"sign_off_by": "18:30"}).status_code == 302
    assert Rota.objects.get(channel=channel).sign_off_by == datetime.time(18, 30)


def test_another_organisations_rota_is_not_found(client_for, channel, rota, outsider):
    assert client_for(outsider).get(reverse("rota:channel", args=[channel.pk])).status_code == 404
    assert client_for(outsider).post(reverse("rota:remove_shift", args=[rota[0].pk])).status_code == 404
    assert Shift.objects.count() == 5


def test_the_console_home_shows_every_member_who_is_on_the_rota_now(
    client_for, channel, rota, viewer, moderator
):
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        page = client_for(viewer).get(reverse("console:home")).content.decode()
    assert "On the rota now" in page
    assert moderator.user.full_name in page
    assert reverse("rota:index") in page
    with time_machine.travel(
        datetime.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        page = client_for(viewer).get(reverse("console:home")).content.decode()
    assert "Not monitored now" in page
