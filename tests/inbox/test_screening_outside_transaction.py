"""Issue 15 item 2: screening runs with no database transaction open, so slow items never hold
SQLite's write lock; an author's running state still counts each message once when deliveries for
the same author arrive at the same time."""

import json
import sqlite3
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from harbour.channels import services as channel_services
from harbour.connectors.base import Batch, IncomingItem, Kind
from harbour.connectors.webhook.receive import generate_secret, sign
from harbour.inbox import ingest, screened
from harbour.inbox.models import Author, AuthorState, Item
from harbour.screening import screen as real_screen
from tests.cast import active_channel, sign_in
from tests.inbox import inbox_sources
from tests.inbox.inbox_sources import ScriptedSource

assert inbox_sources  # registers the test connectors

pytestmark = pytest.mark.django_db(transaction=True)

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


def message(n: int, author: str, text: str = "you are so mature for your age") -> IncomingItem:
    return IncomingItem(
        platform="test",
        platform_id=f"{author}-{n}",
        kind=Kind.DIRECT_MESSAGE,
        text=f"{text} ({n})",
        author_id=author,
        author_handle=author,
        author_display_name=author,
        created_at=EPOCH + timedelta(seconds=n),
        url="",
    )


def another_connection_can_write() -> bool:
    """Whether a second SQLite connection gets the write lock at once (no waiting)."""
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.fixture
def watched_screening(monkeypatch):
    """Every screen() call, noting whether a transaction was open and whether another writer could
    write at that moment."""
    seen = []

    def watching(text, context):
        writable = another_connection_can_write() if connection.vendor == "sqlite" else None
        seen.append({"in_transaction": connection.in_atomic_block, "other_writer_ok": writable})
        return real_screen(text, context)

    monkeypatch.setattr(screened, "screen", watching)
    return seen


def assert_screened_outside(seen, count):
    assert len(seen) == count
    assert not any(s["in_transaction"] for s in seen)
    if connection.vendor == "sqlite":
        assert all(s["other_writer_ok"] for s in seen)


def test_a_poll_screens_with_no_transaction_open(org, watched_screening):
    ScriptedSource.SCRIPT = [Batch([message(n, "sam") for n in range(3)], next_cursor="a")]
    channel = active_channel(org, "test_scripted")
    assert ingest.poll(channel.pk).stored == 3
    assert_screened_outside(watched_screening, 3)


def test_a_webhook_delivery_screens_with_no_transaction_open(org, manager, watched_screening):
    channel = active_channel(org, "webhook")
    secret = generate_secret()
    channel_services.set_credential(channel, "webhook_secret", secret, by=manager)
    body = json.dumps(
        {
            "items": [
                {"id": f"m{n}", "created_at": "2026-11-20T10:00:00Z", "author": "jo", "text": f"hello {n}"}
                for n in range(4)
            ]
        }
    ).encode()
    msg_id, now = f"msg_{uuid.uuid4().hex}", int(time.time())
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(now),
        "webhook-signature": sign(secret, msg_id, now, body),
    }
    response = Client().post(
        reverse("hooks:receive", args=[channel.uuid]), body, content_type="application/json", headers=headers
    )
    assert response.status_code == 202 and response.json()["stored"] == 4
    assert_screened_outside(watched_screening, 4)


def test_a_file_import_screens_with_no_transaction_open(org, moderator, watched_screening):
    channel = active_channel(org, "file_import")
    channel.moderators.add(moderator)
    data = b"id,created_at,author,text\n" + b"".join(
        f"c{n},2026-11-20T10:0{n}:00Z,sam,comment {n}\n".encode() for n in range(3)
    )
    page = (
        sign_in(Client(), moderator.user)
        .post(
            reverse("inbox:import_items", args=[channel.pk]),
            {"file": SimpleUploadedFile("export.csv", data, content_type="text/csv")},
        )
        .content.decode()
    )
    assert "3 new comments stored and screened" in page
    assert_screened_outside(watched_screening, 3)


def state_of(channel, author: str) -> dict:
    return AuthorState.objects.get(
        author=Author.objects.of_channel(channel).get(platform_author_id=author)
    ).state


