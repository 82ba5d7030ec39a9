"""The inbox's category filter reads ItemCategory rows (indexed), written with each item, not the
verdict's JSON text; existing items are back-filled by the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from harbour.connectors.base import Batch
from harbour.inbox import ingest
from harbour.inbox.forms import InboxFilterForm
from harbour.inbox.models import Item, ItemCategory, categories_of
from tests.cast import active_channel, finding, make_item
from tests.inbox.inbox_sources import make_item as incoming

pytestmark = pytest.mark.django_db

FLAGGED = [
    "you are a stupid ugly loser and everyone hates you",
    "send me a pic, don't tell your mum, delete this",
]


def stored_categories(item) -> list[str]:
    return sorted(ItemCategory.objects.filter(item=item).values_list("category", flat=True))


def test_categories_of_reads_each_category_once_and_skips_nonsense():
    verdict = {
        "findings": [
            finding("bullying"),
            finding("sexual"),
            finding("bullying"),
            {"category": 7},
            "x",
            {"category": ""},
            {"category": "x" * 41},
        ]
    }
    assert categories_of(verdict) == ["bullying", "sexual"]
    assert categories_of({"findings": "nope"}) == categories_of(None) == []


def test_items_ingested_in_bulk_get_their_categories(org):
    channel = active_channel(org, "test_scripted")
    ingest.position_for(channel)
    items = [incoming(1, text=FLAGGED[0]), incoming(2, text=FLAGGED[1]), incoming(3)]
    assert ingest.store_pushed(channel, Batch(items, next_cursor=None)) == 3
    stored = list(Item.objects.filter(channel=channel))
    assert any(categories_of(item.verdict) for item in stored)  # the screening found something to file
    for item in stored:
        assert stored_categories(item) == sorted(categories_of(item.verdict))
        assert set(ItemCategory.objects.filter(item=item).values_list("organisation", flat=True)) <= {org.pk}


def test_an_item_saved_directly_gets_its_categories_and_a_changed_verdict_replaces_them(org):
    item = make_item(active_channel(org), findings=[finding("bullying"), finding("hate")])
    assert stored_categories(item) == ["bullying", "hate"]
    item.verdict = {"findings": [finding("spam")]}
    item.save()
    assert stored_categories(item) == ["spam"]
    item.status = "done"
    item.save(update_fields=["status"])
    assert stored_categories(item) == ["spam"]


def test_the_filter_uses_the_category_table_within_the_organisation(org, other_org):
    ours = make_item(active_channel(org), findings=[finding("sexual")])
    make_item(active_channel(org), findings=[finding("bullying")])
    make_item(active_channel(other_org), findings=[finding("sexual")])
    form = InboxFilterForm({"category": "sexual"}, organisation=org)
    items = form.filter(Item.objects.for_org(org))
    assert list(items) == [ours]
    sql = str(items.query)
    assert "inbox_itemcategory" in sql and "verdict" not in sql.split("WHERE", 1)[1]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_inbox_order_and_the_category_filter_are_served_by_indexes(org):
    with connection.cursor() as cursor:
        items = connection.introspection.get_constraints(cursor, "inbox_item")
        categories = connection.introspection.get_constraints(cursor, "inbox_itemcategory")
    assert items["inbox_item_riskiest_first"]["columns"] == [
        "organisation_id",
        "severity",
        "received_at",
        "id",
    ]
    assert categories["inbox_category_lookup"]["columns"] == ["organisation_id", "category", "item_id"]
    if connection.vendor == "sqlite":  # and SQLite's planner picks them (PostgreSQL's depends on table sizes)
        make_item(active_channel(org), findings=[finding("sexual")])
        listing = Item.objects.for_org(org).order_by("-severity", "received_at", "pk")
        assert "inbox_item_riskiest_first" in plan(listing) and "TEMP B-TREE" not in plan(listing)
        flagged = ItemCategory.objects.for_org(org).filter(category="sexual").values("item_id")
        assert "inbox_category_lookup" in plan(flagged)


def test_a_text_search_on_postgresql_can_use_the_trigram_index(org):
    """The index's expression is the one Django writes for the search's icontains; were they to differ, no
    plan could use it. (Which plan PostgreSQL picks depends on table sizes: bench/inbox.py measures that.)"""
    make_item(active_channel(org), text="Can anyone help with my homework")
    search = InboxFilterForm({"q": "homework"}, organisation=org).filter(Item.objects.for_org(org))
    make_item(active_channel(org), text="Anyone going to the youth club tonight")
    assert [item.text for item in search] == ["Can anyone help with my homework"]
    if connection.vendor != "postgresql":
        return  # the index is PostgreSQL's: SQLite scans, fast enough at its sizes (bench/inbox.py)
    sql, params = Item.objects.filter(text__icontains="homework").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a big table
        cursor.execute(f"EXPLAIN {sql}", params)
        explained = " ".join(row[0] for row in cursor.fetchall())
    assert "inbox_item_text_trgm" in explained, explained


@pytest.mark.django_db(transaction=True)
def test_the_migration_back_fills_items_stored_before_it(org):
    executor = MigrationExecutor(connection)
    executor.migrate([("inbox", "0001_initial")])
    old = executor.loader.project_state([("inbox", "0001_initial")]).apps
    channel = active_channel(org)
    OldItem = old.get_model("inbox", "Item")
    common = {
        "organisation_id": org.pk,
        "channel_id": channel.pk,
        "kind": "reply",
        "author_id": "a",
        "received_at": "2026-11-25T10:00:00Z",
    }
    flagged = OldItem.objects.create(
        platform_id="1", text="x", verdict={"findings": [finding("hate"), finding("spam")]}, **common
    )
    plain = OldItem.objects.create(platform_id="2", text="y", verdict={}, **common)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert stored_categories(Item.objects.get(pk=flagged.pk)) == ["hate", "spam"]
    assert stored_categories(Item.objects.get(pk=plain.pk)) == []
