"""The young people pages (harbour/safeguarding/people_views.py): a lead adds a young person, links their
accounts on two channels, links a concern from its page and reads the chronology; each page wants a fresh
two-factor check; another organisation's record is a 404; the concern page's young person panel."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.safeguarding import people, services
from harbour.safeguarding.models import Concern, Source, YoungPerson
from tests.cast import active_channel, give_training, make_author, make_item, make_member
from tests.test_untrusted_text_isolated import RLO, problems_in

pytestmark = pytest.mark.django_db

NAME = "Riley Ashbourne"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


def url(name, pk=None):
    return reverse(f"safeguarding:{name}", kwargs={"pk": pk} if pk else None)


def test_a_lead_adds_a_young_person_links_two_accounts_and_reads_their_chronology(
    org, lead, moderator, client_for
):
    bluesky, mastodon = active_channel(org, "bluesky"), active_channel(org, "mastodon")
    make_author(bluesky, "did:plc:other", "someone.bsky.social", "Someone")
    on_bluesky = make_item(
        bluesky, "can't stop crying", author_id="did:plc:ra", author_handle="riley.bsky.social",
        author_display_name="Riley A", minutes_ago=120,
    )  # fmt: skip
    on_mastodon = make_item(
        mastodon, "he says keep it secret", author_id="77", author_handle="ra2012@mastodon.social",
        author_display_name="Riley", minutes_ago=30,
    )  # fmt: skip
    first = services.raise_concern(
        org, by=moderator, item=on_bluesky, source=Source.ESCALATED, summary="Crying a lot", category="self_harm",
        severity=3,
    )  # fmt: skip
    second = services.raise_concern(
        org, by=moderator, item=on_mastodon, source=Source.ESCALATED, summary="Secret kept", category="grooming",
        severity=4,
    )  # fmt: skip
    client = client_for(lead)

    assert client.get(url("young_person_add")).status_code == 200
    born = datetime.date(2012, 5, 17)
    added = client.post(
        url("young_person_add"),
        {
            "name": NAME,
            "date_of_birth-day": born.day,
            "date_of_birth-month": born.month,
            "date_of_birth-year": born.year,
        },
    )
    young_person = YoungPerson.objects.get()
    assert added.url == url("young_person_authors", young_person.pk)
    assert (young_person.name, young_person.date_of_birth, young_person.created_by) == (NAME, born, lead)

    found = client.get(url("young_person_authors", young_person.pk), {"q": "riley"})
    assert {a.platform for a in found.context["found"]} == {"bluesky", "mastodon"}
    for author in found.context["found"]:
        linked = client.post(
            url("young_person_authors", young_person.pk), {"author": author.pk, "link": "1", "q": "riley"}
        )
        assert linked.status_code == 302
    assert young_person.authors.count() == 2
    page = client.get(url("young_person_authors", young_person.pk), {"q": "riley"})
    assert page.context["found"] == [] and len(page.context["linked"]) == 2

    chronology = client.get(url("chronology", young_person.pk))
    assert chronology.status_code == 200
    body = chronology.content.decode()
    assert body.index("can&#x27;t stop crying") < body.index("he says keep it secret")
    assert f"Concern #{first.pk}" in body and f"Concern #{second.pk}" in body
    assert chronology.context["age"] == people.age(born, timezone.localdate())
    assert "(aged " in body
    assert AuditEvent.objects.filter(
        action="safeguarding.chronology_viewed", object_id=str(young_person.pk)
    ).exists()

    unlinked = client.post(url("young_person_authors", young_person.pk), {"author": on_mastodon.author_id})
    assert unlinked.status_code == 302 and young_person.authors.count() == 1
    assert "he says keep it secret" not in client.get(url("chronology", young_person.pk)).content.decode()


def test_a_lead_links_a_concern_from_its_page_and_the_panel_shows_it(org, lead, moderator, client_for):
    give_training(moderator, "raise_concerns")
    concern = services.raise_concern(
        org, by=moderator, summary="Hurt at home", category="disclosure", severity=3
    )
    client = client_for(lead)
    page = client.get(url("concern", concern.pk)).content.decode()
    assert "Not linked to a young person on record" in page and url("young_person_link", concern.pk) in page

    made = client.post(f"{url('young_person_add')}?concern={concern.pk}", {"name": NAME})
    young_person = YoungPerson.objects.get()
    assert made.status_code == 302 and Concern.objects.get(pk=concern.pk).young_person == young_person
    other = people.add_young_person(org, by=lead, name="Sam Other")
    form = client.get(url("young_person_link", concern.pk))
    assert form.context["form"]["young_person"].value() == str(young_person.pk)
    client.post(url("young_person_link", concern.pk), {"young_person": other.pk})
    assert Concern.objects.get(pk=concern.pk).young_person == other
    page = client.get(url("concern", concern.pk)).content.decode()
    assert "Sam Other" in page and url("chronology", other.pk) in page
    client.post(url("young_person_link", concern.pk), {"young_person": "nobody"})
    assert Concern.objects.get(pk=concern.pk).young_person is None


def test_the_concern_panel_names_the_records_its_account_is_linked_to(org, lead, moderator, client_for):
    channel = active_channel(org, "bluesky")
    item = make_item(channel, "worrying", author_id="did:plc:x", minutes_ago=5)
    concern = services.raise_concern(
        org,
        by=moderator,
        item=item,
        source=Source.ESCALATED,
        summary="Worrying",
        category="self_harm",
        severity=3,
    )
    young_person = people.add_young_person(org, by=lead, name=NAME)
    people.link_author(young_person, item.author, by=lead)
    page = client_for(lead).get(url("concern", concern.pk)).content.decode()
    assert "The account it is about is linked to" in page and url("chronology", young_person.pk) in page


def test_a_name_is_required_and_nothing_typed_is_lost(org, lead, client_for):
    page = client_for(lead).post(
        url("young_person_add"),
        {"name": "", "date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2012"},
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert (
        "Enter the young person&#x27;s name or a pseudonym" in body and "The date must be a real date" in body
    )
    assert 'value="31"' in body
    future = timezone.localdate() + datetime.timedelta(days=3)
    page = client_for(lead).post(
        url("young_person_add"),
        {
            "name": NAME,
            "date_of_birth-day": future.day,
            "date_of_birth-month": future.month,
            "date_of_birth-year": future.year,
        },
    )
    assert page.status_code == 400 and "must be in the past" in page.content.decode()
    assert not YoungPerson.objects.exists()


def test_a_lead_changes_the_record(org, lead, client_for):
    young_person = people.add_young_person(org, by=lead, name=NAME)
    client = client_for(lead)
    assert client.get(url("young_person_change", young_person.pk)).context["form"]["name"].value() == NAME
    client.post(url("young_person_change", young_person.pk), {"name": "R. A."})
    assert YoungPerson.objects.get().name == "R. A."
    assert client.get(url("young_people")).context["young_people"][0].name == "R. A."


def test_no_page_title_names_the_young_person(org, lead, client_for):
    """A title goes into the browser's history and tabs, on a shared computer too: a number, never a name."""
    young_person = people.add_young_person(org, by=lead, name=NAME)
    client = client_for(lead)
    for name in ("chronology", "young_person_change", "young_person_authors"):
        page = client.get(url(name, young_person.pk)).content.decode()
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        assert NAME not in title and f"Young person #{young_person.pk}" in title, name


