"""Names put into sentences that Harbour writes are isolated too (issue 15 item 1).

The pages put each name in a <bdi> (tests/test_untrusted_text_isolated.py), but a success message, a
refusal or an e-mail is one sentence built in Python: "Club \u202edeef is approved." shown as it is
turns the rest of the sentence round, whatever element holds it. So each name, address or other typed
value in such a sentence sits between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
(harbour/lib/bidi.py's isolate). These tests drive the actions that write such sentences with a right-
to-left override in every name, and check every override in what came back is inside an isolate.
"""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from harbour.accounts import services as account_services
from harbour.accounts.access import TRAINING_FOR, NotAllowed
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Course, CourseKind, Invitation, Membership, Organisation, TrainingRecord
from harbour.channels import services as channel_services
from harbour.inbox.ingest import needs_reconnect
from harbour.lib.bidi import isolate
from tests.cast import CHANNEL_VALUES, active_channel, give_training, make_member, propose, sign_in
from tests.test_untrusted_text_isolated import between_isolates, problems_in

pytestmark = pytest.mark.django_db

RLO, PDI = "\u202e", "\u2069"
ORG_NAME = f"Harbour {RLO}tsurT{PDI} Youth"
BANNER = re.compile(r'<p class="govuk-notification-banner__heading">(.*?)</p>', re.DOTALL)
ERROR = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.DOTALL)


@pytest.fixture
def hostile(db):
    org = Organisation.objects.create(name=ORG_NAME, slug="hostile")
    manager = make_member(org, Role.MANAGER, "manager@hostile.example", f"Maya {RLO}reganaM")
    give_training(manager, *TRAINING_FOR)
    moderator = make_member(org, Role.MODERATOR, "mo@hostile.example", f"Mo {RLO}rotaredoM")
    viewer = make_member(org, Role.VIEWER, "vic@hostile.example", f"Vic {RLO}reweiV")
    return org, manager, moderator, viewer


def shown(response) -> list[str]:
    """The text of the page's notification banners and error summary, as a reader gets it."""
    page = response.content.decode()
    assert not problems_in(page), problems_in(page)
    return [
        html.unescape(re.sub(r"<[^>]+>", " ", text)) for text in BANNER.findall(page) + ERROR.findall(page)
    ]


def assert_isolated(texts: list[str], *names: str):
    """Each name is in the texts, inside its own isolate, and no override anywhere is outside one."""
    joined = "\n".join(texts)
    assert RLO in joined, f"nothing with a name came back: {texts!r}"
    for name in names:
        assert isolate(name) in joined, f"{name!r} is not isolated in {texts!r}"
    for text in texts:
        assert between_isolates(text), f"an override outside an isolate in {text!r}"


def test_channel_messages_isolate_the_channels_name(hostile):
    org, manager, *_ = hostile
    client = sign_in(Client(), manager.user)
    approved = propose(org, manager, name=f"Club {RLO}deef feed")
    response = client.post(
        reverse("channels:decide", args=[approved.pk]), {"decision": "approve"}, follow=True
    )
    assert_isolated(shown(response), approved.name)

    rejected = propose(org, manager, name=f"Second {RLO}dnoces")
    response = client.post(
        reverse("channels:decide", args=[rejected.pk]),
        {"decision": "reject", "comments": "Not yet"},
        follow=True,
    )
    assert_isolated(shown(response), rejected.name)


def test_a_refusal_isolates_the_persons_name(hostile):
    org, manager, _, viewer = hostile
    with pytest.raises(NotAllowed) as refused:
        channel_services.propose_channel(org, CHANNEL_VALUES, owners=[viewer], moderators=[], by=manager)
    assert_isolated([str(refused.value)], viewer.user.full_name)
    with pytest.raises(NotAllowed) as refused:
        channel_services.propose_channel(
            org, CHANNEL_VALUES, owners=[manager], moderators=[viewer], by=manager
        )
    assert_isolated([str(refused.value)], viewer.user.full_name)


