"""Author keys are built from the channel's platform (AuthorState.key_for). Ingest used to build them
from the item's own platform name, which differs only for file imports: their items say "import" on a
"file_import" channel. Those states move to the channel's form, so the grooming tracker keeps what it
knows about each imported author and the item page finds it."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

OLD, NEW = "import:", "file_import:"  # written out, as a migration must not change with the code
BATCH = 1000


def _move(apps, source: str, target: str) -> None:
    AuthorState = apps.get_model("inbox", "AuthorState")
    moving = AuthorState.objects.filter(author_key__startswith=source)
    # An author with a state under both keys (not written by ingest, so rare): the one updated last is
    # the running state and the other goes, so that one (organisation, key) still holds one state.
    already = {
        (organisation_id, key[len(target) :]): (pk, updated_at)
        for pk, organisation_id, key, updated_at in AuthorState.objects.filter(
            author_key__startswith=target
        ).values_list("pk", "organisation_id", "author_key", "updated_at")
    }
    if already:
        older = []
        for pk, organisation_id, key, updated_at in moving.values_list(
            "pk", "organisation_id", "author_key", "updated_at"
        ):
            clash = already.get((organisation_id, key[len(source) :]))
            if clash:
                older.append(pk if clash[1] > updated_at else clash[0])
        for start in range(0, len(older), BATCH):
            AuthorState.objects.filter(pk__in=older[start : start + BATCH]).delete()
    moving.update(author_key=Concat(Value(target), Substr("author_key", len(source) + 1)))


def forwards(apps, schema_editor):
    _move(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _move(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_ingest_alert_state"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
