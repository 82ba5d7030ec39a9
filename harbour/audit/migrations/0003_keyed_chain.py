"""Key the audit chain (issue 15): events get a version and the id of the key that sealed them.

Events already written keep their plain SHA-256 hashes and become version 1, checked as before: their
hashes are evidence as they stand, and recomputing them would be the very rewrite the chain is there to
show. Instead the old chain's end is sealed here with one keyed event, `audit.chain_keyed`, and from then
on the newest event must be keyed: editing an old event means recomputing every later hash, this keyed
one included, which needs the audit key.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def seal_the_old_chain(apps, schema_editor):
    from harbour.audit.chain import seal
    from harbour.audit.keys import Keyring

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return  # a new installation: its first event will be keyed
    keyring = Keyring(settings.HARBOUR_AUDIT_KEY)
    event = AuditEvent(
        sequence=head.sequence + 1,
        created_at=timezone.now(),
        action="audit.chain_keyed",
        detail={"unkeyed_events": head.sequence, "key_id": keyring.current.id},
    )
    seal(event, head.hash, keyring)
    event.save()
    AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        # Existing rows become version 1; new rows default to 2.
        migrations.AddField("auditevent", "version", models.PositiveSmallIntegerField(default=1)),
        migrations.AlterField("auditevent", "version", models.PositiveSmallIntegerField(default=2)),
        migrations.AddField("auditevent", "key_id", models.CharField(blank=True, default="", max_length=16)),
        migrations.RunPython(seal_the_old_chain, migrations.RunPython.noop),
    ]
