from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "harbour.consultation"
    label = "consultation"
    verbose_name = "Consultations"
