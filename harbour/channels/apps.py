from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "harbour.channels"
    label = "channels"
    verbose_name = "Channels"

    def ready(self):
        from harbour.channels import checks  # noqa: F401  registers the system checks
