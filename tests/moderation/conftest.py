"""Fixtures for the moderation tests: a channel on the test platform that allows every action, and
trained members who moderate it. The test platform is in tests/moderation/platforms.py."""

import pytest

from tests.cast import active_channel, give_training, make_member
from tests.moderation.platforms import ModeratedSource


@pytest.fixture(autouse=True)
def fresh_platform():
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []
    yield
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []


@pytest.fixture
def channel(org, moderator):
    channel = active_channel(org, "test_moderated")
    channel.handle = "@youthclub.example"
    channel.save(update_fields=["handle"])
    channel.moderators.add(moderator)
    return channel


@pytest.fixture
def mod(moderator):
    """The channel's moderator, trained."""
    give_training(moderator, "moderate")
    return moderator


@pytest.fixture
def second_mod(org, channel):
    """Another trained moderator of the same channel."""
    member = make_member(org, "moderator", "sam.second@example.org", "Sam Second")
    give_training(member, "moderate")
    channel.moderators.add(member)
    return member
