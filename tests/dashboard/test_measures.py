"""The dashboard's numbers (harbour/dashboard/measures.py) against records made here through each app's own
services: readiness, days signed off on the rota, answers within the promise and overdue, open concerns by
age, consent for published images, takedowns outstanding, privacy reviews, training, posts a week and
two-way posts. The same records in another organisation are never counted, and the consent reading for
every channel at once answers what the register's own `standings` answers, channel by channel."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from harbour.accounts.capabilities import Role
from harbour.channels import services as channel_services
from harbour.channels.models import Channel, Outcome, PrivacyReview
from harbour.consent import services as consent
from harbour.consent import takedowns
from harbour.consent.models import ConsentRecord, Takedown, Use
from harbour.consent.rules import standings, stands_on_channels
from harbour.dashboard import measures
from harbour.inbox.models import Item
from harbour.publishing import sending
from harbour.rota import services as rota
from harbour.safeguarding import services as safeguarding
from tests.cast import active_channel, give_training, make_item, make_member
from tests.consent.test_ledger import approved, tagged_photo, young_person_with_consent
from tests.consent.test_standings import TODAY, build, register_st
from tests.publishing.library import library_image
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


def named(channel, name):
    Channel.objects.filter(pk=channel.pk).update(name=name)
    channel.name = name
    return channel


# Readiness


def test_readiness_counts_each_channels_points(org, manager, moderator):
    first = active_channel(org)
    second = active_channel(org)
    channel_services.update_channel(second, {}, owners=[manager], moderators=[moderator], by=manager)
    channel_services.publish_disclaimer(second, "# About\n\nWe check it daily.", by=manager)
    second.refresh_from_db()
    found = measures.readiness_of([first, second], timezone.localdate())
    # active_channel confirms the points confirmed by hand; Harbour sees no disclaimer and no moderator.
    assert (found[first.pk].done, found[first.pk].total, found[first.pk].complete) == (10, 12, False)
    assert (found[second.pk].done, found[second.pk].complete) == (12, True)


# Moderation coverage


def on_rota_every_day(channel, member, manager):
    channel.moderators.add(member)
    rota.add_shifts(
        channel,
        member=member,
        days=list(range(7)),
        starts=datetime.time(9),
        ends=datetime.time(17),
        by=manager,
    )


def test_coverage_is_days_signed_off_against_days_active(org, other_org, manager, moderator, outsider):
    now = timezone.now()
    today = timezone.localdate(now)
    channel = active_channel(org)
    Channel.objects.filter(pk=channel.pk).update(activated_at=now - datetime.timedelta(days=10))
    channel.refresh_from_db()
    old = active_channel(org)  # activated before the period: every one of its 28 days counts
    Channel.objects.filter(pk=old.pk).update(activated_at=now - datetime.timedelta(days=90))
    old.refresh_from_db()
    on_rota_every_day(channel, moderator, manager)
    on_rota_every_day(old, moderator, manager)
    for days_ago in (1, 2, 5):
        rota.sign_off(channel, by=moderator, at=now - datetime.timedelta(days=days_ago))
    rota.sign_off(old, by=moderator, at=now - datetime.timedelta(days=3))
    rota.sign_off(channel, by=moderator, at=now)  # today is not over: not counted
    # Signed off before the day it was made active (as the demo's history is): active from that day.
    late = active_channel(org)
    Channel.objects.filter(pk=late.pk).update(activated_at=now)
    late.refresh_from_db()
    on_rota_every_day(late, moderator, manager)
    rota.sign_off(late, by=moderator, at=now - datetime.timedelta(days=4))
    # Another organisation's sign-offs are not counted, even on a channel in the list.
    elsewhere = active_channel(other_org)
    elsewhere_member = make_member(other_org, Role.MODERATOR, "mel.moderator@example.net", "Mel Moderator")
    on_rota_every_day(elsewhere, elsewhere_member, outsider)
    rota.sign_off(elsewhere, by=elsewhere_member, at=now - datetime.timedelta(days=1))

    found = measures.coverage_of(org, [channel, old, late, elsewhere], today)
    assert found[late.pk] == measures.Coverage(signed_off=1, active_days=4)
    assert found[channel.pk] == measures.Coverage(signed_off=3, active_days=10)
    assert found[channel.pk].share == 30.0
    assert found[old.pk] == measures.Coverage(signed_off=1, active_days=28)
    assert found[elsewhere.pk].signed_off == 0


def test_a_channel_made_active_today_is_not_judged_yet(org):
    channel = active_channel(org)
    Channel.objects.filter(pk=channel.pk).update(activated_at=timezone.now())
    channel.refresh_from_db()
    found = measures.coverage_of(org, [channel], timezone.localdate())
    assert found[channel.pk].active_days == 0
    assert found[channel.pk].share is None


# Response times


def answered(channel, *, hours, now, **fields):
    received = now - datetime.timedelta(days=1, hours=hours)
    item = make_item(channel, "when is the next trip", needs_reply=True, **fields)
    Item.objects.filter(pk=item.pk).update(
        received_at=received,
        due_at=received + datetime.timedelta(hours=channel.response_hours),
        responded_at=received + datetime.timedelta(hours=hours),
    )


def test_answers_within_the_promise_and_overdue_now(org, other_org, manager, outsider):
    now = timezone.now()
    channel = active_channel(org)  # promises 24 hours
    for hours in (1, 5, 23, 30):
        answered(channel, hours=hours, now=now)
    late = make_item(channel, "can someone call me back", needs_reply=True)
    Item.objects.filter(pk=late.pk).update(due_at=now - datetime.timedelta(hours=1))
    elsewhere = active_channel(other_org)
    answered(elsewhere, hours=40, now=now)

    found = measures.answers_of(manager, [channel], now)
    assert found[channel.pk] == measures.Answers(24, answered=4, within=3, overdue=1)
    assert found[channel.pk].share == 75.0
    # Another organisation's channel is not the manager's to read: nothing of it is counted.
    assert measures.answers_of(manager, [elsewhere], now)[elsewhere.pk].answered == 0


# Concerns


def test_open_concerns_by_age_are_numbers_only(org, other_org, dsl, manager, outsider):
    give_training(dsl, "handle_concerns", "raise_concerns")
    now = timezone.now()
    for age in (datetime.timedelta(hours=2), datetime.timedelta(days=3), datetime.timedelta(days=3)):
        with time_machine.travel(now - age, tick=False):
            safeguarding.raise_concern(org, by=dsl, summary="MARKER", category="bullying", severity=2)
    give_training(outsider, "raise_concerns")
    safeguarding.raise_concern(other_org, by=outsider, summary="elsewhere", category="bullying", severity=2)
    assert dict(measures.concerns_by_age(manager, now)) == {
        "Under a day": 1,
        "A day to a week": 2,
        "A week to a month": 0,
        "Over a month": 0,
    }


# Published images, takedowns, posting and two-way posts


def publish(*publications):
    for publication in publications:
        assert sending.publish(publication.pk).outcome == "published"


@pytest.fixture
def published(org, other_org, manager, author, reviewer, outsider):
    """On one channel: a photo of Kai, a photo of Sam, a photo of nobody, and a post without an image that
    asks a question; then Sam's own consent to photographs is withdrawn. The same in another organisation."""
    give_training(reviewer, "approve")
    channel = named(active_channel(org, "test_publishing"), "Youth club posts")
    kai = young_person_with_consent(org, manager, uses=(Use.PHOTO,))
    sam = young_person_with_consent(org, manager, first="Sam", last="Okafor", uses=(Use.PHOTO,))
    posts = [
        approved(
            org, author, reviewer, "Quiz night winners.", [channel], assets=[tagged_photo(org, manager, kai)]
        ),
        approved(
            org, author, reviewer, "Quiz night again.", [channel], assets=[tagged_photo(org, manager, sam)]
        ),
        approved(
            org, author, reviewer, "The hall is ready.", [channel], assets=[library_image(org, manager)]
        ),
        approved(org, author, reviewer, "What should we do at the next quiz night?", [channel]),
    ]
    publish(*(p for made in posts for p in made))
    own = ConsentRecord.objects.get(person=sam, given_by=sam, use=Use.PHOTO)
    consent.withdraw_consent(own, by=manager, note="Sam asked")

    there = active_channel(other_org, "test_publishing")
    other_author = make_member(other_org, Role.AUTHOR, "al.author@example.net", "Al Author")
    other_reviewer = make_member(other_org, Role.REVIEWER, "ray.reviewer@example.net", "Ray Reviewer")
    give_training(other_reviewer, "approve")
    lee = young_person_with_consent(other_org, outsider, first="Lee", last="Jones", uses=(Use.PHOTO,))
    publish(
        *approved(
            other_org,
            other_author,
            other_reviewer,
            "What a night! Tell us your favourite bit.",
            [there],
            assets=[tagged_photo(other_org, outsider, lee)],
        )
    )
    return channel, there


