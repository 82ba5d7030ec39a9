"""The dashboard page (/dashboard/): managers see every figure, the safeguarding leads only the open concerns by
age (numbers, never a concern's words), every other role is refused; another organisation's channels never
show; each figure links to where it is fixed; and the page's queries do not grow with the number of channels
(apart from the readiness checklist's own reading of each channel, docs/dashboard.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel
from harbour.consultation.complaints import PROBLEM_REASONS, file_complaint
from harbour.safeguarding import services as safeguarding
from tests.cast import active_channel, give_training, make_consultation
from tests.publishing import platform  # noqa: F401  registers test_publishing, a platform Harbour posts to

pytestmark = pytest.mark.django_db

URL = "/dashboard/"
CHANNEL_FIGURES = (
    "readiness",
    "coverage",
    "responses",
    "consent",
    "takedowns",
    "privacy",
    "training",
    "posting",
)


def named(channel, name):
    Channel.objects.filter(pk=channel.pk).update(name=name)
    return channel


def test_the_address_is_the_dashboards():
    assert reverse("dashboard:index") == URL


def test_a_manager_sees_every_figure_with_where_to_fix_it(org, manager, client_for):
    channel = named(active_channel(org, "test_publishing"), "Youth club posts")
    page = client_for(manager).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for key in (*CHANNEL_FIGURES, "two-way", "concerns"):
        assert f'id="{key}"' in html, key
    assert "Youth club posts" in html
    for url in (
        reverse("channels:readiness", args=[channel.pk]),
        reverse("rota:channel", args=[channel.pk]),
        reverse("channels:privacy_reviews", args=[channel.pk]),
        reverse("consent:takedowns"),
        reverse("accounts:training"),
        reverse("publishing:calendar"),
        reverse("responses:index"),
    ):
        assert f'href="{url}' in html, url
    assert "cannot tell whether a post answered young people&#x27;s replies" in html


def test_a_safeguarding_lead_sees_the_concern_numbers_only(org, dsl, deputy, client_for):
    give_training(dsl, "handle_concerns", "raise_concerns")
    safeguarding.raise_concern(org, by=dsl, summary="MARKER-dashboard-words", category="bullying", severity=2)
    named(active_channel(org), "Youth club posts")
    for lead in (dsl, deputy):
        html = client_for(lead).get(URL).content.decode()
        assert 'id="concerns"' in html
        assert "1 open concern." in html
        for key in CHANNEL_FIGURES:
            assert f'id="{key}"' not in html, key
        assert "Youth club posts" not in html
        assert "MARKER-dashboard-words" not in html


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.AUTHOR, Role.REVIEWER, Role.VIEWER])
def test_other_roles_are_refused(members, client_for, role):
    assert client_for(members[role]).get(URL).status_code == 403


def test_signing_in_comes_first(client, db):
    page = client.get(URL)
    assert page.status_code == 302
    assert reverse("accounts:login") in page["Location"]


def test_another_organisations_channels_never_show(org, other_org, manager, outsider, client_for):
    named(active_channel(other_org), "Elsewhere Council channel")
    html = client_for(manager).get(URL).content.decode()
    assert "Elsewhere Council channel" not in html
    assert "0 of 0 active channels" in html
    assert "Elsewhere Council channel" in client_for(outsider).get(URL).content.decode()


def test_the_navigation_names_the_dashboard_for_those_who_may_see_it(members, client_for):
    assert 'href="/dashboard/"' in client_for(members[Role.MANAGER]).get("/").content.decode()
    assert 'href="/dashboard/"' not in client_for(members[Role.MODERATOR]).get("/").content.decode()


def queries_for(manager, client, channels: int) -> int:
    org = manager.organisation
    for n in range(channels - Channel.objects.for_org(org).live().count()):
        active_channel(org, "test_publishing" if n % 2 else "test_paged")
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_the_page_costs_the_same_however_many_channels(org, manager, client_for):
    client = client_for(manager)
    client.get(URL)  # the session and the first read of everything
    two = queries_for(manager, client, 2)
    eight = queries_for(manager, client, 8)
    # readiness reads every channel's confirmations, moderators, plan and resources at once.
    assert eight == two, (two, eight)
    assert two < 120, two


def test_complaints_from_consultation_pages_are_counted_for_managers(
    org, other_org, manager, outsider, client_for
):
    reason = PROBLEM_REASONS[0][0]
    survey = make_consultation(org, by=manager, publish=True)
    for _ in range(2):
        file_complaint(
            org, kind="problem", consultation=survey, reason=reason, text="The page would not load"
        )
    elsewhere = make_consultation(other_org, by=outsider, publish=True)
    file_complaint(other_org, kind="problem", consultation=elsewhere, reason=reason)
    html = client_for(manager).get(URL).content.decode()
    assert "2 complaints from consultation pages waiting for a decision." in html
    assert f'href="{reverse("consultation:complaints")}"' in html
