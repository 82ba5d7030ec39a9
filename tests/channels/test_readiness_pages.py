"""The readiness checklist's pages: everyone who sees channels reads a channel's checklist; its owners and
managers confirm and withdraw points with where they are written (others get 403, and see no links); a
point Harbour checks for itself has no page to tick it; bad input keeps what was typed and says what is
wrong; typed text is escaped and isolated; and the channel page and the activation gaps link the checklist."""

from django.urls import reverse

from harbour.channels import readiness, services
from harbour.channels.models import ReadinessConfirmation
from tests.cast import propose


def url(channel, name="channels:readiness", key=None):
    args = [channel.pk] if key is None else [channel.pk, key]
    return reverse(name, args=args)


def test_everyone_who_sees_channels_reads_the_checklist(client_for, org, author, viewer, moderator):
    channel = propose(org, author)
    readiness.confirm_point(channel, "aims", "Engagement plan, page 2", by=author)
    page = client_for(viewer).get(url(channel)).content.decode()
    assert "1 of 12 points are done; 11 left." in page
    assert "Engagement plan, page 2" in page
    assert "There is a procedure to deal with cyber bullying" in page
    assert url(channel, "channels:readiness_confirm", "aims") not in page  # a viewer cannot confirm
    assert client_for(moderator).get(url(channel)).status_code == 200


def test_an_owner_confirms_a_point_with_where_it_is_written(client_for, org, author):
    channel = propose(org, author)
    client = client_for(author)
    page = client.get(url(channel)).content.decode()
    assert url(channel, "channels:readiness_confirm", "grooming") in page
    assert url(channel, "channels:readiness_confirm", "disclaimer") not in page  # Harbour checks that one
    response = client.post(
        url(channel, "channels:readiness_confirm", "grooming"), {"note": "Safeguarding policy v5, section 8"}
    )
    assert response.status_code == 302 and response["Location"] == url(channel)
    confirmation = ReadinessConfirmation.objects.get(channel=channel)
    assert (confirmation.point, confirmation.confirmed_by) == ("grooming", author.user)
    page = client.get(url(channel)).content.decode()
    assert "Safeguarding policy v5, section 8" in page and "Confirm again by" in page


def test_a_missing_note_is_an_error_and_nothing_is_saved(client_for, org, author):
    channel = propose(org, author)
    response = client_for(author).post(url(channel, "channels:readiness_confirm", "consent"), {"note": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Enter where this is written down" in page
    assert not ReadinessConfirmation.objects.exists()
    long = "x" * 501
    response = client_for(author).post(url(channel, "channels:readiness_confirm", "consent"), {"note": long})
    assert "500 characters or fewer" in response.content.decode() and long in response.content.decode()


def test_points_harbour_checks_have_no_confirm_page(client_for, org, author, manager):
    channel = propose(org, author)
    for key in ("disclaimer", "moderator", "nonsense"):
        assert (
            client_for(manager)
            .post(url(channel, "channels:readiness_confirm", key), {"note": "x"})
            .status_code
            == 404
        )
    assert not ReadinessConfirmation.objects.exists()


def test_only_owners_and_managers_confirm(client_for, org, author, manager, moderator, dsl):
    channel = propose(org, author)
    assert (
        client_for(moderator)
        .post(url(channel, "channels:readiness_confirm", "aims"), {"note": "x"})
        .status_code
        == 403
    )
    assert (
        client_for(dsl).post(url(channel, "channels:readiness_confirm", "aims"), {"note": "x"}).status_code
        == 403
    )
    assert not ReadinessConfirmation.objects.exists()
    assert (
        client_for(manager)
        .post(url(channel, "channels:readiness_confirm", "aims"), {"note": "x"})
        .status_code
        == 302
    )


def test_withdrawing_needs_a_reason(client_for, org, author, manager):
    channel = propose(org, author)
    readiness.confirm_point(channel, "consent", "Consent procedure v2", by=manager)
    client = client_for(manager)
    assert (
        "Enter why"
        in client.post(
            url(channel, "channels:readiness_withdraw", "consent"), {"reason": ""}
        ).content.decode()
    )
    assert ReadinessConfirmation.objects.exists()
    response = client.post(url(channel, "channels:readiness_withdraw", "consent"), {"reason": "Under review"})
    assert response.status_code == 302 and not ReadinessConfirmation.objects.exists()
    assert client.get(url(channel, "channels:readiness_withdraw", "consent")).status_code == 404


def test_typed_text_is_escaped_and_isolated(client_for, org, author):
    channel = propose(org, author)
    readiness.confirm_point(channel, "aims", "<script>alert(1)</script> \u202eplan", by=author)
    page = client_for(author).get(url(channel)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; \u202eplan</bdi>" in page


def test_the_channel_page_and_the_gaps_link_the_checklist(client_for, org, author, manager):
    channel = propose(org, author)
    services.approve_channel(channel, by=manager)
    link = f'href="{url(channel)}"'
    assert link in client_for(author).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    page = client_for(manager).get(reverse("channels:activate", args=[channel.pk])).content.decode()
    assert f"{link}>Complete the readiness checklist: 12 of 12 points left</a>" in page
