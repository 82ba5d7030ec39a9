"""The referral pages (harbour/safeguarding/referral_views.py): the picker on the concern page, recording a
referral and its reference, and opening a post's withheld media on the platform (only a lead, with a reason,
recorded and audited, never fetched); who is refused, and that a concern nobody may read is a plain 404."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.safeguarding import destinations, services
from harbour.safeguarding.models import Entry, EntryKind, Evidence, Referral, Source
from tests.cast import active_channel, give_training, make_item, make_member

pytestmark = pytest.mark.django_db

SUMMARY = "Sent a nude picture of herself to a boy in her year, who has shared it"
POST_URL = "https://bsky.app/profile/pupil.example/post/3kx"
MEDIA_URL = "https://cdn.bsky.example/img/secret.jpg"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def concern(org, moderator, lead):
    destinations.add_derby_and_derbyshire(org, by=lead)
    item = make_item(
        active_channel(org),
        "look at what she sent",
        url=POST_URL,
        media=[{"url": MEDIA_URL, "alt_text": "", "mime_type": "image/jpeg"}],
    )
    return services.raise_concern(
        org, by=moderator, item=item, summary=SUMMARY, category="nude_images", severity=4,
        source=Source.ESCALATED,
    )  # fmt: skip


def url(name, concern, **more):
    return reverse(f"safeguarding:{name}", kwargs={"pk": concern.pk, **more})


def referral_post(destination, **overrides):
    now = timezone.localtime() - timedelta(minutes=5)
    return {
        "version": "0",
        "destination": str(destination.pk),
        "made_on-day": str(now.day),
        "made_on-month": str(now.month),
        "made_on-year": str(now.year),
        "made_at": now.strftime("%H:%M"),
        "shared": "The post's address and her first name",
        "lawful_basis": "safeguarding",
        "reason": "An image of a child is being shared",
        "reference": "",
        **overrides,
    }


def contact(org, kind):
    return destinations.active_destinations(org.pk).get(kind=kind)


# The picker on the concern page


def test_the_concern_page_shows_the_picker_first_things_first_with_the_organisations_contacts(
    org, lead, concern, client_for
):
    page = client_for(lead).get(url("concern", concern)).content.decode()
    police_or_ceop = page.index("Police or CEOP now")
    assert police_or_ceop < page.index("Help the young person use Report Remove") < page.index("to the IWF")
    assert "CEOP Safety Centre" in page and POST_URL in page and MEDIA_URL not in page
    assert (
        reverse("safeguarding:refer", kwargs={"pk": concern.pk}) + f"?destination={contact(org, 'ceop').pk}"
        in page
    )
    assert "Is an adult involved, or might one be?" in page and "What you can say to the young person" in page


def test_the_lead_says_no_adult_is_involved_and_report_remove_comes_first(org, lead, concern, client_for):
    page = client_for(lead).get(url("concern", concern), {"adult": "no"}).content.decode()
    assert "Police or CEOP now" not in page
    assert page.index("Help the young person use Report Remove") < page.index("to the IWF")


def test_a_suggestion_without_a_contact_links_to_adding_one(org, lead, moderator, client_for):
    give_training(moderator, "raise_concerns")
    bare = services.raise_concern(org, by=moderator, summary=SUMMARY, category="allegation", severity=3)
    page = client_for(lead).get(url("concern", bare)).content.decode()
    assert "The LADO, within one working day" in page
    assert reverse("safeguarding:destination_add") + "?kind=lado" in page


# Recording a referral


def test_a_lead_records_a_referral_from_the_picker_and_adds_the_reference_later(
    org, lead, concern, client_for
):
    client = client_for(lead)
    ceop = contact(org, "ceop")
    form = client.get(url("refer", concern), {"destination": ceop.pk})
    assert form.status_code == 200 and form.context["form"].initial["destination"] == ceop.pk
    response = client.post(url("refer", concern), referral_post(ceop))
    assert response.status_code == 302 and response["Location"].endswith(
        f"/safeguarding/{concern.pk}/#referrals"
    )
    referral = Referral.objects.get()
    assert (referral.destination_name, referral.lawful_basis, referral.reference) == (
        "CEOP Safety Centre", "safeguarding", "",
    )  # fmt: skip
    page = client.get(url("concern", concern)).content.decode()
    assert "The post&#x27;s address and her first name" in page and "Add the reference" in page
    client.post(url("add_reference", concern, referral_pk=referral.pk), {"reference": "CEOP-2026-118"})
    referral.refresh_from_db()
    assert referral.reference == "CEOP-2026-118"
    again = client.post(url("add_reference", concern, referral_pk=referral.pk), {"reference": "other"})
    assert again.status_code == 400 and "already has its reference" in again.content.decode()


def test_a_refused_referral_keeps_what_was_typed(org, lead, concern, client_for):
    client = client_for(lead)
    police = contact(org, "police")
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        url("refer", concern),
        referral_post(police, **{"made_on-day": str(future.day), "made_on-month": str(future.month),
                                 "made_on-year": str(future.year), "shared": "Kept words"}),
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400 and "must be in the past" in body and "Kept words" in body
    missing = client.post(url("refer", concern), referral_post(police, lawful_basis="", reason=""))
    assert "Choose the lawful basis for sharing" in missing.content.decode()
    assert "Enter why you referred it" in missing.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_written_on_an_old_page_is_refused_and_can_be_sent_again(org, lead, concern, client_for):
    client = client_for(lead)
    services.add_entry(concern, by=lead, version=0, kind="note", text="Spoke to her mum")
    police = contact(org, "police")
    stale = client.post(url("refer", concern), referral_post(police, shared="Typed before the note"))
    body = stale.content.decode()
    assert "Someone else added to this concern" in body and "Typed before the note" in body
    assert stale.context["form"].data["version"] == "1"
    assert not Referral.objects.exists()
    assert client.post(url("refer", concern), stale.context["form"].data).status_code == 302
    assert Referral.objects.get().shared == "Typed before the note"


def test_another_organisations_contact_cannot_be_chosen(org, other_org, lead, concern, client_for):
    from harbour.safeguarding.models import Destination

    theirs = Destination.objects.create(organisation=other_org, kind="police", name="Elsewhere police")
    response = client_for(lead).post(url("refer", concern), referral_post(theirs))
    assert "Choose one of your organisation&#x27;s referral contacts" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_to_another_concerns_referral_is_a_404(org, lead, moderator, concern, client_for):
    services.record_referral(
        concern, by=lead, version=0, destination=contact(org, "police"), made_at=timezone.now(),
        shared="x", lawful_basis="safeguarding", reason="y",
    )  # fmt: skip
    give_training(moderator, "raise_concerns")
    other = services.raise_concern(org, by=moderator, summary="Another", category="bullying", severity=2)
    referral = Referral.objects.get()
    response = client_for(lead).get(url("add_reference", other, referral_pk=referral.pk))
    assert response.status_code == 404


# Opening media on the platform


def test_a_lead_opens_the_media_on_the_platform_only_after_recording_a_reason(lead, concern, client_for):
    client = client_for(lead)
    evidence = Evidence.objects.get(concern=concern)
    page = client.get(url("open_media", concern, evidence_pk=evidence.pk))
    body = page.content.decode()
    assert page.status_code == 200 and "never download, screenshot, copy" in body
    assert POST_URL not in body and MEDIA_URL not in body and "<img" not in body
    refused = client.post(url("open_media", concern, evidence_pk=evidence.pk), {"reason": " "})
    assert (
        refused.status_code == 400
        and "Enter why you need to see the images or video" in refused.content.decode()
    )
    assert not Entry.objects.filter(kind=EntryKind.MEDIA_OPENED).exists()

    reason = "The police asked whether the image shows her school uniform"
    opened = client.post(url("open_media", concern, evidence_pk=evidence.pk), {"reason": reason})
    body = opened.content.decode()
    assert (
        opened.status_code == 200
        and f'href="{POST_URL}"' in body
        and 'rel="noopener noreferrer external"' in body
    )
    assert MEDIA_URL not in body and "<img" not in body
    entry = Entry.objects.get(kind=EntryKind.MEDIA_OPENED)
    assert (entry.reason, entry.recorded_by) == (reason, lead)
    event = AuditEvent.objects.get(action="safeguarding.media_opened")
    assert event.detail == {"evidence": evidence.pk} and event.object_label == f"Concern #{concern.pk}"
    assert reason not in json.dumps([event.object_label, event.detail])


def test_opening_media_fetches_nothing(lead, concern, client_for, monkeypatch):
    """Harbour never fetches, proxies or copies the media: no outgoing request while opening it."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("Harbour tried to reach the network while opening media")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    evidence = Evidence.objects.get(concern=concern)
    response = client_for(lead).post(
        url("open_media", concern, evidence_pk=evidence.pk), {"reason": "Needed"}
    )
    assert response.status_code == 200


