"""The reply page offers the organisation's saved replies: choosing one fills a reply box with its words
(a GET form, no JavaScript: a select and a button, so the keyboard alone does it), and nothing is sent
until the moderator presses "Send reply"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.moderation.models import ModerationAction
from harbour.replies import services
from harbour.replies.models import ReplyKind, SavedReply
from tests.cast import make_item, sign_in

pytestmark = pytest.mark.django_db

WORDS = "Thanks for asking! It starts at 10am on Saturday."


@pytest.fixture
def client(mod):
    return sign_in(Client(), mod.user)


@pytest.fixture
def saved(org, manager):
    return services.save_reply(
        SavedReply(organisation=org, title="Opening times", text=WORDS, kind=ReplyKind.GENERAL), by=manager
    )


def test_the_reply_page_fills_the_reply_box_from_a_saved_reply(client, channel, saved):
    item = make_item(channel, "when does it start?")
    html = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "reply"}).content.decode()
    picker = re.search(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', html, re.DOTALL)
    assert picker, "the reply page has no saved-reply picker"
    action, body = picker.groups()
    assert action == reverse("replies:send_saved_reply", args=[item.pk])
    assert f'<option value="{saved.pk}"' in body and "Use this reply" in body
    # Its own form, before the reply form: a form inside another is dropped by the browser.
    assert html.index("Use this reply") < html.index(f'action="{reverse("moderation:act", args=[item.pk])}"')
    filled = client.get(action, {"reply": saved.pk}).content.decode()
    assert f"{WORDS}</textarea>" in filled.replace("&#x27;", "'") and "Send reply" in filled
    assert not ModerationAction.objects.exists()  # choosing sends nothing
    response = client.post(action, {"version": item.version, "text": WORDS})
    assert response.status_code == 302
    assert ModerationAction.objects.get().params["text"] == WORDS


def test_without_saved_replies_the_reply_page_has_only_its_box(client, channel):
    item = make_item(channel, "when does it start?")
    html = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "reply"}).content.decode()
    assert "Use this reply" not in html and 'method="get"' not in html
    assert "Send reply" in html


def test_other_pages_of_an_action_do_not_offer_saved_replies(client, channel, saved):
    item = make_item(channel, "when does it start?")
    html = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "note"}).content.decode()
    assert "Use this reply" not in html
