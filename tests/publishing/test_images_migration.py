"""Migrations publishing 0003 and 0004 on the real test database: a post's own image written before the media
library becomes an asset in it (the same stored file, alt text, who is shown, source and licence, its
author and time; nobody tagged), and the post's image now points at it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from harbour.consent.models import MediaAsset
from harbour.publishing.models import PostImage

BEFORE = [("publishing", "0002_append_only_triggers")]
AFTER = [("publishing", "0004_post_images_are_library_assets")]


@pytest.mark.django_db(transaction=True)
def test_a_posts_own_image_becomes_a_library_asset(org, author):
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        OldPost = old.get_model("publishing", "Post")
        OldImage = old.get_model("publishing", "PostImage")
        post = OldPost.objects.create(organisation_id=org.pk, author_id=author.pk, title="Camp", text="Camp!")
        OldImage.objects.create(
            organisation_id=org.pk, post_id=post.pk, file=f"publishing/{org.pk}/abc.png", original_name="camp.png",
            mime_type="image/png", sha256="a" * 64, width=30, height=20, alt_text="Tents at sunset",
            shows="young_people", consent_confirmed=True, source="creative_commons", licence="CC BY 4.0, Sam Lee",
            position=0, added_by_id=author.pk,
        )  # fmt: skip

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        image = PostImage.objects.select_related("asset").get()
        asset = image.asset
        assert image.post_id == post.pk and MediaAsset.objects.get() == asset
        assert asset.organisation_id == org.pk and asset.file.name == f"publishing/{org.pk}/abc.png"
        assert (asset.alt_text, asset.shows, asset.source, asset.licence) == (
            "Tents at sunset", "young_people", "creative_commons", "CC BY 4.0, Sam Lee"
        )  # fmt: skip
        assert (
            asset.sha256 == "a" * 64 and asset.added_by_id == author.pk and asset.title.startswith("camp.png")
        )
        assert not asset.people.exists()  # the author's old tick is not consent: the gate asks for tags
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
