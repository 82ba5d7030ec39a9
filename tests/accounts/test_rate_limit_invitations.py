"""A manager can send only so many invitations (new and resent) an hour."""

import pytest
from django.core import mail
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Invitation
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "invitation_manager": (3, 60)}


def test_sends_and_resends_share_the_count(client, manager, outsider):
    sign_in(client, manager.user)
    invite = reverse("accounts:invite")
    for n in range(2):
        assert client.post(invite, {"email": f"p{n}@example.org", "role": Role.VIEWER}).status_code == 302
    first = Invitation.objects.order_by("pk").first()
    assert client.post(reverse("accounts:resend_invitation", args=[first.pk])).status_code == 302
    response = client.post(invite, {"email": "p9@example.org", "role": Role.VIEWER})
    assert response.status_code == 429 and "You sent invitations too many times" in response.content.decode()
    assert client.post(reverse("accounts:resend_invitation", args=[first.pk])).status_code == 429
    assert Invitation.objects.count() == 2 and len(mail.outbox) == 3
    event = AuditEvent.objects.get(action="security.rate_limited")
    assert event.actor == manager.user and event.organisation == manager.organisation
    # Another organisation's manager has a count of their own.
    other = client.__class__()
    sign_in(other, outsider.user)
    assert other.post(invite, {"email": "p9@example.org", "role": Role.VIEWER}).status_code == 302
