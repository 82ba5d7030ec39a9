"""Retention through its services: the rule and its default, each closed concern's review date, the legal
hold, keeping after review, destroying with two leads (and only that way), and the nightly job."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.jobs import scheduler
from harbour.safeguarding import retention, services
from harbour.safeguarding.models import (
    AppendOnlyError,
    Concern,
    Destination,
    DestinationKind,
    DestroyedConcern,
    Entry,
    Evidence,
    Referral,
    RetentionRule,
    YoungPerson,
)
from tests.cast import active_channel, give_training, make_item

pytestmark = pytest.mark.django_db

SUMMARY = "Said at home her stepdad hits her when he has been drinking"
OUTCOME = "Early help assessment agreed with her mother"
LONG_AGO = datetime.datetime(1990, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns", "raise_concerns")
    return dsl


def closed_concern(org, lead, *, closed_at=LONG_AGO, item=None, young_person=None):
    with time_machine.travel(closed_at, tick=False):
        concern = services.raise_concern(
            org, by=lead, summary=SUMMARY, category="disclosure", severity=2, item=item
        )
        if young_person is not None:
            concern = services.link_young_person(concern, by=lead, young_person=young_person)
        services.add_entry(concern, by=lead, version=0, kind="note", text="Rang her mother")
        return services.close(concern, by=lead, version=1, outcome=OUTCOME, reason="Support in place")


def test_without_a_rule_a_concern_is_due_25_years_after_closing_and_an_open_one_never(org, lead):
    concern = closed_concern(org, lead, closed_at=timezone.now() - timedelta(days=365 * 24))
    assert retention.rule_for(org.pk) is retention.DEFAULT
    assert retention.review_date(concern, retention.DEFAULT) > timezone.localdate()
    assert retention.due_for_review(org.pk) == []
    assert retention.due_for_review(org.pk, timezone.localdate() + timedelta(days=380)) == [concern]
    still_open = services.raise_concern(org, by=lead, summary=SUMMARY, category="disclosure", severity=2)
    assert retention.review_date(still_open, retention.DEFAULT) is None


def test_a_schools_rule_counts_from_the_date_of_birth_and_falls_back_to_closing(org, lead, manager):
    retention.set_rule(org, by=manager, basis="birth", years_after_birth=25, years_after_closing=6)
    tia = YoungPerson.objects.create(
        organisation=org, name="Tia", date_of_birth=datetime.date(2008, 2, 29), created_by=lead
    )
    with_birth = closed_concern(org, lead, closed_at=timezone.now() - timedelta(days=30), young_person=tia)
    without = closed_concern(org, lead, closed_at=datetime.datetime(2019, 5, 1, 12, tzinfo=datetime.UTC))
    rule = retention.rule_for(org.pk)
    assert retention.review_date(with_birth, rule) == datetime.date(2033, 2, 28)
    assert retention.review_date(without, rule) == datetime.date(2025, 5, 1)
    assert retention.due_for_review(org.pk) == [without]
    event = AuditEvent.objects.get(action="safeguarding.retention_rule_set")
    assert event.detail == {"basis": "birth", "years_after_birth": 25, "years_after_closing": 6}


def test_only_a_lead_or_a_manager_sets_the_rule(org, other_org, lead, manager, moderator):
    with pytest.raises(NotAllowed):
        retention.set_rule(org, by=moderator, basis="closed", years_after_birth=25, years_after_closing=7)
    with pytest.raises(NotAllowed):
        retention.set_rule(other_org, by=manager, basis="closed", years_after_birth=25, years_after_closing=7)
    with pytest.raises(ValueError, match="between 1 and 100"):
        retention.set_rule(org, by=lead, basis="closed", years_after_birth=25, years_after_closing=0)
    retention.set_rule(org, by=lead, basis="closed", years_after_birth=25, years_after_closing=7)
    assert RetentionRule.objects.get(organisation=org).years_after_closing == 7


def test_a_held_concern_is_never_due_until_the_hold_is_lifted(org, lead, moderator):
    concern = closed_concern(org, lead)
    assert retention.due_for_review(org.pk) == [concern]
    with pytest.raises(ValueError, match="Enter why it is held"):
        retention.set_hold(concern, by=lead, reason=" ")
    with pytest.raises(NotAllowed):
        retention.set_hold(concern, by=moderator, reason="Civil claim")
    retention.set_hold(concern, by=lead, reason="Civil claim against the council")
    assert retention.due_for_review(org.pk) == []
    with pytest.raises(NotAllowed, match="not due"):
        retention.request_destroy(concern, by=lead, reason="Past its time")
    retention.lift_hold(concern, by=lead, reason="The claim was settled")
    assert retention.due_for_review(org.pk) == [concern]
    actions = list(
        AuditEvent.objects.filter(action__startswith="safeguarding.hold")
        .order_by("sequence")
        .values_list("action", "detail")
    )
    assert actions == [("safeguarding.hold_set", {}), ("safeguarding.hold_lifted", {})]


def test_keeping_it_moves_the_review_date_on(org, lead):
    concern = closed_concern(org, lead)
    with pytest.raises(ValueError, match="Enter why it is kept"):
        retention.keep(concern, by=lead, years=3, reason="")
    retention.keep(concern, by=lead, years=3, reason="Her brother's concern is still open")
    assert retention.due_for_review(org.pk) == []
    with time_machine.travel(timezone.now() + timedelta(days=3 * 366), tick=False):
        assert retention.due_for_review(org.pk) == [Concern.objects.get(pk=concern.pk)]


def test_destroying_takes_two_leads_and_leaves_a_tombstone_without_content(org, lead, deputy):
    give_training(deputy, "handle_concerns")
    channel = active_channel(org)
    item = make_item(channel, SUMMARY)
    concern = closed_concern(org, lead, item=item)
    destination = Destination.objects.create(
        organisation=org, kind=DestinationKind.CHILDRENS_SOCIAL_CARE, name="Front door"
    )
    services.record_referral(
        Concern.objects.get(pk=concern.pk),
        by=lead,
        version=Concern.objects.get(pk=concern.pk).version,
        destination=destination,
        made_at=timezone.now(),
        shared="What she told us about home",
        lawful_basis="safeguarding",
        reason="Risk of harm at home",
    )
    with pytest.raises(NotAllowed, match="Ask for it to be destroyed first"):
        retention.confirm_destroy(concern, by=deputy)
    with pytest.raises(ValueError, match="Enter why it can be destroyed"):
        retention.request_destroy(concern, by=lead, reason="")
    retention.request_destroy(concern, by=lead, reason="Reviewed: no further action, past its retention")
    with pytest.raises(NotAllowed, match="not the lead who asked"):
        retention.confirm_destroy(concern, by=lead)
    assert Concern.objects.filter(pk=concern.pk).exists()
    tombstone = retention.confirm_destroy(concern, by=deputy)

    assert not Concern.objects.filter(pk=concern.pk).exists()
    for model in (Evidence, Entry, Referral):
        assert not model.objects.filter(organisation=org).exists()
    assert (tombstone.number, tombstone.category, tombstone.closed_at) == (concern.pk, "disclosure", LONG_AGO)
    assert (tombstone.requested_by, tombstone.destroyed_by) == (lead, deputy)
    assert tombstone.reason == "Reviewed: no further action, past its retention"
    event = AuditEvent.objects.get(action="safeguarding.concern_destroyed")
    assert (event.object_label, event.object_id) == (f"Concern #{concern.pk}", str(concern.pk))
    everything = " ".join(str(row) for row in AuditEvent.objects.values_list("object_label", "detail"))
    assert SUMMARY not in everything and OUTCOME not in everything


def test_nothing_but_the_destroy_path_deletes_a_concern_or_its_record(org, lead):
    concern = closed_concern(org, lead, item=make_item(active_channel(org), SUMMARY))
    for attempt in (
        lambda: Concern.objects.get(pk=concern.pk).delete(),
        lambda: Concern.objects.filter(pk=concern.pk).delete(),
        lambda: Entry.objects.filter(concern=concern).delete(),
        lambda: Evidence.objects.filter(concern=concern).delete(),
    ):
        with pytest.raises(AppendOnlyError), transaction.atomic():
            attempt()
    assert Concern.objects.filter(pk=concern.pk).exists()
    assert Entry.objects.filter(concern=concern).count() == 2
    assert Evidence.objects.filter(concern=concern).count() == 1
    assert not DestroyedConcern.objects.exists()


def test_a_lead_of_another_organisation_or_one_it_names_cannot_review_it(org, other_org, lead):
    from tests.cast import make_member

    concern = closed_concern(org, lead)
    stranger = make_member(other_org, "safeguarding_lead", "lead@elsewhere.example", "Elsewhere Lead")
    for action in (
        lambda: retention.set_hold(concern, by=stranger, reason="x"),
        lambda: retention.keep(concern, by=stranger, years=1, reason="x"),
        lambda: retention.request_destroy(concern, by=stranger, reason="x"),
    ):
        with pytest.raises(NotAllowed):
            action()


def reviews_sent() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Safeguarding concerns due for review")]


def test_the_nightly_job_tells_the_leads_a_number_once_a_day(
    org, lead, deputy, manager, django_capture_on_commit_callbacks
):
    give_training(deputy, "handle_concerns")
    closed_concern(org, lead)
    closed_concern(org, lead)
    services.raise_concern(org, by=lead, summary=SUMMARY, category="disclosure", severity=2)  # open: never
    assert "safeguarding.retention_reviews" in [job.name for job in scheduler.PERIODIC]
    start = datetime.datetime(2026, 12, 5, 2, tzinfo=datetime.UTC)
    for when, enqueued in ((start, 1), (start + timedelta(hours=23), 1), (start + timedelta(days=1), 2)):
        with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
            scheduler.enqueue_due_jobs()
        assert DBTaskResult.objects.filter(task_path__endswith=".email_reviews_due").count() == enqueued
    for _ in range(2):  # each enqueued job, as the worker runs it
        retention.email_reviews_due.call()
    sent = reviews_sent()[0]
    assert sorted(sent.to) == ["dee.deputy@example.org", "sam.dsl@example.org"]
    assert "2 closed safeguarding concerns are due for review" in sent.body
    assert SUMMARY not in sent.body + sent.subject and OUTCOME not in sent.body
    events = AuditEvent.objects.filter(action="safeguarding.retention_review_due")
    assert [event.detail["due"] for event in events] == [2, 2]


def test_nothing_due_tells_nobody(org, lead, django_capture_on_commit_callbacks):
    closed_concern(org, lead, closed_at=timezone.now() - timedelta(days=30))
    assert retention.email_reviews_due_now() == {}
    assert reviews_sent() == []


def test_the_demo_youth_service_keeps_concerns_years_after_closing_and_nothing_is_due(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    rule = RetentionRule.objects.get(organisation__name="Derby Youth Voice")
    assert (rule.basis, rule.years_after_closing, rule.set_by.role) == ("closed", 25, "manager")
    assert Concern.objects.filter(organisation=rule.organisation, status="closed").exists()
    assert retention.due_for_review(rule.organisation_id) == []
    call_command("seed_demo", stdout=StringIO())  # again: the rule is left as it is
    assert RetentionRule.objects.count() == 1


def test_only_the_destroy_path_switches_the_guard_off():
    """One way to delete a concern: a second place setting models.DESTROYING would be a second way."""
    from pathlib import Path

    harbour = Path(retention.__file__).resolve().parents[1]
    setters = sorted(
        str(path.relative_to(harbour))
        for path in harbour.rglob("*.py")
        if "DESTROYING.set(" in path.read_text(encoding="utf-8")
    )
    assert setters == ["safeguarding/retention.py"]


def test_the_guard_leaves_other_models_fast_delete_alone():
    from django.db.models.signals import pre_delete

    from harbour.inbox.models import Item

    assert all(pre_delete.has_listeners(model) for model in (Concern, Evidence, Entry, Referral))
    assert not pre_delete.has_listeners(Item) and not pre_delete.has_listeners(DestroyedConcern)