def test_consent_stands_for_images_whose_people_still_consent(org, published):
    channel, there = published
    now = timezone.now()
    found = measures.image_consent_of(org, [channel, there], now)
    # Kai's photo stands, Sam's no longer does, the photo of nobody needs no one's consent.
    assert found[channel.pk] == measures.ImageConsent(published=3, standing=2, taken_down=0)
    assert found[there.pk] == measures.ImageConsent()  # another organisation's: not counted
    later = now + datetime.timedelta(days=measures.PERIOD + 1)
    assert measures.image_consent_of(org, [channel], later)[channel.pk].published == 0


def test_takedowns_outstanding_are_counted_until_done(org, manager, published):
    channel, there = published
    now = timezone.now()
    found = measures.takedowns_of(manager, [channel, there], now)
    assert found[channel.pk] == measures.Outstanding(open=1, overdue=0)
    assert found[there.pk] == measures.Outstanding()
    assert (
        measures.takedowns_of(manager, [channel], now + datetime.timedelta(days=2))[channel.pk].overdue == 1
    )
    # Once it is done, it is no longer outstanding, and the image without consent counts as taken down.
    takedown = Takedown.objects.get(publication__channel=channel)
    takedowns.confirm_by_hand(takedown, by=manager, note="Deleted in the app")
    assert measures.takedowns_of(manager, [channel], now)[channel.pk] == measures.Outstanding()
    assert measures.image_consent_of(org, [channel], now)[channel.pk].taken_down == 1