def test_every_page_wants_a_fresh_two_factor_check(org, lead, client_for):
    young_person = people.add_young_person(org, by=lead, name=NAME)
    give_training(lead, "raise_concerns")
    concern = services.raise_concern(org, by=lead, summary="Upset", category="other", severity=1)
    client = client_for(lead)
    pages = [
        url("young_people"),
        url("young_person_add"),
        url("chronology", young_person.pk),
        url("young_person_change", young_person.pk),
        url("young_person_authors", young_person.pk),
        url("young_person_link", concern.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302 and response.url.startswith(
                reverse("accounts:confirm_two_factor")
            ), page
    assert NAME not in " ".join(f"{e.object_label} {e.detail}" for e in AuditEvent.objects.all())


def test_another_organisations_records_are_404_and_others_are_refused(
    org, other_org, lead, members, client_for
):
    elsewhere_lead = make_member(other_org, "safeguarding_lead", "lead@elsewhere.example", "Elsewhere Lead")
    theirs = people.add_young_person(other_org, by=elsewhere_lead, name="Elsewhere child")
    client = client_for(lead)
    for name in ("chronology", "young_person_change", "young_person_authors"):
        assert client.get(url(name, theirs.pk)).status_code == 404
    assert client.post(url("young_person_authors", theirs.pk), {"author": 1, "link": "1"}).status_code == 404
    assert not theirs.authors.exists()
    ours = people.add_young_person(org, by=lead, name=NAME)
    elsewhere_author = make_author(active_channel(other_org), "e1", "elsewhere", "Elsewhere")
    assert (
        client.post(
            url("young_person_authors", ours.pk), {"author": elsewhere_author.pk, "link": "1"}
        ).status_code
        == 404
    )
    assert not ours.authors.exists()
    assert (
        client.post(url("young_person_authors", ours.pk), {"author": "1 OR 1=1", "link": "1"}).status_code
        == 404
    )
    for role, member in members.items():
        if member.can("handle_concerns"):
            continue
        response = client_for(member).get(url("chronology", ours.pk))
        assert response.status_code == 403, role
        assert NAME not in response.content.decode()


def test_every_young_person_page_isolates_what_people_typed(org, lead, moderator, manager, client_for):
    """tests/test_untrusted_text_isolated.py walks the pages as a manager, who cannot open these: the lead
    opens each with a young person's name, accounts, channel, post, summary and people all overridden."""
    channel = active_channel(org, "bluesky")
    channel.name = f"Club {RLO}deef"
    channel.save(update_fields=["name"])
    moderator.user.full_name = f"Mo {RLO}rotaredom"
    moderator.user.save(update_fields=["full_name"])
    manager.user.full_name = f"Maya {RLO}reganam"
    manager.user.save(update_fields=["full_name"])
    item = make_item(
        channel, f"call {RLO}321 009 00770 now", author_id="k", author_handle=f"{RLO}dik.bsky.social",
        author_display_name=f"Kid {RLO}eman", minutes_ago=20,
    )  # fmt: skip
    concern = services.raise_concern(
        org, by=moderator, item=item, source=Source.ESCALATED, summary=f"Said {RLO}pleh", category="grooming",
        severity=4,
    )  # fmt: skip
    give_training(moderator, "raise_concerns")
    allegation = services.raise_concern(
        org,
        by=moderator,
        summary=f"About {RLO}ffats",
        category="allegation",
        severity=3,
        about_member=manager,
    )
    young_person = people.add_young_person(
        org, by=lead, name=f"Jo {RLO}nosrep", date_of_birth=datetime.date(2012, 1, 1)
    )
    people.link_author(young_person, item.author, by=lead)
    for each in (concern, allegation):
        services.link_young_person(each, by=lead, young_person=young_person)
    client = client_for(lead)
    pages = [
        url("young_people"),
        url("chronology", young_person.pk),
        url("young_person_change", young_person.pk),
        f"{url('young_person_authors', young_person.pk)}?q=dik",
        f"{url('young_person_authors', young_person.pk)}?q={RLO}",
        url("young_person_link", concern.pk),
        url("concern", concern.pk),
        url("concern", allegation.pk),
    ]
    problems = []
    for page in pages:
        html = client.get(page).content.decode()
        assert RLO in html, page
        problems += [f"{page}: {problem}" for problem in problems_in(html)]
    assert not problems, "\n".join(problems)
