"""Issue 21: a post's images come from the media library. Each existing PostImage becomes a MediaAsset
(the same stored file, alt text, who is shown, source and licence; nobody tagged, so the consent gate asks
for the people in an image of young people to be tagged), and the author's tick that consent was held
goes: the consent register's gate replaces it (0004, with PostPerson: the people a post's words name or quote).

The data is moved here and the old columns go in 0004: on PostgreSQL a table cannot be altered in the
transaction that wrote rows it still has deferred constraint checks for, so the two are separate."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def images_into_the_library(apps, schema_editor):
    PostImage = apps.get_model("publishing", "PostImage")
    MediaAsset = apps.get_model("consent", "MediaAsset")
    for image in PostImage.objects.order_by("pk"):
        name = image.original_name or f"Image {image.pk}"
        asset = MediaAsset.objects.create(
            organisation_id=image.organisation_id,
            kind="image",
            title=f"{name} (post #{image.post_id})"[:120],
            file=image.file.name,
            original_name=image.original_name,
            mime_type=image.mime_type,
            sha256=image.sha256,
            width=image.width,
            height=image.height,
            alt_text=image.alt_text,
            shows=image.shows,
            source=image.source,
            licence=image.licence,
            added_by_id=image.added_by_id,
            added_at=image.added_at,
        )
        image.asset_id = asset.pk
        image.save(update_fields=["asset"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_reading_age_target"),
        ("consent", "0001_initial"),
        ("publishing", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="postimage",
            name="asset",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="post_images",
                to="consent.mediaasset",
            ),
        ),
        migrations.RunPython(images_into_the_library, migrations.RunPython.noop),
    ]