def test_posts_a_week_and_two_way_posts(org, published):
    channel, there = published
    now = timezone.now()
    found = measures.posting_of(org, [channel, there], now)
    assert found[channel.pk] == measures.Posting(target=2, posts=4, two_way=1)
    assert found[channel.pk].per_week == 1.0
    assert found[there.pk].posts == 0


# Privacy reviews and training


def review(channel, manager, days_ago):
    made = channel_services.start_privacy_review(channel, by=manager)
    channel_services.record_privacy_checks(
        made, {c.item: (Outcome.CONFIRMED, "") for c in made.checks.all()}, by=manager
    )
    PrivacyReview.objects.filter(pk=made.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_privacy_reviews_overdue_due_soon_and_later(org, manager):
    never, due_soon, fine, lapsed = (active_channel(org) for _ in range(4))
    review(due_soon, manager, 80)  # every 90 days: due in 10
    review(fine, manager, 5)
    review(lapsed, manager, 100)
    now = timezone.now()
    found = measures.privacy_reviews_of(org, measures.live_channels(org), now)
    assert {c.pk for c in found.overdue} == {never.pk, lapsed.pk}
    assert [c.pk for c, _ in found.due_soon] == [due_soon.pk]
    assert [c.pk for c in found.later] == [fine.pk]


def test_training_due_expired_and_up_to_date(org, other_org, members, outsider):
    today = timezone.localdate()
    give_training(members["manager"], "moderate", "approve", "raise_concerns")
    give_training(
        members["moderator"],
        "moderate",
        "raise_concerns",
        completed_on=today - datetime.timedelta(days=5 * 365),
    )
    give_training(outsider, "moderate", "approve", "raise_concerns")
    found = measures.training_of(org, today)
    assert found.members == 7
    assert found.up_to_date == 1
    assert found.expired == 1  # the moderator's courses ran out
    assert found.never_done == 5  # everyone else, who never did a course their role needs


# One reading of consent for every channel


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=register_st)
def test_consent_for_every_channel_at_once_answers_what_standings_answers(org, manager, register):
    channels = [active_channel(org), active_channel(org, platform="test_bluesky")]
    with transaction.atomic():
        people = build(org, manager, channels, register)
        wanted = {(p.pk, use, c.pk) for p in people for use in Use.values for c in channels}
        at_once = stands_on_channels(wanted, TODAY)
        for channel in channels:
            one = standings(people, Use.values, channel.pk, TODAY)
            for person in people:
                for use in Use.values:
                    assert at_once[person.pk, use, channel.pk] == one[person.pk, use].ok, (
                        person,
                        use,
                        channel,
                    )
        transaction.set_rollback(True)
    for channel in channels:
        channel.delete()
