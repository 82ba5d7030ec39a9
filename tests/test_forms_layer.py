"""The one GOV.UK forms layer (harbour/forms.py, harbour/templates/govuk/fields/): each kind of field is drawn
by its partial in GOV.UK Frontend markup, with its hint, its error (with a visually hidden "Error:") and the
aria-describedby that ties them to the input; and no form or template in the product goes round the layer."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.test.html import Element, parse_html

from harbour.forms import DateField, GovukForm, GovukModelForm, kind_of

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "harbour"
CHOICES = [("red", "Red"), ("blue", "Blue")]


class EveryKind(GovukForm):
    widths = {"age": 3}

    name = forms.CharField(
        label="Full name",
        help_text="As colleagues know you.",
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    age = forms.IntegerField(label="Age", help_text="In years.")
    notes = forms.CharField(label="Notes", help_text="Short notes.", max_length=100, widget=forms.Textarea)
    colour = forms.ChoiceField(label="Colour", help_text="Pick one.", choices=[("", "Choose"), *CHOICES])
    size = forms.ChoiceField(
        label="Size", help_text="Pick a size.", choices=CHOICES, widget=forms.RadioSelect
    )
    flavours = forms.MultipleChoiceField(
        label="Flavours", help_text="Pick any.", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", help_text="You must agree.")
    upload = forms.FileField(
        label="Certificate", help_text="A PDF.", widget=forms.FileInput(attrs={"accept": ".pdf"})
    )
    token = forms.CharField(widget=forms.HiddenInput)


# name -> (partial, the GOV.UK class of its own input or None where the partial draws options)
KINDS = {
    "name": ("input", "govuk-input"),
    "email": ("input", "govuk-input"),
    "password": ("input", "govuk-input"),
    "age": ("input", "govuk-input"),
    "notes": ("textarea", "govuk-textarea"),
    "colour": ("select", "govuk-select"),
    "size": ("radios", None),
    "flavours": ("checkboxes", None),
    "agree": ("checkbox", "govuk-checkboxes__input"),
    "upload": ("file", "govuk-file-upload"),
    "token": ("hidden", None),
}


def elements(node):
    if isinstance(node, Element):
        yield node
        for child in node.children:
            yield from elements(child)


def attrs(element) -> dict:
    return {name: value or "" for name, value in element.attributes}


def classes(element) -> list[str]:
    return attrs(element).get("class", "").split()


def by_id(root, id_):
    found = [e for e in elements(root) if attrs(e).get("id") == id_]
    assert len(found) == 1, f"{len(found)} elements with id {id_}"
    return found[0]


def text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join(text(child) for child in node.children)


def group(form, name):
    html = str(form[name].as_field_group())
    root = parse_html(f"<div>{html}</div>")
    return html, root


def test_each_kind_of_field_has_its_partial():
    form = EveryKind()
    for name, (kind, _) in KINDS.items():
        assert kind_of(form.fields[name].widget) == kind, name
        assert form[name].template_name == f"govuk/fields/{kind}.html"
        assert (HARBOUR / "templates" / form[name].template_name).exists()


@pytest.mark.parametrize("name", [n for n, (kind, _) in KINDS.items() if kind != "hidden"])
def test_a_field_in_error_is_drawn_in_govuk_markup_and_described_by_its_hint_and_error(name):
    form = EveryKind(data={})
    assert not form.is_valid() and name in form.errors
    _, root = group(form, name)
    field = form[name]
    kind, css = KINDS[name]

    form_group = next(e for e in elements(root) if "govuk-form-group" in classes(e))
    assert "govuk-form-group--error" in classes(form_group)
    error = by_id(root, f"id_{name}_error")
    assert "govuk-error-message" in classes(error)
    hidden = next(e for e in elements(error) if e.name == "span")
    assert classes(hidden) == ["govuk-visually-hidden"] and text(hidden).strip() == "Error:"
    assert "Error:" in text(error) and form.errors[name][0] in text(error)

    # The error summary links to field.id_for_label: it must be an input on the page.
    target = by_id(root, field.id_for_label)
    assert target.name in ("input", "select", "textarea")

    if kind in ("radios", "checkboxes"):
        fieldset = next(e for e in elements(root) if e.name == "fieldset")
        assert attrs(fieldset)["aria-describedby"] == f"id_{name}_helptext id_{name}_error"
        legend = next(e for e in elements(fieldset) if e.name == "legend")
        assert text(legend).strip() == field.label
        option = "govuk-radios__input" if kind == "radios" else "govuk-checkboxes__input"
        inputs = [e for e in elements(root) if e.name == "input"]
        assert len(inputs) == len(CHOICES) and all(classes(i) == [option] for i in inputs)
        assert attrs(inputs[0])["id"] == field.id_for_label == f"id_{name}_0"
        for i in inputs:
            label = next(
                e for e in elements(root) if e.name == "label" and attrs(e).get("for") == attrs(i)["id"]
            )
            assert "govuk-label" in classes(label)
    else:
        control = by_id(root, f"id_{name}")
        assert css in classes(control)
        if kind != "checkbox":
            assert f"{css}--error" in classes(control)
        assert attrs(control)["aria-invalid"] == "true"
        described = attrs(control)["aria-describedby"].split()
        assert f"id_{name}_error" in described
        label = next(e for e in elements(root) if e.name == "label")
        assert attrs(label)["for"] == f"id_{name}" and "govuk-label" in classes(label)
    if field.help_text:
        hint = by_id(root, f"id_{name}_helptext")
        assert "govuk-hint" in classes(hint) and text(hint).strip() == field.help_text
        if kind not in ("radios", "checkboxes"):
            assert f"id_{name}_helptext" in attrs(by_id(root, f"id_{name}"))["aria-describedby"]


def test_a_field_without_errors_has_no_error_state():
    form = EveryKind()
    for name in KINDS:
        html = str(form[name].as_field_group())
        assert "govuk-form-group--error" not in html and "govuk-error-message" not in html, name
        assert "aria-invalid" not in html and "--error" not in html, name


def test_autocomplete_accept_and_widths_reach_the_input():
    form = EveryKind()
    _, root = group(form, "name")
    assert attrs(by_id(root, "id_name"))["autocomplete"] == "name"
    _, root = group(form, "password")
    password = by_id(root, "id_password")
    assert attrs(password)["type"] == "password" and attrs(password)["autocomplete"] == "current-password"
    _, root = group(form, "age")
    assert classes(by_id(root, "id_age")) == ["govuk-input", "govuk-input--width-3"]
    _, root = group(form, "upload")
    assert attrs(by_id(root, "id_upload"))["accept"] == ".pdf"
    assert str(form["token"].as_field_group()).strip() == '<input type="hidden" name="token" id="id_token">'


def test_a_limited_textarea_gets_the_character_count_and_no_maxlength():
    form = EveryKind(data={"notes": "x" * 101})
    html, root = group(form, "notes")
    wrapper = next(e for e in elements(root) if "govuk-form-group" in classes(e))
    assert "govuk-character-count" in classes(wrapper)
    assert (
        attrs(wrapper)["data-module"] == "govuk-character-count" and attrs(wrapper)["data-maxlength"] == "100"
    )
    textarea = by_id(root, "id_notes")
    assert "maxlength" not in attrs(textarea)  # a browser would cut pasted text silently
    assert "govuk-js-character-count" in classes(textarea)
    assert attrs(textarea)["aria-describedby"] == "id_notes-info id_notes_helptext id_notes_error"
    assert "You can enter up to 100 characters" in text(by_id(root, "id_notes-info"))
    assert "Notes must be 100 characters or fewer" in text(by_id(root, "id_notes_error"))
    assert "x" * 101 in html  # what they typed is kept, to shorten


def test_a_textarea_without_a_limit_and_a_text_box_get_no_count():
    class Free(GovukForm):
        free = forms.CharField(label="Free", required=False, widget=forms.Textarea)
        line = forms.CharField(label="Line", max_length=20, required=False)

    form = Free()
    for name in ("free", "line"):
        assert "govuk-character-count" not in str(form[name].as_field_group())
    assert 'maxlength="20"' in str(form["line"])


def test_a_model_form_is_drawn_by_the_same_partials(db):
    from harbour.accounts.models import Course

    class CourseForm(GovukModelForm):
        class Meta:
            model = Course
            fields = ["name", "kind"]

    form = CourseForm(data={})
    assert form.errors["name"][0] == "This field is required."
    _, root = group(form, "kind")
    assert "govuk-select--error" in classes(by_id(root, "id_kind"))


# The structure: one base for every form, one set of partials for every field.

DJANGO_FORM_BASES = {"Form", "ModelForm", "BaseForm", "BaseModelForm"}


def direct_django_form_classes(source: str) -> list[str]:
    """Classes in `source` whose bases name django's Form, ModelForm, BaseForm or BaseModelForm."""
    tree = ast.parse(source)
    modules, names = set(), set()  # what django.forms and its form classes are called in this module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django":
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "forms"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.forms"):
            names |= {alias.asname or alias.name for alias in node.names if alias.name in DJANGO_FORM_BASES}
        elif isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "django.forms"}
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                dotted = ast.unparse(base)
                prefix, _, name = dotted.rpartition(".")
                if dotted in names or (prefix in modules and name in DJANGO_FORM_BASES):
                    offenders.append(f"{node.name}({dotted})")
    return offenders