def test_the_concern_page_offers_opening_withheld_media_through_the_reason_page(lead, concern, client_for):
    evidence = Evidence.objects.get(concern=concern)
    page = client_for(lead).get(url("concern", concern)).content.decode()
    assert url("open_media", concern, evidence_pk=evidence.pk) in page and MEDIA_URL not in page
    # Not the post's own link either: the media is on that page, so it waits for the lead's reason too.
    assert f'href="{POST_URL}"' not in page and "Kept back, as the post has media" in page


def test_a_post_without_media_has_nothing_to_open(org, lead, moderator, client_for):
    item = make_item(active_channel(org), "plain words", url=POST_URL)
    plain = services.raise_concern(
        org,
        by=moderator,
        item=item,
        summary=SUMMARY,
        category="bullying",
        severity=2,
        source=Source.ESCALATED,
    )
    evidence = Evidence.objects.get(concern=plain)
    assert f'href="{POST_URL}"' in client_for(lead).get(url("concern", plain)).content.decode()
    assert client_for(lead).get(url("open_media", plain, evidence_pk=evidence.pk)).status_code == 404
    with pytest.raises(ValueError, match="nothing to open"):
        services.record_media_opened(evidence, by=lead, reason="Curious")


def test_the_service_refuses_anyone_who_may_not_read_the_concern(org, members, concern):
    from harbour.accounts.access import NotAllowed

    evidence = Evidence.objects.get(concern=concern)
    for role in ("manager", "moderator", "author", "reviewer", "viewer"):
        with pytest.raises(NotAllowed):
            services.record_media_opened(evidence, by=members[role], reason="Because")
    assert not Entry.objects.filter(kind=EntryKind.MEDIA_OPENED).exists()


