import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.inbox import services
from harbour.inbox.models import Item
from tests.cast import active_channel, sign_in

CSV = (
    b"id,created_at,author,text\n"
    b"c1,2026-11-20T10:00:00Z,sam,Is the club open on Saturday?\n"
    b"c2,2026-11-20T10:05:00Z,jo,\n"
    b"c3,2026-11-20T10:06:00Z,jo,Thanks for the poster\n"
)


@pytest.fixture
def channel(org, moderator):
    channel = active_channel(org, "file_import")
    channel.moderators.add(moderator)  # a moderator imports into the channels they moderate
    return channel


def upload(client, channel, data=CSV, name="export.csv"):
    url = reverse("inbox:import_items", args=[channel.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_an_export_is_imported_with_bad_rows_listed(channel, moderator):
    page = upload(sign_in(Client(), moderator.user), channel).content.decode()
    assert "2 new comments stored and screened" in page
    assert "row 3" in page
    assert set(Item.objects.values_list("platform_id", flat=True)) == {"c1", "c3"}
    event = AuditEvent.objects.get(action="channel.items_imported")
    assert event.detail == {"file": "export.csv", "bytes": len(CSV), "rows": 2, "stored": 2, "problems": 1}


def test_importing_the_same_file_again_adds_nothing(channel, moderator):
    client = sign_in(Client(), moderator.user)
    upload(client, channel)
    page = upload(client, channel).content.decode()
    assert "0 new comments" in page and "2 had been imported before" in page
    assert Item.objects.count() == 2


def test_a_wrong_kind_of_file_is_refused_with_a_message(channel, moderator):
    page = upload(sign_in(Client(), moderator.user), channel, b"%PDF-1.4", "notes.pdf").content.decode()
    assert "Choose a .csv or .json file" in page and "There is a problem" in page


def test_only_some_roles_import_and_only_into_import_channels(org, channel, author, manager):
    assert upload(sign_in(Client(), author.user), channel).status_code == 403
    other = active_channel(org, "test_paged")
    assert upload(sign_in(Client(), manager.user), other).status_code == 404
    assert not Item.objects.exists()


def test_a_moderator_imports_only_into_channels_they_moderate_or_own(org, channel, moderator, dsl):
    other = active_channel(org, "file_import")
    other.name = "Another import channel"
    other.save()
    assert upload(sign_in(Client(), moderator.user), other).status_code == 403
    with pytest.raises(NotAllowed):
        services.import_file(other, CSV, "export.csv", by=moderator)
    assert not Item.objects.exists()
    other.owners.add(moderator)
    assert "2 new comments stored" in upload(sign_in(Client(), moderator.user), other).content.decode()
    # Those who read every channel's inbox import into any of them.
    assert upload(sign_in(Client(), dsl.user), channel).status_code == 200


def test_another_organisations_channel_is_404(channel, outsider):
    assert upload(sign_in(Client(), outsider.user), channel).status_code == 404


HUGE = "9" * 5000  # more digits than Python converts to a string


def error_page(response) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "govuk-error-summary" in page  # the GOV.UK error summary
    assert 'id="id_file_error"' in page and "govuk-form-group--error" in page  # and the field's own error
    assert "govuk-notification-banner--success" not in page and "Imported" not in page
    return page


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"\n\n  \r\n", "export.csv", "The file is empty"),
        (b"\xef\xbb\xbf", "export.csv", "The file is empty"),
        (b"  ", "export.json", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "export.csv", "This is a picture (PNG)"),
        (b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml", "export.csv", "Excel workbook"),
        (b"%PDF-1.7\n%\xe2\xe3", "export.json", "This is a PDF"),
        (bytes(range(256)) * 8, "export.csv", "The file is not text"),
        (
            "id,created_at,author,text\nc1,2026-11-20T10:00:00Z,sam,hi\n".encode("utf-16-le"),
            "export.csv",
            "UTF-16",
        ),
        (b"\x81\x8d\x8f\x90 text", "export.csv", "not UTF-8 or Windows-1252"),
        (b"name,comment\nsam,hello\n", "export.csv", "missing: id, created_at, author, text"),
        (b"{not json", "export.json", "not valid JSON"),
        (b'{"comments": []}', "export.json", "must be a list"),
        (b"id,created_at,author,text\n", "export.csv", "The file has no comments in it"),
        (b"[]", "export.json", "The file has no comments in it"),
        (
            b"id,created_at,author,text\nc1,yesterday,sam,hi\nc2,2026-11-20T10:00:00Z,,hi\n",
            "export.csv",
            "None of the 2 rows could be read",
        ),
        (
            f'[{{"id": {HUGE}, "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}}]'.encode(),
            "export.json",
            "The only row could not be read",
        ),
    ],
)
def test_a_file_with_nothing_to_import_says_what_is_wrong_in_an_error(
    channel, moderator, data, name, message
):
    """Issue 15 item 14: never "Imported: 0 new comments" in a green banner for a wrong file."""
    page = error_page(upload(sign_in(Client(), moderator.user), channel, data, name))
    assert message in page
    assert not Item.objects.exists()
    assert not AuditEvent.objects.filter(action="channel.items_imported").exists()


def test_rows_that_none_could_be_read_are_listed_with_the_error(channel, moderator):
    data = b"id,created_at,author,text\nc1,yesterday,sam,hi\nc2,2026-11-20T10:00:00Z,,hi\n"
    page = error_page(upload(sign_in(Client(), moderator.user), channel, data))
    assert "Rows that could not be read" in page and "Nothing was imported" in page
    assert "row 2" in page and "row 3" in page and "author is empty" in page


def test_an_empty_upload_is_a_field_error(channel, moderator):
    assert "The file is empty" in error_page(upload(sign_in(Client(), moderator.user), channel, b""))


def test_a_partial_import_says_how_many_rows_were_skipped_and_why(channel, moderator):
    rows = [
        {"id": "a", "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "fine"},
        f'{{"id": {HUGE}, "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": "x"}}',
        {"id": "c", "created_at": "2026-11-20T10:00:00Z", "author": "sam", "text": NaN_TEXT},
        {"id": "d", "created_at": "2026-11-20T10:00:00Z", "author": "jo", "text": "also fine"},
    ]
    body = (
        "["
        + ", ".join(r if isinstance(r, str) else json.dumps(r).replace('"@NaN@"', "NaN") for r in rows)
        + "]"
    )
    response = upload(sign_in(Client(), moderator.user), channel, body.encode(), "export.json")
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" not in page
    assert "2 new comments stored and screened" in page
    assert "2 rows could not be read and were skipped" in page
    assert "row 2" in page and "id is a number of 5,000 digits" in page
    assert "row 3" in page and "text is NaN" in page
    assert set(Item.objects.values_list("platform_id", flat=True)) == {"a", "d"}


NaN_TEXT = "@NaN@"


def test_a_locked_database_is_an_error_to_try_again_not_a_500(channel, moderator, monkeypatch):
    from django.db import OperationalError

    def locked(channel, batch, **options):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "store_pushed", locked)
    page = error_page(upload(sign_in(Client(), moderator.user), channel))
    assert "Harbour is busy and nothing was imported" in page
