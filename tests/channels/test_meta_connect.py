"""Connecting a channel to an Instagram account, a Facebook Page or a Threads account from its page, against
the local Graph API simulator (harbour/connectors/meta/simulator/oauth.py): the dialog gets a state and a
PKCE challenge, the code is exchanged (with its verifier) for a long-lived token, the manager picks the
account, and Harbour keeps the token encrypted, the ids in the channel's config, the granted permissions
and the expiry, which the channel page shows. A state that is wrong, reused or another person's, and a
channel of another organisation, are refused and audited; a cancelled sign-in connects nothing; only
managers may connect; and a channel that Meta stopped accepting (error 190) offers "Reconnect"."""

import urllib.parse

import httpx
import pytest
from django.db import connection
from django.urls import reverse

from harbour.audit.models import AuditEvent
from harbour.channels.connecting import connector_for
from harbour.channels.credentials import secret_for
from harbour.channels.meta_models import MetaConnection
from harbour.channels.models import Channel
from harbour.connectors.meta.simulator import APP_ID, APP_SECRET, Simulator
from harbour.connectors.meta.simulator import instagram as sim_instagram
from harbour.connectors.meta.simulator.oauth import sign_in_as
from tests.cast import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def sim(settings):
    with Simulator() as simulator:
        settings.HARBOUR_META_APP_ID = settings.HARBOUR_THREADS_APP_ID = APP_ID
        settings.HARBOUR_META_APP_SECRET = settings.HARBOUR_THREADS_APP_SECRET = APP_SECRET
        settings.HARBOUR_META_GRAPH_URL = settings.HARBOUR_META_DIALOG_URL = simulator.url
        settings.HARBOUR_THREADS_GRAPH_URL = settings.HARBOUR_THREADS_DIALOG_URL = simulator.url
        yield simulator


@pytest.fixture
def youth_account(sim):
    """An Instagram professional account linked to a Page, managed by the person signed in to Facebook."""
    account = sim_instagram.add_account(sim.world, username="derbyyouth", name="Derby Youth Service")
    sign_in_as(
        sim.world,
        "5550001",
        "Maya Manager",
        pages=[
            {"id": account["page_id"], "name": "Derby Youth Service", "instagram": account},
            {"id": "1010101", "name": "Derby Parents' Forum"},
        ],
    )
    return account


def channel_on(org, manager, platform: str) -> Channel:
    return propose(org, manager, platform=platform, name=f"Derby on {platform}", platform_minimum_age=13)


def start(client, channel) -> str:
    answer = client.get(reverse("channels:meta_start", args=[channel.pk]))
    assert answer.status_code == 302, answer
    return answer["Location"]


def allow(dialog: str, decision: str = "allow") -> str:
    """Open Meta's dialog as the manager's browser would, press a button, and return where it sends them."""
    page = httpx.get(dialog)
    assert page.status_code == 200 and "Allow" in page.text
    parts = urllib.parse.urlsplit(dialog)
    fields = dict(urllib.parse.parse_qsl(parts.query))
    answer = httpx.post(
        f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/allow",
        data={**fields, "decision": decision},
        follow_redirects=False,
    )
    assert answer.status_code == 302
    return answer.headers["location"]


def back_to_harbour(client, location: str):
    parts = urllib.parse.urlsplit(location)
    assert parts.path == reverse("channels:meta_callback")
    return client.get(parts.path, dict(urllib.parse.parse_qsl(parts.query)))


