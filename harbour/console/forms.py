from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    """Renders every form field through one GOV.UK field template (label, hint, error, input)."""

    field_template_name = "govuk/field.html"
