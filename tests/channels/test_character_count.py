"""The shared field partial (govuk/field.html) draws GOV.UK's character count for any textarea
whose field has a max_length, and the server refuses text over the limit."""

import re

from django import forms


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        max_length=50,
        help_text="Short notes.",
        widget=forms.Textarea(attrs={"class": "govuk-textarea"}),
    )
    free = forms.CharField(label="Free text", required=False, widget=forms.Textarea)
    line = forms.CharField(label="One line", max_length=20, required=False)


def test_a_limited_textarea_gets_the_character_count_markup():
    html = str(NotesForm()["notes"].as_field_group())
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="50"' in html
    assert 'class="govuk-form-group govuk-character-count"' in html
    assert 'id="id_notes-info"' in html and "You can enter up to 50 characters" in html
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert "govuk-textarea govuk-js-character-count" in textarea
    assert 'aria-describedby="id_notes-info id_notes_helptext"' in textarea
    # no maxlength: a browser would cut pasted text silently instead of showing the count
    assert "maxlength" not in textarea


def test_unlimited_textareas_and_text_inputs_get_no_count():
    form = NotesForm()
    for name in ("free", "line"):
        html = str(form[name].as_field_group())
        assert "govuk-character-count" not in html
    assert 'maxlength="20"' in str(form["line"])


def test_over_long_text_is_refused_and_the_error_is_described_by_the_field():
    form = NotesForm(data={"notes": "x" * 51})
    assert not form.is_valid()
    html = str(form["notes"].as_field_group())
    assert "govuk-form-group--error" in html
    assert 'id="id_notes_error"' in html
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-describedby="id_notes-info id_notes_helptext id_notes_error"' in textarea
    assert "x" * 51 in html  # what they typed is kept, to shorten
