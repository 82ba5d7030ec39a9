from django import forms

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.channels import services
from harbour.channels.models import (
    NOTE_NEEDED,
    SECRET,
    Channel,
    DisclaimerVersion,
    Outcome,
    PrivacyCheck,
)
from harbour.channels.platforms import Platform
from harbour.connectors import registry
from harbour.connectors.file_import.parse import MAX_BYTES as MAX_IMPORT_BYTES
from harbour.forms import GovukForm, limit
from harbour.lib.bidi import isolate


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member: Membership) -> str:
        return f"{isolate(member.user)} ({member.get_role_display()})"


class ChannelForm(GovukForm):
    platform = forms.ChoiceField(
        choices=Platform.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the platform the account is on"},
    )
    name = forms.CharField(
        label="Name in Harbour",
        max_length=limit(Channel, "name"),
        help_text="What staff will call this channel, for example 'Youth Council on Bluesky'.",
        error_messages={"required": "Enter a name for the channel"},
    )
    handle = forms.CharField(
        label="Account handle or address",
        max_length=limit(Channel, "handle"),
        required=False,
        help_text="For example @derbyyouth.bsky.social. Leave blank for a file import.",
    )
    server_url = forms.URLField(
        label="Mastodon server address",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="Only for Mastodon: the server the account is on, for example https://mastodon.social.",
        error_messages={"invalid": "Enter the server's address, like https://mastodon.social"},
    )
    display_name = forms.CharField(
        label="The account's display name",
        max_length=limit(Channel, "display_name"),
        help_text="Exactly as the platform shows it on the profile. It must be the organisation's name.",
        error_messages={"required": "Enter the account's display name"},
    )
    in_organisation_name = forms.BooleanField(
        label="This account is in the organisation's name. It is not a member of staff's personal account.",
        error_messages={"required": "Confirm that the account is in the organisation's name"},
    )
    aims = forms.CharField(
        label="Aims and objectives",
        max_length=limit(Channel, "aims"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What do you want to achieve with this account, and how will you resource it?",
        error_messages={"required": "Enter the channel's aims and objectives"},
    )
    audience_min_age = forms.IntegerField(
        label="Youngest age in the audience",
        min_value=0,
        max_value=120,
        error_messages={
            "required": "Enter the youngest age in the audience",
            "invalid": "Enter the youngest age as a number, like 13",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter a real age",
        },
    )
    audience_max_age = forms.IntegerField(
        label="Oldest age in the audience",
        min_value=0,
        max_value=120,
        error_messages={
            "required": "Enter the oldest age in the audience",
            "invalid": "Enter the oldest age as a number, like 19",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter a real age",
        },
    )
    platform_minimum_age = forms.IntegerField(
        label="The platform's minimum age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Bluesky's is 13. Each Mastodon server sets its own, often 16: check its rules. "
        "Leave blank to use the platform's usual minimum.",
        error_messages={"invalid": "Enter the minimum age as a number, like 13"},
    )
    suitability = forms.CharField(
        label="Why this platform suits the audience",
        max_length=limit(Channel, "suitability"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Are young people in your area already there? What do its safety tools offer?",
        error_messages={"required": "Say why this platform suits the audience"},
    )
    owners = MemberChoice(
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The people responsible for the account. Choose at least one.",
        error_messages={"required": "Choose at least one owner"},
    )
    moderators = MemberChoice(
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Moderators and managers who check the account. A channel cannot go active without one.",
    )
    moderation_hours = forms.CharField(
        label="When the account is moderated",
        max_length=limit(Channel, "moderation_hours"),
        help_text="For example 'every day from 9am to 8pm, and 10am to 4pm at weekends'.",
        error_messages={"required": "Enter when the account is moderated"},
    )
    checks_per_day = forms.IntegerField(
        label="How many times a day it is checked",
        min_value=1,
        max_value=48,
        initial=2,
        help_text="At least once a day (guidance: moderate daily).",
        error_messages={
            "required": "Enter how many times a day the account is checked",
            "invalid": "Enter a number, like 2",
            "min_value": "The account must be checked at least once a day",
            "max_value": "Enter 48 or fewer",
        },
    )
    response_hours = forms.IntegerField(
        label="Response time in hours",
        min_value=1,
        max_value=24 * 14,
        help_text="How soon you promise to answer messages and comments, for example 24.",
        error_messages={
            "required": "Enter how soon you will respond, in hours",
            "invalid": "Enter the response time as a number of hours, like 24",
            "min_value": "Enter at least 1 hour",
            "max_value": "Enter 336 hours (2 weeks) or fewer",
        },
    )
    contact_email = forms.EmailField(
        label="Contact email address",
        max_length=limit(Channel, "contact_email"),
        required=False,
        help_text="A shared organisational mailbox. Shown in the disclaimer.",
        error_messages={"invalid": "Enter an email address in the correct format, like youth@example.org"},
    )
    contact_phone = forms.CharField(
        label="Contact phone number", max_length=limit(Channel, "contact_phone"), required=False
    )
    contact_url = forms.URLField(
        label="Contact web page",
        max_length=limit(Channel, "contact_url"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the web page's address, like https://example.org/contact"},
    )
    privacy_review_days = forms.IntegerField(
        label="Review the privacy settings every (days)",
        min_value=7,
        max_value=365,
        initial=90,
        error_messages={
            "required": "Enter how often the privacy settings are reviewed, in days",
            "invalid": "Enter a number of days, like 90",
            "min_value": "Review at least every 7 days or less often, up to 365",
            "max_value": "Review the settings at least once a year (365 days)",
        },
    )
    # Publishing (guidance 4.1, 4.2): shown only to a manager (MANAGE_CHANNELS); the service refuses anyone else.
    posts_per_week = forms.IntegerField(
        label="Posting target: posts a week",
        min_value=0,
        max_value=services.MOST_POSTS_PER_WEEK,
        required=False,  # left blank: unchanged (the default, 2, on a new channel)
        initial=2,
        help_text="The home page tells the channel's owners when it posts fewer than this in a week. "
        "Enter 0 for no target.",
        error_messages={
            "invalid": "Enter the number of posts as a whole number, like 2",
            "min_value": "Enter 0 or more posts a week",
            "max_value": f"Enter {services.MOST_POSTS_PER_WEEK} posts a week or fewer",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    approvals_needed = forms.TypedChoiceField(
        label="Proof readers who must approve each post",
        choices=[(1, "One proof reader"), (2, "Two proof readers")],
        coerce=int,
        required=False,
        empty_value=None,
        initial=1,
        widget=forms.RadioSelect,
        help_text="Never the post's author. Choose two for a channel where a mistake would do the most harm.",
        error_messages={"invalid_choice": "Choose one or two proof readers"},
    )

    widths = {
        "posts_per_week": 3,
        "audience_min_age": 3,
        "audience_max_age": 3,
        "platform_minimum_age": 3,
        "checks_per_day": 3,
        "response_hours": 4,
        "privacy_review_days": 4,
        "contact_phone": 20,
    }

    def __init__(
        self,
        *args,
        organisation,
        channel: Channel | None = None,
        membership: Membership | None = None,
        **kwargs,
    ):
        if channel is not None:
            kwargs.setdefault("initial", self.initial_for(channel))
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.channel = channel
        members = (
            Membership.objects.active()
            .for_org(organisation)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["owners"].queryset = members.able_to(Capability.PROPOSE_CHANNELS)
        self.fields["moderators"].queryset = members.able_to(Capability.BE_NAMED_MODERATOR)
        if membership is None or not membership.can(Capability.MANAGE_CHANNELS):
            for name in services.PUBLISHING_FIELDS:
                del self.fields[name]
        if channel is not None:
            del self.fields["platform"]  # a channel never moves platform
            if not channel.platform_entry.asks_server_url:
                del self.fields["server_url"]

    @staticmethod
    def initial_for(channel: Channel) -> dict:
        initial = {name: getattr(channel, name) for name in services.CHANNEL_FIELDS if name != "config"}
        initial["server_url"] = channel.config.get("server_url", "")
        initial["owners"] = list(channel.owners.all())
        initial["moderators"] = list(channel.moderators.all())
        return initial

    def clean(self):
        data = super().clean()
        platform = data.get("platform") or (self.channel.platform if self.channel else None)
        asks_server = bool(platform) and registry.entry(platform).asks_server_url
        if asks_server and "server_url" in self.fields and not data.get("server_url"):
            self.add_error("server_url", "Enter the Mastodon server's address, like https://mastodon.social")
        low, high = data.get("audience_min_age"), data.get("audience_max_age")
        if low is not None and high is not None and low > high:
            self.add_error("audience_max_age", "The oldest age must be the same as or more than the youngest")
        if data.get("platform_minimum_age") is None and platform:
            data["platform_minimum_age"] = registry.entry(platform).minimum_age
        minimum = data.get("platform_minimum_age")
        if low is not None and minimum is not None and low < minimum:
            self.add_error(
                "audience_min_age",
                f"The platform's minimum age is {minimum}, so it is not suitable for an audience from {low}. "
                "Choose another platform or change the audience",
            )
        if not any(data.get(name) for name in ("contact_email", "contact_phone", "contact_url")):
            self.add_error("contact_email", "Enter at least one way to contact the organisation")
        if data.get("display_name") is not None:
            person = services.personal_account_of(
                self.organisation, data.get("display_name", ""), data.get("handle", "")
            )
            if person:
                self.add_error(
                    "display_name",
                    f"This looks like {isolate(person)}'s own account. Use an account in the organisation's name",
                )
        return data

    def values(self) -> dict:
        """Channel field values for the services, from cleaned data."""
        data = self.cleaned_data
        values = {name: data[name] for name in services.CHANNEL_FIELDS if name in data}
        for name in services.PUBLISHING_FIELDS:
            if values.get(name) is None:
                values.pop(name, None)  # left blank: unchanged
        if self.channel is not None:
            values["config"] = dict(self.channel.config)
        else:
            values["config"] = {}
        if data.get("server_url"):
            values["config"]["server_url"] = data["server_url"]
        return values


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or reject the channel"},
    )
    comments = forms.CharField(
        label="Comments",
        max_length=limit(Channel, "decision_comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you reject: say what would have to change.",
    )

    def __init__(self, *args, can_approve: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_approve:  # a manager who proposed the channel, while another manager exists
            field = self.fields["decision"]
            field.choices = [("reject", "Reject")]
            field.error_messages["invalid_choice"] = (
                "Another manager must approve this channel, because you proposed it"
            )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comments", "").strip():
            self.add_error("comments", "Enter why the channel is rejected, so the proposer can change it")
        return data


class RetireForm(GovukForm):
    reason = forms.CharField(
        label="Why is the channel being retired?",
        max_length=limit(Channel, "retired_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the channel is being retired",
            "max_length": f"The reason must be {limit(Channel, 'retired_reason'):,} characters or fewer",
        },
    )


class CredentialForm(GovukForm):
    secret = forms.CharField(
        max_length=SECRET,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the credential",
            "max_length": f"The credential must be {SECRET:,} characters or fewer",
        },
    )

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret"].label = label


class DisclaimerForm(GovukForm):
    text = forms.CharField(
        label="Disclaimer",
        max_length=limit(DisclaimerVersion, "text"),
        strip=True,
        widget=forms.Textarea(attrs={"rows": 30}),
        help_text="A line starting with '# ' is a heading; lines starting with '- ' make a list.",
        error_messages={"required": "Enter the disclaimer's text"},
    )


class PrivacyReviewForm(GovukForm):
    """One outcome and one notes box per checklist item, named by the item's key."""

    def __init__(self, *args, review, hints: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = list(review.checks.select_related("checked_by"))
        # A setting an earlier review could not fix, so the reviewer looks at it again.
        self.earlier_problems = {
            check.item: check
            for check in review.channel.open_privacy_problems()
            if check.review_id != review.pk
        }
        for check in self.checks:
            self.fields[f"{check.item}-outcome"] = forms.ChoiceField(
                label=check.label,
                choices=Outcome.choices,
                required=False,
                initial=check.outcome,
                widget=forms.RadioSelect,
                help_text=hints.get(check.item, ""),
            )
            self.fields[f"{check.item}-notes"] = forms.CharField(
                label="Notes",
                help_text="Needed when it does not apply or cannot be fixed: say why.",
                max_length=limit(PrivacyCheck, "notes"),
                required=False,
                initial=check.notes,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            most = limit(PrivacyCheck, "notes")
            self.fields[f"{check.item}-notes"].error_messages["max_length"] = (
                f"Notes on '{check.label}' must be {most:,} characters or fewer".replace("%", "%%")
            )

    def clean(self):
        data = super().clean()
        for check in self.checks:
            outcome = data.get(f"{check.item}-outcome")
            notes = data.get(f"{check.item}-notes", "")
            if outcome in NOTE_NEEDED and not notes.strip():
                self.add_error(f"{check.item}-notes", NOTE_NEEDED[outcome].format(label=check.label))
        return data

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            check.item: (data.get(f"{check.item}-outcome", ""), data.get(f"{check.item}-notes", ""))
            for check in self.checks
        }

    def rows(self):
        """(check, outcome field, notes field, open problem from an earlier review or None) per item."""
        return [
            (
                check,
                self[f"{check.item}-outcome"],
                self[f"{check.item}-notes"],
                self.earlier_problems.get(check.item),
            )
            for check in self.checks
        ]


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Export file",
        help_text="A .csv or .json file of up to 5 MB with the columns id, created_at, author and text.",
        error_messages={"required": "Choose a file to import", "empty": "The file is empty"},
        widget=forms.FileInput(attrs={"accept": ".csv,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError("Choose a .csv or .json file")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: split it into smaller files")
        return upload
