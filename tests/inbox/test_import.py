import pytest
from conftest import sign_in
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from inbox_helpers import active_channel

from harbour.audit.models import AuditEvent
from harbour.inbox.models import Item

CSV = (
    b"id,created_at,author,text\n"
    b"c1,2026-11-20T10:00:00Z,sam,Is the club open on Saturday?\n"
    b"c2,2026-11-20T10:05:00Z,jo,\n"
    b"c3,2026-11-20T10:06:00Z,jo,Thanks for the poster\n"
)


@pytest.fixture
def channel(org):
    return active_channel(org, "file_import")


def upload(client, channel, data=CSV, name="export.csv"):
    url = reverse("channels:import_items", args=[channel.pk])
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


def test_another_organisations_channel_is_404(channel, outsider):
    assert upload(sign_in(Client(), outsider.user), channel).status_code == 404
