"""A viewer only looks: the channel services refuse a viewer's changes whoever calls them, not only the
views, and a viewer cannot be named a channel's owner (owners may review its privacy settings)."""

import pytest

from harbour.accounts.access import NotAllowed
from harbour.channels import services
from harbour.channels.forms import ChannelForm
from tests.cast import CHANNEL_VALUES, propose


def test_it_refuses_a_viewer_proposing(org, viewer):
    with pytest.raises(NotAllowed, match="viewer cannot propose"):
        services.propose_channel(org, dict(CHANNEL_VALUES), owners=[], moderators=[], by=viewer)


def test_it_refuses_a_viewer_changing_a_channel(org, author, viewer):
    channel = propose(org, author)
    with pytest.raises(NotAllowed, match="viewer cannot change"):
        services.update_channel(channel, {"aims": "Changed"}, owners=[author], moderators=[], by=viewer)


def test_it_refuses_a_viewer_as_owner(org, author, viewer):
    with pytest.raises(NotAllowed, match="cannot own a channel"):
        services.propose_channel(org, dict(CHANNEL_VALUES), owners=[viewer], moderators=[], by=author)


def test_a_viewer_cannot_review_privacy_settings(org, manager, author, viewer):
    channel = propose(org, author)
    channel.owners.add(viewer)  # named before this rule, or written to the database directly
    assert not services.can_review_privacy(channel, viewer)
    with pytest.raises(NotAllowed):
        services.start_privacy_review(channel, by=viewer)
    assert services.can_review_privacy(channel, manager)


def test_the_owner_choices_leave_out_viewers(org, author, viewer):
    form = ChannelForm(organisation=org)
    owners = list(form.fields["owners"].queryset)
    assert author in owners
    assert viewer not in owners
