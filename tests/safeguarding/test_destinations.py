"""The referral contacts (harbour/safeguarding/destinations.py and its pages): only safeguarding leads list, add,
change and retire them, each change audited; the Derby and Derbyshire starter set gives only verified numbers
and says which are still to confirm (docs/safeguarding.md section 2)."""

import pytest
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.safeguarding import destinations
from harbour.safeguarding.destinations import DERBY_AND_DERBYSHIRE
from harbour.safeguarding.models import Destination, DestinationKind
from tests.cast import give_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="safeguarding.destination")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_a_lead_adds_changes_retires_and_restores_a_contact_each_audited(org, lead):
    added = destinations.add_destination(
        org, by=lead, kind="lado", name="City LADO", phone="01332 000000", url="https://lado.example"
    )
    destinations.change_destination(added, by=lead, phone="01332 111111")
    destinations.change_destination(added, by=lead, phone="01332 111111")  # nothing changed: no event
    destinations.set_destination_active(added, False, by=lead)
    destinations.set_destination_active(added, True, by=lead)
    added.refresh_from_db()
    assert (added.phone, added.active) == ("01332 111111", True)
    assert actions() == [
        "safeguarding.destination_added",
        "safeguarding.destination_changed",
        "safeguarding.destination_retired",
        "safeguarding.destination_restored",
    ]
    changed = AuditEvent.objects.get(action="safeguarding.destination_changed")
    assert changed.detail == {"changed": ["phone"]}


def test_only_a_lead_of_the_organisation_changes_its_contacts(org, members, lead, outsider):
    for role in ("manager", "moderator", "author", "reviewer", "viewer"):
        with pytest.raises(NotAllowed, match="Only a safeguarding lead"):
            destinations.add_destination(org, by=members[role], kind="police", name="Police")
    ours = destinations.add_destination(org, by=lead, kind="police", name="Police")
    give_training(outsider, "handle_concerns")
    with pytest.raises(NotAllowed):
        destinations.change_destination(ours, by=outsider, name="Changed")
    with pytest.raises(NotAllowed):
        destinations.set_destination_active(ours, False, by=members["manager"])
    with pytest.raises(NotAllowed):
        destinations.add_derby_and_derbyshire(org, by=members["manager"])
    assert Destination.objects.get().name == "Police"


def test_a_contact_needs_a_kind_a_name_and_real_addresses(org, lead):
    with pytest.raises(ValueError, match="what kind"):
        destinations.add_destination(org, by=lead, kind="astrologer", name="x")
    with pytest.raises(ValueError, match="name"):
        destinations.add_destination(org, by=lead, kind="police", name=" ")
    with pytest.raises(ValueError, match="real e-mail address"):
        destinations.add_destination(org, by=lead, kind="police", name="Police", url="javascript:alert(1)")
    assert not Destination.objects.exists()


def test_the_derby_and_derbyshire_set_is_added_once(org, lead):
    assert destinations.add_derby_and_derbyshire(org, by=lead) == len(DERBY_AND_DERBYSHIRE)
    assert destinations.add_derby_and_derbyshire(org, by=lead) == 0
    assert Destination.objects.for_org(org).count() == len(DERBY_AND_DERBYSHIRE)
    assert AuditEvent.objects.get(action="safeguarding.destinations_starters_added").detail == {
        "rows": len(DERBY_AND_DERBYSHIRE)
    }


def test_the_derby_set_has_the_verified_numbers_and_leaves_the_unverified_ones_to_confirm():
    by_name = {contact.name: contact for contact in DERBY_AND_DERBYSHIRE}
    front_door = by_name["Derby City Children's Social Care: Initial Response Team"]
    assert front_door.phone == "01332 641172"
    # The out-of-hours number is unverified (docs/safeguarding.md section 2): it is not given, and said so.
    assert "01332 786968" not in repr(DERBY_AND_DERBYSHIRE) and "unverified" in front_door.notes
    lado = next(contact for contact in DERBY_AND_DERBYSHIRE if contact.kind == DestinationKind.LADO)
    assert lado.phone == "" and "Number to confirm" in lado.notes
    assert "to confirm" in by_name["Safe and Sound (Derby)"].notes
    assert (
        by_name["Internet Watch Foundation"].phone == ""
        and "web address only" in by_name["Internet Watch Foundation"].notes
    )
    kinds = {contact.kind for contact in DERBY_AND_DERBYSHIRE}
    for needed in ("childrens_social_care", "partnership", "police_emergency", "police", "ceop", "iwf",
                   "report_harmful_content", "lado", "report_remove", "exploitation_service", "platform"):  # fmt: skip
        assert needed in kinds, needed


# The pages


def test_a_lead_lists_adds_changes_and_retires_contacts_on_the_pages(org, lead, client_for):
    client = client_for(lead)
    page = client.get(reverse("safeguarding:destinations"))
    assert page.status_code == 200 and "Add the Derby and Derbyshire contacts" in page.content.decode()
    form = client.get(reverse("safeguarding:destination_add"), {"kind": "lado"})
    assert form.context["form"].initial["kind"] == "lado"
    refused = client.post(reverse("safeguarding:destination_add"), {"kind": "lado", "name": ""})
    assert refused.status_code == 400 and "Enter the contact&#x27;s name" in refused.content.decode()
    response = client.post(
        reverse("safeguarding:destination_add"),
        {
            "kind": "lado",
            "name": "City LADO",
            "phone": "",
            "email": "lado@example.org",
            "url": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    lado = Destination.objects.get()
    client.post(
        reverse("safeguarding:destination_edit", kwargs={"pk": lado.pk}),
        {
            "kind": "lado",
            "name": "Derby LADO",
            "phone": "",
            "email": "lado@example.org",
            "url": "",
            "notes": "",
        },
    )
    client.post(reverse("safeguarding:destination_active", kwargs={"pk": lado.pk}), {"active": "0"})
    lado.refresh_from_db()
    assert (lado.name, lado.active) == ("Derby LADO", False)
    listed = client.get(reverse("safeguarding:destinations")).content.decode()
    assert "Retired" in listed and "Use again" in listed


def test_the_starter_button_adds_the_derby_and_derbyshire_contacts(org, lead, client_for):
    client = client_for(lead)
    client.post(reverse("safeguarding:destination_starters"))
    assert Destination.objects.for_org(org).count() == len(DERBY_AND_DERBYSHIRE)
    page = client.get(reverse("safeguarding:destinations")).content.decode()
    assert "Add the Derby and Derbyshire contacts" not in page and "01332 641172" in page


def test_other_roles_are_refused_the_contacts_pages(org, members, client_for):
    for role in ("manager", "moderator", "author", "reviewer", "viewer"):
        assert client_for(members[role]).get(reverse("safeguarding:destinations")).status_code == 403, role


def test_another_organisations_contact_is_a_404(org, other_org, lead, client_for):
    theirs = Destination.objects.create(organisation=other_org, kind="police", name="Their police")
    client = client_for(lead)
    assert client.get(reverse("safeguarding:destination_edit", kwargs={"pk": theirs.pk})).status_code == 404
    response = client.post(
        reverse("safeguarding:destination_active", kwargs={"pk": theirs.pk}), {"active": "0"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
