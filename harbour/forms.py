"""The one GOV.UK forms layer. Every form in Harbour subclasses GovukForm or GovukModelForm; every field is
drawn by one partial per kind of field in harbour/templates/govuk/fields/, chosen by the widget
(kind_of below), through the bound field that settings.FORM_RENDERER gives every form. DateField is
GOV.UK's date input (day, month and year boxes), for a date a person knows.

A form says only what is particular to it: labels, hints, error_messages (in the words the person needs),
`widths` for short text boxes and `label_size` for smaller labels. The layer adds the GOV.UK classes,
error states, aria-describedby, the character count and the id the error summary links to, so a page
template only lays fields out with `{{ form.field.as_field_group }}`.
"""

import datetime

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

PARTIALS = "govuk/fields"

# The GOV.UK class of each kind's own input, and whether it has an --error state. Radios and checkboxes
# are drawn option by option in their partials, and a hidden input needs none.
INPUT_CLASSES = {
    "input": ("govuk-input", True),
    "textarea": ("govuk-textarea", True),
    "select": ("govuk-select", True),
    "file": ("govuk-file-upload", True),
    "checkbox": ("govuk-checkboxes__input", False),
}


def limit(model, name: str) -> int:
    """A field's max_length from the model, so a form, the services and the database agree."""
    return model._meta.get_field(name).max_length


def kind_of(widget: forms.Widget) -> str:
    """The partial (govuk/fields/<kind>.html) that draws a field with this widget."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, DateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect, which Django derives it from
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"  # text, email, password, number, url, tel, search


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, posted as <name>-day, <name>-month, <name>-year."""

    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts], attrs)
        self.widgets_names = [f"-{part}" for part, _, _ in self.parts]

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_  # the error summary links to the first box


class DateField(forms.Field):
    """A date typed in GOV.UK's date input, refused in the Design System's words: a missing part is
    named, and 31 February or a two-digit year is not a real date."""

    widget = DateInput
    default_error_messages = {
        "required": "Enter the date",
        "incomplete": "The date must include a %(part)s",
        "invalid": "The date must be a real date",
    }

    def to_python(self, value):
        if isinstance(value, datetime.date) or value is None:
            return value
        parts = [str(part if part is not None else "").strip() for part in value]
        if not any(parts):
            return None
        for (name, _, _), part in zip(DateInput.parts, parts, strict=True):
            if not part:
                raise forms.ValidationError(
                    self.error_messages["incomplete"], code="incomplete", params={"part": name}
                )
        day, month, year = parts
        try:
            if len(year) != 4:
                raise ValueError(year)
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class GovukBoundField(BoundField):
    """Chooses the field's partial and adds the GOV.UK classes and ARIA attributes to its widget.

    A textarea whose field has a max_length gets the character count. Its maxlength attribute is left
    off: a browser silently cuts pasted text at the limit, and GOV.UK asks that the person sees they are
    over it and the server refuses it."""

    @property
    def kind(self) -> str:
        return kind_of(self.field.widget)

    @property
    def template_name(self) -> str:
        return f"{PARTIALS}/{self.kind}.html"

    @property
    def id_for_label(self) -> str:
        # Radios and checkboxes: the first option, so the error summary's link lands on an input.
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return widget.id_for_label(id_, "0")
        return widget.id_for_label(id_)

    @property
    def character_count(self) -> int | None:
        if self.kind == "textarea" and getattr(self.field, "max_length", None):
            return int(self.field.max_length)
        return None

    @property
    def count_type(self) -> str:
        """GOV.UK's countType where the field says how its limit is counted ("characters": graphemes)."""
        return getattr(self.field, "count_type", "") if self.character_count else ""

    @property
    def date_parts(self) -> list[dict]:
        """A DateInput's boxes (name, id, label, width, value), for govuk/fields/date.html."""
        widget = self.field.widget
        values = self.value()
        if not isinstance(values, (list, tuple)):
            values = widget.decompress(values)
        return [
            {
                "name": f"{self.html_name}-{part}",
                "id": f"{self.auto_id}-{part}",
                "label": label,
                "width": width,
                "value": "" if value is None else value,
            }
            for (part, label, width), value in zip(widget.parts, values, strict=True)
        ]

    @property
    def label_class(self) -> str:
        size = getattr(self.form, "label_size", "")
        return f"govuk-label--{size}" if size else ""

    @property
    def described_by(self) -> str:
        """The ids of the hint and error (for a fieldset's aria-describedby)."""
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if widget is not None and widget is not self.field.widget:
            return attrs
        css, has_error_state = INPUT_CLASSES.get(self.kind, ("", False))
        if css:
            classes = [css]
            width = getattr(self.form, "widths", {}).get(self.name)
            if width and self.kind == "input":
                classes.append(f"{css}--width-{width}")
            if self.character_count:
                classes.append("govuk-js-character-count")
            if self.errors and has_error_state:
                classes.append(f"{css}--error")
            if extra := attrs.get("class", self.field.widget.attrs.get("class", "")):
                classes.append(extra)
            attrs["class"] = " ".join(classes)
        if self.character_count:
            attrs["maxlength"] = False  # False leaves the attribute out of the rendered tag
            attrs["aria-describedby"] = " ".join(filter(None, [f"{self.auto_id}-info", self.described_by]))
        return attrs


class GovukFormRenderer(TemplatesSetting):
    """settings.FORM_RENDERER: every form's fields are GovukBoundFields. TemplatesSetting, so that the
    project's template folders (harbour/templates) are searched too."""

    bound_field_class = GovukBoundField
    field_template_name = f"{PARTIALS}/input.html"


class GovukFields:
    """What GovukForm and GovukModelForm add to Django's: GOV.UK's wording for text over a limit."""

    widths: dict[str, int] = {}  # field name -> GOV.UK input width (2, 3, 4, 5, 10, 20, 30)
    label_size = ""  # "s", "m", "l" or "xl": GOV.UK's label size for every label, e.g. in a compact filter

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_limits()

    def describe_limits(self):
        """GOV.UK's wording for text over a field's limit, in place of Django's "Ensure this value has
        at most ...", for fields that do not say their own."""
        for name, field in self.fields.items():
            if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
                label = str(field.label or name.replace("_", " ").capitalize()).replace("%", "%%")
                field.error_messages["max_length"] = (
                    f"{label} must be {field.max_length:,} characters or fewer"
                )


class GovukForm(GovukFields, forms.Form):
    pass


class GovukModelForm(GovukFields, forms.ModelForm):
    pass
