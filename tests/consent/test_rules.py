"""Whether a person may be named or shown (harbour/consent/rules.py) and the register's services: both the
young person's and a parent's or carer's consent for anyone under 18, either one's refusal or withdrawal
blocking, expiry, channels, and the never-publish flag over everything."""

import datetime

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import services
from harbour.consent.models import Decision, EvidenceKind, PersonKind, Use
from harbour.consent.rules import GUARDIANS, YOUNG_PERSONS, Outcome, standing
from tests.cast import active_channel

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)
GIVEN = Decision.GIVEN


def young(org, by, first="Kai", last="Morgan", born=datetime.date(2013, 4, 2)):
    return services.add_person(
        org, by=by, kind=PersonKind.YOUNG_PERSON, first_name=first, last_name=last, date_of_birth=born
    )


def parent(org, by, child, first="Dana"):
    carer = services.add_person(org, by=by, kind=PersonKind.PARENT, first_name=first, last_name="Morgan")
    services.link_guardian(child, carer, by=by, relationship="Mother")
    return carer


def consent(person, by, given_by, decision=GIVEN, use=Use.PHOTO, **kwargs):
    kwargs.setdefault("starts", datetime.date(2026, 1, 1))
    return services.record_consent(
        person,
        by=by,
        given_by=given_by,
        decisions={use: decision},
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name=given_by.full_name,
        **kwargs,
    )[0]


def test_a_child_needs_their_own_and_a_parents_consent(org, author):
    child = young(org, author)
    carer = parent(org, author, child)
    assert standing(child, Use.PHOTO, None, TODAY).missing == (YOUNG_PERSONS, GUARDIANS)
    consent(child, author, child)
    result = standing(child, Use.PHOTO, None, TODAY)
    assert result.outcome == Outcome.MISSING and result.missing == (GUARDIANS,)
    assert "a parent's or carer's" in result.sentence("Kai")
    consent(child, author, carer)
    assert standing(child, Use.PHOTO, None, TODAY).ok
    assert not standing(child, Use.VIDEO, None, TODAY).ok  # consent is per use


def test_an_adult_young_person_needs_only_their_own(org, author):
    adult = young(org, author, born=datetime.date(2005, 1, 1))
    consent(adult, author, adult)
    assert standing(adult, Use.PHOTO, None, TODAY).ok


def test_a_young_person_of_unknown_age_band_over_18_and_under(org, author):
    band = services.add_person(
        org, by=author, kind=PersonKind.YOUNG_PERSON, first_name="Ade", age_band="16_17"
    )
    consent(band, author, band)
    assert standing(band, Use.PHOTO, None, TODAY).missing == (GUARDIANS,)


def test_either_ones_refusal_blocks_and_the_latest_decision_counts(org, author):
    child = young(org, author)
    carer = parent(org, author, child)
    consent(child, author, child)
    consent(child, author, carer)
    consent(child, author, child, decision=Decision.REFUSED, starts=datetime.date(2026, 3, 1))
    assert standing(child, Use.PHOTO, None, TODAY).outcome == Outcome.REFUSED
    consent(child, author, child, starts=datetime.date(2026, 4, 1))  # changed their mind again
    assert standing(child, Use.PHOTO, None, TODAY).ok


def test_a_withdrawal_blocks_from_then_on(org, author):
    child = young(org, author)
    carer = parent(org, author, child)
    consent(child, author, child)
    given = consent(child, author, carer)
    services.withdraw_consent(given, by=author, note="Phoned the office")
    assert standing(child, Use.PHOTO, None, TODAY).outcome == Outcome.WITHDRAWN
    with pytest.raises(NotAllowed, match="already been withdrawn"):
        services.withdraw_consent(given, by=author)
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_expiry_and_the_start_date(org, author):
    child = young(org, author, born=datetime.date(2000, 1, 1))
    consent(child, author, child, starts=datetime.date(2026, 1, 1), expires=datetime.date(2026, 5, 31))
    assert standing(child, Use.PHOTO, None, datetime.date(2026, 5, 31)).ok
    assert standing(child, Use.PHOTO, None, TODAY).outcome == Outcome.EXPIRED
    assert standing(child, Use.PHOTO, None, datetime.date(2025, 12, 31)).outcome == Outcome.MISSING


