import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.audit.models import AuditEvent
from harbour.channels.models import Channel, Status
from tests.cast import CHANNEL_VALUES, propose

URL = reverse("channels:propose")


def form_data(owners, moderators=(), **changes):
    data = {k: v for k, v in CHANNEL_VALUES.items() if k not in ("config", "in_organisation_name")}
    data["in_organisation_name"] = "on"
    data["platform_minimum_age"] = ""
    data |= changes
    data["owners"] = [m.pk for m in owners]
    data["moderators"] = [m.pk for m in moderators]
    return {k: v for k, v in data.items() if v is not None}


def test_an_author_proposes_a_channel(client_for, author, moderator):
    response = client_for(author).post(URL, form_data([author], [moderator]))
    channel = Channel.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("channels:detail", args=[channel.pk])
    assert channel.status == Status.PROPOSED
    assert channel.proposed_by == author.user
    assert channel.platform_minimum_age == 13  # Bluesky's own, filled in when left blank
    assert list(channel.moderators.all()) == [moderator]
    event = AuditEvent.objects.get(action="channel.proposed")
    assert event.organisation_id == author.organisation_id and event.object_id == str(channel.pk)


def test_the_form_shows_the_account_name_confirmation(client_for, author):
    page = client_for(author).get(URL).content.decode()
    assert "This account is in the organisation&#x27;s name" in page
    assert "The account&#x27;s display name" in page


def test_the_confirmation_is_required(client_for, author):
    data = form_data([author])
    del data["in_organisation_name"]
    response = client_for(author).post(URL, data)
    assert response.status_code == 200
    assert "Confirm that the account is in the organisation&#x27;s name" in response.content.decode()
    assert not Channel.objects.exists()


def test_a_members_personal_account_is_refused(client_for, author, moderator):
    response = client_for(author).post(URL, form_data([author], display_name="Mo Moderator"))
    assert "This looks like \u2068Mo Moderator\u2069&#x27;s own account" in response.content.decode()
    response = client_for(author).post(URL, form_data([author], handle="@ava-author.bsky.social"))
    assert "\u2068Ava Author\u2069&#x27;s own account" in response.content.decode()
    assert not Channel.objects.exists()


def test_the_service_refuses_a_personal_account_too(org, author):
    with pytest.raises(NotAllowed, match="\u2068Ava Author\u2069's own account"):
        propose(org, author, display_name="Ava Author")
    with pytest.raises(NotAllowed, match="organisation's name"):
        propose(org, author, in_organisation_name=False)


def test_an_audience_younger_than_the_platform_allows_is_refused(client_for, author):
    response = client_for(author).post(URL, form_data([author], audience_min_age=11))
    assert "minimum age is 13, so it is not suitable for an audience from 11" in response.content.decode()
    assert not Channel.objects.exists()


def test_mastodon_needs_its_server(client_for, author):
    response = client_for(author).post(URL, form_data([author], platform="mastodon", audience_min_age=16))
    assert "Enter the Mastodon server&#x27;s address" in response.content.decode()
    client_for(author).post(
        URL,
        form_data([author], platform="mastodon", audience_min_age=16, server_url="https://mastodon.social"),
    )
    assert Channel.objects.get().config == {"server_url": "https://mastodon.social"}


def test_only_moderators_and_managers_can_be_named_moderators(client_for, author, viewer):
    response = client_for(author).post(URL, form_data([author], [viewer]))
    assert response.status_code == 200
    assert not Channel.objects.exists()


def test_errors_are_listed_in_a_summary_with_links(client_for, author):
    response = client_for(author).post(URL, {"platform": "bluesky"})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert 'href="#id_name"' in page and "Enter a name for the channel" in page
    assert 'href="#id_owners_0"' in page and "Choose at least one owner" in page


def test_contact_details_are_needed(client_for, author):
    response = client_for(author).post(URL, form_data([author], contact_email="", contact_phone=""))
    assert "Enter at least one way to contact the organisation" in response.content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER])
def test_roles_without_channels_get_403(client_for, members, role):
    assert client_for(members[role]).get(URL).status_code == 403
    # Viewers may look at the channel list (issue 15 item 16; tests/accounts/test_viewer_role.py); proposing stays refused.
    expected = 200 if role == Role.VIEWER else 403
    assert client_for(members[role]).get(reverse("channels:index")).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_outsider_gets_404_for_another_organisations_channel(client_for, org, author, outsider):
    channel = propose(org, author)
    client = client_for(outsider)
    for name in (
        "detail",
        "edit",
        "decide",
        "activate",
        "retire",
        "credentials",
        "privacy_reviews",
        "disclaimer",
    ):
        assert client.get(reverse(f"channels:{name}", args=[channel.pk])).status_code == 404, name
    assert client.post(reverse("channels:resubmit", args=[channel.pk])).status_code == 404


def test_the_list_shows_only_this_organisations_channels(client_for, org, other_org, author, outsider):
    propose(org, author)
    propose(other_org, outsider, name="Elsewhere Feed", display_name="Elsewhere Council")
    page = client_for(author).get(reverse("channels:index")).content.decode()
    assert "Youth Council on Bluesky" in page and "Elsewhere Feed" not in page


def test_extra_posted_fields_change_nothing(client_for, org, other_org, author):
    data = form_data([author]) | {
        "status": "active",
        "organisation": other_org.pk,
        "proposed_by": 999,
        "reconnect_needed": "on",
        "public_slug": "chosen",
    }
    client_for(author).post(URL, data)
    channel = Channel.objects.get()
    assert (channel.status, channel.organisation, channel.proposed_by) == (Status.PROPOSED, org, author.user)
    assert channel.public_slug != "chosen" and not channel.reconnect_needed
