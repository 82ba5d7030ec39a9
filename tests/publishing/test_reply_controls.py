"""Who can reply to a post, where the platform lets a post say (PlatformEntry.reply_controls; Threads here):
the form offers the platform's choices that the channel's policy allows, safest first and chosen by default,
and nothing on a platform without them; the choice is saved, frozen in the version the proof reader approves
(a change after approval sends the post back), shown on the check panel and the proof reading page, and
sent from the approved version, never from the post as it is now; a choice the channel's policy no longer
allows blocks submission and sending; and a version frozen before Harbour asked keeps its hash."""

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.publishing import sending, services
from harbour.publishing.checks import draft_of, reply_choices, run_checks
from harbour.publishing.draft import Status
from harbour.publishing.models import (
    Post,
    PostState,
    Publication,
    PublicationState,
    Variant,
    content_hash,
    content_of,
)
from tests.cast import active_channel, give_training

pytestmark = pytest.mark.django_db

TEXT = "The youth council meets on Thursday at 6. Come and have your say!"
SAFEST, FOLLOWED, EVERYONE = "mentioned_only", "accounts_you_follow", "everyone"


@pytest.fixture
def threads(org):
    made = active_channel(org, "threads", graph_url="http://127.0.0.1:9", account_id="1234")
    made.name = "Derby Youth on Threads"
    made.save()
    return made


@pytest.fixture
def feed(org):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    made.name = "Derby on Demo"
    made.save()
    return made


def form_data(*channels, **changes):
    return {
        "revision": "",
        "title": "Youth council",
        "text": TEXT,
        "channels": [str(c.pk) for c in channels],
        "when": "soon",
        "publish_on-day": "",
        "publish_on-month": "",
        "publish_on-year": "",
        "publish_time": "",
    } | changes


def write(author, *channels, **replies) -> Post:
    return services.create_post(
        by=author,
        title="Youth council",
        text=TEXT,
        channel_ids=[c.pk for c in channels],
        reply_controls={c.pk: value for c in channels if (value := replies.get(c.platform))},
    )


def approve(post, author, reviewer) -> Publication:
    give_training(reviewer, "approve")
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=post.current_version.number, approve=True)
    return Publication.objects.get(post=post)


def variant(post, channel) -> Variant:
    return Variant.objects.get(post=post, channel=channel)


def test_the_form_offers_who_can_reply_safest_first_only_where_the_platform_has_a_choice(
    client_for, author, threads, feed
):
    client = client_for(author)
    page = client.get(reverse("publishing:new")).content.decode()
    name = f"replies_{threads.pk}"
    offered = [
        value
        for value in (SAFEST, FOLLOWED, EVERYONE)
        if f'name="{name}" type="radio" value="{value}"' in page
    ]
    assert offered == [SAFEST, FOLLOWED, EVERYONE]
    assert (
        page.index(f'value="{SAFEST}"')
        < page.index(f'value="{FOLLOWED}"')
        < page.index(f'value="{EVERYONE}"')
    )
    assert f'name="{name}" type="radio" value="{SAFEST}" checked' in page  # the safest, unless changed
    assert "Who can reply on" in page and "Only accounts the post mentions" in page
    assert (
        f'<div data-variant-for="{threads.pk}"><div class="govuk-form-group">' in page
    )  # hidden unless chosen
    assert f"replies_{feed.pk}" not in page  # the demo feed has no choice


def test_the_channels_policy_takes_away_the_more_open_choices(client_for, author, threads):
    threads.config = {**threads.config, "reply_control": FOLLOWED}
    threads.save()
    assert [c.value for c in reply_choices(threads)] == [SAFEST, FOLLOWED]
    client = client_for(author)
    page = client.get(reverse("publishing:new")).content.decode()
    assert f'value="{FOLLOWED}"' in page and f'value="{EVERYONE}"' not in page

    refused = client.post(
        reverse("publishing:new"), form_data(threads, **{f"replies_{threads.pk}": EVERYONE})
    )
    assert refused.status_code == 400
    assert "Choose who can reply on" in refused.content.decode()
    assert not Post.objects.exists()
    with pytest.raises(NotAllowed, match="does not allow that one there"):
        write(author, threads, threads=EVERYONE)
    # A policy Harbour does not offer as a choice (Threads' followers_only) allows only the safest.
    threads.config = {**threads.config, "reply_control": "followers_only"}
    threads.save()
    assert [c.value for c in reply_choices(threads)] == [SAFEST]