def test_consent_for_some_channels_only(org, author):
    one, two = active_channel(org, "demo"), active_channel(org, "demo")
    adult = young(org, author, born=datetime.date(2000, 1, 1))
    consent(adult, author, adult, channels=[one])
    assert standing(adult, Use.PHOTO, one.pk, TODAY).ok
    assert not standing(adult, Use.PHOTO, two.pk, TODAY).ok
    assert not standing(adult, Use.PHOTO, None, TODAY).ok  # "on every channel" needs all channels


def test_the_full_name_covers_the_first_name_but_a_full_name_refusal_does_not_refuse_it(org, author):
    adult = young(org, author, born=datetime.date(2000, 1, 1))
    consent(adult, author, adult, use=Use.FULL_NAME)
    assert standing(adult, Use.FIRST_NAME, None, TODAY).ok
    consent(adult, author, adult, use=Use.FIRST_NAME)
    consent(
        adult, author, adult, use=Use.FULL_NAME, decision=Decision.REFUSED, starts=datetime.date(2026, 2, 1)
    )
    assert standing(adult, Use.FIRST_NAME, None, TODAY).ok
    assert standing(adult, Use.FULL_NAME, None, TODAY).outcome == Outcome.REFUSED


def test_never_publish_is_over_everything_and_only_leads_and_managers_set_it(org, author, dsl, manager):
    child = young(org, author)
    carer = parent(org, author, child)
    consent(child, author, child)
    consent(child, author, carer)
    with pytest.raises(NotAllowed, match="safeguarding leads and managers"):
        services.set_never_publish(child, by=author, reason="court_order")
    flag = services.set_never_publish(child, by=dsl, reason="court_order", note="Order of 3 May")
    assert standing(child, Use.PHOTO, None, TODAY).outcome == Outcome.NEVER_PUBLISH
    assert standing(child, Use.PHOTO, None, TODAY).sentence("Kai") == "Do not publish Kai."
    event = AuditEvent.objects.get(action="consent.never_publish_set")
    assert "court" not in str(event.detail).lower()  # the reason is not in the audit log
    services.lift_never_publish(flag, by=manager, reason="Order discharged")
    assert standing(child, Use.PHOTO, None, TODAY).ok


def test_bad_input_is_refused_with_a_reason(org, author, outsider):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(NotAllowed, match="must be in the past"):
        young(org, author, born=tomorrow)
    with pytest.raises(NotAllowed, match="date of birth, or choose their age band"):
        services.add_person(org, by=author, kind=PersonKind.YOUNG_PERSON, first_name="Noor")
    with pytest.raises(NotAllowed, match="change the consent register"):
        young(org, outsider)
    child = young(org, author)
    stranger = services.add_person(org, by=author, kind=PersonKind.ADULT, first_name="Sam")
    with pytest.raises(NotAllowed, match="linked to them"):
        consent(child, author, stranger)
    with pytest.raises(NotAllowed, match="on or after the start"):
        consent(child, author, child, starts=TODAY, expires=TODAY - datetime.timedelta(days=1))


def test_only_a_lead_links_a_young_person_to_their_safeguarding_record(org, author, dsl, manager):
    from harbour.safeguarding import people

    child = young(org, author)
    record = people.add_young_person(org, by=dsl, name="Jay M (pseudonym)")
    for refused in (author, manager):
        with pytest.raises(NotAllowed, match="Only a safeguarding lead"):
            services.link_safeguarding_record(child, record, by=refused)
    services.link_safeguarding_record(child, record, by=dsl)
    child.refresh_from_db()
    assert child.safeguarding_record == record
    assert AuditEvent.objects.filter(action="consent.safeguarding_linked").count() == 1
    carer = parent(org, author, child)
    with pytest.raises(NotAllowed, match="Only a young person"):
        services.link_safeguarding_record(carer, record, by=dsl)
    services.link_safeguarding_record(child, None, by=dsl)
    child.refresh_from_db()
    assert child.safeguarding_record is None
