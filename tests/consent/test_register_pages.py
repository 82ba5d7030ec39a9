"""The consent register's pages (harbour/consent/views.py), through the views as each role uses them:
authors keep the register, reviewers read it only, other roles and other organisations get nothing; the
list filters and summarises each person's standing; bad input (a date of birth in the future, an end
before the start, a wrong file type, an oversized file, an image bomb) is a clear error with what was typed
kept; an uploaded JPEG form loses its GPS; a drawn signature is stored as a clean PNG; evidence is served
only after the access check; the never-publish reason is read only by leads and managers."""

import base64
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from harbour.audit.models import AuditEvent
from harbour.consent import services
from harbour.consent.models import (
    ConsentEvidence,
    ConsentRecord,
    Decision,
    EvidenceKind,
    Group,
    Guardianship,
    NeverPublish,
    Person,
    PersonKind,
    Use,
)
from tests.cast import active_channel, gps_tagged_jpeg, png_claiming

pytestmark = pytest.mark.django_db


def young(org, by, first="Kai", last="Morgan", **fields):
    fields.setdefault("date_of_birth", datetime.date(2013, 4, 2))
    return services.add_person(
        org, by=by, kind=PersonKind.YOUNG_PERSON, first_name=first, last_name=last, **fields
    )


def parent_of(org, by, child, first="Dana"):
    carer = services.add_person(
        org, by=by, kind=PersonKind.PARENT, first_name=first, last_name="Morgan", email="dana@example.org"
    )
    services.link_guardian(child, carer, by=by, relationship="Mother")
    return carer


def give(person, by, given_by, use=Use.PHOTO, **kwargs):
    kwargs.setdefault("starts", datetime.date(2026, 1, 1))
    return services.record_consent(
        person,
        by=by,
        given_by=given_by,
        decisions={use: Decision.GIVEN},
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name=given_by.full_name,
        **kwargs,
    )[0]


def consent_post(person, given_by, **extra):
    data = {
        "given_by": str(given_by.pk),
        f"use_{Use.PHOTO}": Decision.GIVEN,
        "scope": "all",
        "starts-day": "1",
        "starts-month": "3",
        "starts-year": "2026",
        "evidence_kind": EvidenceKind.SIGNATURE,
        "signed_name": given_by.full_name,
    }
    data.update(extra)
    return data


