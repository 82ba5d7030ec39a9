import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.audit.models import AuditEvent
from tests.cast import make_member, sign_in

pytestmark = pytest.mark.django_db


def test_manager_sees_members_with_role_two_factor_and_training(client, members):
    manager = members[Role.MANAGER]
    sign_in(client, manager.user)
    html = client.get(reverse("accounts:team")).content.decode()
    for m in members.values():
        assert m.user.full_name in html
    assert "Set up" in html and "due" in html


def test_member_names_are_escaped(client, manager):
    make_member(manager.organisation, Role.VIEWER, "x@example.org", "<script>alert(1)</script>")
    sign_in(client, manager.user)
    html = client.get(reverse("accounts:team")).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.MANAGER])
def test_other_roles_get_403(client, members, role):
    sign_in(client, members[role].user)
    assert client.get(reverse("accounts:team")).status_code == 403
    assert client.get(reverse("accounts:member", args=[members[Role.MANAGER].pk])).status_code == 403
    assert client.get(reverse("accounts:organisation_settings")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, author):
    for url in (reverse("accounts:team"), reverse("accounts:member", args=[author.pk])):
        assert client.get(url).url.startswith(reverse("accounts:login"))


def test_outsider_gets_404_for_another_organisations_member(client, author, outsider):
    sign_in(client, outsider.user)
    assert client.get(reverse("accounts:member", args=[author.pk])).status_code == 404
    assert client.post(reverse("accounts:deactivate", args=[author.pk])).status_code == 404
    author.refresh_from_db()
    assert author.is_active


def test_manager_changes_a_role_and_it_is_audited(client, manager, author):
    sign_in(client, manager.user)
    response = client.post(reverse("accounts:member", args=[author.pk]), {"role": Role.MODERATOR})
    assert response.url == reverse("accounts:team")
    author.refresh_from_db()
    assert author.role == Role.MODERATOR
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.detail["from"] == Role.AUTHOR and event.detail["to"] == Role.MODERATOR


def test_a_manager_makes_someone_a_deputy_safeguarding_lead_and_the_hint_says_what_a_deputy_does(
    client, manager, moderator
):
    sign_in(client, manager.user)
    page = client.get(reverse("accounts:member", args=[moderator.pk])).content.decode()
    assert '<option value="deputy_safeguarding_lead" dir="auto">Deputy safeguarding lead</option>' in page
    assert "Safeguarding leads and their deputies handle concerns" in page
    invite = client.get(reverse("accounts:invite")).content.decode()
    assert 'value="deputy_safeguarding_lead"' in invite and "Deputy safeguarding lead" in invite
    client.post(reverse("accounts:member", args=[moderator.pk]), {"role": Role.DEPUTY_SAFEGUARDING_LEAD})
    moderator.refresh_from_db()
    assert moderator.role == Role.DEPUTY_SAFEGUARDING_LEAD
    assert moderator.get_role_display() == "Deputy safeguarding lead"
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.detail["to"] == Role.DEPUTY_SAFEGUARDING_LEAD


def test_last_manager_cannot_demote_themselves(client, manager):
    sign_in(client, manager.user)
    html = client.post(reverse("accounts:member", args=[manager.pk]), {"role": Role.VIEWER}).content.decode()
    assert html.count("You cannot change the role of the last manager") == 2
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER


def test_a_manager_can_step_down_when_there_is_another(client, manager, org):
    second = make_member(org, Role.MANAGER, "second@example.org", "Second Manager")
    sign_in(client, manager.user)
    client.post(reverse("accounts:member", args=[manager.pk]), {"role": Role.AUTHOR})
    manager.refresh_from_db()
    assert manager.role == Role.AUTHOR and second.role == Role.MANAGER


def test_invalid_role_is_explained(client, manager, author):
    sign_in(client, manager.user)
    html = client.post(reverse("accounts:member", args=[author.pk]), {"role": "owner"}).content.decode()
    assert "Choose one of the roles in the list" in html


def test_deactivating_ends_every_session_of_that_person(client, manager, author):
    theirs_on_laptop, theirs_on_phone = Client(), Client()
    sign_in(theirs_on_laptop, author.user)
    sign_in(theirs_on_phone, author.user)
    assert theirs_on_laptop.get(reverse("console:home")).status_code == 200
    sign_in(client, manager.user)
    assert client.get(reverse("accounts:deactivate", args=[author.pk])).status_code == 200  # asks first
    response = client.post(reverse("accounts:deactivate", args=[author.pk]))
    assert response.url == reverse("accounts:team")
    for theirs in (theirs_on_laptop, theirs_on_phone):
        response = theirs.get(reverse("console:home"))
        assert response.status_code == 302 and response.url == reverse("accounts:login")
        assert "_auth_user_id" not in theirs.session
    assert AuditEvent.objects.filter(action="membership.deactivated").count() == 1


def test_deactivating_in_one_organisation_leaves_the_other(client, manager, author, other_org):
    Membership.objects.create(user=author.user, organisation=other_org, role=Role.VIEWER)
    theirs = Client()
    sign_in(theirs, author.user)
    session = theirs.session
    session["harbour_organisation_id"] = manager.organisation_id
    session.save()
    sign_in(client, manager.user)
    client.post(reverse("accounts:deactivate", args=[author.pk]))
    response = theirs.get(reverse("console:home"))
    assert response.status_code == 200
    assert response.context["organisation"] == other_org


def test_last_manager_cannot_be_deactivated(client, manager):
    sign_in(client, manager.user)
    html = client.post(reverse("accounts:deactivate", args=[manager.pk])).content.decode()
    assert "You cannot deactivate the last manager" in html and "There is a problem" in html
    manager.refresh_from_db()
    assert manager.is_active


def test_organisation_settings_change_the_reminder_and_are_audited(client, manager):
    sign_in(client, manager.user)
    url = reverse("accounts:organisation_settings")
    client.post(url, {"password_reminder_days": "0"})
    manager.organisation.refresh_from_db()
    assert manager.organisation.password_reminder_days == 0
    assert AuditEvent.objects.get(action="organisation.settings_changed").detail == {
        "password_reminder_days": [90, 0]
    }


@pytest.mark.parametrize(
    "value, message",
    [("", "Enter a number of days"), ("-1", "Enter 0 or more days"), ("ninety", "whole number")],
)
def test_organisation_settings_explain_bad_input(client, manager, value, message):
    sign_in(client, manager.user)
    html = client.post(
        reverse("accounts:organisation_settings"), {"password_reminder_days": value}
    ).content.decode()
    assert html.count(message) == 2
