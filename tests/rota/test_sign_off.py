"""The daily sign-off: a moderator on today's rota confirms each channel's queue was reviewed, with what
still needed action recorded."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.inbox.models import ItemStatus
from harbour.rota import services
from harbour.rota.models import SignOff
from tests.cast import active_channel, give_training, make_item, make_member

LONDON = ZoneInfo("Europe/London")
MONDAY_AFTERNOON = datetime.datetime(2026, 12, 7, 15, 0, tzinfo=LONDON)
SATURDAY = datetime.datetime(2026, 12, 5, 15, 0, tzinfo=LONDON)


@pytest.fixture
def trained(moderator):
    give_training(moderator, "moderate")
    return moderator


def test_the_page_lists_todays_channels_with_what_needs_action(client_for, channel, rota, trained, org):
    make_item(channel, "one")
    make_item(channel, "two")
    make_item(channel, "three", status=ItemStatus.DONE)
    elsewhere = active_channel(org)
    elsewhere.name = "Not on my rota"
    elsewhere.save()
    make_item(elsewhere, "four")
    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        response = client_for(trained).get(reverse("rota:today"))
    page = response.content.decode()
    assert response.status_code == 200
    assert channel.name in page
    assert "Not on my rota" not in page
    row = page[page.index(channel.name) :]
    assert '<strong class="govuk-tag govuk-tag--yellow">2</strong>' in row
    assert reverse("rota:sign_off", args=[channel.pk]) in page


def test_on_a_day_the_rota_does_not_cover_there_is_nothing_to_sign_off(client_for, channel, rota, trained):
    with time_machine.travel(SATURDAY, tick=False):
        page = client_for(trained).get(reverse("rota:today")).content.decode()
    assert "You are not on the rota for any channel today." in page


def test_signing_off_records_the_count_and_the_audit_event(client_for, channel, rota, trained):
    make_item(channel, "still waiting")
    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        response = client_for(trained).post(reverse("rota:sign_off", args=[channel.pk]), follow=True)
    assert "is signed off for today. 1 items still needed action" in response.content.decode()
    done = SignOff.objects.get(channel=channel)
    assert (done.day, done.needs_action, done.signed_off_by_id) == (datetime.date(2026, 12, 7), 1, trained.pk)
    event = AuditEvent.objects.get(action="rota.signed_off")
    assert event.detail == {"day": "2026-12-07", "items": 1}
    assert event.actor_id == trained.user_id


def test_a_channel_is_signed_off_once_a_day(channel, rota, moderator, manager, org):
    second = make_member(org, "moderator", "second@example.org", "Second Moderator")
    channel.moderators.add(second)
    services.add_shifts(
        channel, member=second, days=[0], starts=datetime.time(17), ends=datetime.time(21), by=manager
    )
    services.sign_off(channel, by=moderator, at=MONDAY_AFTERNOON)
    with pytest.raises(NotAllowed, match="already signed off"):
        services.sign_off(channel, by=second, at=MONDAY_AFTERNOON + datetime.timedelta(hours=3))
    assert SignOff.objects.count() == 1
    # The next day is a new day.
    services.sign_off(channel, by=moderator, at=MONDAY_AFTERNOON + datetime.timedelta(days=1))
    assert SignOff.objects.count() == 2


def test_only_someone_on_todays_rota_signs_off(channel, rota, manager, moderator, dsl):
    for who in (manager, dsl):  # may moderate, but not on this rota
        with pytest.raises(NotAllowed, match="not on the rota"):
            services.sign_off(channel, by=who, at=MONDAY_AFTERNOON)
    with pytest.raises(NotAllowed, match="not on the rota"):
        services.sign_off(channel, by=moderator, at=SATURDAY)
    assert not SignOff.objects.exists()


def test_a_refusal_is_shown_as_a_message(client_for, channel, rota, trained):
    with time_machine.travel(SATURDAY, tick=False):
        response = client_for(trained).post(reverse("rota:sign_off", args=[channel.pk]), follow=True)
    assert "You are not on the rota for" in response.content.decode()
    assert not SignOff.objects.exists()


def test_another_organisations_channel_is_not_found(client_for, channel, rota, other_org, outsider):
    give_training(outsider, "moderate")
    response = client_for(outsider).post(reverse("rota:sign_off", args=[channel.pk]))
    assert response.status_code == 404
    assert not SignOff.objects.exists()


def test_roles_that_may_not_moderate_cannot_open_the_page(client_for, author, viewer):
    for who in (author, viewer):
        assert client_for(who).get(reverse("rota:today")).status_code == 403


def test_the_home_page_reminds_a_moderator_on_the_rota(client_for, channel, rota, trained):
    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        page = client_for(trained).get(reverse("console:home")).content.decode()
        assert "To sign off today" in page
        services.sign_off(channel, by=trained)
        page = client_for(trained).get(reverse("console:home")).content.decode()
    assert "To sign off today" not in page


def test_someone_taken_off_the_channel_no_longer_signs_it_off(channel, rota, moderator):
    channel.moderators.remove(moderator)
    assert services.to_sign_off(moderator, MONDAY_AFTERNOON) == []
    with pytest.raises(NotAllowed, match="not on the rota"):
        services.sign_off(channel, by=moderator, at=MONDAY_AFTERNOON)
