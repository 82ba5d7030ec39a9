import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts import services
from harbour.accounts.models import CodeOfConduct, ConductAcknowledgement
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

URL = reverse("accounts:conduct_acknowledge")


def verified_without_acknowledging(client, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_new_member_is_sent_to_read_the_code_first(client, author):
    verified_without_acknowledging(client, author.user)
    response = client.get(reverse("console:home"))
    assert response.status_code == 302 and response.url == URL + "?next=%2F"


def test_the_page_shows_the_default_code_without_saving_it(client, author):
    verified_without_acknowledging(client, author.user)
    html = client.get(URL).content.decode()
    assert "friend" in html and "privacy settings" in html and "disrepute" in html and "role model" in html
    assert not CodeOfConduct.objects.exists()  # reading a page never writes


def test_acknowledging_records_version_and_time_and_opens_the_console(client, author):
    verified_without_acknowledging(client, author.user)
    response = client.post(URL + "?next=/accounts/account/", {"version": 1, "confirm": "on"})
    assert response.url == "/accounts/account/"
    ack = ConductAcknowledgement.objects.get(membership=author)
    assert ack.code.version == 1 and ack.acknowledged_at
    assert AuditEvent.objects.filter(action="code_of_conduct.acknowledged", actor=author.user).count() == 1
    assert client.get(reverse("console:home")).status_code == 200


def test_not_ticking_the_box_is_explained(client, author):
    verified_without_acknowledging(client, author.user)
    response = client.post(URL, {"version": 1})
    assert response.content.decode().count("Confirm that you have read the code of conduct") == 2
    assert not ConductAcknowledgement.objects.exists()


def test_a_new_version_must_be_acknowledged_again(client, manager, author):
    sign_in(client, author.user)
    assert client.get(reverse("console:home")).status_code == 200
    services.publish_code_of_conduct(author.organisation, "Be kind online.", by=manager)
    response = client.get(reverse("console:home"))
    assert response.url.startswith(URL)
    html = client.get(URL).content.decode()
    assert "has changed since you last read it" in html and "Be kind online." in html


def test_acknowledging_an_old_version_is_refused(client, manager, author):
    sign_in(client, author.user)
    services.publish_code_of_conduct(author.organisation, "Version two.", by=manager)
    client.post(URL, {"version": 1, "confirm": "on"})
    assert not ConductAcknowledgement.objects.filter(membership=author, code__version=2).exists()


def test_code_text_is_escaped(client, manager, author):
    services.publish_code_of_conduct(author.organisation, "<script>alert(1)</script>", by=manager)
    verified_without_acknowledging(client, author.user)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("accounts:login"))
