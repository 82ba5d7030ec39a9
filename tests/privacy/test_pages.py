"""The data protection pages (harbour/privacy/views.py): only managers reach them (leads only the
safeguarding review), rules are set with clear errors and nothing typed lost, a due record is kept or
destroyed from its page, a subject access request is opened, reviewed by a lead and downloaded as JSON and
PDF, and an erasure shows its statement; another organisation's request is a 404."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.consent.models import ConsentRecord
from harbour.privacy import services
from harbour.privacy.models import AccessState, ErasureRequest, RecordKind, ReviewItem, SubjectAccessRequest
from tests.privacy.register import child_with_consent, safeguarding_record

pytestmark = pytest.mark.django_db


def date_fields(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_only_managers_see_the_area_and_leads_see_their_reviews(org, members, client_for):
    for role, member in members.items():
        page = client_for(member).get(reverse("privacy:index"))
        assert page.status_code == (200 if role == "manager" else 403), role
        reviews = client_for(member).get(reverse("privacy:lead_reviews"))
        assert reviews.status_code == (
            200 if role in ("safeguarding_lead", "deputy_safeguarding_lead") else 403
        )
    home = client_for(members["manager"]).get("/")
    assert 'href="/privacy/"' in home.content.decode()


def test_a_rule_is_set_with_clear_errors(org, manager, client_for):
    client = client_for(manager)
    page = client.post(reverse("privacy:rule") + "?kind=media", {"period": "0", "unit": "years"})
    text = page.content.decode()
    assert (
        page.status_code == 200 and "Enter 1 or more" in text and "Choose what the period counts from" in text
    )
    assert client.get(reverse("privacy:rule") + "?kind=nonsense").status_code == 404
    page = client.post(
        reverse("privacy:rule") + "?kind=media", {"period": "18", "unit": "months", "counts_from": "uploaded"}
    )
    assert page.status_code == 302
    assert "18 months after it was uploaded" in client.get(reverse("privacy:rules")).content.decode()


def test_a_due_record_is_kept_or_destroyed_from_its_page(org, manager, author, client_for):
    kai, _ = child_with_consent(org, author)
    record = ConsentRecord.objects.filter(person=kai).first()
    ConsentRecord.objects.filter(pk=record.pk).update(expires=datetime.date(2020, 6, 1))
    item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.CONSENT, object_id=record.pk, label=record.audit_label(),
        due_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    client = client_for(manager)
    assert record.audit_label() in client.get(reverse("privacy:review")).content.decode()
    url = reverse("privacy:review_item", args=[item.pk])
    page = client.post(url, {"action": "destroy", "destroy-reason": ""})
    assert "Enter why it can be destroyed" in page.content.decode()
    page = client.post(url, {"action": "destroy", "destroy-reason": "Six years on"}, follow=True)
    assert "is destroyed" in page.content.decode()
    assert not ConsentRecord.objects.filter(pk=record.pk).exists()


def test_a_subject_access_request_from_opening_to_download(org, manager, author, dsl, client_for):
    kai, _ = child_with_consent(org, author)
    _, concern, item = safeguarding_record(org, dsl, kai)
    client = client_for(manager)
    today = timezone.localdate()
    page = client.post(
        reverse("privacy:access_new"),
        {"person": kai.pk, "requester": "", **date_fields("received_on", today + datetime.timedelta(days=5))},
    )
    text = page.content.decode()
    assert "Enter who made the request" in text and "selected" in text  # the person chosen is kept
    page = client.post(
        reverse("privacy:access_new"),
        {"person": kai.pk, "requester": "Kai", **date_fields("received_on", today)},
    )
    sar = SubjectAccessRequest.objects.get()
    assert page.status_code == 302 and sar.state == AccessState.LEAD_REVIEW
    assert (
        "safeguarding lead must review"
        in client.get(reverse("privacy:access", args=[sar.pk])).content.decode()
    )
    download = reverse("privacy:access_download", args=[sar.pk, "json"])
    assert client.post(download).status_code == 302  # refused until the review

    lead = client_for(dsl)
    review = lead.get(reverse("privacy:lead_review", args=[sar.pk])).content.decode()
    assert "Said she is scared to go home" in review and "i dont want to go home tonight" in review
    page = lead.post(
        reverse("privacy:lead_review", args=[sar.pk]), {"action": "withhold", "key": f"concern:{concern.pk}"}
    )
    assert "Choose the exemption that applies" in page.content.decode()  # the concern is the second item
    lead.post(
        reverse("privacy:lead_review", args=[sar.pk]),
        {"action": "withhold", "key": f"concern:{concern.pk}", "w1-exemption": "child_abuse_data"},
    )
    lead.post(reverse("privacy:lead_review", args=[sar.pk]), {"action": "finish"})

    data = json.loads(client.post(download).content)
    assert [s["id"] for s in data["safeguarding"]][-1] == f"item:{item.pk}"
    assert f"concern:{concern.pk}" not in str(data)
    pdf = client.post(reverse("privacy:access_download", args=[sar.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert client.post(reverse("privacy:access_download", args=[sar.pk, "xml"])).status_code == 302
    client.post(reverse("privacy:access", args=[sar.pk]), date_fields("sent_on", today))
    sar.refresh_from_db()
    assert sar.state == AccessState.SENT


def test_an_erasure_shows_its_statement(org, manager, author, client_for):
    kai, _ = child_with_consent(org, author)
    client = client_for(manager)
    fields = {"person": kai.pk, "requester": "Kai Morgan", **date_fields("received_on", timezone.localdate())}
    page = client.post(reverse("privacy:erasure_new"), {**fields, "action": "check"})
    text = page.content.decode()
    assert "4 consents in force, to be withdrawn" in text and "Confirm you have checked" not in text
    assert not ErasureRequest.objects.exists()  # checking erases nothing
    page = client.post(reverse("privacy:erasure_new"), {**fields, "action": "erase"})
    assert "Confirm you have checked who is asking" in page.content.decode()
    page = client.post(reverse("privacy:erasure_new"), {**fields, "confirm": "on"}, follow=True)
    text = page.content.decode()
    assert "What we erased" in text and "What we kept, and why" in text
    assert ErasureRequest.objects.get().person_id == kai.pk
    # A link from a person's page chooses them; an erased person is no longer offered.
    other, _ = child_with_consent(org, author, first="Sam", last="Okafor")
    chosen = client.get(reverse("privacy:access_new") + f"?person={other.pk}").content.decode()
    assert f'<option value="{other.pk}" selected dir="auto">' in chosen
    assert f'value="{kai.pk}"' not in client.get(reverse("privacy:erasure_new")).content.decode()


def test_another_organisations_request_is_a_404(org, other_org, manager, author, outsider, client_for):
    kai, _ = child_with_consent(org, author)
    sar = services.open_access_request(
        org, by=manager, person=kai, requester="Kai", received_on=timezone.localdate()
    )
    client = client_for(outsider)
    assert client.get(reverse("privacy:access", args=[sar.pk])).status_code == 404
    assert client.post(reverse("privacy:access_download", args=[sar.pk, "json"])).status_code == 404
    page = client.post(
        reverse("privacy:access_new"),
        {"person": kai.pk, "requester": "Kai", **date_fields("received_on", timezone.localdate())},
    )
    assert "Choose a person from the list" in page.content.decode()
