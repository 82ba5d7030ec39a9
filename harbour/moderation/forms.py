from django import forms

from harbour.connectors.platform import PlatformEntry, ReportReason
from harbour.forms import GovukForm
from harbour.moderation.models import ActionKind
from harbour.moderation.services import BULK_KINDS, NOTE_LENGTH
from harbour.safeguarding.models import SUMMARY_LENGTH
from harbour.safeguarding.models import Category as ConcernCategory
from harbour.safeguarding.models import Severity as ConcernSeverity
from harbour.screening.verdict import Category

# What each action that needs words asks for, and what its button says.
ASKS = {
    ActionKind.REPLY: ("text", "Your reply", "Screened before it is sent, then posted as the organisation."),
    ActionKind.NOTE: ("text", "Note", "For the organisation's moderators only: it is never sent."),
    ActionKind.REPORT: ("reason", "Why you are reporting this", "Sent to the platform's moderators."),
    ActionKind.ESCALATE: (
        "summary",
        "What worries you",
        "A short summary for the safeguarding leads: what you saw and why it worries you. Only they read it.",
    ),
}


ESCALATE_NEEDS = {
    "category": "Choose what kind of concern it is.",
    "severity": "Choose how serious it is.",
    "summary": "Enter a short summary of what worries you.",
}


# The report reason that fits what screening found, best first: the first the platform takes is preselected
# in the report form (the moderator can change it), else "other".
REPORT_REASON_FOR = {
    Category.SEXUAL: (ReportReason.SEXUAL,),
    Category.SEXTING: (ReportReason.SEXUAL,),
    Category.GROOMING: (ReportReason.VIOLATION, ReportReason.LEGAL),
    Category.SPAM: (ReportReason.SPAM,),
    Category.BULLYING: (ReportReason.RUDE,),
    Category.HATE: (ReportReason.RUDE,),
    Category.INSULT: (ReportReason.RUDE,),
    Category.PROFANITY: (ReportReason.RUDE,),
    Category.VIOLENCE: (ReportReason.VIOLATION, ReportReason.RUDE),
}


def suggested_report_reason(verdict, platform: PlatformEntry) -> str:
    """The reason to preselect for an item's screening verdict, from its most severe findings only: a
    lesser finding never names the report (spam beside sexting is reported as "other", not spam)."""
    findings = verdict.get("findings") if isinstance(verdict, dict) else None
    findings = [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
    worst = max((_severity(f) for f in findings), default=0)
    for finding in (f for f in findings if _severity(f) == worst):
        for reason in REPORT_REASON_FOR.get(finding.get("category"), ()):
            if platform.takes_report(reason):
                return reason.value
    return ReportReason.OTHER.value


def _severity(finding: dict) -> int:
    severity = finding.get("severity")
    return severity if isinstance(severity, int) else 0


class ActForm(GovukForm):
    """One action on one item: the kind, the item's version the moderator saw, and what the kind needs."""

    kind = forms.ChoiceField(choices=ActionKind.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(required=False, strip=True, widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        required=False, strip=True, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_kind = forms.ChoiceField(
        label="What is wrong with it?", required=False, choices=[], widget=forms.RadioSelect
    )
    to = forms.ChoiceField(label="Assign to", required=False, choices=[])
    # Escalate: the hand-over to safeguarding raises a concern (harbour/safeguarding), which asks these.
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        help_text="Chosen from what screening found, if it found anything. Change it if it is wrong.",
        required=False,
        choices=ConcernCategory.choices,
    )
    severity = forms.TypedChoiceField(
        label="How serious is it?",
        required=False,
        coerce=int,
        choices=ConcernSeverity.choices,
        widget=forms.RadioSelect,
    )
    immediate_danger = forms.BooleanField(
        label="A child may be in immediate danger",
        help_text="If a child is in danger now, call 999 first. The concern then puts 999 first for the leads.",
        required=False,
    )
    summary = forms.CharField(
        required=False, strip=True, max_length=SUMMARY_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members=(), platform: PlatformEntry | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "Nobody"), *((str(m.pk), str(m.user)) for m in members)]
        if platform is not None:  # a report: the reasons this platform takes, and only those
            kinds = self.fields["reason_kind"]
            kinds.choices = [
                (value, f"{label}: {hint[:1].lower()}{hint[1:]}")
                for value, label, hint in platform.report_reason_choices()
            ]
            kinds.help_text = (
                f"{platform.label} sorts the reports it gets by these. Check the one chosen for you."
            )
            kinds.error_messages["invalid_choice"] = (
                f"Choose one of the reasons {platform.label} takes reports for."
            )
        self.fields["kind"].error_messages["invalid_choice"] = "Choose an action Harbour knows."
        self.fields["version"].error_messages["required"] = "Reload the item and try again."

    def label_for(self, kind: str) -> None:
        """Label the box the kind asks for in its own words; only assigning reads `to` (the item page's
        one form sends it with every button, for "Assign to me")."""
        if kind != ActionKind.ASSIGN:
            del self.fields["to"]
        if kind == ActionKind.ESCALATE:
            for name, problem in ESCALATE_NEEDS.items():
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = problem
            self.fields["category"].error_messages["invalid_choice"] = ESCALATE_NEEDS["category"]
            self.fields["severity"].error_messages["invalid_choice"] = ESCALATE_NEEDS["severity"]
        else:
            for name in ("category", "severity", "immediate_danger", "summary"):
                del self.fields[name]
        if kind == ActionKind.REPORT:
            self.fields["reason_kind"].required = True
            self.fields["reason_kind"].error_messages["required"] = "Choose what is wrong with it."
        else:
            del self.fields["reason_kind"]
        if kind in ASKS:
            name, label, hint = ASKS[ActionKind(kind)]
            self.fields[name].label = label
            self.fields[name].help_text = hint


class BulkForm(GovukForm):
    """A bulk action: the items are read from the request (`items`, each an item id); this is the rest."""

    kind = forms.ChoiceField(
        choices=[*((k.value, k.label) for k in BULK_KINDS), ("assign_me", "Assign to me")]
    )
    to = forms.IntegerField(required=False, min_value=1)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data):
        super().__init__(data)
        self.fields["kind"].error_messages["invalid_choice"] = "Choose mark done, assign or hide."
