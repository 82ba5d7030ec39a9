"""Nothing a concern says leaves the safeguarding pages that may show it (issue 18, "Tests"): with concerns
whose summary, evidence, record, referral, outcome and young person each carry a marker of their own, every
page outside the concern pages, walked as every role (and as a visitor where public), every e-mail sent,
every audit event and every log record is free of every marker. A safeguarding page may show them only to a
member who may read the concern (access.can_read); every other role's safeguarding pages are walked too."""

import json
import logging

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.capabilities import Capability, Role, role_can
from harbour.audit.models import AuditEvent
from harbour.inbox.models import Item
from harbour.safeguarding import alerts, services
from harbour.safeguarding.models import Concern, Destination, DestinationKind, Source, YoungPerson
from tests.cast import active_channel, give_training, make_item, make_member, sign_in
from tests.isolation import PUBLIC, URL_OBJECTS
from tests.test_url_security import URLS, path_for

pytestmark = pytest.mark.django_db

MARKERS = {
    "summary": "Quillfeather told us her coach keeps her phone",
    "evidence": "Marrowbone says meet me at the lockups tonight",
    "thread": "Saltmarsh asked who was at the lockups",
    "entry": "Rang the youth worker of Juniperwell",
    "reason": "Because Tamberlake is at risk",
    "referral": "Shared the first name Oxwarden and the message",
    "referral reason": "Kestrelbrook needs a social worker",
    "reference": "IRT-Wyvernhold-4411",
    "outcome": "the Brackenmoor family are supported",
    "outcome reason": "Social care allocated Fennimore a worker",
    "young person": "Pippin Larkspur-Quayle",
    "allegation": "Mr Thistledown messaged a child at night",
}


# Each marker's made-up word, so that a part of one (a summary cut short, a name in a sentence) is found too.
WORDS = {
    "summary": "Quillfeather",
    "evidence": "Marrowbone",
    "thread": "Saltmarsh",
    "entry": "Juniperwell",
    "reason": "Tamberlake",
    "referral": "Oxwarden",
    "referral reason": "Kestrelbrook",
    "reference": "Wyvernhold",
    "outcome": "Brackenmoor",
    "outcome reason": "Fennimore",
    "young person": "Larkspur",
    "allegation": "Thistledown",
}
assert all(WORDS[name] in marker for name, marker in MARKERS.items())


def leaks(text: str) -> list[str]:
    return [name for name, word in WORDS.items() if word in text]


@pytest.fixture
def concerns(org, members, django_capture_on_commit_callbacks):
    """Concerns carrying every marker: one escalated from an item (whose posts are then deleted, so that the
    evidence snapshot is the only place their text is kept), with its record, a referral and an outcome;
    one unopened past the hour; an allegation about the manager."""
    lead, moderator, manager = members["safeguarding_lead"], members["moderator"], members["manager"]
    channel = active_channel(org)
    root = make_item(channel, MARKERS["thread"], kind="post", thread_id="t1")
    item = make_item(channel, MARKERS["evidence"], thread_id="t1", parent_id=root.platform_id)
    with django_capture_on_commit_callbacks(execute=True):
        escalated = services.raise_concern(
            org, by=moderator, item=item, summary=MARKERS["summary"], category="grooming", severity=4,
            source=Source.ESCALATED, immediate_danger=True,
        )  # fmt: skip
        give_training(manager, "raise_concerns")
        allegation = services.raise_concern(
            org, by=manager, summary=MARKERS["allegation"], category="allegation", severity=3,
            about_member=lead,
        )  # fmt: skip
    Item.objects.filter(pk__in=[root.pk, item.pk]).delete()
    deputy = members.get("deputy_safeguarding_lead", lead)
    services.open_concern(escalated, by=deputy)
    services.add_entry(
        escalated, by=deputy, version=0, kind="decision", text=MARKERS["entry"], reason=MARKERS["reason"]
    )
    front_door = Destination.objects.create(
        organisation=org, kind=DestinationKind.CHILDRENS_SOCIAL_CARE, name="Initial Response Team"
    )
    services.record_referral(
        escalated, by=deputy, version=1, destination=front_door, made_at=timezone.now(),
        shared=MARKERS["referral"], lawful_basis="safeguarding", reason=MARKERS["referral reason"],
        reference=MARKERS["reference"],
    )  # fmt: skip
    young_person = YoungPerson.objects.create(
        organisation=org, name=MARKERS["young person"], created_by=deputy
    )
    Concern.objects.filter(pk=escalated.pk).update(young_person=young_person)
    services.close(
        escalated, by=deputy, version=2, outcome=MARKERS["outcome"], reason=MARKERS["outcome reason"]
    )
    alerts.email_unopened(allegation.pk)  # the hour's alert, to the deputies and the managers as well
    return escalated, allegation