# Who is refused


def test_other_roles_get_403_and_a_lead_named_in_an_allegation_gets_404(
    org, members, lead, manager, client_for
):
    give_training(manager, "raise_concerns")
    about_lead = services.raise_concern(
        org, by=manager, summary="Messaged a pupil from a personal account", category="allegation", severity=3,
        about_member=lead,
    )  # fmt: skip
    for role in ("manager", "moderator", "author", "reviewer", "viewer"):
        assert client_for(members[role]).get(url("refer", about_lead)).status_code == 403, role
    assert client_for(lead).get(url("refer", about_lead)).status_code == 404
    other_lead = make_member(org, "safeguarding_lead", "sol@example.org", "Sol Second")
    give_training(other_lead, "handle_concerns")
    assert client_for(other_lead).get(url("refer", about_lead)).status_code == 200


def test_another_organisations_lead_gets_404(org, other_org, concern, client_for):
    elsewhere = make_member(other_org, "safeguarding_lead", "lee@elsewhere.example", "Lee Elsewhere")
    give_training(elsewhere, "handle_concerns")
    evidence = Evidence.objects.get(concern=concern)
    client = client_for(elsewhere)
    assert client.get(url("refer", concern)).status_code == 404
    assert client.get(url("open_media", concern, evidence_pk=evidence.pk)).status_code == 404
    assert (
        client.post(url("open_media", concern, evidence_pk=evidence.pk), {"reason": "x"}).status_code == 404
    )
    assert not Entry.objects.filter(kind=EntryKind.MEDIA_OPENED).exists()


def test_the_referral_and_media_pages_need_a_recent_two_factor_check(lead, concern, client_for):
    client = client_for(lead)
    evidence = Evidence.objects.get(concern=concern)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        client.force_login(lead.user)
        for page in (url("refer", concern), url("open_media", concern, evidence_pk=evidence.pk)):
            response = client.get(page)
            assert response.status_code == 302, page
            assert response["Location"].startswith(reverse("accounts:confirm_two_factor")), response[
                "Location"
            ]


def test_view_modules_named_like_referral_views_write_nothing_themselves():
    """tests/test_service_convention.py reads views.py and views/; a view module named *_views.py (these
    pages, the young people's) is held to the same rule here."""
    from pathlib import Path

    from tests.test_service_convention import orm_writes

    harbour = Path(__file__).resolve().parents[2] / "harbour"
    modules = sorted(harbour.glob("*/*_views.py"))
    assert harbour / "safeguarding" / "referral_views.py" in modules
    problems = [
        f"{path.relative_to(harbour)}:{line} calls .{method}(): move the write into a service"
        for path in modules
        for line, method in orm_writes(path.read_text())
    ]
    assert not problems, "\n".join(problems)
