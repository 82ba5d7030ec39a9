from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "harbour.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from harbour.audit import checks  # noqa: F401  registers the system checks
        from harbour.audit.triggers import TRIGGERS

        post_migrate.connect(
            TRIGGERS.reinstall_after_migrate, sender=self, dispatch_uid="harbour.audit.triggers"
        )
