from django import forms

from harbour.forms import GovukForm, GovukModelForm
from harbour.replies.models import SavedReply


class SavedReplyForm(GovukModelForm):
    class Meta:
        model = SavedReply
        fields = ["title", "kind", "topic", "text"]
        labels = {
            "title": "Title",
            "kind": "What kind of reply is it?",
            "topic": "Which personal information is this advice for?",
            "text": "The reply",
        }
        help_texts = {
            "title": "Moderators choose replies by this name. Young people never see it.",
            "topic": "Only for privacy advice. The item page offers the advice that fits what screening found.",
            "text": "Write in plain English. Privacy advice must be easy to read at age 11 or under: Harbour "
            "measures it when you save. Never repeat a young person's details back to them.",
        }
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "title": {"required": "Enter a title"},
            "text": {"required": "Enter the reply"},
            "kind": {"required": "Choose what kind of reply it is"},
        }


class SendForm(GovukForm):
    """A reply to one item: the text the moderator may edit (up to the platform's length) and the item's
    version they saw it at (harbour.moderation's two-moderators check)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the reply to send"},
    )

    def __init__(self, *args, label: str, platform, **kwargs):  # platform: the channel's platform_entry
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["required"] = "Reload the item and try again."
        text = self.fields["text"]
        text.label = label
        text.help_text = (
            "Screened before it is sent, then posted as the organisation. Nothing is sent until you press the "
            f"button. {platform.length_rule}"
        ).strip()
        # The character count counts as the platform does, as near as the browser can; sending checks the
        # length (harbour.moderation's act, through platform.too_long), so a reply too long is refused there.
        text.max_length = platform.max_text_length or None
        text.count_type = platform.counting.count_type


class ChooseForm(GovukForm):
    """Which saved reply to propose: a GET form whose "Use this reply" button reloads the send page with
    that reply's words in the box (no JavaScript needed)."""

    reply = forms.ChoiceField(label="Choose a saved reply")

    def __init__(self, replies, chosen=None, *, label: str = "Choose a saved reply", auto_id="id_%s"):
        super().__init__(initial={"reply": str(chosen.pk) if chosen else ""}, auto_id=auto_id)
        self.fields["reply"].choices = [(str(r.pk), r.title) for r in replies]
        self.fields["reply"].label = label
