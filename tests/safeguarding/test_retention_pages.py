"""The retention pages (harbour/safeguarding/retention_views.py): the leads' review list, the rule a lead or a
manager sets, a concern's review (keep, or destroy with a second lead) and its legal hold."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.safeguarding import retention, services
from harbour.safeguarding.models import Concern, DestroyedConcern, RetentionRule
from tests.cast import give_training

pytestmark = pytest.mark.django_db

SUMMARY = "Told a youth worker her uncle takes her phone and reads her messages"
LONG_AGO = datetime.datetime(1990, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns", "raise_concerns")
    return dsl


def closed_concern(org, lead, closed_at=LONG_AGO):
    with time_machine.travel(closed_at, tick=False):
        concern = services.raise_concern(org, by=lead, summary=SUMMARY, category="disclosure", severity=2)
        return services.close(concern, by=lead, version=0, outcome="Family support", reason="Agreed")


def url(name, concern=None):
    return reverse(f"safeguarding:{name}", kwargs={"pk": concern.pk} if concern else None)


def test_the_list_shows_due_concerns_by_number_and_the_default_rule(org, lead, client_for):
    due = closed_concern(org, lead)
    not_yet = closed_concern(org, lead, closed_at=timezone.now() - timedelta(days=10))
    body = client_for(lead).get(url("retention")).content.decode()
    assert due.audit_label() in body and url("retention_review", due) in body
    assert not_yet.audit_label() not in body
    assert "Harbour's default" in body and "25 years after the concern was closed" in body
    assert SUMMARY not in body


def test_only_leads_see_the_list_and_reviews(org, lead, manager, moderator, client_for):
    concern = closed_concern(org, lead)
    for member in (manager, moderator):
        client = client_for(member)
        assert client.get(url("retention")).status_code in (403, 404)
        assert client.get(url("retention_review", concern)).status_code in (403, 404)
        assert client.get(url("retention_hold", concern)).status_code in (403, 404)


def test_the_pages_need_a_fresh_two_factor_check(org, lead, client_for):
    concern = closed_concern(org, lead)
    client = client_for(lead)
    with time_machine.travel(timezone.now() + timedelta(minutes=30), tick=False):
        for response in (
            client.get(url("retention")),
            client.get(url("retention_review", concern)),
            client.get(url("retention_hold", concern)),
        ):
            assert response.status_code == 302
            assert response.url.startswith(reverse("accounts:confirm_two_factor"))


def test_a_manager_or_a_lead_sets_the_rule(org, lead, manager, moderator, client_for):
    assert client_for(moderator).get(url("retention_rule")).status_code in (403, 404)
    response = client_for(manager).post(
        url("retention_rule"), {"basis": "birth", "years_after_birth": "25", "years_after_closing": "7"}
    )
    assert response.status_code == 302
    rule = RetentionRule.objects.get(organisation=org)
    assert (rule.basis, rule.years_after_birth, rule.years_after_closing, rule.set_by) == (
        "birth",
        25,
        7,
        manager,
    )
    response = client_for(lead).post(
        url("retention_rule"), {"basis": "closed", "years_after_birth": "25", "years_after_closing": "0"}
    )
    assert response.status_code == 200
    assert RetentionRule.objects.get(organisation=org).years_after_closing == 7


def test_keeping_from_the_review_page(org, lead, client_for):
    concern = closed_concern(org, lead)
    client = client_for(lead)
    response = client.post(
        url("retention_review", concern), {"action": "keep", "keep-years": "2", "keep-reason": ""}
    )
    assert response.status_code == 200 and "Enter why it is kept" in response.content.decode()
    response = client.post(
        url("retention_review", concern),
        {"action": "keep", "keep-years": "2", "keep-reason": "Sibling's case open"},
    )
    assert response.status_code == 302
    assert retention.due_for_review(org.pk) == []


def test_destroying_from_the_review_page_takes_two_leads(org, lead, deputy, client_for):
    give_training(deputy, "handle_concerns")
    concern = closed_concern(org, lead)
    first, second = client_for(lead), client_for(deputy)
    page = url("retention_review", concern)
    assert (
        first.post(
            page, {"action": "destroy", "destroy-reason": "No further action; past retention"}
        ).status_code
        == 302
    )
    body = first.get(page).content.decode()
    assert "A second safeguarding lead must confirm it" in body and "Confirm: destroy" not in body
    first.post(page, {"action": "confirm"})
    assert Concern.objects.filter(pk=concern.pk).exists()
    assert "Confirm: destroy" in second.get(page).content.decode()
    assert second.post(page, {"action": "confirm"}).status_code == 302
    assert not Concern.objects.filter(pk=concern.pk).exists()
    tombstone = DestroyedConcern.objects.get(number=concern.pk)
    assert (tombstone.requested_by, tombstone.destroyed_by) == (lead, deputy)
    body = first.get(url("retention")).content.decode()
    assert f"Concern #{concern.pk}" in body and "No further action; past retention" in body
    assert SUMMARY not in body


def test_a_hold_from_its_page_takes_the_concern_out_of_review(org, lead, client_for):
    concern = closed_concern(org, lead)
    client = client_for(lead)
    assert client.post(url("retention_hold", concern), {"reason": ""}).status_code == 200
    assert client.post(url("retention_hold", concern), {"reason": "Police investigation"}).status_code == 302
    assert retention.due_for_review(org.pk) == []
    body = client.get(url("retention")).content.decode()
    assert url("retention_hold", concern) in body and url("retention_review", concern) not in body
    assert client.post(url("retention_hold", concern), {"reason": "Investigation closed"}).status_code == 302
    assert retention.due_for_review(org.pk) == [Concern.objects.get(pk=concern.pk)]


def test_another_organisations_concern_is_a_404(org, other_org, lead, client_for):
    from tests.cast import make_member

    concern = closed_concern(org, lead)
    stranger = make_member(other_org, "safeguarding_lead", "lead@elsewhere.example", "Elsewhere Lead")
    give_training(stranger, "handle_concerns")
    client = client_for(stranger)
    assert client.get(url("retention_review", concern)).status_code == 404
    assert client.post(url("retention_hold", concern), {"reason": "x"}).status_code == 404
    assert client.post(url("retention_review", concern), {"action": "confirm"}).status_code == 404
    assert Concern.objects.get(pk=concern.pk).held_at is None


def test_a_concern_not_due_offers_no_keep_or_destroy(org, lead, client_for):
    concern = closed_concern(org, lead, closed_at=timezone.now() - timedelta(days=10))
    body = client_for(lead).get(url("retention_review", concern)).content.decode()
    assert "It is not due for review" in body and "Ask to destroy it" not in body
    assert url("retention_hold", concern) in body
