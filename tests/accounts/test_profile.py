import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.audit.models import AuditEvent
from tests.cast import PASSWORD, sign_in, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp_throttle")]


def test_profile_shows_name_and_two_factor(client, author):
    sign_in(client, author.user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert author.user.full_name in html and "0 unused" in html


def test_new_backup_codes_need_password_and_a_fresh_code(client, author):
    sign_in(client, author.user)
    url = reverse("accounts:regenerate_backup_codes")
    html = client.post(url, {"password": "wrong", "code": "000000"}).content.decode()
    assert "Your password is not right" in html and not StaticToken.objects.exists()
    device = TOTPDevice.objects.get(user=author.user)
    response = client.post(url, {"password": PASSWORD, "code": totp_code(device)})
    assert response.url == reverse("accounts:backup_codes")
    assert StaticToken.objects.filter(device__user=author.user).count() == 10
    assert client.get(response.url).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.backup_codes_regenerated").count() == 1


def test_replacing_the_authenticator_needs_password_and_code_then_a_new_app(client, author):
    import re
    from base64 import b32decode

    from django_otp.oath import TOTP

    sign_in(client, author.user)
    old = TOTPDevice.objects.get(user=author.user)
    assert client.get(reverse("accounts:enrol")).url == reverse("accounts:replace_authenticator")
    response = client.post(
        reverse("accounts:replace_authenticator"), {"password": PASSWORD, "code": totp_code(old)}
    )
    assert response.url == reverse("accounts:enrol")
    html = client.get(reverse("accounts:enrol")).content.decode()
    secret = re.search(r'id="manual-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    client.post(reverse("accounts:enrol"), {"code": f"{TOTP(b32decode(secret)).token():06d}"})
    new = TOTPDevice.objects.get(user=author.user)
    assert new.pk != old.pk
    assert AuditEvent.objects.filter(action="two_factor.replaced").count() == 1


def test_switching_organisation_is_audited(client, author, other_org):
    from harbour.accounts.capabilities import Role
    from harbour.accounts.models import Membership

    Membership.objects.create(user=author.user, organisation=other_org, role=Role.VIEWER)
    sign_in(client, author.user)
    html = client.get(reverse("console:home")).content.decode()
    assert 'name="organisation"' in html and other_org.name in html
    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": other_org.pk, "next": "/"}
    )
    assert response.url == "/"
    assert client.get("/").context["organisation"] == other_org
    assert AuditEvent.objects.get(action="organisation.switched").organisation == other_org


def test_switching_to_an_organisation_you_are_not_in_is_404(client, author, other_org):
    sign_in(client, author.user)
    assert (
        client.post(reverse("accounts:switch_organisation"), {"organisation": other_org.pk}).status_code
        == 404
    )
    assert client.post(reverse("accounts:switch_organisation"), {"organisation": "x"}).status_code == 404
    assert client.get(reverse("accounts:switch_organisation")).status_code == 405


def test_header_has_account_link_and_sign_out_button(client, author):
    sign_in(client, author.user)
    html = client.get(reverse("console:home")).content.decode()
    assert reverse("accounts:profile") in html
    assert f'action="{reverse("accounts:logout")}"' in html
