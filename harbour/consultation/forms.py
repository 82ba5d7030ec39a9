"""The builder's forms: a new consultation, its details, and a question. They check what was typed; the
services (services.py) make every change and every rule about the consultation's state."""

import datetime

from django import forms
from django.utils import timezone

from harbour.consultation import complaints, feedback
from harbour.consultation.models import (
    BoardPolicy,
    Choice,
    Consultation,
    Kind,
    LawfulBasis,
    Question,
    QuestionKind,
    State,
)
from harbour.consultation.services import POLL_KINDS
from harbour.forms import DateField, GovukForm, limit

KIND_HINTS = {
    Kind.POLL: "One question with choices, answered in a moment.",
    Kind.SURVEY: "Several questions: choices, scales, putting things in order and their own words.",
    Kind.BOARD: "Young people post their ideas and read each other's. Every post is screened and moderated.",
}


class NewConsultationForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of consultation is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a poll, a survey or a discussion board"},
    )
    title = forms.CharField(
        label="Title",
        max_length=limit(Consultation, "title"),
        help_text="Young people see it at the top of the page, such as “Make the park yours”.",
        error_messages={"required": "Enter a title"},
    )
    channel = forms.ModelChoiceField(
        label="Which consultation channel runs it?",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="Its moderators read the board posts and written answers that screening holds back.",
        error_messages={"required": "Choose a channel", "invalid_choice": "Choose one of these channels"},
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels
        self.fields["kind"].choices = [(value, label) for value, label in Kind.choices]
        self.kind_hints = KIND_HINTS


def _day_start(day: datetime.date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DetailsForm(GovukForm):
    """The consultation's details. Once it is open, only the closing date and the board's policy."""

    title = forms.CharField(
        label="Title", max_length=limit(Consultation, "title"), error_messages={"required": "Enter a title"}
    )
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What young people read first: what it is about, how long it takes, that every question can "
        "be skipped. For a board, what to post about and the house rules.",
    )
    purpose = forms.CharField(
        label="What are the answers for?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The privacy notice tells young people this: what you will do with their answers and who "
        "sees them.",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        help_text="Public task (councils, schools) or legitimate interests. Not consent by default: under 13 "
        "it would need a parent's.",
        error_messages={"required": "Choose a lawful basis"},
    )
    lawful_basis_note = forms.CharField(
        label="Why does that basis apply?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The task you carry out, or the interest you weighed against young people's privacy.",
    )
    asks_age_band = forms.BooleanField(
        label="Ask for an age band (optional for young people)",
        required=False,
        help_text="Only if the results need it. Nobody is ever asked their date of birth, school or where they "
        "live.",
    )
    board_policy = forms.ChoiceField(
        label="How do posts reach the board?",
        choices=BoardPolicy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how posts reach the board"},
    )
    opens_on = DateField(
        label="Opens on (optional)",
        required=False,
        help_text="Leave empty to open it as soon as it is published. For example, 27 3 2027",
    )
    closes_on = DateField(
        label="Closes at the end of (optional)",
        required=False,
        help_text="Leave empty to close it by hand. For example, 30 4 2027",
    )
    answers_kept_until = DateField(
        label="Answers kept until",
        required=False,
        help_text="Then they are deleted. The privacy notice says so.",
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        initial = {
            name: getattr(consultation, name)
            for name in (
                "title",
                "introduction",
                "purpose",
                "lawful_basis",
                "lawful_basis_note",
                "asks_age_band",
                "board_policy",
                "answers_kept_until",
            )
        }
        if consultation.opens_at:
            initial["opens_on"] = timezone.localtime(consultation.opens_at).date()
        if consultation.closes_at:
            initial["closes_on"] = timezone.localtime(consultation.closes_at).date() - datetime.timedelta(
                days=1
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.consultation = consultation
        if consultation.kind != Kind.BOARD:
            del self.fields["board_policy"]
        if consultation.state == State.OPEN:
            for name in list(self.fields):
                if name not in ("closes_on", "board_policy"):
                    del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return cleaned

    def values(self) -> dict:
        """What to pass to services.edit_details: the dates as moments (opens at the start of its day,
        closes at the end of its day)."""
        data = {
            name: value for name, value in self.cleaned_data.items() if name not in ("opens_on", "closes_on")
        }
        for name in ("introduction", "purpose", "lawful_basis_note"):
            if name in data:
                data[name] = data[name].replace("\r\n", "\n")
        if "opens_on" in self.cleaned_data:
            data["opens_at"] = _day_start(self.cleaned_data["opens_on"])
        if "closes_on" in self.cleaned_data:
            closes = self.cleaned_data["closes_on"]
            data["closes_at"] = _day_start(closes + datetime.timedelta(days=1)) if closes else None
        return data


class QuestionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of question is it?",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of question it is"},
    )
    text = forms.CharField(
        label="The question",
        max_length=limit(Question, "text"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ask it plainly, so that every answer feels as welcome. Harbour checks the wording as you "
        "type.",
        error_messages={"required": "Enter the question"},
    )
    hint = forms.CharField(
        label="Hint (optional)",
        required=False,
        max_length=limit(Question, "hint"),
        help_text="A line under the question, such as “Choose all that apply”.",
    )
    required = forms.BooleanField(
        label="They must answer it",
        required=False,
        help_text="Leave unticked unless you cannot use their other answers without it.",
    )
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For one choice, several choices or putting in order: one choice on each line. Add “Not "
        "sure” or “Something else” where not everyone fits.",
    )
    scale_points = forms.IntegerField(
        label="How many points on the scale?",
        required=False,
        min_value=2,
        max_value=10,
        initial=5,
        help_text="For a scale: from 1 to this number, between 2 and 10.",
        error_messages={
            "min_value": "A scale needs at least 2 points",
            "max_value": "A scale has 10 points at most",
            "invalid": "Enter the number of points as a number, such as 5",
        },
    )
    scale_low = forms.CharField(
        label="What 1 means",
        required=False,
        max_length=limit(Question, "scale_low"),
        help_text="For a scale, such as “Very unhappy”.",
    )
    scale_high = forms.CharField(
        label="What the top of the scale means",
        required=False,
        max_length=limit(Question, "scale_high"),
        help_text="For a scale, such as “Very happy”: as strong as the other end.",
    )
    widths = {"scale_points": 2, "scale_low": 20, "scale_high": 20}

    def __init__(self, *args, consultation: Consultation, question: Question | None = None, **kwargs):
        initial = {}
        if question is not None:
            initial = {
                name: getattr(question, name)
                for name in ("kind", "text", "hint", "required", "scale_points", "scale_low", "scale_high")
            }
            initial["choices"] = "\n".join(c.text for c in question.choices.all())
        super().__init__(*args, initial=initial, **kwargs)
        if consultation.kind == Kind.POLL:
            self.fields["kind"].choices = [(k, label) for k, label in QuestionKind.choices if k in POLL_KINDS]

    def clean_choices(self):
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        limit_ = limit(Choice, "text")
        for line in lines:
            if len(line) > limit_:
                raise forms.ValidationError(f"Each choice must be {limit_} characters or fewer")
        return [line for line in lines if line]

    def values(self) -> tuple[dict, list[str]]:
        """(the question's fields, its choices) for services.add_question and edit_question."""
        data = self.cleaned_data
        values = {
            "kind": data["kind"],
            "text": data["text"].replace("\r\n", " ").replace("\n", " "),
            "hint": data["hint"],
            "required": data["required"],
            "scale_points": data.get("scale_points") or 5,
            "scale_low": data["scale_low"],
            "scale_high": data["scale_high"],
        }
        return values, data["choices"]

    def typed(self) -> dict:
        """What was typed, before or without validation: for the warnings as the author types."""
        raw = self.data
        return {
            "text": raw.get("text", ""),
            "kind": raw.get("kind", ""),
            "hint": raw.get("hint", ""),
            "choices": [line for line in raw.get("choices", "").splitlines() if line.strip()],
            "scale_low": raw.get("scale_low", ""),
            "scale_high": raw.get("scale_high", ""),
        }


class ConfirmForm(GovukForm):
    """Nothing to fill in: the button that confirms closing a consultation."""


class DecideForm(GovukForm):
    outcome = forms.ChoiceField(label="What do you decide?", widget=forms.RadioSelect)
    note = forms.CharField(
        label="A note for the young person (optional)",
        help_text="They read it on the board's page. Without one they are told what was decided, in plain words.",
        max_length=complaints.NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (value, f"{label}: they are told \u201c{default}\u201d")
            for value, label, default in complaints.OUTCOMES[complaint.kind]
        ]
        self.fields["outcome"].error_messages["required"] = "Choose what you decide"


class FeedbackForm(GovukForm):
    text = forms.CharField(
        label="You said, we did",
        help_text=(
            "Tell the young people what they said and what you are doing about it, in plain words. "
            "It is shown on the consultation's page, with the headline results."
        ),
        max_length=feedback.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Write what young people said and what you are doing about it"},
    )
