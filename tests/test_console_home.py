import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import User
from harbour.audit.services import record
from tests.cast import give_training, sign_in

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get(reverse("console:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_role_and_the_training_a_moderator_still_needs(client, moderator):
    page = home(sign_in(client, moderator.user))
    assert "Moderator in <bdi>Derby Youth Service</bdi>" in page
    assert "Social media good practice: no record yet" in page
    assert "You need up-to-date training" in page


def test_home_says_training_is_up_to_date_once_it_is(client, moderator):
    give_training(moderator, "moderate", "raise_concerns")  # social media, and safeguarding level 1
    page = home(sign_in(client, moderator.user))
    assert "Up to date" in page and "You need up-to-date training" not in page


def test_home_shows_two_factor_status_and_backup_codes_left(client, viewer):
    device = StaticDevice.objects.create(user=viewer.user, name="Backup codes", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=f"code000{i}") for i in range(3))
    page = home(sign_in(client, viewer.user))  # sign_in gives an authenticator app too
    assert "Authenticator app set up" in page and "3 backup codes left" in page

    TOTPDevice.objects.filter(user=viewer.user).delete()
    client.force_login(viewer.user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert "Backup codes only" in home(client)


def test_someone_without_an_organisation_is_told_how_to_join(client):
    user = User.objects.create_user(email="new@example.org", password=None, full_name="New Person")
    assert "You are not a member of any organisation yet" in home(sign_in(client, user))


def test_home_needs_signing_in(client):
    response = client.get(reverse("console:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_managers_see_recent_activity_and_others_do_not(client, org, manager, viewer):
    record("channel.approved", by=manager.user, organisation=org, detail={})
    page = home(sign_in(client, manager.user))
    assert "Recent activity" in page and "Channel approved" in page
    assert "Recent activity" not in home(sign_in(client, viewer.user))


def test_leads_see_how_many_subject_access_requests_wait_for_their_review_and_never_whose(
    client, org, other_org, dsl, manager
):
    from harbour.accounts.capabilities import Role
    from harbour.consent.models import Person, PersonKind
    from harbour.privacy.models import AccessState, SubjectAccessRequest
    from tests.cast import make_member

    def sar(organisation, by, state, name):
        person = Person.objects.create(
            organisation=organisation, kind=PersonKind.YOUNG_PERSON, first_name=name
        )
        return SubjectAccessRequest.objects.create(
            organisation=organisation,
            person=person,
            requester="Their mother",
            received_on="2026-06-01",
            state=state,
            opened_by=by,
        )

    title = "Subject access requests waiting for your review"
    assert title not in home(sign_in(client, dsl.user))  # nothing waiting: no panel
    sar(org, manager, AccessState.LEAD_REVIEW, "Zephyrine")
    sar(org, manager, AccessState.LEAD_REVIEW, "Quillon")
    sar(org, manager, AccessState.READY, "Marisol")
    elsewhere = make_member(other_org, Role.MANAGER, "other.manager@example.org", "Other Manager")
    sar(other_org, elsewhere, AccessState.LEAD_REVIEW, "Ottoline")
    page = home(sign_in(client, dsl.user))
    assert title in page and "2 subject access requests need a safeguarding lead" in page
    assert reverse("privacy:lead_reviews") in page
    for name in ("Zephyrine", "Quillon", "Marisol", "Ottoline", "Their mother"):
        assert name not in page
    assert title not in home(sign_in(client, manager.user))  # managers open requests; leads review them
