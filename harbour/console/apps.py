from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "harbour.console"
    label = "console"
    verbose_name = "Console"
