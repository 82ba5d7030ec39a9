"""One author identity (issue 16): an Author row per (organisation, channel platform, platform author id),
made in one place, Author.objects.for_incoming, safely when two channels store the same new author at
once, and the one thing items and the grooming state point to."""

import ast
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connections, transaction
from django.utils import timezone

import harbour
from harbour.connectors.file_import.parse import parse_export
from harbour.inbox import ingest
from harbour.inbox.models import Author, AuthorState, Item
from tests.cast import active_channel


def seen(author_id: str, handle: str = "", name: str = ""):
    return SimpleNamespace(author_id=author_id, author_handle=handle, author_display_name=name)


def authors_for(channel, *items, at=None) -> dict[str, Author]:
    with transaction.atomic():
        return Author.objects.for_incoming(channel, items, seen_at=at or timezone.now())


def test_an_author_keeps_first_seen_and_takes_the_latest_handle_name_and_last_seen(org):
    channel = active_channel(org, "bluesky")
    start = timezone.now()
    made = authors_for(channel, seen("did:plc:kid", "kid.bsky.social", "Kid"), at=start)["did:plc:kid"]
    later = start + timedelta(hours=1)
    # A message with no profile in it (Bluesky's chat log) keeps the name known; a new handle replaces the old.
    again = authors_for(channel, seen("did:plc:kid", "kid-new.bsky.social", ""), at=later)["did:plc:kid"]
    assert again.pk == made.pk
    again.refresh_from_db()
    assert (again.handle, again.display_name) == ("kid-new.bsky.social", "Kid")
    assert (again.first_seen, again.last_seen) == (start, later)
    # An older delivery arriving late does not move last seen back.
    authors_for(channel, seen("did:plc:kid"), at=start)
    again.refresh_from_db()
    assert again.last_seen == later


def test_one_person_per_organisation_and_platform(org, other_org):
    imports, imports_too = active_channel(org, "file_import"), active_channel(org, "file_import")
    webhook, elsewhere = active_channel(org, "webhook"), active_channel(other_org, "file_import")
    ids = {authors_for(c, seen("sam"))["sam"].pk for c in (imports, imports_too)}
    assert len(ids) == 1  # two channels of one platform: one person
    assert authors_for(webhook, seen("sam"))["sam"].pk not in ids  # the same name on another platform
    theirs = authors_for(elsewhere, seen("sam"))["sam"]
    assert theirs.pk not in ids and theirs.organisation == other_org
    assert Author.objects.for_org(org).count() == 2 and Author.objects.for_org(other_org).count() == 1


def test_items_and_the_running_state_point_to_the_author(org):
    first, second = active_channel(org, "file_import"), active_channel(org, "file_import")
    export = b"id,created_at,author,text\nc1,2026-11-20T10:00:00Z,sam,hello\nc2,2026-11-20T10:01:00Z,jo,hi\n"
    ingest.store_pushed(first, parse_export(export, "export.csv"))
    ingest.store_pushed(second, parse_export(export.replace(b"c1", b"c3"), "export.csv"))
    sam = Author.objects.of_channel(first).get(platform_author_id="sam")
    assert sam.handle == sam.display_name == "sam"
    assert sorted(Item.objects.filter(author=sam).values_list("platform_id", flat=True)) == ["c1", "c3"]
    assert AuthorState.objects.get(author=sam).state["grooming"]["n"] == 2
    assert Author.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_channels_storing_one_new_author_at_once_make_one_author(org):
    """The first channel's transaction has inserted the author and not committed when the second's
    stores the same author: the second waits (PostgreSQL's unique index, SQLite's write lock) and then
    finds the first's row, with no IntegrityError and no second row."""
    first, second = active_channel(org, "webhook"), active_channel(org, "webhook")
    inserted, results, errors = threading.Event(), {}, []

    def store(channel, name, *, hold):
        try:
            with transaction.atomic():
                author = Author.objects.for_incoming(
                    channel, [seen("kid", "", name)], seen_at=timezone.now()
                )["kid"]
                if hold:
                    inserted.set()
                    time.sleep(1)  # the other transaction starts meanwhile
                results[name] = author.pk
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    one = threading.Thread(target=store, args=(first, "First"), kwargs={"hold": True})
    one.start()
    assert inserted.wait(30)
    two = threading.Thread(target=store, args=(second, "Second"), kwargs={"hold": False})
    two.start()
    one.join(60)
    two.join(60)
    assert errors == []
    assert results["First"] == results["Second"] and Author.objects.count() == 1
    assert Author.objects.get().display_name == "Second"  # the later delivery's name


def test_an_author_is_made_and_looked_up_in_one_place():
    """Only harbour/inbox/models.py builds an author's identity (Author.objects.of_channel and
    for_incoming); code elsewhere asks it, so the key cannot drift apart again (issue 16's defect)."""
    root = Path(harbour.__file__).parent
    home = root / "inbox" / "models.py"
    offenders = []
    for path in root.rglob("*.py"):
        if path == home or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id == "Author":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} Author(...)")
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr in {"create", "get_or_create", "update_or_create", "bulk_create"}
                    and "Author.objects" in ast.unparse(func)
                ):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(func)}")
                for keyword in node.keywords:
                    if keyword.arg and keyword.arg.split("__")[-1] in {"platform_author_id", "author_key"}:
                        offenders.append(f"{path.relative_to(root)}:{node.lineno} {keyword.arg}=")
    assert offenders == []
