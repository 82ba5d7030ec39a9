"""Migration 0005 makes one Author row per (organisation, channel platform, author id) from the items
and grooming states stored before it, and points them there, on the real test database."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.cast import active_channel

BEFORE = [("inbox", "0004_author_key_from_channel_platform")]
AFTER = [("inbox", "0005_author")]


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_one_author_per_person_and_links_items_and_states(org, other_org):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldItem, OldState = old.get_model("inbox", "Item"), old.get_model("inbox", "AuthorState")
    imports, imports_too, bluesky = (
        active_channel(org, "file_import"),
        active_channel(org, "file_import"),
        active_channel(org, "bluesky"),
    )
    theirs = active_channel(other_org, "file_import")

    def item(channel, pid, author, handle, name, stored):
        return OldItem.objects.create(
            organisation_id=channel.organisation_id,
            channel_id=channel.pk,
            platform_id=pid,
            kind="reply",
            text=pid,
            author_id=author,
            author_handle=handle,
            author_display_name=name,
            received_at=stored,
            created_at=stored,
        )

    # One person on two import channels: one Author, named as their latest item has it.
    first = item(imports, "1", "jo", "jo_old", "Jo", at(1))
    latest = item(imports_too, "2", "jo", "jo_new", "", at(3))
    middle = item(imports, "3", "jo", "jo_mid", "Jo B", at(2))
    # The same id on another platform and in another organisation: other people.
    on_bluesky = item(bluesky, "4", "jo", "jo.bsky.social", "Jo Bsky", at(2))
    elsewhere = item(theirs, "5", "jo", "jo_theirs", "Jo T", at(4))
    state = OldState.objects.create(organisation_id=org.pk, author_key="file_import:jo", state={"n": 3})
    # A state whose author has no stored item still gets its Author.
    alone = OldState.objects.create(
        organisation_id=org.pk, author_key="bluesky:did:plc:a:b", state={"n": 1}, updated_at=at(5)
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    # The models as they were at 0005: later migrations add item fields that are not in the table yet.
    new = executor.loader.project_state(AFTER).apps
    Author, Item, AuthorState = (new.get_model("inbox", name) for name in ("Author", "Item", "AuthorState"))

    jo = Author.objects.get(organisation_id=org.pk, platform="file_import", platform_author_id="jo")
    assert (jo.handle, jo.display_name, jo.first_seen, jo.last_seen) == ("jo_new", "Jo B", at(1), at(3))
    assert {i.author_id for i in Item.objects.filter(pk__in=[first.pk, latest.pk, middle.pk])} == {jo.pk}
    assert Item.objects.get(pk=on_bluesky.pk).author.platform == "bluesky"
    assert Item.objects.get(pk=on_bluesky.pk).author.display_name == "Jo Bsky"
    assert Item.objects.get(pk=elsewhere.pk).author.organisation_id == other_org.pk
    assert AuthorState.objects.get(pk=state.pk).author == jo
    lone = AuthorState.objects.get(pk=alone.pk).author
    assert (lone.platform, lone.platform_author_id, lone.first_seen) == ("bluesky", "did:plc:a:b", at(5))
    assert Author.objects.count() == 4

    # And back: the items and states carry their author's id, handle and key again.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldItem, OldState = old.get_model("inbox", "Item"), old.get_model("inbox", "AuthorState")
    assert OldItem.objects.filter(author_id="jo", author_handle="jo_new").count() == 3
    assert OldState.objects.get(pk=state.pk).author_key == "file_import:jo"
    assert OldState.objects.get(pk=alone.pk).organisation_id == org.pk

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
