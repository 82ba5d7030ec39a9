"""One Author row per (organisation, channel platform, platform author id), that items and the
grooming state point to. Items carried the author's id, handle and display name themselves, and the
state was found by a key string ("<platform>:<author id>"); both move to Author rows made from the
stored data: an author's handle and display name are those of their latest item, first and last seen
when Harbour stored their first and latest item. A state whose key names no stored item's author still
gets its Author (seen when the state was last updated)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max, Min

BATCH = 1000


def forwards(apps, schema_editor):
    Author = apps.get_model("inbox", "Author")
    AuthorState = apps.get_model("inbox", "AuthorState")
    Item = apps.get_model("inbox", "Item")

    # (organisation, platform, author id) -> Author fields; the channel's platform, as the key had it.
    found: dict[tuple[int, str, str], dict] = {}
    seen = (
        Item.objects.values("organisation_id", "channel__platform", "old_author_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
        .order_by()
    )
    for row in seen.iterator(BATCH):
        key = (row["organisation_id"], row["channel__platform"], row["old_author_id"])
        found[key] = {"first_seen": row["first"], "last_seen": row["last"], "handle": "", "display_name": ""}
    # The latest item's handle and name (items in stored order: the last one read wins).
    names = Item.objects.order_by("created_at", "pk").values_list(
        "organisation_id", "channel__platform", "old_author_id", "author_handle", "author_display_name"
    )
    for organisation_id, platform, author_id, handle, name in names.iterator(BATCH):
        author = found[(organisation_id, platform, author_id)]
        author["handle"] = handle or author["handle"]
        author["display_name"] = name or author["display_name"]
    states = list(AuthorState.objects.values_list("pk", "organisation_id", "author_key", "updated_at"))
    for _, organisation_id, author_key, updated_at in states:
        platform, _, author_id = author_key.partition(":")
        found.setdefault(
            (organisation_id, platform, author_id),
            {"first_seen": updated_at, "last_seen": updated_at, "handle": "", "display_name": ""},
        )

    keys = sorted(found)
    for start in range(0, len(keys), BATCH):
        Author.objects.bulk_create(
            Author(organisation_id=o, platform=p, platform_author_id=a, **found[(o, p, a)])
            for o, p, a in keys[start : start + BATCH]
        )
    pks = {
        (o, p, a): pk
        for pk, o, p, a in Author.objects.values_list("pk", "organisation_id", "platform", "platform_author_id")
    }
    items = Item.objects.order_by("pk").values_list("pk", "organisation_id", "channel__platform", "old_author_id")
    linked = []
    for pk, organisation_id, platform, author_id in items.iterator(BATCH):
        linked.append(Item(pk=pk, author_id=pks[(organisation_id, platform, author_id)]))
        if len(linked) >= BATCH:
            Item.objects.bulk_update(linked, ["author"])
            linked = []
    Item.objects.bulk_update(linked, ["author"])
    for pk, organisation_id, author_key, _ in states:
        platform, _, author_id = author_key.partition(":")
        AuthorState.objects.filter(pk=pk).update(author_id=pks[(organisation_id, platform, author_id)])
    if schema_editor.connection.vendor == "postgresql":
        # The columns are made NOT NULL next, in this transaction: PostgreSQL refuses to alter a table
        # with foreign key checks still pending from the updates above.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def backwards(apps, schema_editor):
    AuthorState = apps.get_model("inbox", "AuthorState")
    Item = apps.get_model("inbox", "Item")
    items = Item.objects.order_by("pk").select_related("author")
    copied = []
    for item in items.iterator(BATCH):
        item.old_author_id = item.author.platform_author_id
        item.author_handle, item.author_display_name = item.author.handle, item.author.display_name
        copied.append(item)
        if len(copied) >= BATCH:
            Item.objects.bulk_update(copied, ["old_author_id", "author_handle", "author_display_name"])
            copied = []
    Item.objects.bulk_update(copied, ["old_author_id", "author_handle", "author_display_name"])
    for state in AuthorState.objects.select_related("author"):
        state.organisation_id = state.author.organisation_id
        state.author_key = f"{state.author.platform}:{state.author.platform_author_id}"
        state.save(update_fields=["organisation", "author_key"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_rate_limits_and_sessions"),
        ("inbox", "0004_author_key_from_channel_platform"),
    ]

    operations = [
        migrations.CreateModel(
            name="Author",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("platform", models.CharField(max_length=20)),
                ("platform_author_id", models.CharField(max_length=500)),
                ("handle", models.CharField(blank=True, max_length=500)),
                ("display_name", models.CharField(blank=True, max_length=500)),
                ("first_seen", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_seen", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.organisation"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "platform", "platform_author_id"), name="one_author_per_platform_id"
                    )
                ],
            },
        ),
        # The new foreign key's column is "author_id": the old text column moves out of its way first.
        migrations.RenameField(model_name="item", old_name="author_id", new_name="old_author_id"),
        migrations.AddField(
            model_name="item",
            name="author",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.RESTRICT, related_name="items", to="inbox.author"
            ),
        ),
        migrations.AddField(
            model_name="authorstate",
            name="author",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screening_state",
                to="inbox.author",
            ),
        ),
        # The old columns take a default or NULL for the way back, where they are added again empty and
        # filled from the Author rows (backwards) before they are made required again.
        migrations.AlterField(model_name="item", name="old_author_id", field=models.CharField(default="", max_length=500)),
        migrations.AlterField(
            model_name="authorstate", name="author_key", field=models.CharField(default="", max_length=600)
        ),
        migrations.AlterField(
            model_name="authorstate",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="item",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT, related_name="items", to="inbox.author"
            ),
        ),
        migrations.AlterField(
            model_name="authorstate",
            name="author",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="screening_state", to="inbox.author"
            ),
        ),
        migrations.RemoveField(model_name="item", name="old_author_id"),
        migrations.RemoveField(model_name="item", name="author_handle"),
        migrations.RemoveField(model_name="item", name="author_display_name"),
        migrations.RemoveConstraint(model_name="authorstate", name="one_state_per_author"),
        migrations.RemoveField(model_name="authorstate", name="author_key"),
        migrations.RemoveField(model_name="authorstate", name="organisation"),
    ]
