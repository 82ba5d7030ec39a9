from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "harbour.moderation"
    label = "moderation"
    verbose_name = "Moderation"
