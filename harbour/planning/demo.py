"""The demo organisation's planning records for `harbour seed_demo`: its own engagement plan and one for
each channel (the Facebook page's due for review in six days, so the readiness reminder has something to
say), its policies (links to its website, one due for review soon), every active channel's
readiness checklist complete, and the proposed Bluesky channel's checklist half done, so the checklist page
shows both. Made through the services, with the demo's manager (and the proposal's owner) as the actors;
safe to run again: only what is missing is added, and nothing someone changed is put back."""

import datetime

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels import readiness, readiness_demo
from harbour.channels.models import Channel, Status
from harbour.planning import services
from harbour.planning.models import EngagementPlan, Policy, PolicyKind

SITE = "https://www.derby-youth-voice.example/policies"

ORGANISATION_PLAN = {
    "aims": "Young people in Derby shape the youth services they use, online as well as face to face.",
    "objectives": (
        "Two consultations a term, with a 'you said, we did' page after each\n"
        "Every channel answers questions within the time it promises\n"
        "A youth council member reviews our content plan each term"
    ),
    "audience": "Young people aged 13 to 19 who live, study or work in Derby, and the youth council.",
    "success_measures": (
        "Answers to each consultation, by age band; replies and questions a week on each channel; "
        "what changed because of what young people said, reported to the youth council each term."
    ),
}
ORGANISATION_RESOURCES = [("Participation lead (Sam)", "4"), ("Youth workers on the moderation rota", "10")]

CHANNEL_PLAN = {
    "objectives": (
        "Post at least twice a week, half of it asking young people something\n"
        "Answer every question within the promised time\n"
        "Pass what young people say to the youth council each month"
    ),
    "audience": "Young people aged 13 to 19 in Derby who already follow youth services online.",
    "success_measures": "Replies and questions a week; the share answered on time; polls answered.",
}
CHANNEL_RESOURCES = [("Youth worker (moderation)", "3"), ("Participation officer (posts)", "2")]

POLICIES = [
    (PolicyKind.CODE_OF_CONDUCT, "Staff and volunteer code of conduct", "code-of-conduct", 240),
    (PolicyKind.SAFEGUARDING, "Safeguarding children and young people policy", "safeguarding", 300),
    (PolicyKind.COMMUNICATIONS, "Communications policy", "communications", 180),
    (PolicyKind.IT_NETWORK, "IT and network acceptable use policy", "it-and-network", 20),  # due soon
    (PolicyKind.INTERNET_EMAIL, "Internet and email user policy", "internet-and-email", 330),
    (PolicyKind.SOCIAL_MEDIA, "Social media policy", "social-media", 270),
    (PolicyKind.ONLINE_SAFETY, "Youth Voice boards: Online Safety Act risk assessment", "online-safety", 200),
]

# This channel's plan is due for review in six days, so its checklist's confirmations fall due with it: the
# Planning page lists the review, and the daily readiness reminder e-mails its owners (the log of `make run`).
REVIEW_SOON = ("Youth Voice Facebook page", 6)

# The proposal's owner has confirmed some of what is confirmed by hand; the rest is still to do. Its aims,
# resources and policies are read from the plan and the policy register above.
HALF_DONE = ("safeguarding", "content", "consent")


def _plan(organisation, manager, values, resources, review_date, channel=None) -> None:
    plan = EngagementPlan.objects.for_org(organisation).filter(channel=channel).first()
    if plan is None:
        plan = services.save_plan(
            organisation, {**values, "review_date": review_date}, by=manager, channel=channel
        )
    if not plan.resources.exists():
        for who, hours in resources:
            services.add_resource(plan, who, hours, by=manager)


def seed(organisation, members) -> None:
    manager, author = members[Role.MANAGER], members[Role.AUTHOR]
    today = timezone.localdate()
    try:
        _plan(
            organisation,
            manager,
            ORGANISATION_PLAN,
            ORGANISATION_RESOURCES,
            today + datetime.timedelta(days=200),
        )
        channels = Channel.objects.for_org(organisation).exclude(status=Status.RETIRED)
        for channel in channels:
            aims = {"aims": channel.aims}
            _plan(
                organisation,
                manager,
                {**CHANNEL_PLAN, **aims},
                CHANNEL_RESOURCES,
                today + datetime.timedelta(days=REVIEW_SOON[1] if channel.name == REVIEW_SOON[0] else 180),
                channel,
            )
        have = set(Policy.objects.for_org(organisation).values_list("kind", flat=True))
        for kind, title, page, days in POLICIES:
            if kind not in have:
                values = {
                    "kind": kind,
                    "title": title,
                    "url": f"{SITE}/{page}",
                    "review_date": today + datetime.timedelta(days=days),
                }
                services.add_policy(organisation, values, by=manager)
        for channel in channels:
            channel.refresh_from_db()
            if channel.status == Status.ACTIVE:
                readiness_demo.complete(channel, by=manager)
            elif channel.status == Status.PROPOSED and not channel.readiness.exists():
                owner = author if readiness.can_confirm(channel, author) else manager
                readiness_demo.complete(channel, by=owner, only=HALF_DONE)
    except NotAllowed:
        # Someone using the demo changed a demo person's role: the records stay as they left them.
        return
