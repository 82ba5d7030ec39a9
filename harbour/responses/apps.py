from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "harbour.responses"
    label = "responses"
    verbose_name = "Response times"
