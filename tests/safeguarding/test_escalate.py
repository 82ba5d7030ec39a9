"""Moderation's escalate hands an item over to safeguarding through its page: it asks for the category
(preselected from screening), the severity, immediate danger and a required summary, raises the concern in
the same transaction, and the item's history links "Concern #N" for the leads only."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from harbour.connectors.base import Batch
from harbour.inbox import ingest
from harbour.inbox.models import Item, ItemStatus
from harbour.moderation.models import ModerationAction
from harbour.safeguarding.models import Category, Concern, Severity, Source
from tests.cast import active_channel, finding, give_training, make_item
from tests.inbox.inbox_sources import make_item as incoming

pytestmark = pytest.mark.django_db

SUMMARY = "MARKER-says her stepdad locks her in her room"


@pytest.fixture
def channel(org, moderator):
    channel = active_channel(org)
    channel.moderators.add(moderator)
    give_training(moderator, "moderate")
    return channel


@pytest.fixture
def worrying(channel):
    return make_item(
        channel, "he locks me in when mum is out", findings=[finding("disclosure", 4)], action="escalate"
    )


def act_url(item):
    return reverse("moderation:act", args=[item.pk])


def test_the_escalate_page_asks_for_the_concern_with_the_category_screening_suggests(
    client_for, moderator, worrying
):
    page = client_for(moderator).get(act_url(worrying), {"kind": "escalate"}).content.decode()
    assert re.search(r'<option value="disclosure"[^>]* selected', page)
    assert 'name="severity" type="radio" value="4" checked' in page
    assert 'name="immediate_danger"' in page and "call 999 first" in page
    assert "What worries you" in page


def test_escalating_without_a_summary_keeps_what_was_chosen_and_raises_nothing(
    client_for, moderator, worrying
):
    data = {"kind": "escalate", "version": worrying.version, "category": "self_harm", "severity": "3"}
    response = client_for(moderator).post(act_url(worrying), {**data, "summary": "  "})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a short summary of what worries you." in page
    assert re.search(r'<option value="self_harm"[^>]* selected', page)
    assert not Concern.objects.exists() and Item.objects.get(pk=worrying.pk).status != ItemStatus.ESCALATED


def test_escalating_raises_the_concern_and_the_history_links_it_for_leads_only(
    client_for, moderator, dsl, manager, worrying, django_capture_on_commit_callbacks
):
    give_training(dsl, "moderate", "handle_concerns")
    give_training(manager, "moderate")
    data = {
        "kind": "escalate",
        "version": worrying.version,
        "category": "disclosure",
        "severity": "2",
        "immediate_danger": "on",
        "summary": SUMMARY,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(act_url(worrying), data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.source, concern.category, concern.severity, concern.immediate_danger) == (
        Source.ESCALATED,
        Category.DISCLOSURE,
        Severity.MEDIUM,
        True,
    )
    assert concern.summary == SUMMARY and concern.raised_by == moderator and concern.item == worrying
    assert Item.objects.get(pk=worrying.pk).status == ItemStatus.ESCALATED
    assert ModerationAction.objects.get(kind="escalate").params == {"concern": concern.pk}
    [email] = mail.outbox
    assert email.to == [dsl.user.email] and "call 999 first" in email.body and "MARKER" not in email.body

    link = reverse("safeguarding:concern", args=[concern.pk])
    item_page = reverse("inbox:item", args=[worrying.pk])
    lead_page = client_for(dsl).get(item_page).content.decode()
    assert f'href="{link}"' in lead_page and f"Concern #{concern.pk}" in lead_page
    for member in (moderator, manager):
        page = client_for(member).get(item_page).content.decode()
        assert "Escalated to safeguarding" in page and link not in page, member
        assert "MARKER" not in page, member


def test_escalating_an_item_screening_already_raised_joins_that_concern(
    org, channel, moderator, dsl, client_for, django_capture_on_commit_callbacks
):
    feed = active_channel(org, "test_scripted")
    feed.moderators.add(moderator)
    text = "people keep sending me horrible messages at night and i dont want to go to school anymore"
    with django_capture_on_commit_callbacks(execute=True):
        ingest.store_pushed(feed, Batch([incoming(1, author="tia", text=text)], next_cursor=None))
    item = Item.objects.get(channel=feed)
    raised = Concern.objects.get(item=item)
    assert raised.source == Source.SCREENING and len(mail.outbox) == 1
    data = {
        "kind": "escalate",
        "version": item.version,
        "category": "bullying",
        "severity": "4",
        "immediate_danger": "on",
        "summary": SUMMARY,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(moderator).post(act_url(item), data).status_code == 302
    joined = Concern.objects.get()  # one concern, not two
    assert joined.pk == raised.pk and joined.severity == Severity.CRITICAL and joined.immediate_danger
    [note] = joined.entries.all()
    assert (note.kind, note.text, note.recorded_by) == ("note", SUMMARY, moderator)
    assert ModerationAction.objects.get(kind="escalate").params == {"concern": joined.pk}
    assert len(mail.outbox) == 1  # the leads were told when screening raised it
