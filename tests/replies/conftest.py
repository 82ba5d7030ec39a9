"""Fixtures for the replies tests: a channel on a test platform that allows hiding and replying, and a
trained moderator of it. The test platform is in tests/replies/platforms.py."""

import pytest

from tests.cast import active_channel, give_training
from tests.moderation.platforms import ModeratedSource
from tests.replies.platforms import RepliesSource


@pytest.fixture(autouse=True)
def fresh_platform():
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []
    yield
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []


@pytest.fixture
def channel(org, moderator):
    assert RepliesSource.platform == "test_replies"
    channel = active_channel(org, "test_replies")
    channel.moderators.add(moderator)
    return channel


@pytest.fixture
def mod(moderator):
    """The channel's moderator, trained."""
    give_training(moderator, "moderate")
    return moderator