def test_a_personal_account_refusal_isolates_the_persons_name(hostile):
    org, manager, moderator, _ = hostile
    with pytest.raises(NotAllowed) as refused:
        propose(org, manager, display_name=moderator.user.full_name)
    assert_isolated([str(refused.value)], moderator.user.full_name)

    data = {
        **CHANNEL_VALUES,
        "display_name": moderator.user.full_name,
        "owners": [manager.pk],
        "in_organisation_name": "on",
    }
    data = {key: value for key, value in data.items() if key != "config"}
    response = sign_in(Client(), manager.user).post(reverse("channels:propose"), data)
    assert response.status_code == 200
    assert_isolated(shown(response), moderator.user.full_name)


def test_team_messages_isolate_the_persons_and_organisations_names(hostile):
    org, manager, moderator, viewer = hostile
    client = sign_in(Client(), manager.user)
    response = client.post(reverse("accounts:member", args=[viewer.pk]), {"role": Role.AUTHOR}, follow=True)
    assert_isolated(shown(response), viewer.user.full_name)

    response = client.post(reverse("accounts:deactivate", args=[moderator.pk]), follow=True)
    assert_isolated(shown(response), moderator.user.full_name, org.name)

    # Inviting someone who is already a member is refused, naming the organisation.
    response = client.post(
        reverse("accounts:invite"), {"email": viewer.user.email, "role": Role.VIEWER}, follow=True
    )
    assert_isolated(shown(response), org.name, viewer.user.email)


def test_an_address_with_an_override_in_its_domain_is_refused_clearly(hostile):
    """Django's email check lets an override through in the domain; no mail server can be given it."""
    _, manager, *_ = hostile
    client = sign_in(Client(), manager.user)
    for address in (f"new@ex{RLO}elpma.org", f"new@{RLO}example.org", "new@exa\u202dmple.org"):
        response = client.post(reverse("accounts:invite"), {"email": address, "role": Role.VIEWER})
        assert response.status_code == 200
        assert "The email address holds an invisible or control character" in response.content.decode()
    assert not Invitation.objects.exists()


def test_training_messages_isolate_the_course_and_the_persons_name(hostile, private_media):
    org, manager, moderator, _ = hostile
    course = Course.objects.create(
        organisation=org, kind=CourseKind.SOCIAL_MEDIA, name=f"Online {RLO}ytefas", valid_months=12
    )
    client = sign_in(Client(), manager.user)
    response = client.post(
        reverse("accounts:training_add"),
        {"member": moderator.pk, "course": course.pk, "completed_on": "01/03/2026"},
        follow=True,
    )
    assert_isolated(shown(response), course.name, moderator.user.full_name)

    record = TrainingRecord.objects.get(membership=moderator, course=course)
    response = client.post(reverse("accounts:training_verify", args=[record.pk]), follow=True)
    assert_isolated(shown(response), course.name, moderator.user.full_name)


def test_emails_isolate_the_names_in_their_subject_and_body(hostile):
    org, manager, *_ = hostile
    mail.outbox.clear()
    account_services.invite_member(
        org, "new@hostile.example", Role.VIEWER, by=manager, base_url="https://harbour.example"
    )
    channel = active_channel(org)
    channel.name = f"Club {RLO}deef feed"
    channel.save()
    channel.owners.set([manager])
    channel_services.remind_privacy_review(channel)
    needs_reconnect(channel, f"The server said: {RLO}dilavni")
    assert len(mail.outbox) == 3
    invitation, reminder, reconnect = mail.outbox
    assert_isolated([invitation.subject, invitation.body], org.name, manager.user.full_name)
    assert_isolated([reminder.subject, reminder.body], channel.name)
    assert_isolated([reconnect.subject, reconnect.body], channel.name)


def test_member_choices_isolate_each_name(hostile):
    org, manager, moderator, _ = hostile
    page = sign_in(Client(), manager.user).get(reverse("accounts:training_add")).content.decode()
    options = [
        html.unescape(o)
        for o in re.findall(r"<option[^>]*>([^<]*)</option>", page)
        if RLO in html.unescape(o)
    ]
    assert_isolated(options, moderator.user.full_name)
    assert Membership.objects.filter(organisation=org).count() == 3
