"""The demo's young person (harbour/safeguarding/people_demo.py): a pseudonym with an account on two demo
channels of two platforms, and a chronology of two concerns; safe to run again."""

from django.core.management import call_command

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.channels.models import Channel
from harbour.safeguarding import people, people_demo
from harbour.safeguarding.models import YoungPerson


def test_the_demo_has_a_young_person_with_two_accounts_and_a_chronology(db):
    call_command("seed_demo")
    organisation = Channel.objects.get(name="Youth Voice demo feed").organisation
    members = {m.role: m for m in Membership.objects.filter(organisation=organisation)}
    young_person = YoungPerson.objects.get()  # seeded through harbour/safeguarding/demo.py
    people_demo.seed(organisation, members)  # safe to run again
    assert YoungPerson.objects.get() == young_person
    assert young_person.name == people_demo.PSEUDONYM
    assert {author.platform for author in young_person.authors.all()} == {"file_import", "demo"}
    moments = people.chronology(young_person, by=members[Role.SAFEGUARDING_LEAD])
    assert len({moment.concern.pk for moment in moments}) == 2
    assert [moment.kind for moment in moments].count("entry") == 2
    # In date order to the minute (an entry's time is typed to the minute), each raising before the entries
    # made in its minute: the demo's decision is recorded in the minute its concern is raised.
    minutes = [moment.at.replace(second=0, microsecond=0) for moment in moments]
    assert minutes == sorted(minutes)
    for concern in {moment.concern for moment in moments}:
        own = [m for m in moments if m.concern == concern and m.at >= concern.raised_at.replace(second=0)]
        assert own[0].kind == "raised", [m.kind for m in own]
