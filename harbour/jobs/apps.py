from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "harbour.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
