import pytest
from django.urls import reverse

from harbour.accounts.models import CodeOfConduct, ConductAcknowledgement
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

EDIT = reverse("accounts:conduct_edit")


def test_manager_publishes_a_new_version_and_has_acknowledged_it(client, manager):
    sign_in(client, manager.user)
    response = client.post(EDIT, {"text": "Be a good role model online."})
    assert response.url == reverse("accounts:conduct")
    code = CodeOfConduct.objects.get(version=2)
    assert code.created_by == manager.user
    assert ConductAcknowledgement.objects.filter(membership=manager, code=code).exists()
    assert AuditEvent.objects.get(action="code_of_conduct.changed").detail == {"version": 2}
    assert client.get(reverse("console:home")).status_code == 200


def test_blank_or_unchanged_text_is_explained(client, manager):
    sign_in(client, manager.user)
    assert (
        client.post(EDIT, {"text": "  "}).content.decode().count("Enter the text of the code of conduct") == 2
    )
    current = CodeOfConduct.objects.get(organisation=manager.organisation).text
    assert "The text has not changed" in client.post(EDIT, {"text": current}).content.decode()
    assert CodeOfConduct.objects.count() == 1


def test_everyone_can_read_it_but_only_managers_change_it(client, author):
    sign_in(client, author.user)
    assert client.get(reverse("accounts:conduct")).status_code == 200
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"text": "x"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(EDIT).url.startswith(reverse("accounts:login"))


def test_each_organisation_has_its_own_code(client, manager, outsider):
    sign_in(client, manager.user)
    client.post(EDIT, {"text": "Derby's own code."})
    sign_in(client, outsider.user)
    assert "Derby's own code." not in client.get(reverse("accounts:conduct")).content.decode()
