"""Subject access requests through the services (harbour/privacy/services.py, export.py, pdf.py): everything
held about a person in the register is in the export; a person with a safeguarding record waits for a lead's
review, which withholds items with their exemption, and the export leaves those out whole; the export is
made only after that, by a manager, audited each time; the request closes with the date it was sent; bad
input is refused in words; another organisation's person cannot be asked about."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import services as consent
from harbour.consent.models import Use
from harbour.privacy import export, pdf, services
from harbour.privacy.models import AccessState, Exemption
from harbour.publishing.models import PostImage, PostPerson
from tests.privacy.register import child_with_consent, published_naming, safeguarding_record, tagged_image

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def opened(org, manager, person):
    return services.open_access_request(
        org, by=manager, person=person, requester="Dana Morgan, her mother", received_on=TODAY()
    )


def test_without_a_safeguarding_record_the_export_is_ready_and_names_everything_held(
    org, manager, author, reviewer
):
    kai, dana = child_with_consent(org, author)
    asset = tagged_image(org, manager, kai, title="Canoeing at Carsington")
    publication = published_naming(org, author, reviewer, kai, use=Use.PHOTO, asset=asset)
    PostPerson.objects.create(
        organisation=org, post_id=publication.post_id, person=kai, use=Use.FULL_NAME, added_by=author
    )
    PostImage.objects.create(organisation=org, post_id=publication.post_id, asset=asset, added_by=author)
    sar = opened(org, manager, kai)
    assert sar.state == AccessState.READY
    data = json.loads(services.make_export(sar, by=manager, kind="json"))
    assert (
        data["register_entry"]["first_name"] == "Kai" and data["register_entry"]["email"] == "kai@example.org"
    )
    assert [p["name"] for p in data["parents_and_carers"]] == ["Dana Morgan"]
    assert sorted((c["use"], c["given_by"]) for c in data["consents"]) == sorted(
        [(u, g) for u in ("Photographs", "Full name") for g in ("Kai Morgan", "Dana Morgan")]
    )
    assert len(data["evidence"]) == 2 and data["media"][0]["title"] == "Canoeing at Carsington"
    assert data["posts"][0]["post"] == "Awards night" and data["safeguarding"] == []
    assert sorted(p["how"] for p in data["posts_in_harbour"]) == [
        "Named: full name",
        "Shown in the image Canoeing at Carsington",
    ]
    body = services.make_export(sar, by=manager, kind="pdf")
    assert body.startswith(b"%PDF-") and b"%%EOF" in body[-10:]
    assert [
        e.detail["kind"]
        for e in AuditEvent.objects.filter(action="privacy.access_exported").order_by("sequence")
    ] == [
        "json",
        "pdf",
    ]
    # The parent's own request lists the consents she gave for her daughter.
    mum = json.loads(services.make_export(opened(org, manager, dana), by=manager, kind="json"))
    assert {c["about"] for c in mum["consents"]} == {"Kai Morgan"} and mum["children"][0][
        "name"
    ] == "Kai Morgan"


def test_a_safeguarding_record_waits_for_a_leads_review_and_a_withheld_item_is_left_out(
    org, manager, author, dsl, django_capture_on_commit_callbacks
):
    kai, _ = child_with_consent(org, author)
    record, concern, item = safeguarding_record(org, dsl, kai)
    with django_capture_on_commit_callbacks(execute=True):
        sar = opened(org, manager, kai)
    assert sar.state == AccessState.LEAD_REVIEW
    [email] = mail.outbox  # the leads are told; whose request it is stays out of the e-mail
    assert email.to == [dsl.user.email] and f"/privacy/safeguarding-reviews/{sar.pk}/" in email.body
    assert "Kai" not in email.subject + email.body
    with pytest.raises(NotAllowed, match="safeguarding lead must review"):
        services.make_export(sar, by=manager, kind="json")
    with pytest.raises(NotAllowed):
        services.withhold(sar, by=manager, item=f"concern:{concern.pk}", exemption=Exemption.CHILD_ABUSE_DATA)

    keys = [i["key"] for i in services.review_items(sar, dsl)]
    assert keys == [f"young_person:{record.pk}", f"concern:{concern.pk}", f"item:{item.pk}"]
    with pytest.raises(NotAllowed, match="Choose an item"):
        services.withhold(sar, by=dsl, item="concern:999999", exemption=Exemption.CHILD_ABUSE_DATA)
    with pytest.raises(ValueError, match="exemption"):
        services.withhold(sar, by=dsl, item=f"concern:{concern.pk}", exemption="because")
    services.withhold(sar, by=dsl, item=f"item:{item.pk}", exemption=Exemption.THIRD_PARTY)
    services.release(sar, by=dsl, item=f"item:{item.pk}")
    services.withhold(
        sar,
        by=dsl,
        item=f"concern:{concern.pk}",
        exemption=Exemption.CHILD_ABUSE_DATA,
        note="Mum is the risk",
    )
    services.finish_review(sar, by=dsl)
    with pytest.raises(NotAllowed, match="finished"):
        services.withhold(sar, by=dsl, item=f"item:{item.pk}", exemption=Exemption.THIRD_PARTY)

    data = json.loads(services.make_export(sar, by=manager, kind="json"))
    ids = [entry["id"] for entry in data["safeguarding"]]
    assert ids == [f"young_person:{record.pk}", f"item:{item.pk}"]
    text = json.dumps(data)
    assert "scared to go home" not in text  # the withheld concern's summary
    assert "i dont want to go home tonight" in text
    withheld = AuditEvent.objects.filter(action="privacy.access_withheld").order_by("sequence")
    assert [e.detail for e in withheld][-1] == {"kind": f"concern:{concern.pk}", "reason": "child_abuse_data"}
    assert "Mum" not in str([e.detail for e in AuditEvent.objects.all()])


def test_closing_needs_an_export_and_a_sensible_date(org, manager, author):
    kai, _ = child_with_consent(org, author)
    sar = opened(org, manager, kai)
    with pytest.raises(NotAllowed, match="Download the export"):
        services.close_access_request(sar, by=manager, sent_on=TODAY())
    services.make_export(sar, by=manager, kind="pdf")
    with pytest.raises(ValueError, match="today or earlier"):
        services.close_access_request(sar, by=manager, sent_on=TODAY() + datetime.timedelta(days=1))
    with pytest.raises(ValueError, match="before the request"):
        services.close_access_request(sar, by=manager, sent_on=TODAY() - datetime.timedelta(days=3))
    closed = services.close_access_request(sar, by=manager, sent_on=TODAY())
    assert (closed.state, closed.sent_on) == (AccessState.SENT, TODAY())
    with pytest.raises(NotAllowed, match="already closed"):
        services.close_access_request(sar, by=manager, sent_on=TODAY())


def test_bad_requests_are_refused_in_words(org, other_org, manager, author, outsider, dsl):
    kai, _ = child_with_consent(org, author)
    with pytest.raises(NotAllowed):
        services.open_access_request(org, by=author, person=kai, requester="Kai", received_on=TODAY())
    with pytest.raises(NotAllowed):
        services.open_access_request(org, by=dsl, person=kai, requester="Kai", received_on=TODAY())
    with pytest.raises(NotAllowed, match="your own organisation"):
        services.open_access_request(other_org, by=outsider, person=kai, requester="Kai", received_on=TODAY())
    with pytest.raises(ValueError, match="who made the request"):
        services.open_access_request(org, by=manager, person=kai, requester="  ", received_on=TODAY())
    with pytest.raises(ValueError, match="future"):
        services.open_access_request(
            org, by=manager, person=kai, requester="Kai", received_on=TODAY() + datetime.timedelta(days=2)
        )
    sar = opened(org, manager, kai)
    with pytest.raises(ValueError, match="JSON or PDF"):
        services.make_export(sar, by=manager, kind="xml")


def test_a_lead_a_concern_is_about_cannot_review_it(org, manager, author, dsl, deputy):
    kai, _ = child_with_consent(org, author)
    _, concern, _ = safeguarding_record(org, dsl, kai)
    type(concern).objects.filter(pk=concern.pk).update(about_member=deputy)
    sar = opened(org, manager, kai)
    with pytest.raises(NotAllowed, match="about you"):
        services.finish_review(sar, by=deputy)
    services.finish_review(sar, by=dsl)


def test_the_pdf_prints_names_in_other_scripts_and_long_text():
    data = {
        "about": "Zoë Ñúñez Ørsted", "organisation": "Derby", "request": "Subject access request #1",
        "received": "2026-01-02", "register_entry": {"first_name": "Zoë", "notes": "ش" * 50 + "x" * 3000},
        "consents": [{"use": "Photographs", "channels": ["a", "b"], "evidence": None}], "safeguarding": [],
    }  # fmt: skip
    body = pdf.render(data)
    assert body.startswith(b"%PDF-") and body.count(b"/Type /Page\n") + body.count(b"/Type /Page ") >= 1
    assert pdf.FONT.exists() and (pdf.FONT.parent / "LICENSE.txt").exists()


def test_export_build_leaves_no_key_out(org, manager, author):
    kai, _ = child_with_consent(org, author)
    data = export.build(opened(org, manager, kai))
    assert {key for key, _ in pdf.SECTIONS} <= set(data)


def test_a_never_publish_flag_waits_for_a_lead_who_may_withhold_its_reason(org, manager, author, dsl):
    kai, _ = child_with_consent(org, author)
    flag = consent.set_never_publish(kai, by=dsl, reason="adoption", note="Birth father must not find her")
    sar = opened(org, manager, kai)
    assert sar.state == AccessState.LEAD_REVIEW
    assert [i["key"] for i in services.review_items(sar, dsl)] == [f"never_publish:{flag.pk}"]
    services.withhold(sar, by=dsl, item=f"never_publish:{flag.pk}", exemption=Exemption.SERIOUS_HARM)
    services.finish_review(sar, by=dsl)
    data = services.make_export(sar, by=manager, kind="json").decode()
    assert "Birth father" not in data and "Adoption" not in data