def grooming_count(channel, author: str) -> int:
    return state_of(channel, author)["grooming"]["n"]


def test_a_delivery_for_the_same_author_while_screening_is_counted_once(org, monkeypatch):
    """Delivery A is being screened when delivery B, for the same author, is stored by another
    connection. A then finds the author's state changed and screens that author again from B's
    state: the running count is A's items plus B's, each once."""
    first = active_channel(org, "webhook")
    second = active_channel(org, "webhook")
    for channel in (first, second):
        ingest.position_for(channel)
    a = Batch([message(n, "pat") for n in range(3)], next_cursor=None)
    b = Batch([message(n, "pat", "dont tell your mum about us") for n in range(10, 14)], next_cursor=None)
    done = []

    def deliver_b():
        try:
            done.append(ingest.store_pushed(second, b))
        finally:
            connections.close_all()

    started = []

    def screening_a(text, context):
        if not started and not connection.in_atomic_block:
            started.append(True)
            other = threading.Thread(target=deliver_b)
            other.start()
            other.join(timeout=60)  # with A holding the write lock, B could not finish
            assert done == [4], "the other delivery could not be stored while this one was screened"
        return real_screen(text, context)

    monkeypatch.setattr(screened, "screen", screening_a)
    assert ingest.store_pushed(first, a) == 3
    assert grooming_count(first, "pat") == 7
    assert Item.objects.count() == 7
    # A's items were screened again after B's secrecy: the tracker saw both stages in one author.
    stages = state_of(first, "pat")["grooming"]["stages"]
    assert Author.objects.count() == 1  # both deliveries found the one author
    assert {"rapport", "secrecy"} <= set(stages)


def test_an_author_whose_state_keeps_changing_is_screened_inside_the_transaction_at_last(org, monkeypatch):
    """Every optimistic round loses to another delivery for the same author; after OPTIMISTIC_ROUNDS
    the author is screened inside the transaction, so the delivery is stored, and counted once."""
    channel = active_channel(org, "webhook")
    others = [active_channel(org, "webhook") for _ in range(ingest.OPTIMISTIC_ROUNDS)]
    for c in [channel, *others]:
        ingest.position_for(c)
    mine = Batch([message(0, "lee")], next_cursor=None)
    interfering = iter(others)
    inside = []

    def deliver(other, n):
        try:
            ingest.store_pushed(other, Batch([message(100 + n, "lee")], next_cursor=None))
        finally:
            connections.close_all()

    def racing(text, context):
        if connection.in_atomic_block:
            inside.append(text)
        elif text.startswith("you are so mature for your age (0)"):
            other = next(interfering, None)
            if other is not None:
                thread = threading.Thread(target=deliver, args=(other, other.pk))
                thread.start()
                thread.join(timeout=60)
        return real_screen(text, context)

    monkeypatch.setattr(screened, "screen", racing)
    assert ingest.store_pushed(channel, mine) == 1
    assert inside == ["you are so mature for your age (0)"]  # only the last resort, only that author
    assert grooming_count(channel, "lee") == 1 + ingest.OPTIMISTIC_ROUNDS
    assert Item.objects.filter(channel=channel).count() == 1


def test_items_stored_by_another_delivery_meanwhile_are_stored_once_and_counted_once(org, monkeypatch):
    channel = active_channel(org, "webhook")
    ingest.position_for(channel)
    batch = Batch([message(n, "kim") for n in range(3)], next_cursor=None)
    overlap = Batch([message(1, "kim")], next_cursor=None)
    fired = []

    def deliver_overlap():
        try:
            ingest.store_pushed(channel, overlap)
        finally:
            connections.close_all()

    def screening(text, context):
        if not fired and not connection.in_atomic_block:
            fired.append(True)
            thread = threading.Thread(target=deliver_overlap)
            thread.start()
            thread.join(timeout=60)
        return real_screen(text, context)

    monkeypatch.setattr(screened, "screen", screening)
    assert ingest.store_pushed(channel, batch) == 2  # kim-1 came in the other delivery
    assert sorted(Item.objects.values_list("platform_id", flat=True)) == ["kim-0", "kim-1", "kim-2"]
    assert grooming_count(channel, "kim") == 3
