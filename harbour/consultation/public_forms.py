"""The forms young people fill in under /c/ (GOV.UK forms layer, harbour/forms.py).

They only turn what was posted into the values answering.submit_response takes; the service checks every
answer again and says what is wrong in one sentence a question. Nothing is pre-ticked but "Prefer not to
say" for the age band, and no question is required unless the builder marked it so.
"""

from django import forms

from harbour.consultation import boards, codes, complaints
from harbour.consultation.answering import STATEMENT_VALUES, TEXT_LIMIT
from harbour.consultation.models import AgeBand, Consultation, QuestionKind
from harbour.forms import GovukForm
from harbour.lib.bidi import isolate

PREFER_NOT = ""  # the age band's "Prefer not to say": nothing stored


class CodeForm(GovukForm):
    widths = {"code": 10}

    code = forms.CharField(
        label="Your code",
        help_text="It is 6 letters and numbers, like K7M 2QX. You can find it on the poster, card or message you were given.",
        max_length=20,
        error_messages={"required": "Enter your code", "max_length": "A code is 6 letters and numbers"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = codes.normalise(self.cleaned_data["code"])
        if not codes.is_code(code):
            raise forms.ValidationError("A code is 6 letters and numbers, like K7M 2QX")
        return code


def field_name(question) -> str:
    return f"q{question.pk}"


def rank_field_name(question, choice) -> str:
    return f"q{question.pk}_{choice.pk}"


def _label(question, number: int | None) -> str:
    text = isolate(question.text)
    return f"{number}. {text}" if number else text


def _hint(question) -> str:
    extra = "" if question.required else "You do not have to answer this."
    if question.kind == QuestionKind.MULTIPLE:
        extra = " ".join(filter(None, ["Choose all that fit.", extra]))
    return " ".join(filter(None, [isolate(question.hint) if question.hint else "", extra]))


class AnswerForm(GovukForm):
    """One field a question (a select a choice for a ranking question), and the age band first when the
    consultation asks it. Every field is optional here: submit_response decides what is missing."""

    def __init__(self, *args, consultation, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation, self.questions = consultation, questions
        numbered = len(questions) > 1
        if consultation.asks_age_band:
            self.fields["age_band"] = forms.ChoiceField(
                label="How old are you?",
                help_text="This helps us see if different ages think differently. You do not have to say.",
                choices=[*AgeBand.choices, (PREFER_NOT, "Prefer not to say")],
                required=False,
                initial=PREFER_NOT,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose an age group from the list, or Prefer not to say"},
            )
        for number, question in enumerate(questions, start=1):
            label = _label(question, number if numbered else None)
            hint = _hint(question)
            choices = [(str(c.pk), isolate(c.text)) for c in question.choices.all()]
            invalid = {"invalid_choice": "Choose one of the answers on the page"}
            kind = question.kind
            if kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=invalid)
            elif kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=invalid
                )
            elif kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    choices=scale_choices(question), widget=forms.RadioSelect, error_messages=invalid
                )
            elif kind == QuestionKind.STATEMENT:
                field = forms.ChoiceField(
                    choices=[(str(value), words) for value, words in STATEMENT_VALUES.items()],
                    widget=forms.RadioSelect,
                    error_messages=invalid,
                )
            elif kind == QuestionKind.FREE_TEXT:
                field = forms.CharField(
                    max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5}), strip=True
                )
                field.count_type = "characters"
            elif kind == QuestionKind.RANKING:
                places = [("", "No place")] + [(str(n), ordinal(n)) for n in range(1, len(choices) + 1)]
                for choice in question.choices.all():
                    self.fields[rank_field_name(question, choice)] = forms.ChoiceField(
                        label=isolate(choice.text),
                        choices=places,
                        required=False,
                        error_messages=invalid,
                    )
                continue
            else:
                raise ValueError(f"a question of an unknown kind: {kind!r}")
            field.label, field.help_text, field.required = label, hint, False
            self.fields[field_name(question)] = field
        self.describe_limits()

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                seen = set()
                for name in [rank_field_name(question, choice) for choice in question.choices.all()]:
                    if place := data.get(name):
                        if place in seen:  # on the option whose place repeats an earlier one's
                            self.add_error(name, "Give each option a different place")
                            break
                        seen.add(place)
        return data

    def ranking_fields(self, question) -> list:
        return [self[rank_field_name(question, choice)] for choice in question.choices.all()]

    def answers(self) -> dict:
        """{question pk: value} from the cleaned data, as submit_response takes them."""
        data, answers = self.cleaned_data, {}
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                places = {
                    choice.pk: int(data[name])
                    for choice in question.choices.all()
                    if data.get(name := rank_field_name(question, choice))
                }
                answers[question.pk] = sorted(places, key=places.get)
            else:
                answers[question.pk] = data.get(field_name(question))
        return answers

    def age_band(self) -> str:
        return self.cleaned_data.get("age_band", PREFER_NOT) or PREFER_NOT

    def show_errors(self, errors: dict) -> None:
        """Put submit_response's sentences on the fields they are about."""
        by_pk = {question.pk: question for question in self.questions}
        for key, sentence in errors.items():
            question = by_pk.get(key)
            if question is None:
                name = "age_band" if "age_band" in self.fields else None
            elif question.kind == QuestionKind.RANKING:  # on the first option without a place, else the first
                names = [rank_field_name(question, choice) for choice in question.choices.all()]
                unplaced = [n for n in names if not self.data.get(n)]
                name = (unplaced or names or [None])[0]
            else:
                name = field_name(question)
            if name is None or not self.has_error(name):  # the form's own sentence for it stands
                self.add_error(name, sentence)


def scale_choices(question) -> list[tuple[str, str]]:
    points = question.scale_points
    choices = []
    for n in range(1, points + 1):
        words = question.scale_low if n == 1 else question.scale_high if n == points else ""
        choices.append((str(n), f"{n} ({isolate(words)})" if words else str(n)))
    return choices


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# A board's forms (board_views.py)


class PostForm(GovukForm):
    text = forms.CharField(
        label="Your post",
        help_text="Do not include your name, school, address, phone number or usernames, or anyone else's.",
        max_length=boards.POST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your post before you send it"},
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation.asks_age_band:
            self.fields["age_band"] = forms.ChoiceField(
                label="How old are you?",
                help_text="You do not have to say. It is not shown with your post.",
                choices=[("", "Prefer not to say"), *AgeBand.choices],
                required=False,
                initial="",
                widget=forms.RadioSelect,
            )


def _optional_words(label: str) -> forms.CharField:
    """A young person's own words about a report or a problem: optional, and never their details."""
    return forms.CharField(
        label=label,
        help_text="Do not include your name or anyone's contact details.",
        max_length=complaints.TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(GovukForm):
    reason = forms.ChoiceField(
        label="What is wrong with this post?",
        choices=complaints.REPORT_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with this post"},
    )
    text = _optional_words("Anything else you want to tell us (optional)")


class ProblemForm(GovukForm):
    reason = forms.ChoiceField(
        label="What is the problem?",
        choices=complaints.PROBLEM_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the problem is"},
    )
    text = _optional_words("Tell us more (optional)")
    page = forms.CharField(required=False, max_length=complaints.PAGE_LENGTH, widget=forms.HiddenInput)


class AppealForm(GovukForm):
    text = forms.CharField(
        label="Why should your post go on the board?",
        help_text="A moderator will read your post again with what you say here.",
        max_length=complaints.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tell us why you think your post should be on the board"},
    )