def test_the_choice_is_saved_kept_and_changed_through_the_form(client_for, author, threads, feed):
    client = client_for(author)
    data = form_data(threads, feed, **{f"replies_{threads.pk}": EVERYONE})
    assert client.post(reverse("publishing:new"), data).status_code == 302
    post = Post.objects.get()
    assert variant(post, threads).reply_control == EVERYONE
    assert variant(post, feed).reply_control == ""  # no choice there
    page = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    assert f'name="replies_{threads.pk}" type="radio" value="{EVERYONE}" checked' in page

    # Left out (a caller that does not say), the post keeps its choice; said, it changes.
    post = services.change_post(
        post, by=author, revision=post.revision, title="Youth council", text=TEXT, channel_ids=[threads.pk]
    )
    assert variant(post, threads).reply_control == EVERYONE
    data = form_data(threads, revision=str(post.revision), **{f"replies_{threads.pk}": FOLLOWED})
    assert client.post(reverse("publishing:edit", args=[post.pk]), data).status_code == 302
    assert variant(post, threads).reply_control == FOLLOWED
    # Written without saying, it is the safest.
    assert variant(write(author, threads), threads).reply_control == SAFEST


def test_the_choice_is_on_the_check_panel(client_for, author, threads):
    client = client_for(author)
    answer = client.post(
        reverse("publishing:checks"),
        form_data(threads, **{f"replies_{threads.pk}": FOLLOWED}),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f'id="check-who_can_reply-{threads.pk}"' in answer
    assert "Only accounts the organisation follows." in answer
    checks = {c.key: c for c in run_checks(draft_of(write(author, threads)))}
    assert (checks["who_can_reply"].status, checks["who_can_reply"].summary) == (
        Status.OK,
        "Only accounts the post mentions.",
    )


def test_the_choice_is_frozen_in_the_approved_version_and_sent_from_it(author, reviewer, threads, client_for):
    post = write(author, threads, threads=EVERYONE)
    publication = approve(post, author, reviewer)
    version = publication.version
    assert version.content["channels"] == [
        {"id": threads.pk, "name": "Derby Youth on Threads", "text": "", "reply_control": EVERYONE}
    ]
    assert sending.request_for(publication).reply_control == EVERYONE

    # The proof reading page and the post's page say it.
    client = client_for(reviewer)
    page = client.get(reverse("publishing:post", args=[post.pk])).content.decode()
    assert f'data-replies="{threads.pk}">Who can reply: Anyone on Threads.' in page

    # The variant changed behind the services' back: it goes out as approved, or not at all.
    Variant.objects.filter(pk=variant(post, threads).pk).update(reply_control=SAFEST)
    assert sending.request_for(publication).reply_control == EVERYONE
    assert content_hash(content_of(post)) != version.content_hash  # and the send refuses the changed post


def test_changing_who_can_reply_after_approval_needs_approval_again(author, reviewer, threads, client_for):
    post = write(author, threads, threads=FOLLOWED)
    publication = approve(post, author, reviewer)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    services.change_post(
        post,
        by=author,
        revision=post.revision,
        title="Youth council",
        text=TEXT,
        channel_ids=[threads.pk],
        reply_controls={threads.pk: EVERYONE},
    )
    post.refresh_from_db()
    publication.refresh_from_db()
    assert (post.state, publication.state) == (PostState.DRAFT, PublicationState.CANCELLED)

    services.submit(post, by=author, revision=post.revision)
    client = client_for(reviewer)
    page = client.get(reverse("publishing:review", args=[post.pk])).content.decode()
    assert "Who can reply changed." in page
    assert f'data-replies="{threads.pk}">Who can reply: Anyone on Threads.' in page


def test_a_choice_the_policy_no_longer_allows_blocks_submitting_and_sending(author, reviewer, threads):
    post = write(author, threads, threads=EVERYONE)
    publication = approve(post, author, reviewer)
    threads.config = {**threads.config, "reply_control": FOLLOWED}  # the organisation tightened it
    threads.save()
    checks = {c.key: c for c in run_checks(draft_of(post))}
    assert checks["who_can_reply"].status == Status.BLOCKS
    assert checks["who_can_reply"].advice == (
        "Choose one of: Only accounts the post mentions; Only accounts the organisation follows.",
    )
    assert sending.publish(publication.pk).outcome == "blocked"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED
    assert "does not allow this choice of who can reply" in publication.error


def test_a_version_frozen_before_harbour_asked_keeps_its_hash_and_the_channels_setting(
    author, reviewer, threads
):
    post = write(author, threads)
    publication = approve(post, author, reviewer)
    # As a post written before the choice existed: no reply_control stored, none frozen.
    Variant.objects.filter(post=post).update(reply_control="")
    assert content_of(post)["channels"] == [{"id": threads.pk, "name": "Derby Youth on Threads", "text": ""}]
    frozen = publication.version.content
    frozen["channels"] = [{k: v for k, v in c.items() if k != "reply_control"} for c in frozen["channels"]]
    assert sending.request_for(publication).reply_control == ""  # the connector uses the channel's setting
    checks = {c.key: c for c in run_checks(draft_of(post))}
    assert checks["who_can_reply"].status == Status.OK
    assert "As the channel is set up" in checks["who_can_reply"].summary
