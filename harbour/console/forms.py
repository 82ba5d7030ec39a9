from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class GovukBoundField(BoundField):
    """A bound field that knows when it needs GOV.UK's character count.

    A textarea whose field has a max_length gets the count (govuk/field.html draws it). The
    maxlength attribute is left off such a textarea: a browser silently cuts pasted text at the
    limit, and GOV.UK asks that the person sees they are over it and the server refuses it."""

    @property
    def character_count(self) -> int | None:
        if isinstance(self.field.widget, forms.Textarea) and getattr(self.field, "max_length", None):
            return int(self.field.max_length)
        return None

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.character_count and (widget is None or widget is self.field.widget):
            attrs["maxlength"] = False  # False leaves the attribute out of the rendered tag
            css = attrs.get("class", self.field.widget.attrs.get("class", ""))
            attrs["class"] = f"{css} govuk-js-character-count".strip()
            described = [f"{self.auto_id}-info"]
            if self.help_text:
                described.append(f"{self.auto_id}_helptext")
            if self.errors:
                described.append(f"{self.auto_id}_error")
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    """Renders every form field through one GOV.UK field template (label, hint, error, input).

    TemplatesSetting, so that the project's template folders (harbour/templates) are searched too."""

    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField
