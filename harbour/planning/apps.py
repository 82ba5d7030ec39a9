from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "harbour.planning"
    label = "planning"
    verbose_name = "Planning"
