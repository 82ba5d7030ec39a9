"""Posting targets (guidance 4.1, 4.2: regularly updated, and interactive): a manager sets each channel's
posts a week and its proof readers on the channel form, and the organisation's reading age on its settings;
a channel that goes quiet or only posts one-way news is flagged to its owners and managers on the home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import services as channel_services
from harbour.channels.models import Channel
from harbour.publishing import sending, services, targets
from harbour.publishing.models import Publication
from tests.cast import CHANNEL_VALUES, active_channel, give_training, make_member, propose

pytestmark = pytest.mark.django_db


def form_data(channel, **changes) -> dict:
    data = {
        name: value
        for name, value in CHANNEL_VALUES.items()
        if name not in ("platform", "config", "in_organisation_name")
    }
    data |= {
        "name": channel.name,
        "in_organisation_name": "on",
        "owners": [m.pk for m in channel.owners.all()],
        "moderators": [m.pk for m in channel.moderators.all()],
    }
    return data | changes


# Settings: the channel form and the organisation's settings


def test_a_manager_sets_the_posting_target_and_proof_readers_on_the_channel_form(manager, client_for):
    channel = propose(manager.organisation, manager)
    client = client_for(manager)
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert "Posting target: posts a week" in page and "Proof readers who must approve each post" in page

    response = client.post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="3", approvals_needed="2"),
    )
    assert response.status_code == 302, response.content.decode()
    channel.refresh_from_db()
    assert (channel.posts_per_week, channel.approvals_needed) == (3, 2)
    event = AuditEvent.objects.filter(action="channel.updated").latest("pk")
    assert {"posts_per_week", "approvals_needed"} <= set(event.detail["changed"])


def test_a_bad_posting_target_is_refused_with_what_to_enter(manager, client_for):
    channel = propose(manager.organisation, manager)
    response = client_for(manager).post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="-1", approvals_needed="3"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter 0 or more posts a week" in page
    assert "Choose one or two proof readers" in page
    channel.refresh_from_db()
    assert (channel.posts_per_week, channel.approvals_needed) == (2, 1)


def test_an_author_neither_sees_nor_can_set_the_proof_readers(org, author, manager, client_for):
    channel = propose(org, author)
    client = client_for(author)
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert "Proof readers who must approve" not in page
    # A crafted POST with the fields: the form has none, so they are ignored; the channel keeps its values.
    response = client.post(
        reverse("channels:edit", args=[channel.pk]),
        form_data(channel, posts_per_week="0", approvals_needed="1", aims="New aims for the channel."),
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.aims == "New aims for the channel." and channel.posts_per_week == 2

    # And the service refuses it too, on a proposal and on a change.
    channel_services.update_channel(
        channel, {"approvals_needed": 2}, owners=[author], moderators=[], by=manager
    )
    with pytest.raises(NotAllowed, match="Only a manager"):
        channel_services.update_channel(
            channel, {"approvals_needed": 1}, owners=[author], moderators=[], by=author
        )
    with pytest.raises(NotAllowed, match="Only a manager"):
        propose(org, author, name="Another", posts_per_week=0)
    channel.refresh_from_db()
    assert channel.approvals_needed == 2


def test_the_service_refuses_targets_outside_the_range(org, manager):
    with pytest.raises(NotAllowed, match="between 0 and 50"):
        propose(org, manager, posts_per_week=51)
    with pytest.raises(NotAllowed, match="one or two proof readers"):
        propose(org, manager, approvals_needed=3)
    assert propose(org, manager, posts_per_week=0, approvals_needed=2).approvals_needed == 2


def test_a_manager_sets_the_reading_age_on_the_organisation_settings(org, manager, client_for):
    client = client_for(manager)
    url = reverse("accounts:organisation_settings")
    page = client.get(url).content.decode()
    field = page[page.index('name="reading_age_target"') - 200 :][:400]
    assert 'value="11"' in field and "Reading age for posts" in page
    response = client.post(url, {"password_reminder_days": "90", "reading_age_target": "20"})
    assert "Enter a reading age of 16 or less" in response.content.decode()
    org.refresh_from_db()
    assert org.reading_age_target == 11

    assert client.post(url, {"password_reminder_days": "90", "reading_age_target": "9"}).status_code == 302
    org.refresh_from_db()
    assert org.reading_age_target == 9
    event = AuditEvent.objects.filter(action="organisation.settings_changed").latest("pk")
    assert event.detail == {"reading_age_target": [11, 9]}


def test_the_settings_service_refuses_a_reading_age_outside_the_range(org, manager):
    from harbour.accounts.services import update_organisation_settings

    with pytest.raises(NotAllowed, match="from 9 to 16"):
        update_organisation_settings(org, by=manager, password_reminder_days=0, reading_age_target=4)


# The flags


@pytest.fixture
def feed(org, author):
    """An active demo feed, active for a fortnight, owned by the author, with the default target (2 a week)."""
    channel = active_channel(org, "demo", started_at=timezone.now().isoformat())
    Channel.objects.filter(pk=channel.pk).update(
        name="Youth Voice feed", activated_at=timezone.now() - datetime.timedelta(days=14)
    )
    channel.refresh_from_db()
    channel.owners.add(author)
    return channel


@pytest.fixture
def proof_reader(reviewer):
    give_training(reviewer, "approve")
    return reviewer


NEWS = "The youth centre is closed on Monday. We open again on Tuesday at 4pm."
ASKS = "Games night is back on Friday. Which game should we bring?"


def approve(post, author, reviewer):
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    services.review(post, by=reviewer, version_number=post.current_version.number, approve=True)


def publish(author, reviewer, channel, text, variant=None, title="A post"):
    post = services.create_post(
        by=author,
        title=title,
        text=text,
        channel_ids=[channel.pk],
        variants={channel.pk: variant} if variant else None,
    )
    approve(post, author, reviewer)
    assert sending.publish(Publication.objects.get(post=post).pk).outcome == "published"
    return post


def schedule(author, reviewer, channel, when):
    post = services.create_post(
        by=author, title="Later", text=ASKS, channel_ids=[channel.pk], publish_at=when
    )
    approve(post, author, reviewer)
    return post


def test_a_channel_below_its_target_is_going_quiet(feed, author, proof_reader):
    publish(author, proof_reader, feed, ASKS)
    flag = targets.going_quiet(feed)
    assert (flag.kind, flag.published, flag.scheduled, flag.target) == (targets.QUIET, 1, 0, 2)
    assert flag.summary == (
        "Going quiet: 1 post in the last 7 days against a target of 2 a week, and nothing is scheduled "
        "for the next 7 days."
    )
    publish(author, proof_reader, feed, "Climbing on Thursday: who is coming?")
    assert targets.going_quiet(feed) is None
    # A week later both are out of the window.
    assert targets.going_quiet(feed, timezone.now() + datetime.timedelta(days=8)).published == 0


def test_a_post_scheduled_for_the_coming_week_makes_it_up(feed, author, proof_reader):
    publish(author, proof_reader, feed, ASKS)
    far = schedule(author, proof_reader, feed, timezone.now() + datetime.timedelta(days=10))
    assert targets.going_quiet(feed).scheduled == 0  # too far ahead to count
    services.reschedule(far, by=author, publish_at=timezone.now() + datetime.timedelta(days=3))
    assert targets.going_quiet(feed) is None


def test_no_target_or_a_new_channel_is_never_quiet(feed):
    assert targets.going_quiet(feed).published == 0
    Channel.objects.filter(pk=feed.pk).update(posts_per_week=0)
    feed.refresh_from_db()
    assert targets.going_quiet(feed) is None
    Channel.objects.filter(pk=feed.pk).update(posts_per_week=2, activated_at=timezone.now())
    feed.refresh_from_db()
    assert targets.going_quiet(feed) is None


def test_a_channel_whose_recent_posts_never_invite_a_reply_is_one_way(feed, author, proof_reader):
    publish(author, proof_reader, feed, ASKS)
    for _ in range(targets.ONE_WAY_AFTER - 1):
        publish(author, proof_reader, feed, NEWS)
    assert targets.one_way(feed) is None  # the question is among the last posts
    for _ in range(targets.RECENT - targets.ONE_WAY_AFTER + 1):
        publish(author, proof_reader, feed, NEWS)
    flag = targets.one_way(feed)  # the question is now older than the last RECENT posts
    assert flag.kind == targets.ONE_WAY and flag.published == targets.RECENT
    assert flag.summary.startswith(f"One-way: none of its last {targets.RECENT} posts invites a reply.")


def test_one_way_needs_enough_posts_and_reads_what_went_out_on_the_channel(feed, author, proof_reader):
    for _ in range(targets.ONE_WAY_AFTER - 1):
        publish(author, proof_reader, feed, NEWS)
    assert targets.one_way(feed) is None  # too few to tell
    # The post's own text is news, but the channel's version asks a question.
    publish(author, proof_reader, feed, NEWS, variant=NEWS + " What would you like to do on Tuesday?")
    assert targets.one_way(feed) is None
    for _ in range(targets.RECENT - 1):
        publish(author, proof_reader, feed, NEWS)
    assert targets.one_way(feed) is None  # still one of the last five
    publish(author, proof_reader, feed, NEWS)
    assert targets.one_way(feed) is not None


def test_the_home_page_flags_a_channel_to_its_owners_and_managers_only(
    org, feed, manager, moderator, author, members, client_for
):
    other_author = make_member(org, "author", "second.author@example.org", "Second Author")
    theirs = f"<bdi>{feed.name}</bdi></strong>: Going quiet"
    assert theirs in client_for(author).get("/").content.decode()
    page = client_for(manager).get("/").content.decode()
    assert theirs in page and reverse("publishing:calendar") + f"?channel={feed.pk}" in page
    assert "Write a post" in page
    for member in (other_author, moderator):  # neither owns it, nor manages
        assert "Going quiet" not in client_for(member).get("/").content.decode()
    feed.moderators.add(moderator)
    feed.owners.add(moderator)
    page = client_for(moderator).get("/").content.decode()
    assert theirs in page and "See its calendar" not in page  # a moderator does not see publishing
    assert "Write a post" not in page


def test_a_channel_that_cannot_post_or_is_not_active_is_not_flagged(org, feed, manager):
    import_feed = active_channel(org, "file_import")
    Channel.objects.filter(pk=import_feed.pk).update(
        activated_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert [flag.channel for flag in targets.flags_seen_by(manager)] == [feed]
    Channel.objects.filter(pk=feed.pk).update(status="retired")
    assert targets.flags_seen_by(manager) == []


def test_another_organisations_quiet_channel_is_not_shown(feed, outsider, client_for):
    assert targets.flags_seen_by(outsider) == []
    assert "Youth Voice feed" not in client_for(outsider).get("/").content.decode()


def test_the_channel_page_shows_its_posting_target_and_proof_readers(org, author, client_for):
    channel = propose(org, author)
    page = client_for(author).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "2 posts a week" in page and "Proof readers for each post" in page