def test_the_check_finds_a_form_built_straight_on_django():
    source = "from django import forms\nfrom django.forms import ModelForm as MF\n"
    source += (
        "class A(forms.Form): pass\nclass B(MF): pass\nclass C(GovukForm): pass\nclass D(forms.Field): pass\n"
    )
    assert direct_django_form_classes(source) == ["A(forms.Form)", "B(MF)"]


def test_every_form_in_harbour_is_built_on_the_layer():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in HARBOUR.rglob("*.py")
        if path != HARBOUR / "forms.py" and (found := direct_django_form_classes(path.read_text()))
    }
    assert not offenders, f"subclass harbour.forms.GovukForm or GovukModelForm instead: {offenders}"


def test_forms_leave_govuk_classes_and_field_templates_to_the_layer():
    for path in HARBOUR.rglob("forms.py"):
        if path == HARBOUR / "forms.py":
            continue
        source = path.read_text()
        assert "govuk-" not in source, f"{path}: the layer adds GOV.UK classes (use `widths` for a width)"
        assert "template_name" not in source, f"{path}: the layer picks each field's partial"


# Field markup that only the partials in harbour/templates/govuk/ may write.
FIELD_MARKUP = re.compile(
    r"govuk-(input|textarea|select|radios|checkboxes|file-upload|date-input|character-count|password-input"
    r"|error-message|label|fieldset)\b|<(input|select|textarea)\b(?![^>]*type=\"hidden\")"
)
ALLOWED = {
    # The organisation switcher in the header: one select posted to a view, no Django form behind it.
    "harbour/templates/base.html": {"govuk-select", "<select"},
    # The inbox list's checkbox on each row (and "select all"), posted with the bulk bar to
    # moderation:bulk: one box a table row, which no field partial lays out.
    "harbour/inbox/templates/inbox/_items.html": {"<input", "govuk-checkboxes", "govuk-label"},
    # Django's own widget templates, overridden for dir="auto" (docs/architecture.md): the inputs that
    # the partials place.
    "harbour/templates/django/forms/widgets/input.html": {"<input"},
    "harbour/templates/django/forms/widgets/textarea.html": {"<textarea"},
}


