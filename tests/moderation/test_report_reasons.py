"""The report form: the moderator chooses why an item is reported from the reasons its platform takes,
preselected from what screening found; the choice is sent, kept in the action's params and shown in the
item's history; a reason the platform does not take is refused with a clear message and nothing is sent."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.mastodon.platform import MASTODON
from harbour.moderation import sending
from harbour.moderation.forms import suggested_report_reason
from harbour.moderation.models import ModerationAction
from tests.cast import finding, make_item, sign_in
from tests.moderation.platforms import ModeratedSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(mod):
    return sign_in(Client(), mod.user)


def report_page(client, item) -> str:
    response = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "report"})
    assert response.status_code == 200
    return response.content.decode()


RADIO = re.compile(r'name="reason_kind" type="radio" value="([^"]*)"( checked)?>')


def offered(html: str) -> list[str]:
    return [value for value, _ in RADIO.findall(html)]


def checked(html: str) -> list[str]:
    return [value for value, ticked in RADIO.findall(html) if ticked]


def test_the_form_offers_the_platforms_reasons_preselected_from_screening(client, channel):
    item = make_item(channel, "you are all losers", findings=[finding("bullying", 3)], thread_id="root-1")
    html = report_page(client, item)
    # test_moderated takes spam, rude and other (tests/moderation/platforms.py); nothing else is offered.
    assert offered(html) == ["spam", "rude", "other"]
    assert checked(html) == ["rude"]  # bullying: abuse or harassment
    assert "Abuse or harassment: rude, bullying, hateful or threatening behaviour" in html
    plain = make_item(channel, "is it on saturday?", thread_id="root-1")
    assert checked(report_page(client, plain)) == ["other"]


def test_the_chosen_reason_is_sent_recorded_and_shown_in_the_history(client, channel):
    item = make_item(channel, "buy followers cheap", findings=[finding("bullying", 2)], thread_id="root-1")
    response = client.post(
        reverse("moderation:act", args=[item.pk]),
        {"kind": "report", "version": item.version, "reason_kind": "spam", "reason": "Selling followers"},
    )
    assert response.status_code == 302
    action = ModerationAction.objects.get(item=item, kind="report")
    assert action.params == {"reason": "Selling followers", "reason_kind": "spam"}
    assert sending.send_action(action.pk).outcome == "sent"
    assert ModeratedSource.calls == [("report", item.platform_id, item.author.platform_author_id, "spam")]
    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert "Reported as: Spam" in html and "Selling followers" in html


def test_a_reason_the_platform_does_not_take_is_refused_keeping_the_words(client, channel):
    item = make_item(channel, "you are all losers", thread_id="root-1")
    for kind in ("legal", "sexual", "nonsense", ""):
        response = client.post(
            reverse("moderation:act", args=[item.pk]),
            {"kind": "report", "version": item.version, "reason_kind": kind, "reason": "My words"},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem" in html and "My words" in html
        assert (
            "Choose what is wrong with it." in html
            if not kind
            else "Choose one of the reasons test_moderated takes reports for." in html
        )
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    ("categories", "bluesky", "mastodon"),
    [
        ([("sexual", 3)], "sexual", "other"),
        ([("spam", 1)], "spam", "spam"),
        ([("bullying", 2)], "rude", "other"),
        ([("hate", 3)], "rude", "other"),
        ([("grooming", 4)], "violation", "legal"),
        ([("self_harm", 4)], "other", "other"),
        ([("spam", 1), ("sexting", 3)], "sexual", "other"),  # the most severe finding names it
        ([("profanity", 1), ("self_harm", 4)], "other", "other"),  # never "rude" for a self-harm post
        ([], "other", "other"),
    ],
)
def test_the_preselected_reason_is_one_the_platform_takes(categories, bluesky, mastodon):
    verdict = {"findings": [finding(category, severity) for category, severity in categories]}
    assert suggested_report_reason(verdict, BLUESKY) == bluesky
    assert suggested_report_reason(verdict, MASTODON) == mastodon
    assert suggested_report_reason("not a verdict", BLUESKY) == "other"
