"""The takedowns' pages (harbour/consent/takedown_views.py): who sees which takedowns (the register's
readers and managers all; a channel's owner of another role, their channel's; anyone else a 403, and another
organisation's a 404), the person's name only for those who read the register, "Confirm taken down by
hand" for the channel's owners and managers with a clear error for an empty note, "Try deleting it again",
the home page's panel, and "Taken down" on the post's page."""

import pytest
from django.urls import reverse

from harbour.consent.models import Takedown, TakedownState
from tests.consent.test_ledger import young_person_with_consent
from tests.consent.test_takedowns import published, withdraw_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def platform():
    from tests.consent.test_takedowns import DeletingSource, PublishingSource

    PublishingSource.reset()
    DeletingSource.DELETES, DeletingSource.deleted = [], []
    yield DeletingSource
    PublishingSource.reset()


@pytest.fixture
def takedown(org, author, reviewer, moderator):
    """A takedown left for a person: the moderator owns the channel, whose platform cannot delete."""
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, platform="test_publishing", owners=[moderator])
    withdraw_all(kai, author)
    return Takedown.objects.get(publication=publication)


def page(client, takedown):
    return client.get(reverse("consent:takedown", args=[takedown.pk]))


def test_who_sees_the_takedown_and_its_person(takedown, members, outsider, client_for):
    for role, member in members.items():
        response = page(client_for(member), takedown)
        if role in ("viewer",):
            assert response.status_code == 403, role  # neither reads the register nor owns the channel
            continue
        assert response.status_code == 200, role
        text = response.content.decode()
        assert "Awards night" in text
        if member.can("view_consent"):
            assert "Kai Morgan" in text, role
        else:
            assert "Kai Morgan" not in text, role  # the owner sees the post, not who asked
    assert page(client_for(outsider), takedown).status_code == 404


def test_the_list_shows_each_member_what_they_may_see(takedown, members, client_for):
    url = reverse("consent:takedowns")
    assert "Awards night" in client_for(members["moderator"]).get(url).content.decode()  # their channel
    assert "Awards night" in client_for(members["manager"]).get(url).content.decode()
    viewer = client_for(members["viewer"]).get(url).content.decode()
    assert "Awards night" not in viewer and "Nothing is waiting to be taken down" in viewer
    done = client_for(members["manager"]).get(url + "?show=done").content.decode()
    assert "Nothing has been taken down yet" in done


def test_the_owner_confirms_it_by_hand(takedown, moderator, author, client_for):
    url = reverse("consent:takedown_confirm", args=[takedown.pk])
    text = page(client_for(moderator), takedown).content.decode()
    assert url in text and "What to do" in text  # the form
    assert url not in page(client_for(author), takedown).content.decode()

    empty = client_for(moderator).post(url, {"note": "   "})
    assert empty.status_code == 400
    assert "Say how and when you took the post down" in empty.content.decode()
    refused = client_for(author).post(url, {"note": "Deleted it"})
    assert refused.status_code == 400 and "Only the channel" in refused.content.decode()
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.NEEDS_HAND

    done = client_for(moderator).post(url, {"note": "Deleted in the app at 10:15"}, follow=True)
    assert "Confirmed: the post is taken down." in done.content.decode()
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE and takedown.note == "Deleted in the app at 10:15"
    assert "by hand, confirmed by" in done.content.decode()


def test_the_home_page_panel_and_the_post_page(takedown, moderator, author, client_for):
    home = client_for(moderator).get(reverse("console:home")).content.decode()
    assert "Posts to take down" in home and "Awards night" in home
    assert "Posts to take down" not in client_for(author).get(reverse("console:home")).content.decode()
    post = client_for(author).get(reverse("publishing:post", args=[takedown.publication.post_id]))
    text = post.content.decode()
    assert "To take down" in text and reverse("consent:takedown", args=[takedown.pk]) in text
    Takedown.objects.filter(pk=takedown.pk).update(state=TakedownState.DONE)
    text = client_for(author).get(reverse("publishing:post", args=[takedown.publication.post_id])).content
    assert "Taken down" in text.decode()


def test_try_again_is_offered_only_where_harbour_can_delete(
    org, author, reviewer, manager, client_for, platform
):
    from harbour.connectors.base import Rejected

    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    found = Takedown.objects.get(publication=publication)
    from harbour.consent import deleting

    platform.DELETES = [Rejected("Refused for now")]
    platform.POSTS[publication.key] = ("still there", 0)
    deleting.delete_post.call(takedown_id=found.pk)
    assert "Try deleting it again" in page(client_for(manager), found).content.decode()
    response = client_for(manager).post(reverse("consent:takedown_try_again", args=[found.pk]), follow=True)
    assert "Harbour is trying to delete the post again" in response.content.decode()
    found.refresh_from_db()
    assert found.state == TakedownState.OPEN