def png_bytes(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


# Who may do what


def test_every_role_that_may_read_sees_the_register_and_others_are_refused(
    org, members, outsider, client_for
):
    child = young(org, members["author"])
    readers = {"manager", "safeguarding_lead", "deputy_safeguarding_lead", "author", "reviewer"}
    for role, member in members.items():
        client = client_for(member)
        expected = 200 if role in readers else 403
        assert client.get("/consent/").status_code == expected, role
        assert client.get(f"/consent/people/{child.pk}/").status_code == expected, role
    assert client_for(outsider).get(f"/consent/people/{child.pk}/").status_code == 404


def test_a_reviewer_reads_but_cannot_change(org, author, reviewer, client_for):
    child = young(org, author)
    client = client_for(reviewer)
    page = client.get(f"/consent/people/{child.pk}/").content.decode()
    assert "Kai Morgan" in page and "Record consent" not in page and "Change details" not in page
    assert client.get(f"/consent/people/{child.pk}/consent/").status_code == 403
    assert client.post("/consent/people/add/", {"kind": "adult", "first_name": "Zed"}).status_code == 403
    assert client.post("/consent/groups/", {"name": "Youth club"}).status_code == 403
    assert not Group.objects.exists() and Person.objects.count() == 1


def test_an_author_adds_a_young_person_with_groups(org, author, client_for):
    group = services.add_group(org, by=author, name="Tuesday club")
    client = client_for(author)
    response = client.post(
        "/consent/people/add/",
        {
            "kind": PersonKind.YOUNG_PERSON,
            "first_name": "Ada",
            "last_name": "Lin",
            "date_of_birth-day": "2",
            "date_of_birth-month": "4",
            "date_of_birth-year": "2012",
            "groups": [str(group.pk)],
            "email": "ada@example.org",
        },
    )
    person = Person.objects.get(first_name="Ada")
    assert response.status_code == 302 and response["Location"] == f"/consent/people/{person.pk}/"
    assert person.date_of_birth == datetime.date(2012, 4, 2) and list(person.groups.all()) == [group]
    assert person.created_by == author
    assert AuditEvent.objects.filter(action="consent.person_added").count() == 1


def test_a_date_of_birth_in_the_future_is_refused_and_what_was_typed_is_kept(org, author, client_for):
    next_year = datetime.date.today().year + 1
    response = client_for(author).post(
        "/consent/people/add/",
        {
            "kind": PersonKind.YOUNG_PERSON,
            "first_name": "Ada",
            "last_name": "Lin",
            "date_of_birth-day": "2",
            "date_of_birth-month": "4",
            "date_of_birth-year": str(next_year),
            "notes": "Likes canoeing",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The date of birth must be in the past" in text and "govuk-error-summary" in text
    assert 'value="Ada"' in text and "Likes canoeing" in text and f'value="{next_year}"' in text
    assert not Person.objects.exists()


def test_a_young_person_needs_a_date_of_birth_or_an_age_band(org, author, client_for):
    client = client_for(author)
    missing = client.post("/consent/people/add/", {"kind": PersonKind.YOUNG_PERSON, "first_name": "Ada"})
    assert (
        missing.status_code == 400 and "date of birth, or choose their age band" in missing.content.decode()
    )
    banded = client.post(
        "/consent/people/add/", {"kind": PersonKind.YOUNG_PERSON, "first_name": "Ada", "age_band": "13_15"}
    )
    assert banded.status_code == 302 and Person.objects.get().age_band == "13_15"
    impossible = client.post(
        "/consent/people/add/",
        {"kind": "adult", "first_name": "Bo", "date_of_birth-day": "31", "date_of_birth-month": "2",
         "date_of_birth-year": "1990"},
    )  # fmt: skip
    assert impossible.status_code == 400 and "must be a real date" in impossible.content.decode()


def test_changing_a_person(org, author, client_for):
    child = young(org, author)
    client = client_for(author)
    form = client.get(f"/consent/people/{child.pk}/change/").content.decode()
    assert 'value="Kai"' in form and 'value="2013"' in form
    response = client.post(
        f"/consent/people/{child.pk}/change/",
        {
            "kind": PersonKind.YOUNG_PERSON,
            "first_name": "Kai",
            "last_name": "Morgan-Reed",
            "age_band": "13_15",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.last_name == "Morgan-Reed" and child.date_of_birth is None and child.age_band == "13_15"


# The list


def test_the_list_filters_and_summarises_each_persons_standing(org, author, dsl, client_for):
    club = services.add_group(org, by=author, name="Tuesday club")
    kai = young(org, author, groups=[club])
    give(kai, author, kai)
    ada = young(org, author, first="Ada", last="Lin")
    carer = parent_of(org, author, ada)
    give(ada, author, ada)
    give(ada, author, carer)
    services.set_never_publish(young(org, author, first="Noor", last="Aziz"), by=dsl, reason="court_order")
    client = client_for(author)
    page = client.get("/consent/").content.decode()
    assert "Missing: a parent&#x27;s or carer&#x27;s" in page or "Missing: a parent's or carer's" in page
    assert "In force" in page and "Do not publish" in page and "court" not in page.lower()
    by_group = client.get(f"/consent/?group={club.pk}").content.decode()
    assert "Kai Morgan" in by_group and "Ada Lin" not in by_group
    parents = client.get("/consent/?kind=parent").content.decode()
    assert "Dana Morgan" in parents and "Kai Morgan" not in parents
    found = client.get("/consent/?q=lin").content.decode()
    assert "Ada Lin" in found and "Kai Morgan" not in found
    assert "Nobody matches" in client.get("/consent/?q=nobody-like-this").content.decode()


# Parents and carers


def test_linking_a_parent_from_the_register_or_a_new_one(org, author, client_for):
    child = young(org, author)
    existing = services.add_person(org, by=author, kind=PersonKind.PARENT, first_name="Dana")
    client = client_for(author)
    page = client.get(f"/consent/people/{child.pk}/parents/").content.decode()
    assert "Dana" in page and "Or someone new" in page
    picked = client.post(
        f"/consent/people/{child.pk}/parents/",
        {"action": "pick", "pick-guardian": existing.pk, "pick-relationship": "Mother"},
    )
    assert picked.status_code == 302
    added = client.post(
        f"/consent/people/{child.pk}/parents/",
        {
            "action": "new",
            "new-first_name": "Sam",
            "new-last_name": "Morgan",
            "new-relationship": "Foster carer",
        },
    )
    assert added.status_code == 302
    links = {link.guardian.first_name: link.relationship for link in Guardianship.objects.filter(child=child)}
    assert links == {"Dana": "Mother", "Sam": "Foster carer"}
    assert Person.objects.get(first_name="Sam").kind == PersonKind.PARENT
    blank = client.post(f"/consent/people/{child.pk}/parents/", {"action": "new", "new-last_name": "X"})
    assert blank.status_code == 400 and "Enter their first name" in blank.content.decode()
    link = Guardianship.objects.get(guardian=existing)
    assert client.post(f"/consent/parents/{link.pk}/unlink/").status_code == 302
    assert not Guardianship.objects.filter(guardian=existing).exists()


# Recording consent


def test_recording_consent_signed_in_the_page_with_a_drawn_signature(org, author, client_for):
    child = young(org, author)
    carer = parent_of(org, author, child)
    drawn = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    response = client_for(author).post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, carer, **{f"use_{Use.VIDEO}": Decision.REFUSED, "signature": drawn}),
    )
    assert response.status_code == 302
    records = {r.use: r for r in ConsentRecord.objects.filter(person=child)}
    assert set(records) == {Use.PHOTO, Use.VIDEO} and records[Use.VIDEO].decision == Decision.REFUSED
    evidence = records[Use.PHOTO].evidence
    assert evidence.kind == EvidenceKind.SIGNATURE and evidence.signed_name == "Dana Morgan"
    assert evidence.signature.read().startswith(b"\x89PNG")
    assert records[Use.PHOTO].given_by == carer and records[Use.PHOTO].starts == datetime.date(2026, 3, 1)


def test_consent_on_some_channels_only(org, author, client_for):
    child = young(org, author)
    chosen, other = active_channel(org), active_channel(org)
    client = client_for(author)
    form = client.get(f"/consent/people/{child.pk}/consent/").content.decode()
    assert "Only the channels I choose" in form
    response = client.post(
        f"/consent/people/{child.pk}/consent/", consent_post(child, child, scope="some", channels=[chosen.pk])
    )
    assert response.status_code == 302
    consent = ConsentRecord.objects.get()
    assert not consent.all_channels and list(consent.channels.all()) == [chosen]
    assert other not in consent.channels.all()


def test_the_consent_form_says_when_no_parent_is_linked_yet(org, author, client_for):
    child = young(org, author)
    client = client_for(author)
    form = client.get(f"/consent/people/{child.pk}/consent/").content.decode()
    assert "No parent or carer is linked" in form and f"/consent/people/{child.pk}/parents/" in form
    parent_of(org, author, child)
    assert (
        "No parent or carer is linked"
        not in client.get(f"/consent/people/{child.pk}/consent/").content.decode()
    )


def test_with_no_channels_yet_the_form_does_not_ask_which(org, author, client_for):
    child = young(org, author)
    form = client_for(author).get(f"/consent/people/{child.pk}/consent/").content.decode()
    assert "Which channels?" not in form and "There is nobody to choose yet" not in form


def test_without_javascript_the_typed_name_is_the_signature(org, author, client_for):
    child = young(org, author)
    response = client_for(author).post(f"/consent/people/{child.pk}/consent/", consent_post(child, child))
    assert response.status_code == 302
    evidence = ConsentEvidence.objects.get()
    assert evidence.signed_name == "Kai Morgan" and not evidence.signature


def test_consent_form_errors_are_clear_and_keep_what_was_typed(org, author, client_for):
    child = young(org, author)
    active_channel(org)
    client = client_for(author)
    backwards = client.post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, **{"expires-day": "1", "expires-month": "1", "expires-year": "2026"}),
    )
    text = backwards.content.decode()
    assert backwards.status_code == 400 and "The end date must be on or after the start date" in text
    assert 'value="2026"' in text and 'value="Kai Morgan"' in text
    nothing = client.post(
        f"/consent/people/{child.pk}/consent/", consent_post(child, child, **{f"use_{Use.PHOTO}": ""})
    )
    assert nothing.status_code == 400 and "at least one use" in nothing.content.decode()
    unsigned = client.post(f"/consent/people/{child.pk}/consent/", consent_post(child, child, signed_name=""))
    assert unsigned.status_code == 400 and "Type the full name" in unsigned.content.decode()
    no_form = client.post(
        f"/consent/people/{child.pk}/consent/", consent_post(child, child, evidence_kind=EvidenceKind.FORM)
    )
    assert no_form.status_code == 400 and "Upload the signed consent form" in no_form.content.decode()
    no_channels = client.post(
        f"/consent/people/{child.pk}/consent/", consent_post(child, child, scope="some")
    )
    assert no_channels.status_code == 400 and "Choose at least one channel" in no_channels.content.decode()
    bad_signature = client.post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, signature="data:image/png;base64,@@@"),
    )
    assert (
        bad_signature.status_code == 400 and "signature could not be read" in bad_signature.content.decode()
    )
    assert not ConsentRecord.objects.exists() and not ConsentEvidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("form.txt", b"I agree", "must be a PDF, PNG or JPEG file"),
        ("form.png", gps_tagged_jpeg(), "must be a PDF, PNG or JPEG file"),  # a JPEG named .png
        ("bomb.png", png_claiming(60_000, 60_000), ""),
    ],
)
def test_a_wrong_or_dangerous_form_file_is_refused_and_nothing_kept(
    org, author, client_for, name, content, message
):
    child = young(org, author)
    upload = SimpleUploadedFile(name, content)
    response = client_for(author).post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, evidence_kind=EvidenceKind.FORM, upload=upload),
    )
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    assert message in response.content.decode()
    assert not ConsentRecord.objects.exists() and not ConsentEvidence.objects.exists()


