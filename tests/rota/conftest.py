"""Fixtures for the rota tests: an active channel that `moderator` moderates, on the rota Monday to Friday
09:00 to 17:00 (the organisation's clock, Europe/London)."""

import datetime

import pytest

from harbour.rota import services
from tests.cast import active_channel

WEEKDAYS = [0, 1, 2, 3, 4]


@pytest.fixture
def channel(org, moderator):
    made = active_channel(org)
    made.moderators.add(moderator)
    return made


@pytest.fixture
def rota(channel, manager, moderator):
    return services.add_shifts(
        channel,
        member=moderator,
        days=WEEKDAYS,
        starts=datetime.time(9),
        ends=datetime.time(17),
        by=manager,
    )
