"""The invite form makes the inviter choose a role, and the viewer role can look at the pages the
invite page promises, with nothing it can change (issue 15, item 16)."""

import re

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Invitation
from harbour.audit.models import AuditEvent
from harbour.channels.models import Channel
from tests.cast import sign_in
from tests.isolation import PUBLIC, make_channel
from tests.test_url_security import URLS, path_for

pytestmark = pytest.mark.django_db

INVITE = "/accounts/team/invite/"
RADIO = re.compile(r'<input class="govuk-radios__input"[^>]*name="role"[^>]*>')

# Safeguarding is everyone's responsibility: a viewer raises a concern like any member (with the training for it).
EVERY_MEMBER = {"safeguarding:raise"}

# What a viewer may change: only their own sign-in, account and training records, never the organisation's work.
OWN_ACCOUNT = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:enrol",
    "accounts:enrol_confirmed",
    "accounts:backup_codes",
    "accounts:confirm_two_factor",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:invitation",
    "accounts:profile",
    "accounts:change_password",
    "accounts:regenerate_backup_codes",
    "accounts:replace_authenticator",
    "accounts:end_session",
    "accounts:switch_organisation",
    "accounts:conduct_acknowledge",
    "accounts:training_add",
}
# Pages that only show, which answer a POST as a GET: allowed, since the checks below find nothing written.
READ_PAGES = {"accounts:conduct", "accounts:training", "channels:index", "channels:detail"}


def test_the_invite_form_chooses_no_role_for_the_inviter(client, manager):
    sign_in(client, manager.user)
    html = client.get(INVITE).content.decode()
    radios = RADIO.findall(html)
    assert len(radios) == len(Role.values)
    assert not [radio for radio in radios if "checked" in radio]
    assert 'value="viewer"' in radios[0] and 'value="manager"' in radios[-1]  # least power first
    assert "<select" not in html


def test_an_invitation_without_a_role_is_refused_with_a_clear_error(client, manager):
    sign_in(client, manager.user)
    response = client.post(INVITE, {"email": "new.person@example.org"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Choose the role they will have") == 2  # the error summary and the field
    assert 'href="#id_role_0"' in html  # the summary links to the first radio
    assert not Invitation.objects.exists()


@pytest.fixture
def channel(org, manager):
    return make_channel(org)


def test_a_viewer_sees_the_read_only_pages_without_action_buttons(client, viewer, channel):
    sign_in(client, viewer.user)
    review = channel.privacy_reviews.first()
    pages = {
        "home": reverse("console:home"),
        "channels": reverse("channels:index"),
        "channel": reverse("channels:detail", args=[channel.pk]),
        "privacy reviews": reverse("channels:privacy_reviews", args=[channel.pk]),
        "disclaimer": reverse("channels_public:disclaimer", args=[channel.public_slug]),
        "training": reverse("accounts:training"),
    }
    if review is not None:
        pages["privacy review"] = reverse("channels:privacy_review", args=[channel.pk, review.pk])
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        if name in ("channels", "channel", "privacy reviews", "privacy review"):
            assert channel.name in html
            assert 'method="post"' not in html.split("<main", 1)[1], f"{name} offers a viewer a form"
            for action in ("propose", "edit", "decide", "activate", "retire", "credentials", "disclaimer"):
                kwargs = {} if action == "propose" else {"pk": channel.pk}
                assert f'href="{reverse(f"channels:{action}", kwargs=kwargs)}"' not in html, (
                    f"{name} links to {action}"
                )
            assert f'href="{reverse("inbox:import_items", args=[channel.pk])}"' not in html, (
                f"{name} links to import"
            )
    nav = client.get(reverse("console:home")).content.decode()
    assert f'href="{reverse("channels:index")}"' in nav


def test_a_viewer_gets_403_on_every_write(org, viewer, channel):
    """POST every URL as a viewer (with the objects made in their own organisation): each is refused,
    except their own account, and nothing is written but the refusals."""
    client = sign_in(Client(), viewer.user)
    paths = {url.name: path_for(url, org) for url in URLS}
    channels_before = list(Channel.objects.values_list("pk", "status", "name"))
    seen = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    problems = []
    for url in URLS:
        if url.name in OWN_ACCOUNT or url.name in PUBLIC or url.name in EVERY_MEMBER:
            continue
        if "_auth_user_id" not in client.session:
            sign_in(client, viewer.user)
        response = client.post(paths[url.name], {}, secure=True)
        if response.status_code not in (403, 405) and not (
            url.name in READ_PAGES and response.status_code == 200
        ):
            problems.append(f"POST {url} as a viewer got {response.status_code}")
    assert not problems, "\n".join(problems)
    assert list(Channel.objects.values_list("pk", "status", "name")) == channels_before
    written = set(AuditEvent.objects.filter(sequence__gt=seen).values_list("action", flat=True))
    assert written <= {"security.forbidden"}, written
