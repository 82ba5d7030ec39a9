"""The organisation's policies (harbour/planning): each a link (https only) or an uploaded PDF or Word
document (checked by its first bytes and contents, size-limited, stored under a generated name, served only
through a view that checks access, always as a download), with a review date; managers add, change and
remove them (audited, the file deleted with its policy); the five the guidance names are listed as missing
until recorded."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.planning import services
from harbour.planning.models import Policy

REVIEW = datetime.date(2030, 4, 1)
LINK = {
    "kind": "safeguarding",
    "title": "Safeguarding policy",
    "url": "https://example.org/safeguarding",
    "review_date": REVIEW,
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def docx(*, macros=False, word=True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if word:
            archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    return out.getvalue()


def test_a_policy_as_a_link(org, manager):
    policy = services.add_policy(org, LINK, by=manager)
    assert (policy.url, policy.document.name) == ("https://example.org/safeguarding", "")
    assert AuditEvent.objects.get(action="planning.policy_added").detail["kind"] == "safeguarding"
    assert "Safeguarding" not in services.missing_policies(org)
    assert "Code of conduct" in services.missing_policies(org)


@pytest.mark.parametrize(
    "url", ["http://example.org/p", "javascript:alert(1)", "ftp://example.org/p", "https://"]
)
def test_only_https_links(org, manager, url):
    with pytest.raises(NotAllowed, match="https"):
        services.add_policy(org, {**LINK, "url": url}, by=manager)
    assert not Policy.objects.exists()


def test_a_link_or_a_document_never_both_or_neither(org, manager, private_media):
    with pytest.raises(NotAllowed, match="one of the two"):
        services.add_policy(org, {**LINK, "url": ""}, by=manager)
    with pytest.raises(NotAllowed, match="one of the two"):
        services.add_policy(org, LINK, by=manager, upload=SimpleUploadedFile("p.pdf", PDF))
    assert not Policy.objects.exists() and not list(private_media.rglob("*.pdf"))


def test_pdf_and_docx_are_stored_privately_under_generated_names(org, manager, private_media):
    pdf = services.add_policy(
        org, {**LINK, "url": ""}, by=manager, upload=SimpleUploadedFile("../../etc/Safe.pdf", PDF)
    )
    word = services.add_policy(
        org,
        {**LINK, "kind": "code_of_conduct", "url": ""},
        by=manager,
        upload=SimpleUploadedFile("Conduct.docx", docx()),
    )
    assert pdf.document.name.startswith(f"policies/{org.pk}/") and pdf.document_name == "Safe.pdf"
    assert word.document.name.endswith(".docx") and len(list(private_media.rglob("*.*"))) == 2


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("policy.pdf", b"MZ\x90\x00 not a pdf", "PDF or a Word document"),
        ("policy.docx", docx(macros=True), "macros"),
        ("policy.docx", docx(word=False), "PDF or a Word document"),
        ("policy.docx", b"PK\x03\x04 broken", "damaged"),
        ("policy.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 20, "docx"),
        ("policy.exe", PDF, "PDF or a Word document"),
        ("policy.pdf", b"", "empty"),
    ],
)
def test_other_files_are_refused(org, manager, private_media, name, content, problem):
    with pytest.raises(NotAllowed, match=problem):
        services.add_policy(org, {**LINK, "url": ""}, by=manager, upload=SimpleUploadedFile(name, content))
    assert not Policy.objects.exists() and not [p for p in private_media.rglob("*") if p.is_file()]


def test_too_large_is_refused(org, manager, private_media, settings):
    settings.HARBOUR_MAX_UPLOAD_BYTES = 100
    for name, content in (("p.pdf", PDF + b"0" * 200), ("p.docx", docx() + b"0" * 200)):
        with pytest.raises(NotAllowed, match="smaller than"):
            services.add_policy(
                org, {**LINK, "url": ""}, by=manager, upload=SimpleUploadedFile(name, content)
            )


def test_changing_to_a_link_deletes_the_document(
    org, manager, private_media, django_capture_on_commit_callbacks
):
    policy = services.add_policy(
        org, {**LINK, "url": ""}, by=manager, upload=SimpleUploadedFile("p.pdf", PDF)
    )
    assert len(list(private_media.rglob("*.pdf"))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.change_policy(policy, {**LINK, "title": "Safeguarding v6"}, by=manager)
    policy.refresh_from_db()
    assert policy.url and not policy.document and not list(private_media.rglob("*.pdf"))
    assert AuditEvent.objects.get(action="planning.policy_changed").detail["changed"] == [
        "title",
        "url",
        "document",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_policy(policy, by=manager)
    assert not Policy.objects.exists()


def test_only_managers_change_policies(org, manager, author, dsl, outsider):
    for member in (author, dsl, outsider):
        with pytest.raises(NotAllowed):
            services.add_policy(org, LINK, by=member)
    policy = services.add_policy(org, LINK, by=manager)
    with pytest.raises(NotAllowed):
        services.remove_policy(policy, by=author)


def test_the_document_is_served_only_to_members_who_see_channels(
    client_for, org, manager, viewer, reviewer, private_media
):
    policy = services.add_policy(
        org, {**LINK, "url": ""}, by=manager, upload=SimpleUploadedFile("Safe.docx", docx())
    )
    url = reverse("planning:policy_document", args=[policy.pk])
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment")
        and "Safe.docx" in response["Content-Disposition"]
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert client_for(reviewer).get(url).status_code == 403


def test_the_policy_pages(client_for, org, manager, author, private_media):
    client = client_for(manager)
    response = client.post(
        reverse("planning:add_policy"),
        {
            "kind": "internet_email",
            "title": "Internet and email",
            "url": "http://example.org",
            "review_date-day": "1",
            "review_date-month": "4",
            "review_date-year": "2030",
        },
    )
    assert "Enter an address starting with https://" in response.content.decode()
    response = client.post(
        reverse("planning:add_policy"),
        {
            "kind": "internet_email",
            "title": "Internet and email",
            "document": SimpleUploadedFile("ie.pdf", PDF),
            "review_date-day": "1",
            "review_date-month": "4",
            "review_date-year": "2030",
        },
    )
    assert response.status_code == 302
    page = client_for(author).get(reverse("planning:index")).content.decode()
    policy = Policy.objects.get()
    assert (
        "Download <bdi>ie.pdf</bdi>" in page and reverse("planning:policy_document", args=[policy.pk]) in page
    )
    assert (
        f'href="{reverse("planning:edit_policy", args=[policy.pk])}"' not in page
    )  # an author reads, does not change
    assert "Not recorded yet: Code of conduct, Safeguarding, Communications, IT and network." in page
