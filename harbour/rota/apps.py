from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "harbour.rota"
    label = "rota"
    verbose_name = "Rota and sign-off"
