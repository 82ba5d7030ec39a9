import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from harbour.accounts import services
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Invitation, Membership, User
from harbour.audit.models import AuditEvent
from tests.cast import add_authenticator, enter_password, sign_in, totp_code

pytestmark = pytest.mark.django_db

INVITE = reverse("accounts:invite")
STRONG = "Welc0me!aboard-now"


def link_from_mail(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def invite(client, manager, email="new.person@example.org", role=Role.MODERATOR):
    sign_in(client, manager.user)
    response = client.post(INVITE, {"email": email, "role": role})
    client.logout()
    return response


def test_manager_invites_by_email_and_only_the_token_hash_is_stored(client, manager):
    response = invite(client, manager)
    assert response.status_code == 302 and response.url == reverse("accounts:team")
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org" and invitation.role == Role.MODERATOR
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]
    token = link_from_mail(mail.outbox[0]).split("/")[-2]
    assert len(token) >= 40 and token not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(token)
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    assert AuditEvent.objects.filter(action="invitation.sent", organisation=manager.organisation).count() == 1


def test_new_person_sets_name_and_password_then_sets_up_two_factor(client, manager):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    page = client.get(link)
    assert "new.person@example.org" in page.content.decode()
    response = client.post(
        link, {"full_name": "Nia New", "new_password": STRONG, "new_password_again": STRONG}
    )
    assert response.url == reverse("accounts:enrol")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nia New" and user.check_password(STRONG)
    assert Membership.objects.get(user=user).role == Role.MODERATOR
    assert client.get(reverse("console:home")).url.startswith(reverse("accounts:two_factor"))
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 1


def test_the_link_works_once(client, manager):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    client.post(link, {"full_name": "Nia New", "new_password": STRONG, "new_password_again": STRONG})
    client.logout()
    response = client.get(link)
    assert response.status_code == 404 and "This invitation link does not work" in response.content.decode()


def test_the_link_expires(client, manager, settings):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert client.get(link).status_code == 404


def test_an_unknown_token_gets_the_same_page(client):
    assert client.get(reverse("accounts:invitation", args=["x" * 43])).status_code == 404


def test_weak_password_and_missing_name_are_explained(client, manager):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    html = client.post(
        link, {"full_name": "", "new_password": "password", "new_password_again": "passwordx"}
    ).content.decode()
    assert "There is a problem" in html
    assert html.count("Enter your full name") == 2
    assert "Your password must include" in html
    assert "The passwords do not match" in html
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_existing_harbour_user_accepts_by_signing_in(client, manager, outsider):
    invite(client, manager, email=outsider.user.email, role=Role.VIEWER)
    link = link_from_mail(mail.outbox[0])
    page = client.get(link)
    assert "Sign in to accept" in page.content.decode()
    device = add_authenticator(outsider.user)
    enter_password(client, outsider.user.email, next=link)
    assert client.post(reverse("accounts:two_factor"), {"code": totp_code(device)}).url == link
    response = client.post(link)
    assert response.url == reverse("console:home")
    assert Membership.objects.filter(user=outsider.user).count() == 2
    assert client.session["harbour_organisation_id"] == manager.organisation_id


def test_someone_else_signed_in_cannot_accept(client, manager, author):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    sign_in(client, author.user)
    response = client.post(link, {"full_name": "X", "new_password": STRONG, "new_password_again": STRONG})
    assert response.status_code == 403
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_inviting_a_member_again_is_refused_clearly(client, manager, author):
    sign_in(client, manager.user)
    html = client.post(INVITE, {"email": author.user.email.upper(), "role": Role.VIEWER}).content.decode()
    assert html.count("is already a member of \u2068Derby Youth Service\u2069") == 2  # the name isolated
    assert not Invitation.objects.exists()


def test_inviting_twice_points_to_resend(client, manager):
    sign_in(client, manager.user)
    client.post(INVITE, {"email": "a@example.org", "role": Role.VIEWER})
    html = client.post(INVITE, {"email": "a@example.org", "role": Role.VIEWER}).content.decode()
    assert "has already been invited" in html
    assert Invitation.objects.count() == 1


