from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form field through one GOV.UK field template (label, hint, error, input).

    TemplatesSetting, so that the project's template folders (harbour/templates) are searched too."""

    field_template_name = "govuk/field.html"
