import csv
import io
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from harbour.audit.events import DETAIL_KEYS, AuditEventType, detail_label
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.audit.templatetags.audit import detail_pairs
from harbour.audit.views import PAGE_SIZE, csv_cell
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(org, other_org, manager, moderator, outsider):
    """Events in both organisations: ours by two people, and one from elsewhere."""
    record(
        AuditEventType.CHANNEL_APPROVED,
        by=manager.user,
        organisation=org,
        detail={"comments": "Youth Voice Instagram"},
    )
    record(AuditEventType.CHANNEL_RETIRED, by=moderator.user, organisation=org, detail={"reason": "bullying"})
    record(
        AuditEventType.MEMBERSHIP_DEACTIVATED,
        by=outsider.user,
        organisation=other_org,
        detail={"member": "Elsewhere secret"},
    )
    return org


def test_manager_sees_only_their_organisations_events_newest_first(client, log, manager):
    page = sign_in(client, manager.user).get(reverse("audit:index")).content.decode()
    table = page[page.index("<tbody") :]
    assert table.index("Channel retired") < table.index("Channel approved")
    assert "Elsewhere secret" not in page
    assert "Member deactivated" not in table
    assert "olly.outsider@example.net" not in page  # not even as a filter choice


def test_the_event_filter_offers_every_declared_type_by_its_label(client, log, manager):
    page = sign_in(client, manager.user).get(reverse("audit:index")).content.decode()
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page))
    assert options.items() >= {t.value: escape(t.label) for t in AuditEventType}.items()
    assert client.get(reverse("audit:index"), {"action": "no.such_type"}).status_code == 200


def test_safeguarding_lead_can_read_the_log_but_not_run_the_check(client, log, dsl):
    response = sign_in(client, dsl.user).get(reverse("audit:index"))
    assert response.status_code == 200
    assert reverse("audit:check") not in response.content.decode()
    assert client.post(reverse("audit:check")).status_code == 403


@pytest.mark.parametrize("role", ["moderator", "author", "reviewer", "viewer"])
def test_other_roles_cannot_read_the_log(client, log, members, role):
    sign_in(client, members[role].user)
    assert client.get(reverse("audit:index")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_filter_by_action_and_by_person(client, log, manager, moderator):
    sign_in(client, manager.user)
    by_action = client.get(reverse("audit:index"), {"action": "channel.retired"}).content.decode()
    assert "Channel retired" in by_action and "Youth Voice Instagram" not in by_action
    by_person = client.get(reverse("audit:index"), {"person": manager.user.pk}).content.decode()
    assert "Youth Voice Instagram" in by_person and "bullying" not in by_person


def test_filtering_by_someone_from_another_organisation_finds_nothing(client, log, manager, outsider):
    page = (
        sign_in(client, manager.user)
        .get(reverse("audit:index"), {"person": outsider.user.pk})
        .content.decode()
    )
    assert "Elsewhere secret" not in page and "Olly Outsider" not in page


def test_the_log_is_paginated(client, org, manager):
    for i in range(PAGE_SIZE + 5):
        record(AuditEventType.AUDIT_EXPORTED, organisation=org, detail={"rows": i})
    sign_in(client, manager.user)
    first = client.get(reverse("audit:index")).content.decode()
    assert f"Rows: {PAGE_SIZE + 4}<" in first and "Rows: 0<" not in first
    second = client.get(reverse("audit:index"), {"page": 2}).content.decode()
    assert "Rows: 0<" in second and 'rel="prev"' in second


def test_a_manager_checks_the_chain_and_the_check_is_recorded(client, log, manager):
    sign_in(client, manager.user)
    response = client.post(reverse("audit:check"), follow=True)
    assert "The audit log is intact" in response.content.decode()
    checked = AuditEvent.objects.get(action="audit.chain_checked")
    assert checked.organisation == log and checked.actor == manager.user
    assert checked.detail == {"result": "intact"}


def test_the_check_reports_an_altered_event(client, log, manager):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # as the table's owner could: switch the trigger off first
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET detail = '{}' WHERE sequence = 1")
    sign_in(client, manager.user)
    page = client.post(reverse("audit:check"), follow=True).content.decode()
    assert "found that an event was changed, removed or reordered" in page
    assert AuditEvent.objects.get(action="audit.chain_checked").detail == {"result": "problem found"}


def test_the_check_needs_post(client, log, manager):
    sign_in(client, manager.user)
    assert client.get(reverse("audit:check")).status_code == 405


def test_export_is_a_csv_of_this_organisation_and_is_itself_recorded(client, log, manager):
    sign_in(client, manager.user)
    response = client.get(reverse("audit:export"), {"action": "channel.retired"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["When (UTC)", "Action"]
    assert [row[1] for row in rows[1:]] == ["channel.retired"]
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.detail == {"filters": {"action": "channel.retired"}, "rows": 1}
    assert exported.actor == manager.user and exported.organisation == log


def test_export_cells_cannot_run_as_spreadsheet_formulas(client, org, manager):
    org.name = '=HYPERLINK("http://evil.example","Click")'  # a manager can name the organisation anything
    org.save()
    record(AuditEventType.ORGANISATION_SETTINGS_CHANGED, obj=org, organisation=org)
    sign_in(client, manager.user)
    rows = list(csv.reader(io.StringIO(client.get(reverse("audit:export")).content.decode())))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert csv_cell("+1") == "'+1" and csv_cell("@x") == "'@x" and csv_cell("plain") == "plain"


# Keys that are also names of a dict's methods: a template's `detail.items` would find the key first.
DICT_METHOD_KEYS = [
    "items",
    "keys",
    "values",
    "get",
    "pop",
    "copy",
    "update",
    "clear",
    "setdefault",
    "fromkeys",
]


def test_detail_pairs_reads_keys_named_like_dict_methods():
    detail = {key: key.upper() for key in DICT_METHOD_KEYS}
    assert detail_pairs(detail) == [(detail_label(key), key.upper()) for key in DICT_METHOD_KEYS]


@pytest.mark.parametrize("key", [key for key in DICT_METHOD_KEYS if key in DETAIL_KEYS])
def test_details_named_like_dict_methods_show_on_every_page(client, org, manager, dsl, key):
    record(
        AuditEventType.CHANNEL_PRIVACY_CHECKS_RECORDED,
        organisation=org,
        detail={"review": 7, key: ["visibility"]},
    )
    for i in range(PAGE_SIZE):  # pushes that event onto page 2
        record(
            AuditEventType.CHANNEL_PRIVACY_CHECKS_RECORDED,
            organisation=org,
            detail={key: f"value {i}", "review": i},
        )
    for member in (manager, dsl):
        sign_in(client, member.user)
        home = client.get(reverse("console:home"))
        assert home.status_code == 200 and reverse("audit:index") in home.content.decode()
        first = client.get(reverse("audit:index"))
        assert first.status_code == 200
        assert f"{detail_label(key)}: value {PAGE_SIZE - 1}<" in first.content.decode()
        second = client.get(reverse("audit:index"), {"page": 2})
        assert second.status_code == 200
        assert f"{detail_label(key)}: visibility<" in second.content.decode()
        client.logout()


def test_no_template_iterates_an_audit_detail_through_its_methods():
    """`{% for k, v in x.detail.items %}` breaks on a detail with an `items` key: use `|detail_pairs`."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "harbour"
    pattern = re.compile(r"detail\.(items|keys|values|get)\b")
    offenders = [str(path) for path in root.rglob("*.html") if pattern.search(path.read_text())]
    assert offenders == []