def test_no_template_outside_the_partials_writes_field_markup():
    found = {}
    for path in HARBOUR.rglob("*.html"):
        name = str(path.relative_to(ROOT))
        if name.startswith("harbour/templates/govuk/"):
            continue
        hits = {match.group(0) for match in FIELD_MARKUP.finditer(path.read_text())} - ALLOWED.get(
            name, set()
        )
        if hits:
            found[name] = sorted(hits)
    assert not found, f"render fields with {{{{ form.field.as_field_group }}}}: {found}"


def test_the_template_check_finds_hand_written_markup():
    assert FIELD_MARKUP.search('<input class="govuk-radios__input" type="radio">')
    assert FIELD_MARKUP.search('<label class="govuk-label" for="x">')
    assert not FIELD_MARKUP.search('<input type="hidden" name="next" value="/">')


def test_the_inbox_filter_drops_an_unknown_value_rather_than_show_an_error(org):
    from django.http import QueryDict

    from harbour.inbox.forms import InboxFilterForm
    from harbour.inbox.models import Item

    form = InboxFilterForm(QueryDict("channel=999&severity=9&category=nonsense"), organisation=org)
    form.filter(Item.objects.none())
    html = "".join(str(field.as_field_group()) for field in form)
    assert "govuk-error-message" not in html and "aria-invalid" not in html
    assert 'id="filter-channel"' in html and "govuk-label--s" in html
    assert not any(form.cleaned_data.values())  # each box shows "All": what the list is filtered by


class When(GovukForm):
    when = DateField(label="Date completed", help_text="For example, 27 3 2026.")


def test_a_date_is_typed_in_govuk_date_input_boxes():
    form = When(data={"when-day": "27", "when-month": "3", "when-year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime.date(2026, 3, 27)
    assert form["when"].template_name == "govuk/fields/date.html"
    _, root = group(When(initial={"when": datetime.date(2026, 3, 27)}), "when")
    boxes = [e for e in elements(root) if e.name == "input"]
    assert [(attrs(b)["name"], attrs(b)["value"]) for b in boxes] == [
        ("when-day", "27"),
        ("when-month", "3"),
        ("when-year", "2026"),
    ]
    assert [classes(b)[-1] for b in boxes] == [
        "govuk-input--width-2",
        "govuk-input--width-2",
        "govuk-input--width-4",
    ]
    assert "govuk-date-input" in classes(by_id(root, "id_when"))


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date"),
        ("27", "", "2026", "The date must include a month"),
        ("31", "2", "2026", "The date must be a real date"),
        ("27", "3", "26", "The date must be a real date"),
        ("x", "3", "2026", "The date must be a real date"),
    ],
)
def test_a_date_in_error_is_drawn_in_govuk_markup_and_described_by_its_hint_and_error(
    day, month, year, message
):
    form = When(data={"when-day": day, "when-month": month, "when-year": year})
    assert form.errors["when"] == [message]
    _, root = group(form, "when")
    assert "govuk-form-group--error" in classes(
        next(e for e in elements(root) if "govuk-form-group" in classes(e))
    )
    fieldset = next(e for e in elements(root) if e.name == "fieldset")
    assert attrs(fieldset)["role"] == "group"
    assert attrs(fieldset)["aria-describedby"] == "id_when_helptext id_when_error"
    assert "Error:" in text(by_id(root, "id_when_error")) and message in text(by_id(root, "id_when_error"))
    day_box = by_id(root, form["when"].id_for_label)
    assert attrs(day_box)["name"] == "when-day" and "govuk-input--error" in classes(day_box)
    for part in ("day", "month", "year"):
        label = next(e for e in elements(root) if e.name == "label" and attrs(e)["for"] == f"id_when-{part}")
        assert "govuk-date-input__label" in classes(label)
