from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "harbour.console"
    label = "console"
    verbose_name = "Console"

    def ready(self):
        from harbour.console import checks  # noqa: F401  (registers the deployment checks)
