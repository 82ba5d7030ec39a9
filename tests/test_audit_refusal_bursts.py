"""Refusals of signed-in people (issue 15 item 10): one probe wrote 1,271 audit rows. The first refusal of
a burst is written; the rest are counted and written as one event when the burst ends. The log stays
append-only: the count lives in a working table until it is written out."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from harbour.audit.chain import verify_chain
from harbour.audit.models import AuditEvent, RefusalBurst
from harbour.audit.services import BURST_LONGEST, BURST_QUIET, close_refusal_bursts, record_refusal
from harbour.audit.tasks import close_refusal_bursts as close_task
from tests.cast import sign_in

pytestmark = pytest.mark.django_db
PROBE = 60


def actions():
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def refusal(user, org, path="/accounts/team/", ip="203.0.113.9"):
    request = RequestFactory().get(path, REMOTE_ADDR=ip)
    request.user = user
    return {"request": request, "organisation": org, "detail": {"method": "GET", "path": path}}


def test_a_probe_writes_its_first_refusal_and_counts_the_rest(org, viewer):
    client = sign_in(Client(), viewer.user)
    paths = [reverse("accounts:team"), reverse("audit:index"), reverse("audit:export")]
    before = AuditEvent.objects.count()
    for i in range(PROBE):
        assert client.get(paths[i % 3], REMOTE_ADDR="203.0.113.9").status_code == 403
    assert AuditEvent.objects.count() - before == 1
    [first] = AuditEvent.objects.filter(action="security.forbidden")
    assert (first.actor, first.organisation, first.detail["path"]) == (viewer.user, org, paths[0])
    burst = RefusalBurst.objects.get()
    assert burst.counted == PROBE - 1

    assert close_refusal_bursts(now=timezone.now() + BURST_QUIET / 2) == 0  # still going on
    assert close_task.call() == 0
    assert close_refusal_bursts(now=timezone.now() + BURST_QUIET + timedelta(seconds=1)) == 1
    summary = AuditEvent.objects.get(action="security.refusals_repeated")
    assert (summary.actor, summary.organisation) == (viewer.user, org)
    assert summary.detail["refusal"] == "security.forbidden" and summary.detail["repeated"] == PROBE - 1
    assert summary.detail["paths"] == [paths[1], paths[2], paths[0]]
    assert summary.detail["addresses"] == ["203.0.113.9"]
    assert not RefusalBurst.objects.exists()
    assert verify_chain().ok


def test_the_summary_shows_on_the_audit_log(client, org, viewer, manager):
    start = timezone.now()
    for i in range(3):
        record_refusal("security.forbidden", **refusal(viewer.user, org), now=start + timedelta(seconds=i))
    close_refusal_bursts(now=start + BURST_QUIET * 2)
    page = sign_in(client, manager.user).get(reverse("audit:index")).content.decode()
    assert "Refusals repeated" in page and "Repeated: 2<" in page


def test_a_refusal_after_a_quiet_spell_writes_out_the_last_burst_and_starts_a_new_one(org, viewer):
    start = timezone.now()
    for i in range(3):
        record_refusal("security.forbidden", **refusal(viewer.user, org), now=start + timedelta(minutes=i))
    later = start + timedelta(minutes=2) + BURST_QUIET + timedelta(seconds=1)
    assert record_refusal("security.forbidden", **refusal(viewer.user, org), now=later) is not None
    assert actions() == ["security.forbidden", "security.refusals_repeated", "security.forbidden"]
    assert AuditEvent.objects.get(action="security.refusals_repeated").detail["repeated"] == 2
    assert RefusalBurst.objects.get().counted == 0


def test_a_probe_that_never_pauses_is_written_out_every_hour(org, viewer):
    start = timezone.now()
    minutes = 3 * 60
    for minute in range(0, minutes, 2):  # one refusal every two minutes for three hours
        record_refusal(
            "security.forbidden", **refusal(viewer.user, org), now=start + timedelta(minutes=minute)
        )
    hours = minutes // int(BURST_LONGEST.total_seconds() // 60)
    assert actions().count("security.forbidden") == hours
    assert actions().count("security.refusals_repeated") == hours - 1
    close_refusal_bursts(now=start + timedelta(minutes=minutes) + BURST_QUIET)
    repeated = AuditEvent.objects.filter(action="security.refusals_repeated")
    assert sum(event.detail["repeated"] for event in repeated) + hours == minutes // 2


def test_each_person_organisation_and_kind_has_its_own_burst(org, other_org, viewer, author, outsider):
    for _ in range(3):
        record_refusal("security.forbidden", **refusal(viewer.user, org))
        record_refusal("security.other_organisation", **refusal(viewer.user, org))
        record_refusal("security.forbidden", **refusal(author.user, org))
        record_refusal("security.forbidden", **refusal(outsider.user, other_org))
        record_refusal("security.forbidden", **refusal(viewer.user, None))  # no organisation at all
    assert len(actions()) == 5 and RefusalBurst.objects.count() == 5
    assert close_refusal_bursts(now=timezone.now() + BURST_QUIET * 2) == 5
    summaries = AuditEvent.objects.filter(action="security.refusals_repeated")
    assert sorted((e.actor_id, e.organisation_id or 0, e.detail["refusal"]) for e in summaries) == sorted(
        [
            (viewer.user.pk, org.pk, "security.forbidden"),
            (viewer.user.pk, org.pk, "security.other_organisation"),
            (author.user.pk, org.pk, "security.forbidden"),
            (outsider.user.pk, other_org.pk, "security.forbidden"),
            (viewer.user.pk, 0, "security.forbidden"),
        ]
    )
    assert all(event.detail["repeated"] == 2 for event in summaries)


def test_a_single_refusal_writes_no_summary(org, viewer):
    record_refusal("security.forbidden", **refusal(viewer.user, org))
    assert close_refusal_bursts(now=timezone.now() + BURST_QUIET * 2) == 1
    assert actions() == ["security.forbidden"] and not RefusalBurst.objects.exists()


def test_samples_are_bounded(org, viewer):
    for i in range(20):
        record_refusal(
            "security.forbidden", **refusal(viewer.user, org, path=f"/inbox/{i}/", ip=f"198.51.100.{i}")
        )
    burst = RefusalBurst.objects.get()
    assert burst.counted == 19 and len(burst.paths) == 5 and len(burst.addresses) == 5
