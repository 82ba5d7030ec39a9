from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ModerationConfig(AppConfig):
    name = "harbour.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from harbour.moderation.triggers import TRIGGERS

        post_migrate.connect(
            TRIGGERS.reinstall_after_migrate, sender=self, dispatch_uid="harbour.moderation.triggers"
        )