def test_a_manager_connects_an_instagram_account_and_sees_what_was_granted(
    org, manager, client_for, sim, youth_account
):
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    dialog = start(client, channel)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(dialog).query))
    assert query["client_id"] == APP_ID and query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 32 and "instagram_manage_comments" in query["scope"].split(",")

    picked = back_to_harbour(client, allow(dialog))
    assert picked.status_code == 302 and picked["Location"] == reverse(
        "channels:meta_pick", args=[channel.pk]
    )
    page = client.get(picked["Location"])
    assert page.status_code == 200
    # Only the Page with a linked Instagram account is offered, named by its username.
    assert "@derbyyouth (Page: Derby Youth Service)" in page.text and "Parents" not in page.text
    done = client.post(picked["Location"], {"account": youth_account["id"]})
    assert done.status_code == 302 and done["Location"] == reverse("channels:detail", args=[channel.pk])

    channel.refresh_from_db()
    assert channel.config["account_id"] == youth_account["id"]
    assert channel.config["page_id"] == youth_account["page_id"]
    assert channel.config["graph_url"] == sim.url
    token = secret_for(channel, "access_token")
    assert (
        sim.world.tokens[token].kind == "page" and sim.world.tokens[token].user_id == youth_account["page_id"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT ciphertext FROM channels_credential")
        assert token not in repr(cursor.fetchall())  # encrypted at rest
    meta = MetaConnection.objects.get(channel=channel)
    assert "instagram_manage_comments" in meta.permissions and meta.declined == []
    assert (
        meta.expires_at is None and meta.data_access_expires_at is not None
    )  # a Page token: data access ends
    # The Page is subscribed to the app's webhooks, so Instagram's webhooks reach Harbour.
    assert sim.world.table("page_subscriptions")[youth_account["page_id"]] == ["feed"]
    event = AuditEvent.objects.get(action="channel.meta_connected")
    assert event.detail["account"] == youth_account["id"] and token not in str(event.detail)

    shown = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Read, hide, delete and reply to comments on the Instagram account" in shown
    assert "works until" in shown and "@derbyyouth" in shown
    # The state was used once: a second visit with the same answer is refused.
    assert client.get(reverse("channels:meta_pick", args=[channel.pk])).status_code == 302


def test_the_connected_token_reads_the_account_through_its_connector(
    org, manager, client_for, sim, youth_account
):
    media = sim_instagram.add_media(sim.world, youth_account["id"], caption="Summer trip sign-ups")
    sim_instagram.add_comment(sim.world, media["id"], text="can I still come?", username="kid_one")
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    picked = back_to_harbour(client, allow(start(client, channel)))
    client.post(picked["Location"], {"account": youth_account["id"]})
    channel.refresh_from_db()
    connector = connector_for(channel)
    assert connector.credentials["app_secret"] == APP_SECRET  # added from settings for Meta's platforms
    batch = connector.fetch(None)
    assert [item.text for item in batch.items] == ["can I still come?"]


def test_a_facebook_page_is_picked_from_the_pages_the_person_manages(
    org, manager, client_for, sim, youth_account
):
    channel = channel_on(org, manager, "facebook")
    client = client_for(manager)
    picked = back_to_harbour(client, allow(start(client, channel)))
    page = client.get(picked["Location"]).content.decode()
    assert "Derby Youth Service" in page and "Derby Parents" in page
    client.post(picked["Location"], {"account": "1010101"})
    channel.refresh_from_db()
    assert channel.config["account_id"] == "1010101" and "page_id" not in channel.config
    assert MetaConnection.objects.get(channel=channel).account_name == "Derby Parents' Forum"
    assert sim.world.table("page_subscriptions")["1010101"] == ["feed", "messages"]


def test_a_declined_permission_is_shown_as_declined(org, manager, client_for, sim):
    account = sim_instagram.add_account(sim.world, username="derbyyouth")
    sign_in_as(
        sim.world,
        "5550002",
        "Maya Manager",
        pages=[{"id": account["page_id"], "name": "Derby", "instagram": account}],
        declined=("instagram_manage_messages",),
    )
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    picked = back_to_harbour(client, allow(start(client, channel)))
    client.post(picked["Location"], {"account": account["id"]})
    meta = MetaConnection.objects.get(channel=channel)
    assert (
        meta.declined == ["instagram_manage_messages"] and "instagram_manage_messages" not in meta.permissions
    )
    shown = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Declined: Read and answer the Instagram account" in shown


def test_threads_connects_the_account_that_signed_in_with_no_pick(org, manager, client_for, sim):
    from harbour.connectors.meta.simulator import threads as sim_threads

    user_id = sim_threads.person(sim.world, "derbyyouth")
    sign_in_as(sim.world, user_id, "Maya Manager")
    channel = channel_on(org, manager, "threads")
    client = client_for(manager)
    dialog = start(client, channel)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(dialog).query))
    assert urllib.parse.urlsplit(dialog).path == "/oauth/authorize" and "code_challenge" not in query
    done = back_to_harbour(client, allow(dialog))
    assert done["Location"] == reverse("channels:detail", args=[channel.pk])
    channel.refresh_from_db()
    assert channel.config["account_id"] == user_id
    meta = MetaConnection.objects.get(channel=channel)
    assert meta.account_name == "@derbyyouth" and meta.expires_at is not None  # 60 days


def test_a_reused_or_unknown_state_is_refused_and_audited(org, manager, client_for, sim, youth_account):
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    location = allow(start(client, channel))
    assert back_to_harbour(client, location).status_code == 302
    again = back_to_harbour(client, location)
    assert again.status_code == 403
    made_up = client.get(reverse("channels:meta_callback"), {"state": "x" * 43, "code": "abc"})
    assert made_up.status_code == 403
    refusals = AuditEvent.objects.filter(action="channel.meta_connect_refused")
    assert [e.detail["reason"] for e in refusals.order_by("sequence")] == ["unknown_state", "unknown_state"]
    assert not MetaConnection.objects.exists()


