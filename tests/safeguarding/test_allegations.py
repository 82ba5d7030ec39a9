"""Allegations about staff and low-level concerns about adults: hidden from the member they name, whatever
that member's role (a lead or a manager named in one included), and the LADO referral's timer on the
concern page (safeguarding/_allegation.html) for the other leads."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Capability, Role
from harbour.safeguarding import people, services
from harbour.safeguarding.models import Category, Concern, Destination, DestinationKind
from tests.cast import give_training, make_member, sign_in

pytestmark = pytest.mark.django_db

ALLEGATION = "Sent a pupil private messages from a personal account late at night"
LOW_LEVEL = "Keeps giving one young person lifts home alone"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def raiser(viewer):
    give_training(viewer, "raise_concerns")
    return viewer


def about(org, raiser, member, *, category=Category.ALLEGATION, summary=ALLEGATION, severity=3):
    return services.raise_concern(
        org, by=raiser, summary=summary, category=category, severity=severity, about_member=member
    )


def pages_for(member, concerns, young_person) -> list[str]:
    """Every page where the concern, or a trace of it, could show for `member`."""
    pages = [reverse("console:home"), reverse("safeguarding:index"), reverse("safeguarding:young_people")]
    if member.can(Capability.READ_AUDIT):
        pages.append(reverse("audit:index"))
    if member.can(Capability.COUNT_CONCERNS):
        pages.append(reverse("safeguarding:counts"))
    for concern in concerns:
        for name in ("concern", "add_entry", "close", "received", "young_person_link"):
            pages.append(reverse(f"safeguarding:{name}", kwargs={"pk": concern.pk}))
    pages.append(reverse("safeguarding:chronology", kwargs={"pk": young_person.pk}))
    return pages


@pytest.mark.parametrize("role", Role.values)
def test_the_member_an_allegation_names_never_sees_it_whatever_their_role(org, lead, raiser, role):
    named = make_member(org, role, f"named.{role}@example.org", f"Named {role}")
    give_training(named, "handle_concerns", "raise_concerns", "moderate")
    allegation = about(org, raiser, named, severity=4)
    low_level = about(org, raiser, named, category=Category.LOW_LEVEL, summary=LOW_LEVEL, severity=1)
    young_person = people.add_young_person(org, by=lead, name="Casey Jones")
    for concern in (allegation, low_level):
        services.link_young_person(concern, by=lead, young_person=young_person)
    client = sign_in(Client(), named.user)
    for page in pages_for(named, (allegation, low_level), young_person):
        response = client.get(page)
        body = response.content.decode()
        assert response.status_code in (200, 403, 404), (page, response.status_code)
        assert ALLEGATION not in body and LOW_LEVEL not in body, page
        for concern in (allegation, low_level):
            assert reverse("safeguarding:concern", kwargs={"pk": concern.pk}) not in body, page
        if page.startswith(reverse("safeguarding:concern", kwargs={"pk": allegation.pk})):
            assert response.status_code in (403, 404)
    for concern in (allegation, low_level):
        for name in ("young_person_link", "close", "add_entry"):
            response = client.post(
                reverse(f"safeguarding:{name}", kwargs={"pk": concern.pk}), {"young_person": "nobody"}
            )
            assert response.status_code in (403, 404), (name, response.status_code)
    assert Concern.objects.filter(young_person=young_person).count() == 2
    assert not any(named.user.email in message.to for message in mail.outbox)

    other_lead = sign_in(Client(), lead.user)
    page = other_lead.get(reverse("safeguarding:concern", kwargs={"pk": allegation.pk})).content.decode()
    assert ALLEGATION in page and f"Named {role}" in page and "LADO referral due" in page
    chronology = other_lead.get(
        reverse("safeguarding:chronology", kwargs={"pk": young_person.pk})
    ).content.decode()
    assert ALLEGATION in chronology and LOW_LEVEL in chronology


def test_the_lado_timer_is_red_when_overdue_until_a_lado_referral_is_recorded(
    org, lead, raiser, manager, client_for
):
    allegation = about(org, raiser, manager)
    Concern.objects.filter(pk=allegation.pk).update(raised_at=timezone.now() - datetime.timedelta(days=5))
    page_url = reverse("safeguarding:concern", kwargs={"pk": allegation.pk})
    client = client_for(lead)
    page = client.get(page_url).content.decode()
    assert 'govuk-tag--red">LADO referral overdue' in page
    lado = Destination.objects.create(organisation=org, kind=DestinationKind.LADO, name="Derby City LADO")
    services.record_referral(
        allegation, by=lead, version=0, destination=lado, made_at=timezone.now(), shared="The messages",
        lawful_basis="safeguarding", reason="An allegation about staff",
    )  # fmt: skip
    page = client.get(page_url).content.decode()
    assert (
        "LADO referral overdue" not in page and "Referred to the LADO" in page and "after it was due" in page
    )


def test_the_lado_timer_counts_down_within_the_working_day(org, lead, raiser, manager, client_for):
    friday = timezone.make_aware(datetime.datetime(2026, 12, 4, 16, 0))
    with time_machine.travel(friday, tick=False):
        allegation = about(org, raiser, manager)
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 12, 7, 20, 0)), tick=False):
        page = (
            client_for(lead)
            .get(reverse("safeguarding:concern", kwargs={"pk": allegation.pk}))
            .content.decode()
        )
    assert "LADO referral due" in page and "Monday 7 December 2026" in page and "4 hours left" in page


def test_a_low_level_concern_is_recorded_without_a_lado_timer(org, lead, raiser, manager, client_for):
    low_level = about(org, raiser, manager, category=Category.LOW_LEVEL, summary=LOW_LEVEL, severity=1)
    page = client_for(lead).get(reverse("safeguarding:concern", kwargs={"pk": low_level.pk})).content.decode()
    assert "Low-level concern about an adult" in page and "no LADO referral is due" in page
    assert "LADO referral due" not in page
