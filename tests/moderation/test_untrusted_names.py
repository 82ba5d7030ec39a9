"""The sentences moderation writes (the two-moderators banner, the bulk assignment message, the escalation
e-mail) isolate each name in them, as tests/test_untrusted_text_in_messages.py checks for the other apps;
and the item's history shows the names and typed words isolated."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Organisation
from harbour.lib.bidi import isolate
from tests.cast import active_channel, give_training, make_item, make_member, sign_in
from tests.moderation import platforms  # noqa: F401  registers test_moderated
from tests.test_untrusted_text_isolated import between_isolates, problems_in

pytestmark = pytest.mark.django_db

RLO = "\u202e"
BANNER = re.compile(r'<p class="govuk-notification-banner__heading">(.*?)</p>', re.DOTALL)


@pytest.fixture
def hostile(db):
    org = Organisation.objects.create(name=f"Harbour {RLO}tsurT Youth", slug="hostile")
    first = make_member(org, Role.MANAGER, "manager@hostile.example", f"Maya {RLO}reganaM")
    second = make_member(org, Role.MODERATOR, "mo@hostile.example", f"Mo {RLO}rotaredoM")
    lead = make_member(org, Role.SAFEGUARDING_LEAD, "sam@hostile.example", f"Sam {RLO}dael")
    for member in (first, second, lead):
        give_training(member, *TRAINING_FOR)
    channel = active_channel(org, "test_moderated")
    channel.name = f"Club {RLO}deef"
    channel.save(update_fields=["name"])
    channel.moderators.add(second)
    return channel, first, second


def banners(response) -> list[str]:
    page = response.content.decode()
    assert not problems_in(page), problems_in(page)
    return [html.unescape(re.sub(r"<[^>]+>", " ", text)) for text in BANNER.findall(page)]


def assert_isolated(texts: list[str], *names: str):
    joined = "\n".join(texts)
    for name in names:
        assert isolate(name) in joined, f"{name!r} is not isolated in {texts!r}"
    for text in texts:
        assert between_isolates(text), f"an override outside an isolate in {text!r}"


# What an escalation asks for: the concern it raises (harbour/safeguarding).
ESCALATION = {"category": "disclosure", "severity": "3", "summary": f"Worried {RLO}deirroW"}


def act_url(item):
    return reverse("moderation:act", args=[item.pk])


def test_the_two_moderators_banner_and_the_bulk_message_isolate_names(hostile):
    channel, first, second = hostile
    item = make_item(channel)
    sign_in(Client(), first.user).post(act_url(item), {"kind": "done", "version": 0})
    client = sign_in(Client(), second.user)
    response = client.post(act_url(item), {"kind": "escalate", "version": 0, **ESCALATION}, follow=True)
    assert_isolated(banners(response), first.user.full_name)

    other = make_item(channel)
    data = {"items": [str(other.pk)], "kind": "assign", "to": str(second.pk), "confirmed": "on"}
    response = sign_in(Client(), first.user).post(reverse("moderation:bulk"), data, follow=True)
    assert_isolated(banners(response), str(second.user))


def test_the_escalation_email_isolates_names_and_the_history_shows_them_in_place(
    hostile, django_capture_on_commit_callbacks
):
    channel, first, _ = hostile
    item = make_item(channel)
    client = sign_in(Client(), first.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act_url(item), {"kind": "escalate", "version": 0, **ESCALATION})
    [email] = mail.outbox  # the safeguarding alert: who escalated it, never the channel or the words
    for text in (email.subject, email.body):
        assert between_isolates(text), text
    assert isolate(first.user.full_name) in email.body and isolate(channel.organisation.name) in email.subject
    page = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert not problems_in(page), problems_in(page)
