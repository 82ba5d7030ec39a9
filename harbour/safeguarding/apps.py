from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "harbour.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding concerns"
