from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "harbour.privacy"
    label = "privacy"
    verbose_name = "Data protection"
