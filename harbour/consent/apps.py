from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "harbour.consent"
    label = "consent"
    verbose_name = "Consent and media"

    def ready(self):
        from harbour.consent.gate import consent_gate
        from harbour.publishing.gate import add_gate

        add_gate(consent_gate)