@pytest.fixture
def members(org):
    """A member of every role, trained for everything, so that pages behind training are reached."""
    made = {}
    for role in Role.values:
        member = make_member(org, role, f"{role}@leaks.example", f"Member {role}")
        give_training(member, *TRAINING_FOR)
        made[role] = member
    return made


# Pages outside harbour/safeguarding that only HANDLE_CONCERNS opens, and which name young people's records:
# linking a young person in the consent register to their safeguarding record (docs/safeguarding.md rule 31).
LEADS_PAGES_ELSEWHERE = {"consent:safeguarding_record"}


def test_nothing_a_concern_says_leaves_the_pages_that_may_show_it(org, members, concerns, caplog):
    caplog.set_level(logging.DEBUG)
    escalated, allegation = concerns
    assert mail.outbox, "the alerts should have sent e-mails to check"
    problems = []
    for role, member in members.items():
        client = sign_in(Client(), member.user)
        reads_concerns = role_can(role, Capability.HANDLE_CONCERNS)
        paths = []
        for url in URLS:
            if not url.name or (url.arguments and url.name not in URL_OBJECTS):
                continue  # unclassified: test_url_security.py's test_every_url_is_classified fails on it
            if (url.name.startswith("safeguarding:") or url.name in LEADS_PAGES_ELSEWHERE) and reads_concerns:
                continue  # the pages that show a concern to those who may read it
            paths.append((url.name, path_for(url, org)))
        if not reads_concerns:  # and the concerns themselves, which they must not reach
            for concern in (escalated, allegation):
                for name in ("concern", "add_entry", "close", "reopen", "received"):
                    paths.append((f"safeguarding:{name}", reverse(f"safeguarding:{name}", args=[concern.pk])))
        for name, path in paths:
            if "_auth_user_id" not in client.session:
                sign_in(client, member.user)
            response = client.get(path, secure=True)
            body = b"".join(response) if response.streaming else response.content
            for leak in leaks(body.decode(errors="replace")):
                problems.append(f"GET {name} ({path}) as {role} shows the {leak}")
    visitor = Client()
    for url in URLS:
        if url.name in PUBLIC:
            response = visitor.get(path_for(url, org), secure=True)  # a public file too (/p/media/)
            body = (b"".join(response) if response.streaming else response.content).decode(errors="replace")
            problems += [f"GET {url.name} as a visitor shows the {leak}" for leak in leaks(body)]
    for message in mail.outbox:
        written = "\n".join(
            [message.subject, message.body, *(alt[0] for alt in getattr(message, "alternatives", []))]
        )
        problems += [
            f"an e-mail to {message.to} ({message.subject}) holds the {leak}" for leak in leaks(written)
        ]
    for event in AuditEvent.objects.all():
        written = json.dumps(model_to_dict(event), default=str)
        problems += [f"audit event {event.action} holds the {leak}" for leak in leaks(written)]
    for record in caplog.records:
        written = f"{record.getMessage()} {record.exc_text or ''}"
        problems += [f"log record {record.name} holds the {leak}" for leak in leaks(written)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_walk_would_see_a_marker_where_it_may_be_shown(org, members, concerns, client_for):
    """The control: a lead does see the markers on the concern page, so their absence elsewhere means
    something."""
    escalated, _ = concerns
    body = client_for(members["safeguarding_lead"]).get(f"/safeguarding/{escalated.pk}/").content.decode()
    shown = {
        "summary",
        "evidence",
        "thread",
        "entry",
        "reason",
        "referral",
        "reference",
        "outcome",
        "outcome reason",
    }
    assert set(leaks(body)) >= shown
