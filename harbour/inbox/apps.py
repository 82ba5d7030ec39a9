from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "harbour.inbox"
    label = "inbox"
    verbose_name = "Inbox"
