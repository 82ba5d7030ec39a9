"""The concern pages (harbour/safeguarding/views.py): the leads' list and a raiser's receipts, raising by hand
(and the page for a member without the training), the concern with its evidence and record, adding to the
record, closing and reopening; who is refused, and that a concern nobody may read is a plain 404."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.safeguarding import services
from harbour.safeguarding.models import Concern, Entry, Source, Status
from tests.cast import active_channel, finding, give_training, make_item, make_member
from tests.test_untrusted_text_isolated import RLO, problems_in

pytestmark = pytest.mark.django_db

SUMMARY = "Says an older man from the gym keeps asking her to meet him alone"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def channel(org):
    return active_channel(org)


def raise_by_hand(org, by, **overrides):
    give_training(by, "raise_concerns")
    fields = {"summary": SUMMARY, "category": "grooming", "severity": 3, **overrides}
    return services.raise_concern(org, by=by, **fields)


def escalate(org, moderator, item, **overrides):
    fields = {"summary": SUMMARY, "category": "grooming", "severity": 4, "source": Source.ESCALATED}
    return services.raise_concern(org, by=moderator, item=item, **{**fields, **overrides})


def url(name, concern=None):
    return reverse(f"safeguarding:{name}", kwargs={"pk": concern.pk} if concern else None)


# The list


def test_a_lead_sees_open_concerns_first_immediate_danger_then_severity_then_newest(
    org, lead, moderator, client_for
):
    low = raise_by_hand(org, moderator, severity=1)
    high = raise_by_hand(org, moderator, severity=3)
    danger = raise_by_hand(org, moderator, severity=2, immediate_danger=True)
    newer_high = raise_by_hand(org, moderator, severity=3)
    closed = raise_by_hand(org, moderator, severity=4)
    services.close(closed, by=lead, version=0, outcome="Nothing more", reason="Checked")
    page = client_for(lead).get(url("index"))
    assert page.status_code == 200
    shown = [concern.pk for concern in page.context["page"].object_list]
    assert shown == [danger.pk, newer_high.pk, high.pk, low.pk, closed.pk]
    assert page.context["counts"] == {"open": 4, "unopened": 4, "closed": 1}
    assert "Raise a concern" in page.content.decode()


def test_a_lead_filters_by_status_category_and_severity(org, lead, moderator, client_for):
    grooming = raise_by_hand(org, moderator, severity=3)
    bullying = raise_by_hand(org, moderator, category="bullying", severity=2)
    client = client_for(lead)
    by_category = client.get(url("index"), {"category": "bullying"}).context["page"].object_list
    assert [c.pk for c in by_category] == [bullying.pk]
    by_severity = client.get(url("index"), {"severity": "3"}).context["page"].object_list
    assert [c.pk for c in by_severity] == [grooming.pk]
    assert not client.get(url("index"), {"status": "closed"}).context["page"].object_list


def test_the_leads_list_leads_to_young_people_referral_contacts_and_the_numbers(lead, client_for):
    page = client_for(lead).get(url("index")).content.decode()
    for name in ("young_people", "destinations", "counts", "retention"):
        assert f'href="{url(name)}"' in page, name


def test_the_list_leaves_out_an_allegation_about_the_lead_reading_it(org, lead, manager, client_for):
    about_lead = raise_by_hand(
        org, manager, category="allegation", summary="Messaged a young person privately", about_member=lead
    )
    other = raise_by_hand(org, manager)
    shown = [c.pk for c in client_for(lead).get(url("index")).context["page"].object_list]
    assert shown == [other.pk] and about_lead.pk not in shown


@pytest.mark.parametrize("role", ["manager", "moderator", "author", "reviewer", "viewer"])
def test_anyone_else_sees_only_receipts_of_what_they_raised(org, members, lead, role, client_for):
    member = members[role]
    mine = raise_by_hand(org, member)
    someone_elses = raise_by_hand(org, members["viewer" if role != "viewer" else "author"])
    services.open_concern(mine, by=lead)
    page = client_for(member).get(url("index"))
    body = page.content.decode()
    assert page.status_code == 200 and "Concerns you raised" in body
    assert list(page.context["receipts"]) == [mine]
    assert f"Concern #{mine.pk}" in body and f"Concern #{someone_elses.pk}" not in body
    assert "Sam Safeguarding" in body  # who received it
    assert SUMMARY not in body and "Grooming" not in body


def test_the_list_asks_a_lead_for_a_fresh_two_factor_check_and_a_raiser_not(org, lead, viewer, client_for):
    lead_client, viewer_client = client_for(lead), client_for(viewer)
    with time_machine.travel(timezone.now() + timedelta(minutes=30), tick=False):
        assert lead_client.get(url("index")).url.startswith(reverse("accounts:confirm_two_factor"))
        assert viewer_client.get(url("index")).status_code == 200


# Raising by hand


def test_a_trained_member_raises_a_concern_and_sees_only_its_receipt(org, viewer, lead, client_for):
    give_training(viewer, "raise_concerns")
    client = client_for(viewer)
    page = client.get(url("raise"))
    assert page.status_code == 200 and "call 999 now" in page.content.decode()
    response = client.post(
        url("raise"),
        {"category": "disclosure", "severity": "3", "summary": SUMMARY, "immediate_danger": "on"},
    )
    concern = Concern.objects.get()
    assert response.status_code == 302 and response.url == url("received", concern)
    assert (concern.raised_by, concern.source, concern.immediate_danger) == (viewer, "by_hand", True)
    receipt = client.get(response.url)
    body = receipt.content.decode()
    assert f"Concern #{concern.pk} received" in body and "Not opened by a safeguarding lead yet" in body
    assert SUMMARY not in body
    services.open_concern(concern, by=lead)
    assert "Sam Safeguarding" in client.get(response.url).content.decode()
    # The record itself stays closed to them.
    assert client.get(url("concern", concern)).status_code == 403


def test_raising_keeps_what_was_typed_and_says_what_is_missing(org, viewer, client_for):
    give_training(viewer, "raise_concerns")
    page = client_for(viewer).post(url("raise"), {"category": "bullying", "summary": SUMMARY})
    body = page.content.decode()
    assert page.status_code == 200 and "Choose how serious it is" in body and SUMMARY in body
    assert not Concern.objects.exists()


def test_an_allegation_may_name_a_member_and_nothing_else_may(org, viewer, moderator, lead, client_for):
    give_training(viewer, "raise_concerns")
    client = client_for(viewer)
    fields = {"severity": "2", "summary": "Adds young people as friends on his own account"}
    refused = client.post(url("raise"), {**fields, "category": "bullying", "about_member": moderator.pk})
    assert "Name a member only for an allegation" in refused.content.decode()
    client.post(url("raise"), {**fields, "category": "low_level", "about_member": moderator.pk})
    concern = Concern.objects.get()
    assert concern.about_member == moderator
    assert client_for(moderator).get(url("received", concern)).status_code == 404


def test_an_untrained_member_is_told_to_tell_a_lead_directly_now(org, viewer, lead, client_for):
    client = client_for(viewer)
    for response in (client.get(url("raise")), client.post(url("raise"), {"summary": SUMMARY})):
        body = response.content.decode()
        assert response.status_code == 200 and "Tell a safeguarding lead now" in body
        assert "call 999 now" in body and "0800 1111" in body
        assert "Sam Safeguarding" in body and "sam.dsl@example.org" in body
    assert not Concern.objects.exists()


def test_a_receipt_is_only_for_its_raiser(org, viewer, author, lead, client_for):
    concern = raise_by_hand(org, viewer)
    assert client_for(author).get(url("received", concern)).status_code == 404
    assert client_for(lead).get(url("received", concern)).status_code == 404


# The concern


def test_a_lead_opens_a_concern_with_its_evidence_and_the_opening_is_audited(
    org, lead, moderator, channel, client_for
):
    root = make_item(channel, "Anyone going to the match?", kind="post", thread_id="t9")
    item = make_item(
        channel,
        "<b>meet me</b> after, don't tell your mum",
        thread_id="t9",
        parent_id=root.platform_id,
        url="https://bsky.app/profile/x/post/1",
        findings=[finding("grooming", 4, reason="Asks to keep a secret from a parent")],
        media=[{"url": "https://cdn.example/secret.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )
    concern = escalate(org, moderator, item, immediate_danger=True)
    page = client_for(lead).get(url("concern", concern))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("call 999 now") < body.index(SUMMARY)
    assert "&lt;b&gt;meet me&lt;/b&gt;" in body and "<b>meet me" not in body
    assert "Media withheld (1)" in body and "cdn.example" not in body
    assert f"{item.get_kind_display()} on <bdi>" in body  # "Direct message", never "direct_message"
    # The title goes into the browser's history: the concern's number, not what it is about.
    assert body.split("<title>", 1)[1].split("</title>", 1)[0].startswith(f"Concern #{concern.pk} –")
    assert f'href="{reverse("safeguarding:retention_hold", args=[concern.pk])}"' in body  # the legal hold
    # The post's own link shows its media: it waits, with the media, for a lead's reason (open_media).
    assert (
        'href="https://bsky.app/profile/x/post/1"' not in body and "Kept back, as the post has media" in body
    )
    assert concern.evidence.get().sha256 in body
    assert "Asks to keep a secret from a parent" in body
    assert "The thread around it (1 post)" in body and "Anyone going to the match?" in body
    assert AuditEvent.objects.filter(action="safeguarding.concern_viewed", object_id=str(concern.pk)).exists()
    concern.refresh_from_db()
    assert concern.first_opened_by == lead


def test_a_link_to_the_post_is_shown_only_for_a_web_address(org, lead, moderator, channel, client_for):
    item = make_item(channel, "text", url="javascript:alert(1)")
    concern = escalate(org, moderator, item)
    body = client_for(lead).get(url("concern", concern)).content.decode()
    assert "javascript:alert" not in body and "No link kept" in body


def test_a_concern_page_needs_a_fresh_two_factor_check(org, lead, moderator, channel, client_for):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    client = client_for(lead)
    with time_machine.travel(timezone.now() + timedelta(minutes=30), tick=False):
        for name in ("concern", "add_entry", "close"):
            response = client.get(url(name, concern))
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("accounts:confirm_two_factor")), name
    assert not AuditEvent.objects.filter(action="safeguarding.concern_viewed").exists()


def test_a_concern_the_lead_may_not_read_is_a_404_on_every_page(org, lead, manager, client_for):
    about_lead = raise_by_hand(org, manager, category="allegation", summary="x", about_member=lead)
    client = client_for(lead)
    for name in ("concern", "add_entry", "close", "reopen"):
        assert client.get(url(name, about_lead)).status_code == 404, name
        assert client.post(url(name, about_lead), {"reason": "r", "version": 0}).status_code in (404, 405), (
            name
        )
    assert not Entry.objects.exists() and Concern.objects.get().status == Status.OPEN


@pytest.mark.parametrize("role", ["manager", "moderator", "author", "reviewer", "viewer"])
def test_other_roles_are_refused_the_concern_pages(org, members, lead, role, client_for):
    concern = raise_by_hand(org, members[role])
    client = client_for(members[role])
    for name in ("concern", "add_entry", "close", "reopen"):
        assert client.get(url(name, concern)).status_code == 403, name


# The record


def test_a_lead_adds_a_backdated_entry_and_it_sits_in_date_order(org, lead, moderator, channel, client_for):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    client = client_for(lead)
    form = client.get(url("add_entry", concern)).context["form"]
    today = timezone.localdate()
    assert form.initial["happened_on"] == today and form.initial["version"] == 0
    services.add_entry(concern, by=lead, version=0, kind="action", text="Rang her youth worker")
    yesterday = today - timedelta(days=1)
    response = client.post(
        url("add_entry", concern),
        {
            "kind": "discussion",
            "text": "Talked to the club leader",
            "happened_on-day": yesterday.day,
            "happened_on-month": yesterday.month,
            "happened_on-year": yesterday.year,
            "happened_at": "10:15",
            "version": 1,
        },
    )
    assert response.status_code == 302 and response.url == url("concern", concern)
    texts = [entry.text for entry in concern.entries.all()]
    assert texts == ["Talked to the club leader", "Rang her youth worker"]
    body = client.get(url("concern", concern)).content.decode()
    assert body.index("Talked to the club leader") < body.index("Rang her youth worker")


def entry_fields(**overrides):
    now = timezone.localtime()
    return {
        "kind": "note",
        "text": "Spoke to mum on the phone",
        "happened_on-day": now.day,
        "happened_on-month": now.month,
        "happened_on-year": now.year,
        "happened_at": f"{now:%H:%M}",
        "version": 0,
        **overrides,
    }


def test_a_decision_needs_its_reason_and_the_future_is_refused(org, lead, moderator, channel, client_for):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    client = client_for(lead)
    page = client.post(url("add_entry", concern), entry_fields(kind="decision", text="Refer to social care"))
    assert "Enter the reason for the decision" in page.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.post(
        url("add_entry", concern),
        entry_fields(**{"happened_on-day": tomorrow.day, "happened_on-month": tomorrow.month,
                        "happened_on-year": tomorrow.year}),
    )  # fmt: skip
    assert "cannot be in the future" in page.content.decode()
    assert not Entry.objects.exists()


def test_a_second_lead_writing_at_once_is_told_and_keeps_what_they_typed(
    org, lead, moderator, channel, client_for
):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    other_lead = make_member(org, "safeguarding_lead", "sol@example.org", "Sol Second")
    services.add_entry(concern, by=other_lead, version=0, kind="note", text="Called the school")
    client = client_for(lead)
    page = client.post(url("add_entry", concern), entry_fields(text="Spoke to her dad"))
    body = page.content.decode()
    assert page.status_code == 200 and "Someone else added to this concern" in body
    assert "Spoke to her dad" in body and "Read Concern #" in body
    assert page.context["form"].data["version"] == "1"
    again = client.post(url("add_entry", concern), dict(page.context["form"].data.items()))
    assert again.status_code == 302
    assert sorted(e.text for e in concern.entries.all()) == ["Called the school", "Spoke to her dad"]


def test_a_lead_closes_with_an_outcome_and_a_reason_and_reopens_with_a_reason(
    org, lead, moderator, channel, client_for
):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    client = client_for(lead)
    page = client.post(url("close", concern), {"outcome": "Referred to social care", "version": 0})
    assert "Enter the reason for the outcome" in page.content.decode()
    assert "Referred to social care" in page.content.decode()
    response = client.post(
        url("close", concern),
        {"outcome": "Referred to social care", "reason": "They allocated a worker", "version": 0},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED
    body = client.get(url("concern", concern)).content.decode()
    assert "They allocated a worker" in body and "Reopen" in body and "Add to the record" not in body
    refused = client.post(url("close", concern), {"outcome": "again", "reason": "again", "version": 1})
    assert "already closed" in refused.content.decode()
    assert client.post(url("reopen", concern), {"reason": "", "version": 1}).status_code == 200
    response = client.post(url("reopen", concern), {"reason": "She has messaged again", "version": 1})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.OPEN
    assert [e.kind for e in concern.entries.all()] == ["outcome", "reopened"]


def test_another_organisations_lead_gets_404_and_a_refusal_is_audited(
    org, other_org, moderator, channel, client_for
):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    elsewhere = make_member(other_org, "safeguarding_lead", "lee@elsewhere.example", "Lee Elsewhere")
    response = client_for(elsewhere).get(url("concern", concern))
    assert response.status_code == 404 and SUMMARY not in response.content.decode()
    assert AuditEvent.objects.filter(action="security.other_organisation").exists()


def test_every_concern_page_isolates_what_people_typed(org, lead, moderator, channel, client_for):
    """tests/test_untrusted_text_isolated.py walks the pages as a manager, who cannot read a concern: the
    same check here, as the lead and the raiser."""
    hostile = f"call {RLO}321 009 00770 now"
    channel.name = f"Club {RLO}deef"
    channel.save()
    moderator.user.full_name = f"Mo {RLO}rotaredom"
    moderator.user.save()
    root = make_item(channel, hostile, thread_id="t", author_display_name=f"Kid {RLO}eman")
    item = make_item(
        channel, hostile, thread_id="t", author_display_name=f"Kid {RLO}eman", author_handle=f"@{RLO}dik",
        url=f"https://bsky.app/{RLO}x", findings=[finding("grooming", 4)],
    )  # fmt: skip
    concern = escalate(org, moderator, item, summary=hostile)
    assert root.text == hostile
    services.add_entry(concern, by=lead, version=0, kind="decision", text=hostile, reason=hostile)
    lead_client = client_for(lead)
    pages = [url("index"), url("concern", concern), url("add_entry", concern), url("close", concern)]
    problems = []
    for path in pages:
        html = lead_client.get(path).content.decode()
        assert RLO in html or path != url("concern", concern)
        problems += [f"{path}: {problem}" for problem in problems_in(html)]
    give_training(moderator, "raise_concerns")
    own = services.raise_concern(org, by=moderator, summary=hostile, category="bullying", severity=2)
    services.open_concern(own, by=lead)
    lead.user.full_name = f"Sam {RLO}dsl"
    lead.user.save()
    for path in (url("index"), url("received", own), url("raise")):
        html = client_for(moderator).get(path).content.decode()
        problems += [f"{path}: {problem}" for problem in problems_in(html)]
    assert not problems, "\n".join(problems)


def test_every_member_who_can_raise_finds_safeguarding_in_the_navigation(org, members, client_for):
    for role, member in members.items():
        page = client_for(member).get(reverse("console:home"))
        assert 'href="/safeguarding/"' in page.content.decode(), role


def test_evidence_names_a_post_kind_in_words():
    from harbour.safeguarding.views import _post

    assert _post({"kind": "direct_message"})["kind"] == "Direct message"
    assert _post({"kind": "retired_kind"})["kind"] == "retired_kind"  # as stored, if no longer known
