from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "harbour.replies"
    label = "replies"
    verbose_name = "Saved replies"