def test_bad_input_is_explained(client, manager):
    sign_in(client, manager.user)
    html = client.post(INVITE, {"email": "not-an-email", "role": "king"}).content.decode()
    assert "Enter an email address in the correct format" in html
    assert "Choose one of the roles in the list" in html


@pytest.mark.parametrize("email", ["boss@exa\u202emple.org", "boss@ex\u200bample.org"])
def test_an_invisible_character_in_an_address_is_refused(client, manager, email):
    """Django's email check lets a right-to-left override or a zero-width space through."""
    sign_in(client, manager.user)
    html = client.post(INVITE, {"email": email, "role": Role.MODERATOR}).content.decode()
    assert "invisible or control character" in html
    assert not Invitation.objects.exists()


def test_resend_replaces_the_link(client, manager):
    invite(client, manager)
    old = link_from_mail(mail.outbox[0])
    sign_in(client, manager.user)
    client.post(reverse("accounts:resend_invitation", args=[Invitation.objects.get().pk]))
    new = link_from_mail(mail.outbox[1])
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    assert AuditEvent.objects.filter(action="invitation.resent").count() == 1


def test_revoke_kills_the_link(client, manager):
    invite(client, manager)
    link = link_from_mail(mail.outbox[0])
    sign_in(client, manager.user)
    client.post(reverse("accounts:revoke_invitation", args=[Invitation.objects.get().pk]))
    client.logout()
    assert client.get(link).status_code == 404
    assert AuditEvent.objects.filter(action="invitation.revoked").count() == 1


def test_a_former_member_comes_back_with_the_new_role(client, manager, author):
    services.deactivate_membership(author, by=manager)
    services.invite_member(
        author.organisation, author.user.email, Role.VIEWER, by=manager, base_url="http://testserver"
    )
    link = link_from_mail(mail.outbox[0])
    sign_in(client, author.user)
    client.post(link)
    author.refresh_from_db()
    assert author.is_active and author.role == Role.VIEWER


@pytest.mark.parametrize("url_name", ["accounts:resend_invitation", "accounts:revoke_invitation"])
def test_outsider_gets_404_for_another_organisations_invitation(client, manager, outsider, url_name):
    invitation, _ = services.invite_member(
        manager.organisation, "a@example.org", Role.VIEWER, by=manager, base_url="http://x"
    )
    sign_in(client, outsider.user)
    assert client.post(reverse(url_name, args=[invitation.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["accounts:resend_invitation", "accounts:revoke_invitation"])
def test_non_manager_gets_403(client, manager, moderator, url_name):
    invitation, _ = services.invite_member(
        manager.organisation, "a@example.org", Role.VIEWER, by=manager, base_url="http://x"
    )
    sign_in(client, moderator.user)
    assert client.post(reverse(url_name, args=[invitation.pk])).status_code == 403
    assert client.get(INVITE).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(INVITE).url.startswith(reverse("accounts:login"))


def test_create_organisation_command_prints_the_link(db, capsys):
    from django.core.management import call_command

    call_command(
        "createorganisation", "Leeds Youth", "--slug", "leeds-youth", "--manager-email", "Boss@Example.org"
    )
    out = capsys.readouterr().out
    assert "Created Leeds Youth" in out and "/accounts/invitation/" in out
    invitation = Invitation.objects.get()
    assert invitation.email == "boss@example.org" and invitation.role == Role.MANAGER
    assert invitation.organisation.courses.count() == 4
    assert invitation.organisation.codes_of_conduct.get().version == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["Dup", "--slug", "derby-youth", "--manager-email", "a@b.org"], "already exists"),
        (["Bad", "--slug", "has space", "--manager-email", "a@b.org"], "only letters, numbers"),
        (["Bad", "--slug", "ok", "--manager-email", "not-an-email"], "not a valid email address"),
        # A right-to-left override in the domain shows "a@elpmaxe.org" and mails somewhere else.
        (["Bad", "--slug", "ok", "--manager-email", "a@\u202eexample.org"], r"u202e.*invisible character"),
        (["  ", "--slug", "ok", "--manager-email", "a@b.org"], "1 to 200 characters"),
    ],
)
def test_create_organisation_command_explains_bad_input(org, args, message):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=message):
        call_command("createorganisation", *args)
