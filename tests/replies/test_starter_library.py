"""The starter privacy advice: one for each kind of personal information, short, friendly, reading at
age 9 to 11 by Harbour's own readability detector, passing screening as an outgoing draft, and made
once for an organisation that has none."""

import pytest

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.inbox.screened import ScreeningAction, screen_stored
from harbour.replies import services
from harbour.replies.models import AdviceTopic, ReplyKind, SavedReply
from harbour.replies.starter import STARTER_ADVICE
from harbour.screening.verdict import Direction

# The reading age of each starter advice as the readability detector measures it (Flesch-Kincaid + 5).
READING_AGES = {
    AdviceTopic.PHONE: 9.5,
    AdviceTopic.ADDRESS: 10.3,
    AdviceTopic.SCHOOL: 10.2,
    AdviceTopic.AGE_PLACE: 9.8,
    AdviceTopic.ADD_ME: 10.8,
    AdviceTopic.ANY: 9.3,
}


@pytest.mark.parametrize(("topic", "title", "text"), STARTER_ADVICE, ids=[t for t, _, _ in STARTER_ADVICE])
def test_each_starter_advice_reads_at_age_9_to_11(topic, title, text):
    age = services.reading_age_of(text)
    assert float(age) == READING_AGES[topic]
    assert 9 <= round(age) <= 11


@pytest.mark.parametrize(("topic", "title", "text"), STARTER_ADVICE, ids=[t for t, _, _ in STARTER_ADVICE])
def test_each_starter_advice_says_why_and_how_fits_a_bluesky_post_and_passes_screening(topic, title, text):
    assert "hidden your post because" in text  # why
    assert "private" in text  # how: keep it private, the privacy settings
    assert len(text) <= 300
    screened = screen_stored(text, direction=Direction.OUTGOING)
    assert screened.action == ScreeningAction.ALLOW, screened.verdict


def test_there_is_advice_for_every_kind_of_personal_information():
    assert {topic for topic, _, _ in STARTER_ADVICE} == set(AdviceTopic)


def test_an_organisation_without_advice_gets_the_starter_library_once(org, manager):
    assert services.add_starter_advice(org, by=manager) == len(STARTER_ADVICE)
    assert services.add_starter_advice(org, by=manager) == 0
    advice = SavedReply.objects.for_org(org).filter(kind=ReplyKind.PRIVACY_ADVICE)
    assert advice.count() == len(STARTER_ADVICE)
    assert {float(a.reading_age) for a in advice} == set(READING_AGES.values())
    assert AuditEvent.objects.filter(action="saved_reply.starters_added", organisation=org).count() == 1


def test_retired_advice_counts_so_the_starters_do_not_come_back(org, manager):
    services.add_starter_advice(org, by=manager)
    for reply in SavedReply.objects.for_org(org):
        services.set_active(reply, False, by=manager)
    assert services.add_starter_advice(org, by=manager) == 0
    assert not SavedReply.objects.for_org(org).filter(active=True).exists()


def test_the_starter_library_is_the_organisations_own(org, other_org, manager, moderator, outsider):
    services.add_starter_advice(org, by=manager)
    assert not SavedReply.objects.for_org(other_org).exists()
    assert services.add_starter_advice(other_org, by=outsider) == len(STARTER_ADVICE)
    with pytest.raises(NotAllowed):
        services.add_starter_advice(org, by=moderator)  # a moderator reads it, a manager adds it
