"""The proof reader's form (approve, or send back with comments, some tied to words in the text) and the
form that changes when an approved post goes out. Both only read what was typed: the services decide."""

import datetime

from django import forms
from django.utils import timezone

from harbour.forms import DateField, GovukForm
from harbour.lib.bidi import isolate
from harbour.publishing.models import COMMENT_LENGTH, TEXT_LENGTH
from harbour.rota.forms import TimeField

ROWS = 2  # boxes for comments tied to words at first; "Add another" adds one at a time
MOST_ROWS = 20
QUOTE_SHOWN = 60  # characters of a quote repeated in an error message


def rows_asked(data) -> int:
    """How many comment-on-words rows the page had (its hidden `rows`), within bounds."""
    try:
        rows = int((data or {}).get("rows", ROWS))
    except (TypeError, ValueError):
        rows = ROWS
    return min(max(rows, 1), MOST_ROWS)


def find_quote(text: str, quote: str) -> tuple[int, int]:
    """Where the quoted words are in the text: (start, end). ValueError with the sentence for the proof
    reader when they are not there, or are there more than once (then more words say which)."""
    start = text.find(quote)
    shown = isolate(quote if len(quote) <= QUOTE_SHOWN else quote[: QUOTE_SHOWN - 1] + "…")
    if start < 0:
        raise ValueError(
            f"The words {shown} are not in the text: copy them exactly as they are written, "
            "or choose the channel whose version they are in."
        )
    count = text.count(quote)
    if count > 1:
        raise ValueError(
            f"The words {shown} are in the text {count} times: copy a few more words before or after them, "
            "so that it is clear which you mean."
        )
    return start, start + len(quote)


class ReviewForm(GovukForm):
    """Approve the version read, or send it back. `texts`: what the comments on words may be about, as
    (key, label, text): key "" for the post's text, else a channel's id where it has its own version."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    rows = forms.IntegerField(min_value=1, max_value=MOST_ROWS, required=False, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Is it ready to post?",
        choices=[
            ("approve", "Approve it: it is ready to post as it is"),
            ("send_back", "Send it back to the author with comments"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to approve it or send it back",
            "invalid_choice": "Choose whether to approve it or send it back",
        },
    )
    comments = forms.CharField(
        label="Comments for the author",
        help_text="What to change and why. Comments about particular words can go in the boxes below.",
        required=False,
        strip=True,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, texts, rows: int = ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = {key: text for key, _, text in texts}
        self.rows_shown = rows
        self.fields["rows"].initial = rows
        self.fields["version"].error_messages["required"] = "Open the post again and read it before deciding."
        for row in range(rows):
            if len(texts) > 1:
                self.fields[f"where_{row}"] = forms.ChoiceField(
                    label="Which text",
                    choices=[(key, label) for key, label, _ in texts],
                    required=False,
                    error_messages={"invalid_choice": "Choose one of the post's texts"},
                )
            self.fields[f"quote_{row}"] = forms.CharField(
                label="The words",
                help_text="Copy them from the text exactly, enough of them to appear only once.",
                required=False,
                strip=True,
                max_length=TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"comment_{row}"] = forms.CharField(
                label="Your comment on those words",
                required=False,
                strip=True,
                max_length=COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def word_rows(self) -> list[dict]:
        """The bound fields of each comment-on-words row, for the page."""
        return [
            {
                "number": row + 1,
                "where": self[f"where_{row}"] if f"where_{row}" in self.fields else None,
                "quote": self[f"quote_{row}"],
                "comment": self[f"comment_{row}"],
            }
            for row in range(self.rows_shown)
        ]

    def clean(self):
        cleaned = super().clean()
        notes = []
        for row in range(self.rows_shown):
            quote, comment = cleaned.get(f"quote_{row}"), cleaned.get(f"comment_{row}")
            if not quote and not comment:
                continue
            if not quote:
                self.add_error(f"quote_{row}", "Copy the words your comment is about")
                continue
            if not comment:
                self.add_error(f"comment_{row}", "Write what should change about these words")
                continue
            key = cleaned.get(f"where_{row}", "") or ""
            if key not in self.texts:
                continue  # the choice field has said so
            try:
                start, end = find_quote(self.texts[key], quote)
            except ValueError as problem:
                self.add_error(f"quote_{row}", str(problem))
                continue
            notes.append(
                {"channel_id": int(key) if key else None, "start": start, "end": end, "comment": comment}
            )
        cleaned["text_comments"] = notes
        if (
            cleaned.get("decision") == "send_back"
            and not cleaned.get("comments")
            and not notes
            and not self.errors
        ):
            self.add_error("comments", "Say what needs to change, so that the author can fix it")
        return cleaned


class ScheduleForm(GovukForm):
    """When the post goes out: as soon as it is approved (now, if it already is), or at a date and time."""

    when = forms.ChoiceField(
        label="When should it go out?",
        choices=[("now", "As soon as it is approved"), ("at", "At a date and time")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when it should go out",
            "invalid_choice": "Choose when it should go out",
        },
    )
    date = DateField(label="Date", help_text="For example, 27 3 2027", required=False)
    time = TimeField(
        label="Time",
        help_text="On the 24-hour clock, UK time, for example 18:30",
        required=False,
        error_messages={"invalid": "Enter a time like 18:30"},
    )
    widths = {"time": 5}

    def __init__(self, *args, scheduled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if scheduled:  # approved already: "as soon as approved" is now
            self.fields["when"].choices = [("now", "Now"), ("at", "At a date and time")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") != "at":
            cleaned["publish_at"] = None
            return cleaned
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None and "date" not in self.errors:
            self.add_error("date", "Enter the date it should go out")
        if time is None and "time" not in self.errors:
            self.add_error("time", "Enter the time it should go out, like 18:30")
        if day is None or time is None:
            return cleaned
        when = timezone.make_aware(datetime.datetime.combine(day, time))
        if when <= timezone.now():
            self.add_error("date", "Choose a time in the future")
        cleaned["publish_at"] = when
        return cleaned
