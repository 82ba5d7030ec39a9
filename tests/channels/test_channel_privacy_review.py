from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import privacy, services
from harbour.channels.models import Outcome, PrivacyReview
from harbour.channels.platforms import Platform
from harbour.channels.tasks import send_privacy_review_reminders
from tests.cast import make_ready, propose


def test_each_platform_has_its_own_checklist():
    keys = {platform: {item.key for item in privacy.checklist(platform)} for platform in Platform.values}
    assert {
        "bsky_reply_controls",
        "bsky_muted_words",
        "bsky_adult_content_off",
        "bsky_chat_restricted",
        "bsky_app_password_dms",
    } <= keys["bluesky"]
    assert {
        "masto_follow_requests",
        "masto_discoverability",
        "masto_private_mentions",
        "masto_sensitive_media",
    } <= (keys["mastodon"])
    for platform in Platform.values:
        if platform == "consultation":  # Harbour's own pages: no account to secure, only their own checks
            assert keys[platform] == {"board_rules", "lawful_basis", "osa_scope"}
        else:
            assert {"two_factor", "organisational_recovery", "location_off"} <= keys[platform]
        assert len(keys[platform]) == len(privacy.checklist(platform))  # no key twice


def test_a_review_records_who_checked_each_item(client_for, org, author, manager, moderator):
    channel = propose(org, author)
    services.update_channel(channel, {}, owners=[author], moderators=[moderator], by=manager)
    client = client_for(moderator)
    response = client.post(reverse("channels:privacy_reviews", args=[channel.pk]))
    review = PrivacyReview.objects.get()
    assert response.url == reverse("channels:privacy_review", args=[channel.pk, review.pk])
    items = list(review.checks.values_list("item", flat=True))
    url = reverse("channels:privacy_review", args=[channel.pk, review.pk])
    client.post(url, {f"{items[0]}-outcome": "confirmed", f"{items[0]}-notes": "Only people we follow"})
    review.refresh_from_db()
    assert not review.is_complete
    data = {f"{item}-outcome": "confirmed" for item in items[1:]}
    data |= {f"{items[0]}-outcome": "confirmed", f"{items[0]}-notes": "Only people we follow"}
    client_for(manager).post(url, data)
    review.refresh_from_db()
    assert review.is_complete
    first, second = review.checks.get(item=items[0]), review.checks.get(item=items[1])
    assert first.checked_by == moderator.user and first.notes == "Only people we follow"
    assert second.checked_by == manager.user
    assert AuditEvent.objects.filter(action="channel.privacy_review_completed").count() == 1
    assert channel.last_completed_review() == review


def test_not_applicable_needs_a_note(client_for, org, author, manager):
    channel = propose(org, author)
    review = services.start_privacy_review(channel, by=manager)
    item = review.checks.first().item
    url = reverse("channels:privacy_review", args=[channel.pk, review.pk])
    response = client_for(manager).post(url, {f"{item}-outcome": "not_applicable", f"{item}-notes": ""})
    assert "does not apply" in response.content.decode()
    assert review.checks.get(item=item).outcome == ""


def test_a_completed_review_cannot_be_changed(org, author, manager):
    channel = propose(org, author)
    review = services.start_privacy_review(channel, by=manager)
    answers = {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}
    services.record_privacy_checks(review, answers, by=manager)
    with pytest.raises(NotAllowed, match="complete"):
        services.record_privacy_checks(review, answers, by=manager)


def test_only_managers_owners_and_moderators_review(client_for, org, author, manager, dsl):
    channel = propose(org, author)
    assert client_for(dsl).post(reverse("channels:privacy_reviews", args=[channel.pk])).status_code == 403
    assert client_for(author).post(reverse("channels:privacy_reviews", args=[channel.pk])).status_code == 302
    review = PrivacyReview.objects.get()
    url = reverse("channels:privacy_review", args=[channel.pk, review.pk])
    assert client_for(dsl).get(url).status_code == 200  # may read it
    assert client_for(dsl).post(url, {}).status_code == 403


def test_another_organisations_review_is_404(client_for, org, author, manager, outsider):
    channel = propose(org, author)
    review = services.start_privacy_review(channel, by=manager)
    assert (
        client_for(outsider).get(reverse("channels:privacy_review", args=[channel.pk, review.pk])).status_code
        == 404
    )


def test_overdue_reviews_show_to_managers_on_the_list_and_home(client_for, org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    services.activate_channel(channel, by=manager)
    assert services.overdue_privacy_reviews(org) == []
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert services.overdue_privacy_reviews(org) == [channel]
        client = client_for(manager)
        assert "Overdue" in client.get(reverse("channels:index")).content.decode()
        home = client.get(reverse("console:home")).content.decode()
        assert "Privacy reviews due" in home and channel.name in home
        assert "Overdue" not in client_for(moderator).get(reverse("channels:index")).content.decode()


@pytest.fixture
def active_channel(org, author, manager, moderator):
    channel = make_ready(propose(org, author), manager=manager, moderator=moderator)
    return services.activate_channel(channel, by=manager)


def test_reminders_go_a_week_before_on_the_day_and_weekly_after(active_channel, author):
    start = timezone.now()
    sent = []
    for day in range(110):
        with time_machine.travel(start + timedelta(days=day)):
            mail.outbox.clear()
            send_privacy_review_reminders.call()
            if mail.outbox:
                sent.append(day)
                assert mail.outbox[0].to == [author.user.email]
    assert sent == [83, 90, 97, 104]
    events = AuditEvent.objects.filter(action="channel.privacy_reminder_sent").order_by("sequence")
    assert [event.detail["overdue"] for event in events] == [False, True, True, True]


def test_the_reminder_email_says_what_to_do(active_channel):
    with time_machine.travel(timezone.now() + timedelta(days=85)):
        send_privacy_review_reminders.call()
    message = mail.outbox[0]
    assert message.subject.startswith("Privacy settings review is due on ")
    assert "Youth Council on Bluesky" in message.body and "start a privacy-settings review" in message.body


def test_a_completed_review_resets_the_clock(active_channel, manager):
    with time_machine.travel(timezone.now() + timedelta(days=85)):
        review = services.start_privacy_review(active_channel, by=manager)
        answers = {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}
        services.record_privacy_checks(review, answers, by=manager)
    with time_machine.travel(timezone.now() + timedelta(days=120)):
        mail.outbox.clear()
        send_privacy_review_reminders.call()
        assert mail.outbox == []


def test_retired_channels_get_no_reminders(active_channel, manager):
    services.retire_channel(active_channel, by=manager, reason="Closed")
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        send_privacy_review_reminders.call()
    assert mail.outbox == []
