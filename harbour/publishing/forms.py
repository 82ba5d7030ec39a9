"""The authoring pages' forms: a post (its words, channels, each channel's own version and when it goes
out), and the Draft the check panel reads from a form that has not been saved."""

import datetime
import re

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from harbour.forms import DateField, GovukForm, limit
from harbour.lib.bidi import isolate
from harbour.publishing.checks import channel_facts, goes_out_on, image_facts, named_people_of, reply_choices
from harbour.publishing.draft import Draft
from harbour.publishing.models import Post

SOON = "soon"
AT = "at"
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)


def variant_field(channel_id: int) -> str:
    return f"text_{channel_id}"


def replies_field(channel_id: int) -> str:
    return f"replies_{channel_id}"


class PostForm(GovukForm):
    """A post: `channels` are the organisation's publishable channels (services.publishable_channels), and
    each gets an optional field of its own text, text_<channel id>."""

    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Title",
        max_length=limit(Post, "title"),
        help_text="For your team to find it. It is never published.",
        error_messages={"required": "Enter a title"},
    )
    text = forms.CharField(
        label="What the post says",
        max_length=limit(Post, "text"),
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write in plain English. The checks beside the form update as you type.",
        error_messages={"required": "Enter the post's text"},
    )
    channels = forms.MultipleChoiceField(
        label="Where it goes",
        widget=forms.CheckboxSelectMultiple,
        help_text="The organisation's active channels that Harbour can post to.",
        error_messages={
            "required": "Choose at least one channel",
            "invalid_choice": "Choose from the organisation's channels",
        },
    )
    when = forms.ChoiceField(
        label="When it goes out",
        widget=forms.RadioSelect,
        choices=[(SOON, "As soon as it is approved"), (AT, "At a date and time")],
        initial=SOON,
        error_messages={"required": "Choose when it goes out"},
    )
    publish_on = DateField(
        label="Date",
        required=False,
        help_text="For example, 27 3 2027. Only if it goes out at a date and time.",
    )
    publish_time = forms.CharField(
        label="Time",
        required=False,
        max_length=8,
        help_text="For example, 9:30 or 18:00.",
    )
    widths = {"publish_time": 5}

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel_list = list(channels)
        self.fields["channels"].choices = [(str(c.pk), c.name) for c in self.channel_list]
        zone = timezone.get_current_timezone_name()
        self.fields["publish_time"].help_text = f"For example, 9:30 or 18:00 ({zone} time)."
        for channel in self.channel_list:
            entry = channel.platform_entry
            field = forms.CharField(
                label=f"Write a different version for {isolate(channel.name)} (optional)",
                required=False,
                strip=True,
                max_length=limit(Post, "text"),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=f"Leave it empty to post the text above. {entry.length_rule}".strip(),
                error_messages={
                    "max_length": f"The version for {isolate(channel.name)} must be "
                    f"{limit(Post, 'text'):,} characters or fewer"
                },
            )
            # The character count counts as the platform does; the limits check says when it is too long,
            # so that a draft over it can still be saved (as harbour/replies/forms.py's SendForm does).
            if entry.max_text_length:
                field.max_length = entry.max_text_length
                field.count_type = entry.counting.count_type
            self.fields[variant_field(channel.pk)] = field
            if choices := reply_choices(channel):
                self.fields[replies_field(channel.pk)] = forms.ChoiceField(
                    label=f"Who can reply on {isolate(channel.name)}",
                    required=False,  # not sent (the channel was not chosen): the safest
                    widget=forms.RadioSelect,
                    choices=[(c.value, f"{c.label}: {c.hint[:1].lower()}{c.hint[1:]}") for c in choices],
                    initial=choices[0].value,
                    help_text=f"{entry.label} lets the post say who can reply to it. The proof reader "
                    "approves this with the words.",
                    error_messages={
                        "invalid_choice": f"Choose who can reply on {isolate(channel.name)} from the choices "
                        "given"
                    },
                )
        self.describe_limits()

    def variant_fields(self) -> list[tuple]:
        """(channel, bound field) for each channel, for the page."""
        return [(c, self[variant_field(c.pk)]) for c in self.channel_list]

    def reply_fields(self) -> list[tuple]:
        """(channel, bound field) for each channel whose platform lets a post say who can reply."""
        return [
            (c, self[replies_field(c.pk)]) for c in self.channel_list if replies_field(c.pk) in self.fields
        ]

    def clean_publish_time(self):
        value = self.cleaned_data.get("publish_time", "").strip()
        if not value:
            return None
        match = TIME.match(value)
        if not match:
            raise forms.ValidationError("Enter the time like 9:30 or 18:00")
        hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError("Enter a real time, like 9:30am or 18:00")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError("Enter a real time, like 9:30 or 18:00")
        return datetime.time(hour, minute)

    def clean(self):
        data = super().clean()
        data["publish_at"] = None
        if data.get("when") == AT:
            day, time = data.get("publish_on"), data.get("publish_time")
            if day is None and "publish_on" not in self.errors:
                self.add_error("publish_on", "Enter the date it goes out")
            if time is None and "publish_time" not in self.errors:
                self.add_error("publish_time", "Enter the time it goes out")
            if day and time:
                when = timezone.make_aware(datetime.datetime.combine(day, time))
                if when <= timezone.now():
                    self.add_error("publish_on", "The date and time must be in the future")
                data["publish_at"] = when
        return data

    def hide_errors(self) -> None:
        """For "Check again": the form shown as typed, without refusing what is not finished yet."""
        self._errors = ErrorDict()

    def variants(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(variant_field(c.pk)) or "" for c in self.channel_list}

    def reply_controls(self) -> dict[int, str]:
        """Who can reply on each channel that asks ("" where the form did not say: the safest, or the post's)."""
        return {
            c.pk: self.cleaned_data.get(replies_field(c.pk)) or ""
            for c in self.channel_list
            if replies_field(c.pk) in self.fields
        }

    @staticmethod
    def initial_for(post: Post) -> dict:
        initial = {
            "revision": post.revision,
            "title": post.title,
            "text": post.text,
            "channels": [str(v.channel_id) for v in post.variants.all()],
            "when": AT if post.publish_at else SOON,
        }
        for variant in post.variants.all():
            initial[variant_field(variant.channel_id)] = variant.text
            if variant.reply_control:
                initial[replies_field(variant.channel_id)] = variant.reply_control
        if post.publish_at:
            local = timezone.localtime(post.publish_at)
            initial["publish_on"] = local.date()
            initial["publish_time"] = local.strftime("%H:%M")
        return initial


def draft_from(data, *, organisation, channels, post: Post | None = None) -> Draft:
    """The Draft of a form as typed, never saved: `channels` are the publishable channels, and only those
    the form names are read (another organisation's ids, or a retired channel's, are left out); the
    images are the post's stored ones."""
    wanted = set(data.getlist("channels"))
    chosen = [c for c in channels if str(c.pk) in wanted]
    variants, replies = {}, {}
    for channel in chosen:
        text = (data.get(variant_field(channel.pk)) or "").strip()
        if text:
            variants[channel.pk] = text[: limit(Post, "text")]
        if choices := reply_choices(channel):
            # As typed (the check refuses a choice the channel does not allow); not sent, the safest.
            replies[channel.pk] = (data.get(replies_field(channel.pk)) or choices[0].value)[:40]
    return Draft(
        title=(data.get("title") or "").strip()[: limit(Post, "title")],
        text=(data.get("text") or "").strip()[: limit(Post, "text")],
        channels=tuple(channel_facts(c, post=post) for c in chosen),
        variants=variants,
        reply_controls=replies,
        images=image_facts(post),
        reading_age_target=organisation.reading_age_target,
        organisation_id=organisation.pk,
        people=named_people_of(post),
        goes_out_on=goes_out_on(post),
    )
