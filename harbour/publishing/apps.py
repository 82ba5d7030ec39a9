from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "harbour.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from harbour.publishing.triggers import TRIGGERS

        post_migrate.connect(
            TRIGGERS.reinstall_after_migrate, sender=self, dispatch_uid="harbour.publishing.triggers"
        )
