"""The console home shows the inbox's items needing action to the roles that work the inbox."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.capabilities import Role
from tests.cast import active_channel, make_item, sign_in


@pytest.fixture
def items(org, other_org, moderator):
    channel = active_channel(org)
    channel.moderators.add(
        moderator
    )  # a moderator counts only their own channels (test_channel_visibility.py)
    for severity in (4, 3, 3, 1, 0):
        make_item(channel, "x", severity=severity)
    make_item(channel, "reviewed", severity=4, status="done")
    make_item(active_channel(other_org), "theirs", severity=4)


@pytest.mark.parametrize("role", list(Role.values))
def test_needs_attention_counts_new_items_for_inbox_roles(members, items, role):
    html = sign_in(Client(), members[role].user).get(reverse("console:home")).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    if role in (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.DEPUTY_SAFEGUARDING_LEAD, Role.MODERATOR):
        assert "Needs attention" in text
        assert "Needing action at severity 3 or higher 3 " in text
        assert "Needing action in all 5 " in text
    else:
        assert "Needs attention" not in text
