"""The referral picker (harbour/safeguarding/referrals.py): where each kind of concern goes, first things first,
with the organisation's own contacts, and never to the wrong place (docs/safeguarding.md rules 2, 4, 5, 14,
21, 22)."""

import pytest

from harbour.safeguarding import destinations, services
from harbour.safeguarding.models import Destination, DestinationKind, Source
from harbour.safeguarding.referrals import REPORT_REMOVE_SCRIPT, suggested
from tests.cast import active_channel, give_training, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def derby(org, lead):
    destinations.add_derby_and_derbyshire(org, by=lead)
    return org


def concern_of(org, by, category, **overrides):
    give_training(by, "raise_concerns")
    fields = {"summary": "Worrying", "category": category, "severity": 3, **overrides}
    return services.raise_concern(org, by=by, **fields)


def keys(concern, **options) -> list[str]:
    return [s.key for s in suggested(concern, **options)]


def kinds(concern, **options) -> set[str]:
    return {kind for s in suggested(concern, **options) for kind in s.kinds}


# category, immediate danger, the suggestions in order
ROUTES = [
    ("disclosure", False, ["front_door"]),
    ("disclosure", True, ["emergency", "front_door"]),
    ("grooming", False, ["police_or_ceop", "front_door"]),
    ("grooming", True, ["emergency", "police_or_ceop", "front_door"]),
    ("sexual_communication", False, ["police_or_ceop", "front_door"]),
    ("cse", False, ["police_or_ceop", "front_door", "exploitation"]),
    ("nude_images", False, ["police_or_ceop", "report_remove", "iwf", "front_door"]),
    ("bullying", False, ["platform", "report_harmful_content"]),
    ("bullying", True, ["emergency", "platform", "report_harmful_content"]),
    ("allegation", False, ["lado"]),
    ("low_level", False, ["lado"]),
    ("self_harm", True, ["emergency", "front_door"]),
    ("radicalisation", False, ["front_door", "prevent"]),
    ("other", False, ["front_door", "platform"]),
]


@pytest.mark.parametrize("category,danger,expected", ROUTES)
def test_when_a_concern_is_about_this_then_the_picker_suggests_these_in_order(
    org, manager, derby, category, danger, expected
):
    concern = concern_of(org, manager, category, immediate_danger=danger)
    assert keys(concern) == expected


def test_immediate_danger_puts_999_first_whatever_the_category(org, manager, derby):
    for category in ("bullying", "allegation", "nude_images", "other"):
        first = suggested(concern_of(org, manager, category, immediate_danger=True))[0]
        assert (first.title, first.urgent) == ("Call 999 now", True)
        assert [d.phone for d in first.destinations] == ["999"]


def test_sexual_harm_by_someone_who_may_be_an_adult_says_police_or_ceop_now_first(org, manager, derby):
    for category in ("grooming", "cse", "sexual_communication"):
        first = suggested(concern_of(org, manager, category))[0]
        assert (first.title, first.urgent) == ("Police or CEOP now", True)
        assert {d.kind for d in first.destinations} == {DestinationKind.POLICE, DestinationKind.CEOP}


def test_nude_images_put_police_or_ceop_first_unless_the_lead_says_no_adult_is_involved(org, manager, derby):
    images = concern_of(org, manager, "nude_images")
    assert keys(images)[0] == keys(images, adult_involved=True)[0] == "police_or_ceop"
    assert keys(images, adult_involved=False) == ["report_remove", "iwf", "front_door"]


def test_report_remove_helps_the_young_person_and_never_says_delete_or_upload_for_them(org, manager, derby):
    picked = {s.key: s for s in suggested(concern_of(org, manager, "nude_images"), adult_involved=False)}
    report_remove = picked["report_remove"]
    assert report_remove.script == REPORT_REMOVE_SCRIPT
    assert "Childline" in REPORT_REMOVE_SCRIPT and "0800 1111" in REPORT_REMOVE_SCRIPT
    for words in (report_remove.script, report_remove.why, picked["iwf"].why):
        assert "delete" not in words.lower()
    assert "do not send the image to me" in REPORT_REMOVE_SCRIPT
    assert "never upload" in report_remove.why


def test_the_iwf_is_given_the_posts_address_and_never_a_media_address(org, moderator, manager, derby):
    channel = active_channel(org)
    item = make_item(
        channel,
        "pic",
        url="https://bsky.app/profile/someone/post/abc",
        media=[{"url": "https://cdn.example/secret.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )
    concern = services.raise_concern(
        org, by=moderator, item=item, summary="Shared a nude", category="nude_images", severity=4,
        source=Source.ESCALATED,
    )  # fmt: skip
    iwf = next(s for s in suggested(concern) if s.key == "iwf")
    assert iwf.report_address == "https://bsky.app/profile/someone/post/abc"
    assert "cdn.example" not in repr(suggested(concern))
    by_hand = concern_of(org, manager, "nude_images")
    assert next(s for s in suggested(by_hand) if s.key == "iwf").report_address == ""


def test_bullying_never_goes_to_ceop(org, manager, derby):
    for danger in (False, True):
        assert DestinationKind.CEOP not in kinds(
            concern_of(org, manager, "bullying", immediate_danger=danger)
        )


def test_an_allegation_goes_to_the_lado_within_one_working_day(org, manager, derby):
    lado = suggested(concern_of(org, manager, "allegation"))[0]
    assert "within one working day" in lado.title and lado.urgent
    # Derby's LADO number is not verified: the contact is there, with no number, saying so.
    assert [d.phone for d in lado.destinations] == [""]
    assert "Number to confirm" in lado.destinations[0].notes


def test_radicalisation_goes_to_a_prevent_contact_when_the_organisation_has_one(org, manager, lead, derby):
    concern = concern_of(org, manager, "radicalisation")
    fallback = suggested(concern)[1]
    assert fallback.kinds == (DestinationKind.POLICE, DestinationKind.PARTNERSHIP)
    assert "No Prevent contact is listed" in fallback.why
    prevent = destinations.add_destination(
        org, by=lead, kind="other", name="Derbyshire Prevent team", email="prevent@example.org"
    )
    assert suggested(concern)[1].destinations == (prevent,)


def test_each_suggestion_names_only_the_organisations_active_contacts_and_says_what_is_missing(
    org, other_org, manager, lead
):
    concern = concern_of(org, manager, "disclosure")
    front_door = suggested(concern)[0]
    assert front_door.destinations == () and front_door.missing == (DestinationKind.CHILDRENS_SOCIAL_CARE,)
    Destination.objects.create(organisation=other_org, kind="childrens_social_care", name="Elsewhere")
    retired = destinations.add_destination(org, by=lead, kind="childrens_social_care", name="Old number")
    destinations.set_destination_active(retired, False, by=lead)
    assert suggested(concern)[0].destinations == ()
    ours = destinations.add_destination(org, by=lead, kind="childrens_social_care", name="Front door")
    assert suggested(concern)[0].destinations == (ours,) and suggested(concern)[0].missing == ()
