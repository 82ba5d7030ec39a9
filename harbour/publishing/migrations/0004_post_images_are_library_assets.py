"""Issue 21, after 0003 moved each post's image into the media library: the image's own columns and the
author's consent tick go, a post's image is its asset (required, once per post), and PostPerson records the
people a post's words name or quote."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_reading_age_target"),
        ("consent", "0001_initial"),
        ("publishing", "0003_images_from_the_media_library"),
    ]

    operations = [
        migrations.RemoveField(model_name="postimage", name="file"),
        migrations.RemoveField(model_name="postimage", name="original_name"),
        migrations.RemoveField(model_name="postimage", name="mime_type"),
        migrations.RemoveField(model_name="postimage", name="sha256"),
        migrations.RemoveField(model_name="postimage", name="width"),
        migrations.RemoveField(model_name="postimage", name="height"),
        migrations.RemoveField(model_name="postimage", name="alt_text"),
        migrations.RemoveField(model_name="postimage", name="shows"),
        migrations.RemoveField(model_name="postimage", name="consent_confirmed"),
        migrations.RemoveField(model_name="postimage", name="source"),
        migrations.RemoveField(model_name="postimage", name="licence"),
        migrations.AlterField(
            model_name="postimage",
            name="asset",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="post_images",
                to="consent.mediaasset",
            ),
        ),
        migrations.AddConstraint(
            model_name="postimage",
            constraint=models.UniqueConstraint(fields=("post", "asset"), name="publishing_image_once"),
        ),
        migrations.CreateModel(
            name="PostPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("use", models.CharField(max_length=12)),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "added_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.membership"
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation"
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="post_tags", to="consent.person"
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="people", to="publishing.post"
                    ),
                ),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.AddConstraint(
            model_name="postperson",
            constraint=models.UniqueConstraint(fields=("post", "person", "use"), name="publishing_person_once"),
        ),
    ]
