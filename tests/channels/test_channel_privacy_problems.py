"""A privacy review can record a setting found wrong: fixed there and then, or not fixable (with why).
Settings that could not be fixed stay on the channel's page and its review list as open problems
until a later review answers them again (issue 15, item 18)."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import services
from harbour.channels.models import Outcome
from tests.cast import propose


@pytest.fixture
def channel(org, author):
    return propose(org, author)


def answer_all(review, member, **special):
    """Answer every item: `special` maps item key -> (outcome, notes); the rest are confirmed."""
    answers = {check.item: ("confirmed", "") for check in review.checks.all()}
    answers |= special
    return services.record_privacy_checks(review, answers, by=member)


def test_wrong_and_fixed_and_wrong_and_cannot_fix_are_outcomes():
    assert Outcome.FIXED in Outcome.values and Outcome.CANNOT_FIX in Outcome.values


def test_cannot_fix_needs_a_reason_in_the_service_and_the_form(client_for, channel, manager):
    review = services.start_privacy_review(channel, by=manager)
    check = review.checks.first()
    with pytest.raises(NotAllowed, match="cannot be fixed"):
        services.record_privacy_checks(review, {check.item: ("cannot_fix", "  ")}, by=manager)
    url = reverse("channels:privacy_review", args=[channel.pk, review.pk])
    page = client_for(manager).post(url, {f"{check.item}-outcome": "cannot_fix"}).content.decode()
    assert f"Say why &#x27;{check.label}&#x27; cannot be fixed" in page
    check.refresh_from_db()
    assert check.outcome == ""


def test_wrong_and_fixed_needs_no_note_and_completes_the_review(channel, manager):
    review = services.start_privacy_review(channel, by=manager)
    item = review.checks.first().item
    answer_all(review, manager, **{item: ("fixed", "")})
    review.refresh_from_db()
    assert review.is_complete
    assert review.checks.get(item=item).get_outcome_display() == "Was wrong, and is now fixed"
    assert channel.open_privacy_problems() == []


def test_an_unfixable_setting_is_an_open_problem_until_a_later_review_fixes_it(
    client_for, channel, manager, moderator
):
    review = services.start_privacy_review(channel, by=manager)
    first, second = list(review.checks.all())[:2]
    answer_all(
        review,
        manager,
        **{
            first.item: ("cannot_fix", "The server admin has not replied about <b>DM</b> settings"),
            second.item: ("not_applicable", "No chat on this server"),
        },
    )
    event = AuditEvent.objects.filter(action="channel.privacy_checks_recorded").latest("sequence")
    assert event.detail["cannot_fix"] == [first.item]
    assert [c.item for c in channel.open_privacy_problems()] == [first.item]

    client = client_for(moderator)
    for url in (
        reverse("channels:detail", args=[channel.pk]),
        reverse("channels:privacy_reviews", args=[channel.pk]),
    ):
        page = client.get(url).content.decode()
        assert "1 privacy setting is wrong and could not be fixed" in page
        assert first.label.replace("'", "&#x27;") in page
        assert "The server admin has not replied about &lt;b&gt;DM&lt;/b&gt; settings" in page
        assert "No chat on this server" not in page  # "does not apply" is not a problem

    # A later review shows the problem beside its item, and it stays open until answered.
    with time_machine.travel(timezone.now() + timezone.timedelta(days=30)):
        later = services.start_privacy_review(channel, by=manager)
        page = client_for(manager).get(reverse("channels:privacy_review", args=[channel.pk, later.pk]))
        assert "An earlier review found this wrong and could not fix it" in page.content.decode()
        services.record_privacy_checks(later, {second.item: ("confirmed", "")}, by=manager)
        assert [c.item for c in channel.open_privacy_problems()] == [first.item]
        services.record_privacy_checks(later, {first.item: ("fixed", "The admin changed it")}, by=manager)
    assert channel.open_privacy_problems() == []
    page = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "could not be fixed" not in page


@pytest.mark.parametrize("closing", ["confirmed", "fixed", "not_applicable"])
def test_any_later_answer_closes_the_problem_and_a_later_cannot_fix_opens_one(channel, manager, closing):
    review = services.start_privacy_review(channel, by=manager)
    item = review.checks.first().item
    answer_all(review, manager, **{item: ("cannot_fix", "No such setting")})
    with time_machine.travel(timezone.now() + timezone.timedelta(days=30)):
        later = services.start_privacy_review(channel, by=manager)
        answer_all(later, manager, **{item: (closing, "Gone")})
    assert channel.open_privacy_problems() == []
    with time_machine.travel(timezone.now() + timezone.timedelta(days=60)):
        again = services.start_privacy_review(channel, by=manager)
        answer_all(again, manager, **{item: ("cannot_fix", "Broken again")})
    assert [c.notes for c in channel.open_privacy_problems()] == ["Broken again"]


def test_problems_are_the_channels_own(org, author, manager):
    one, two = propose(org, author), propose(org, author, name="Second")
    review = services.start_privacy_review(one, by=manager)
    answer_all(review, manager, **{review.checks.first().item: ("cannot_fix", "No")})
    assert len(one.open_privacy_problems()) == 1 and two.open_privacy_problems() == []


def test_the_demo_feed_shows_an_open_problem(db):
    from django.core.management import call_command

    from harbour.channels.models import Channel

    call_command("seed_demo")
    feed = Channel.objects.get(name="Youth Voice demo feed")
    assert [check.item for check in feed.open_privacy_problems()] == ["organisational_recovery"]
