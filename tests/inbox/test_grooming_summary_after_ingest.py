"""The grooming summary on an item's page, for items that arrived the real ways: a file import, a webhook
delivery and a polled channel. The page finds the author's running state by the key ingest stored it
under: the item's Author (Author.objects.of_channel, the one place an author's identity is built); nothing
here builds an identity by hand."""

import json
import re
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from harbour.channels import services as channel_services
from harbour.connectors.base import Batch
from harbour.connectors.file_import.parse import parse_export
from harbour.connectors.webhook.receive import generate_secret, sign
from harbour.inbox import ingest
from harbour.inbox.models import Author, AuthorState, Item
from tests.cast import active_channel, give_training, sign_in
from tests.inbox.inbox_sources import ScriptedSource
from tests.inbox.inbox_sources import make_item as incoming

# One author working through three grooming stages (where the child is, secrecy, whether they are
# watched), and someone else asking an ordinary question.
GROOMING = [
    ("g1", "stranger", "hey what school do you go to"),
    ("g2", "stranger", "this is our little secret ok, don't tell your mum"),
    ("g3", "stranger", "are you home alone right now?"),
    ("q1", "sam", "Is the youth club open on Saturday?"),
]


def csv_rows(rows) -> str:
    return "".join(
        f'{pid},2026-11-20T10:0{n}:00Z,{who},"{text}"\n' for n, (pid, who, text) in enumerate(rows)
    )


def page_text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def moderating(moderator):
    """A trained moderator's signed-in client; the test adds them to the channel's moderators."""
    give_training(moderator, "moderate")
    return sign_in(Client(), moderator.user)


def assert_summary_shown(client, channel):
    groomer = Item.objects.get(channel=channel, platform_id="g3")
    text = page_text(client.get(reverse("inbox:item", args=[groomer.pk])))
    assert "Grooming signs from this author" in text
    assert "Across their 3 messages to" in text
    assert "Asking for secrecy (score" in text
    other = Item.objects.get(channel=channel, platform_id="q1")
    assert "Grooming signs" not in page_text(client.get(reverse("inbox:item", args=[other.pk])))


def test_a_file_import_shows_the_grooming_summary(org, moderator, moderating):
    channel = active_channel(org, "file_import")
    channel.moderators.add(moderator)
    data = f"id,created_at,author,text\n{csv_rows(GROOMING)}".encode()
    upload = SimpleUploadedFile("export.csv", data, content_type="text/csv")

    page = moderating.post(reverse("inbox:import_items", args=[channel.pk]), {"file": upload})

    assert "4 new comments stored and screened" in page.content.decode()
    assert_summary_shown(moderating, channel)


def test_a_webhook_delivery_shows_the_grooming_summary(org, manager, moderator, moderating):
    channel = active_channel(org, "webhook")
    channel.moderators.add(moderator)
    secret = generate_secret()
    channel_services.set_credential(channel, "webhook_secret", secret, by=manager)
    body = json.dumps(
        {
            "items": [
                {"id": pid, "created_at": f"2026-11-20T10:0{n}:00Z", "author": who, "text": text}
                for n, (pid, who, text) in enumerate(GROOMING)
            ]
        }
    ).encode()
    msg_id, now = f"msg_{uuid.uuid4().hex}", int(time.time())
    signature = sign(secret, msg_id, now, body)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(now), "webhook-signature": signature}

    response = Client().post(
        reverse("hooks:receive", args=[channel.uuid]), body, content_type="application/json", headers=headers
    )

    assert response.status_code == 202 and response.json()["stored"] == 4
    assert_summary_shown(moderating, channel)


def test_a_polled_channel_shows_the_grooming_summary(org, moderator, moderating):
    # The test source's items name their platform "test", its channels "test_scripted": as an import's
    # items say "import" on a "file_import" channel, the key must not depend on the item's own name.
    channel = active_channel(org, "test_scripted")
    channel.owners.add(moderator)
    items = [
        replace(incoming(n, author=who, text=text), platform_id=pid)
        for n, (pid, who, text) in enumerate(GROOMING)
    ]
    ScriptedSource.SCRIPT = [Batch(items, next_cursor="after-q1")]
    ScriptedSource.calls = []

    assert ingest.poll(channel.pk).stored == 4
    assert_summary_shown(moderating, channel)


def test_one_author_on_two_channels_of_one_platform_has_one_running_state(org):
    first, second = active_channel(org, "file_import"), active_channel(org, "file_import")
    for channel, row in zip([first, second, first], csv_rows(GROOMING[:3]).splitlines(), strict=True):
        export = f"id,created_at,author,text\n{row}\n".encode()
        ingest.store_pushed(channel, parse_export(export, "export.csv"))
    state = AuthorState.objects.get(author__organisation=org, author__platform_author_id="stranger")
    assert state.state["grooming"]["n"] == 3
    assert set(Item.objects.values_list("author", flat=True)) == {state.author_id}
    assert Author.objects.of_channel(first).get() == Author.objects.of_channel(second).get() == state.author


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_imported_authors_state_to_the_channel_platform_key(org, other_org):
    before = [("inbox", "0003_ingest_alert_state")]
    after = [("inbox", "0004_author_key_from_channel_platform")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldState = executor.loader.project_state(before).apps.get_model("inbox", "AuthorState")
    moved = OldState.objects.create(organisation_id=org.pk, author_key="import:stranger", state={"n": 3})
    kept = OldState.objects.create(organisation_id=org.pk, author_key="bluesky:did:plc:x", state={"n": 1})
    # Two rows for one author in another organisation: the one updated last is the running state kept.
    older = datetime(2026, 11, 1, tzinfo=UTC)
    OldState.objects.create(organisation_id=other_org.pk, author_key="import:jo", state={"n": 9})
    OldState.objects.create(
        organisation_id=other_org.pk, author_key="file_import:jo", state={"n": 1}, updated_at=older
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    MovedState = executor.loader.project_state(after).apps.get_model("inbox", "AuthorState")

    assert MovedState.objects.get(pk=moved.pk).author_key == "file_import:stranger"
    assert MovedState.objects.get(pk=kept.pk).author_key == "bluesky:did:plc:x"
    assert list(
        MovedState.objects.filter(organisation_id=other_org.pk).values_list("author_key", "state")
    ) == [("file_import:jo", {"n": 9})]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