def test_an_oversized_form_is_refused(org, author, client_for, settings):
    settings.HARBOUR_MAX_UPLOAD_BYTES = 1_000
    child = young(org, author)
    upload = SimpleUploadedFile("form.pdf", b"%PDF-1.4\n" + b"0" * 2_000)
    response = client_for(author).post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, evidence_kind=EvidenceKind.FORM, upload=upload),
    )
    assert response.status_code == 400 and "must be smaller than" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_an_uploaded_photo_of_a_form_loses_its_gps_and_is_served_only_to_readers(
    org, author, reviewer, moderator, outsider, client_for
):
    child = young(org, author)
    upload = SimpleUploadedFile("form.jpg", gps_tagged_jpeg())
    response = client_for(author).post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, evidence_kind=EvidenceKind.FORM, upload=upload),
    )
    assert response.status_code == 302
    evidence = ConsentEvidence.objects.get()
    stored = evidence.file.read()
    assert b"youth club" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    download = client_for(reviewer).get(f"/consent/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == stored
    assert client_for(moderator).get(f"/consent/evidence/{evidence.pk}/").status_code == 403
    assert client_for(outsider).get(f"/consent/evidence/{evidence.pk}/").status_code == 404
    person_page = client_for(reviewer).get(f"/consent/people/{child.pk}/").content.decode()
    assert f"/consent/evidence/{evidence.pk}/" in person_page


# Withdrawal


def test_withdrawing_a_consent_with_a_note(org, author, client_for):
    child = young(org, author)
    consent = give(child, author, child)
    client = client_for(author)
    assert "Withdraw consent" in client.get(f"/consent/consents/{consent.pk}/withdraw/").content.decode()
    response = client.post(f"/consent/consents/{consent.pk}/withdraw/", {"note": "Phoned the office"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == author and consent.withdrawal_note == "Phoned the office"
    page = client.get(f"/consent/people/{child.pk}/").content.decode()
    assert "Withdrawn" in page and "Phoned the office" in page
    again = client.post(f"/consent/consents/{consent.pk}/withdraw/", {})
    assert again.status_code == 400 and "already been withdrawn" in again.content.decode()


# Never publish


def test_the_never_publish_reason_is_for_leads_and_managers_only(
    org, author, reviewer, dsl, manager, client_for
):
    child = young(org, author)
    give(child, author, child)
    client = client_for(dsl)
    assert client.get(f"/consent/people/{child.pk}/never-publish/").status_code == 200
    response = client.post(
        f"/consent/people/{child.pk}/never-publish/", {"reason": "court_order", "note": "Order of 3 May"}
    )
    assert response.status_code == 302
    flag = NeverPublish.objects.get()
    for reader in (dsl, manager):
        page = client_for(reader).get(f"/consent/people/{child.pk}/").content.decode()
        assert "Court order" in page and "Order of 3 May" in page and "Lift the flag" in page
    for member in (author, reviewer):
        page = client_for(member).get(f"/consent/people/{child.pk}/").content.decode()
        assert "Do not publish" in page
        assert "Court order" not in page and "Order of 3 May" not in page and "Lift the flag" not in page
        assert client_for(member).get(f"/consent/never-publish/{flag.pk}/lift/").status_code == 403
        assert client_for(member).get(f"/consent/people/{child.pk}/never-publish/").status_code == 403
    list_page = client_for(author).get("/consent/").content.decode()
    assert "Do not publish" in list_page and "Court order" not in list_page
    missing = client.post(f"/consent/never-publish/{flag.pk}/lift/", {"reason": " "})
    assert missing.status_code == 400 and "Say why the flag is lifted" in missing.content.decode()
    lifted = client.post(f"/consent/never-publish/{flag.pk}/lift/", {"reason": "Order ended"})
    assert lifted.status_code == 302
    flag.refresh_from_db()
    assert flag.lifted_by == dsl and flag.lift_reason == "Order ended"
    assert client.get(f"/consent/never-publish/{flag.pk}/lift/").status_code == 404


# Groups and requests


def test_groups_page_adds_a_group_and_refuses_a_duplicate(org, author, client_for):
    client = client_for(author)
    assert client.post("/consent/groups/", {"name": "Youth council"}).status_code == 302
    duplicate = client.post("/consent/groups/", {"name": "youth council"})
    assert duplicate.status_code == 400 and "already a group" in duplicate.content.decode()
    assert "Youth council" in client.get("/consent/groups/").content.decode()
    assert Group.objects.count() == 1


def test_an_author_sends_resends_and_cancels_a_request_from_the_persons_page(org, author, client_for):
    from django.core import mail

    from harbour.consent.models import ConsentRequest, RequestState

    child = young(org, author)
    carer = parent_of(org, author, child)
    client = client_for(author)
    page = client.get(f"/consent/people/{child.pk}/request/").content.decode()
    assert "dana@example.org" in page and "no email address" in page  # Kai has none: named, not listed
    response = client.post(
        f"/consent/people/{child.pk}/request/",
        {"sent_to": carer.pk, "uses": [Use.PHOTO, Use.FULL_NAME], "scope": "all", "message": "Summer trip"},
    )
    assert response.status_code == 302 and len(mail.outbox) == 1
    request = ConsentRequest.objects.get()
    assert request.uses == [Use.PHOTO, Use.FULL_NAME] and request.created_by == author
    assert client.post(f"/consent/requests/{request.pk}/resend/").status_code == 302
    assert len(mail.outbox) == 2
    assert client.post(f"/consent/requests/{request.pk}/cancel/").status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    page = client.get(f"/consent/people/{child.pk}/").content.decode()
    assert "Cancelled" in page and "Send again" not in page
    past = client.post(
        f"/consent/people/{child.pk}/request/",
        {"sent_to": carer.pk, "uses": [Use.PHOTO], "scope": "all", "expires_consent-day": "1",
         "expires_consent-month": "1", "expires_consent-year": "2020"},
    )  # fmt: skip
    assert past.status_code == 400 and "must be in the future" in past.content.decode()


def test_the_persons_page_lists_the_posts_that_used_them_and_their_takedowns(
    org, manager, author, client_for
):
    from django.urls import reverse

    from harbour.consent.models import PublishedUse, Takedown
    from tests.isolation import takedown

    made = Takedown.objects.select_related("publication__post", "person").get(pk=takedown(org)["pk"])
    person = made.person
    PublishedUse.objects.create(organisation=org, publication=made.publication, person=person, use=Use.PHOTO)
    page = client_for(author).get(f"/consent/people/{person.pk}/").content.decode()
    assert reverse("publishing:post", args=[made.publication.post_id]) in page
    assert "No published post has named or shown them" not in page
    assert f"/consent/takedowns/{made.pk}/" in page and "take down by hand" in page


def test_the_consent_pages_share_one_sub_navigation(org, manager, author, client_for):
    client = client_for(author)
    for url, current in (
        ("/consent/", "Register"),
        ("/consent/media/", "Media library"),
        ("/consent/takedowns/", "Takedowns"),
    ):
        page = client.get(url).content.decode()
        nav = page[
            page.index('aria-label="Consent and media"') : page.index(
                "</nav>", page.index("Consent and media")
            )
        ]
        for link in (
            'href="/consent/"',
            'href="/consent/media/"',
            'href="/consent/takedowns/"',
            'href="/consent/groups/"',
        ):
            assert link in nav, (url, link)
        assert nav.count('aria-current="page"') == 1
        assert f'aria-current="page">{current}</a>' in nav, url


def test_the_person_page_offers_data_requests_only_to_those_who_handle_them(org, manager, author, client_for):
    person = young(org, author)
    access, erasure = f"/privacy/access/new/?person={person.pk}", f"/privacy/erasure/new/?person={person.pk}"
    page = client_for(author).get(f"/consent/people/{person.pk}/").content.decode()
    assert "Subject access request" not in page and access not in page and erasure not in page
    client = client_for(manager)
    page = client.get(f"/consent/people/{person.pk}/").content.decode()
    assert access in page and erasure in page
    assert "Subject access request" in page and "Erasure request" in page
    for url in (access, erasure):  # the person is chosen already on the new request's page
        form = client.get(url).content.decode()
        assert f'<option value="{person.pk}" selected dir="auto">' in form, url


def test_opening_consent_evidence_is_audited_with_the_evidences_id(
    org, author, reviewer, moderator, outsider, client_for
):
    child = young(org, author)
    drawn = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    client_for(author).post(
        f"/consent/people/{child.pk}/consent/", consent_post(child, child, signature=drawn)
    )
    upload = SimpleUploadedFile("form.pdf", b"%PDF-1.4\n% a signed form\n")
    client_for(author).post(
        f"/consent/people/{child.pk}/consent/",
        consent_post(child, child, evidence_kind=EvidenceKind.FORM, upload=upload),
    )
    signed, form = ConsentEvidence.objects.order_by("pk")
    assert signed.signature and form.file
    assert client_for(moderator).get(f"/consent/evidence/{form.pk}/").status_code == 403
    assert client_for(outsider).get(f"/consent/evidence/{form.pk}/signature/").status_code == 404
    assert (
        client_for(reviewer).get(f"/consent/evidence/{form.pk}/signature/").status_code == 404
    )  # none drawn
    assert not AuditEvent.objects.filter(action="consent.evidence_opened").exists()  # refusals open nothing
    client = client_for(reviewer)
    assert client.get(f"/consent/evidence/{form.pk}/").status_code == 200
    assert client.get(f"/consent/evidence/{signed.pk}/signature/").status_code == 200
    opened = list(AuditEvent.objects.filter(action="consent.evidence_opened").order_by("sequence"))
    assert [(e.detail["evidence"], e.detail["file"]) for e in opened] == [
        (form.pk, "signed form"),
        (signed.pk, "signature"),
    ]
    assert all(e.actor == reviewer.user and e.organisation == org for e in opened)
    assert opened[0].object_id == str(form.pk)


def test_a_lead_links_a_young_person_to_their_safeguarding_record(org, dsl, author, client_for):
    """Only leads see the link or the page; the choice is from their own organisation's records."""
    from harbour.safeguarding import people

    record = people.add_young_person(org, by=dsl, name="Jay M (pseudonym)")
    child = services.add_person(
        org, by=author, kind=PersonKind.YOUNG_PERSON, first_name="Kai", last_name="Morgan", age_band="13_15"
    )
    url = reverse("consent:safeguarding_record", args=[child.pk])
    assert (
        "Safeguarding record" not in client_for(author).get(reverse("consent:person", args=[child.pk])).text
    )
    assert client_for(author).get(url).status_code == 403
    lead = client_for(dsl)
    assert "Link a safeguarding record" in lead.get(reverse("consent:person", args=[child.pk])).text
    assert lead.post(url, {"record": "999999"}).status_code == 400  # not one of theirs
    response = lead.post(url, {"record": str(record.pk)})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.safeguarding_record == record
    assert "Jay M (pseudonym)" in lead.get(reverse("consent:person", args=[child.pk])).text
    lead.post(url, {"record": ""})
    child.refresh_from_db()
    assert child.safeguarding_record is None
