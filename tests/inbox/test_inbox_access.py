"""Who may open the inbox and its items: managers, safeguarding leads and moderators, with the training."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.capabilities import Role
from tests.cast import active_channel, give_training, make_item, sign_in

ALLOWED = (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.DEPUTY_SAFEGUARDING_LEAD, Role.MODERATOR)


@pytest.fixture
def item(org, moderator):
    channel = active_channel(org)
    channel.moderators.add(
        moderator
    )  # a moderator reads only their own channels (test_channel_visibility.py)
    return make_item(channel, "hello", severity=1, action="review")


def done(client, item):
    """Mark the item done, as its page's button does (harbour/moderation)."""
    return client.post(reverse("moderation:act", args=[item.pk]), {"kind": "done", "version": item.version})


def urls(item):
    return [reverse("inbox:index"), reverse("inbox:item", args=[item.pk])]


@pytest.mark.parametrize("role", list(Role.values))
def test_each_role_with_training(members, item, role):
    member = members[role]
    give_training(member, "moderate")
    client = sign_in(Client(), member.user)
    for url in urls(item):
        assert client.get(url).status_code == (200 if role in ALLOWED else 403), (role, url)
    response = done(client, item)
    assert response.status_code == (302 if role in ALLOWED else 403)
    item.refresh_from_db()
    assert item.status == ("done" if role in ALLOWED else "new")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MODERATOR, Role.SAFEGUARDING_LEAD])
def test_untrained_members_get_403_naming_the_course(members, item, role):
    client = sign_in(Client(), members[role].user)
    for url in urls(item):
        response = client.get(url)
        assert response.status_code == 403
        assert "moderate comments and messages" in response.content.decode()
    assert done(client, item).status_code == 403
    item.refresh_from_db()
    assert item.status == "new"


def test_anonymous_visitors_are_sent_to_sign_in(item):
    for url in urls(item):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_outsider_gets_404_for_another_organisations_item(outsider, item):
    give_training(outsider, "moderate")
    client = sign_in(Client(), outsider.user)
    assert client.get(reverse("inbox:item", args=[item.pk])).status_code == 404
    assert done(client, item).status_code == 404
    item.refresh_from_db()
    assert item.status == "new"
    assert client.get(reverse("inbox:index")).status_code == 200


def test_marking_done_needs_post(manager, item):
    give_training(manager, "moderate")
    client = sign_in(Client(), manager.user)
    response = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "done"})
    assert response.status_code == 302  # back to the item: "done" has no page of its own
    item.refresh_from_db()
    assert item.status == "new"


def test_marking_done_without_a_csrf_token_is_refused(manager, item):
    give_training(manager, "moderate")
    client = sign_in(Client(enforce_csrf_checks=True), manager.user)
    assert done(client, item).status_code == 403
    item.refresh_from_db()
    assert item.status == "new"