def test_another_persons_sign_in_is_refused(org, manager, client_for, sim, youth_account):
    from tests.cast import make_member

    other_manager = make_member(org, "manager", "omar.other@example.org", "Omar Other")
    channel = channel_on(org, manager, "instagram")
    location = allow(start(client_for(manager), channel))
    refused = back_to_harbour(client_for(other_manager), location)
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action="channel.meta_connect_refused").count() == 1


def test_a_state_naming_another_organisations_channel_is_refused(
    org, other_org, manager, client_for, sim, youth_account
):
    from tests.isolation import manager_of

    theirs = channel_on(other_org, manager_of(other_org), "instagram")
    mine = channel_on(org, manager, "instagram")
    client = client_for(manager)
    location = allow(start(client, mine))
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["state"]
    session = client.session
    session["meta_oauth"][state]["channel"] = theirs.pk  # as if the session had been tampered with
    session.save()
    assert back_to_harbour(client, location).status_code == 404
    refusal = AuditEvent.objects.get(action="channel.meta_connect_refused")
    assert refusal.detail["reason"] == "other_organisation"
    assert (
        not MetaConnection.objects.exists() and "account_id" not in Channel.objects.get(pk=theirs.pk).config
    )


def test_a_wrong_code_verifier_connects_nothing(org, manager, client_for, sim, youth_account):
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    location = allow(start(client, channel))
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["state"]
    session = client.session
    session["meta_oauth"][state]["verifier"] = "not-the-verifier-" + "a" * 40
    session.save()
    answer = back_to_harbour(client, location)
    assert answer["Location"] == reverse("channels:meta_connect", args=[channel.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "Nothing was connected" in page and "Invalid code verifier" in page
    assert not MetaConnection.objects.exists()


def test_cancelling_at_meta_connects_nothing(org, manager, client_for, sim, youth_account):
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    answer = back_to_harbour(client, allow(start(client, channel), decision="cancel"))
    assert answer["Location"] == reverse("channels:meta_connect", args=[channel.pk])
    assert "cancelled or refused" in client.get(answer["Location"]).content.decode()
    assert not MetaConnection.objects.exists()


def test_without_an_app_the_page_says_what_to_set(org, manager, client_for, settings):
    settings.HARBOUR_META_APP_ID = ""
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    page = client.get(reverse("channels:meta_connect", args=[channel.pk])).content.decode()
    assert (
        "HARBOUR_META_APP_ID" in page
        and "HARBOUR_META_APP_SECRET" in page
        and "/channels/meta/callback/" in page
    )
    assert 'id="meta-start"' not in page
    assert client.get(reverse("channels:meta_start", args=[channel.pk]))["Location"] == reverse(
        "channels:meta_connect", args=[channel.pk]
    )
    shown = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Connecting needs the organisation&#x27;s Meta app" in shown


def test_only_managers_connect(org, manager, moderator, client_for, sim, youth_account):
    channel = channel_on(org, manager, "instagram")
    client = client_for(moderator)
    for name in ("channels:meta_connect", "channels:meta_start", "channels:meta_pick"):
        assert client.get(reverse(name, args=[channel.pk])).status_code == 403
    assert client.get(reverse("channels:meta_callback"), {"state": "x", "code": "y"}).status_code == 403


def test_a_channel_meta_stopped_accepting_offers_reconnect_and_connecting_clears_it(
    org, manager, client_for, sim, youth_account
):
    channel = channel_on(org, manager, "instagram")
    Channel.objects.filter(pk=channel.pk).update(reconnect_needed=True)
    client = client_for(manager)
    page = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert 'id="meta-reconnect"' in page and "connect the channel again" in page
    picked = back_to_harbour(client, allow(start(client, channel)))
    client.post(picked["Location"], {"account": youth_account["id"]})
    channel.refresh_from_db()
    assert channel.reconnect_needed is False
    assert (
        'id="meta-reconnect"'
        not in client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    )


def test_a_platform_that_is_not_metas_has_no_connect_page(org, manager, client_for):
    channel = propose(org, manager)  # Bluesky
    assert client_for(manager).get(reverse("channels:meta_connect", args=[channel.pk])).status_code == 404


def test_managers_are_reminded_once_before_the_connection_stops_working(
    org, manager, client_for, sim, youth_account, mailoutbox
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from harbour.channels.models import Status
    from harbour.channels.tasks import send_meta_connection_reminders

    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    picked = back_to_harbour(client, allow(start(client, channel)))
    client.post(picked["Location"], {"account": youth_account["id"]})
    Channel.objects.filter(pk=channel.pk).update(status=Status.ACTIVE)
    ends = MetaConnection.objects.get(channel=channel).ends_at  # data access: 90 days from now
    assert send_meta_connection_reminders.call() == 0  # not yet: more than two weeks away
    with time_machine.travel(ends - timedelta(days=13)):
        assert send_meta_connection_reminders.call() == 1
        assert send_meta_connection_reminders.call() == 0  # once for each end
        fresh = client_for(manager)  # the first session is long over by then
        page = fresh.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "stops working on" in page
    [mail] = mailoutbox
    assert mail.to == [manager.user.email] and "Connect again" in mail.body
    assert "Connect" in mail.subject and "again before" in mail.subject
    event = AuditEvent.objects.get(action="channel.meta_reminder_sent")
    assert event.detail["to"] == [manager.user.email]
    with time_machine.travel(timezone.now() + timedelta(days=200)):  # expired and never reconnected
        assert send_meta_connection_reminders.call() == 0


def test_facebook_login_for_business_sends_the_configuration_instead_of_naming_permissions(
    org, manager, client_for, sim, youth_account, settings
):
    from harbour.connectors.meta.simulator.oauth import login_configuration

    granted = ["instagram_basic", "instagram_manage_comments", "pages_show_list", "pages_read_engagement"]
    login_configuration(sim.world, "771100220033", granted)
    settings.HARBOUR_META_LOGIN_CONFIG_ID = "771100220033"
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    dialog = start(client, channel)
    assert dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(dialog).query))["config_id"] == "771100220033"
    picked = back_to_harbour(client, allow(dialog))
    client.post(picked["Location"], {"account": youth_account["id"]})
    assert MetaConnection.objects.get(channel=channel).permissions == sorted(granted)
    settings.HARBOUR_META_LOGIN_CONFIG_ID = "999"  # a configuration the app does not have: Meta's error
    assert httpx.get(start(client, channel)).status_code == 400


def test_without_pages_manage_metadata_it_connects_and_says_comments_wait_for_a_check(
    org, manager, client_for, sim
):
    account = sim_instagram.add_account(sim.world, username="derbyyouth")
    sign_in_as(
        sim.world,
        "5550003",
        "Maya Manager",
        pages=[{"id": account["page_id"], "name": "Derby", "instagram": account}],
        declined=("pages_manage_metadata",),
    )
    channel = channel_on(org, manager, "instagram")
    client = client_for(manager)
    picked = back_to_harbour(client, allow(start(client, channel)))
    done = client.post(picked["Location"], {"account": account["id"]}, follow=True)
    page = done.content.decode()
    assert "is connected to" in page and "not at once" in page and "pages_manage_metadata" in page
    assert MetaConnection.objects.filter(channel=channel).exists()
    assert account["page_id"] not in sim.world.table("page_subscriptions")


def test_a_threads_token_is_renewed_before_it_expires_instead_of_a_reminder(
    org, manager, client_for, sim, mailoutbox
):
    from datetime import timedelta

    import time_machine

    from harbour.channels.models import Status
    from harbour.channels.tasks import send_meta_connection_reminders
    from harbour.connectors.meta.simulator import threads as sim_threads

    user_id = sim_threads.person(sim.world, "derbyyouth")
    sign_in_as(sim.world, user_id, "Maya Manager")
    channel = channel_on(org, manager, "threads")
    client = client_for(manager)
    back_to_harbour(client, allow(start(client, channel)))
    Channel.objects.filter(pk=channel.pk).update(status=Status.ACTIVE)
    old_token = secret_for(channel, "access_token")
    ends = MetaConnection.objects.get(channel=channel).expires_at  # 60 days
    with time_machine.travel(ends - timedelta(days=10)):
        assert send_meta_connection_reminders.call() == 0  # renewed: nobody needs reminding
        new_token = secret_for(channel, "access_token")
        assert new_token != old_token and sim.world.tokens[new_token].user_id == user_id
        assert MetaConnection.objects.get(channel=channel).expires_at > ends + timedelta(days=40)
    assert mailoutbox == []
    sim.world.tokens[new_token].revoked = True  # the person removed the app: renewing fails
    with time_machine.travel(MetaConnection.objects.get(channel=channel).expires_at - timedelta(days=10)):
        assert send_meta_connection_reminders.call() == 1
    assert "Connect again" in mailoutbox[0].body
