"""Items that arrive hidden, and Harbour's own pages as a platform (issue 23's boards, issue 22's Meta flag):
an item the platform had hidden arrives hidden and a moderator can show it again through the platform; on
a hosted platform (a consultation board) anything screening flags arrives hidden, and hide and unhide are
done the moment they are recorded, sending nothing."""

from datetime import UTC, datetime

import pytest
from django_tasks_db.models import DBTaskResult

from harbour.connectors.base import Batch, IncomingItem
from harbour.inbox.ingest import store_pushed
from harbour.inbox.models import Item
from harbour.moderation.models import ActionState
from harbour.moderation.services import act, available_actions, is_hidden
from tests.cast import active_channel

pytestmark = pytest.mark.django_db


def incoming(platform, n, text, **fields):
    return IncomingItem(
        platform=platform,
        platform_id=f"post-{n}",
        kind="reply",
        text=text,
        author_id=f"participant-{n}",
        author_handle=f"participant-{n}",
        author_display_name="",
        created_at=datetime(2026, 12, 6, 9, n, tzinfo=UTC),
        url="",
        thread_id="board-1",
        parent_id="board-1",
        **fields,
    )


@pytest.fixture
def board(org, moderator):
    channel = active_channel(org, "consultation")
    channel.moderators.add(moderator)
    return channel


def sends_queued() -> int:
    return DBTaskResult.objects.filter(task_path="harbour.moderation.tasks.send_action").count()


def test_on_a_board_a_flagged_post_arrives_hidden_and_a_plain_one_does_not(board):
    store_pushed(
        board,
        Batch(
            items=[
                incoming("consultation", 1, "More youth clubs open at weekends please"),
                incoming("consultation", 2, "kill yourself nobody wants you here"),
            ],
            next_cursor=None,
        ),
    )
    plain, flagged = Item.objects.filter(channel=board).order_by("platform_id")
    assert flagged.action != "allow"
    assert (plain.hidden_on_arrival, flagged.hidden_on_arrival) == (False, True)
    assert (is_hidden(plain), is_hidden(flagged)) == (False, True)


def test_a_moderator_shows_a_held_board_post_and_hides_it_again_at_once(board, mod):
    store_pushed(
        board,
        Batch(items=[incoming("consultation", 3, "kill yourself nobody wants you here")], next_cursor=None),
    )
    item = Item.objects.get(channel=board)
    assert "unhide" in available_actions(item, mod) and "hide" not in available_actions(item, mod)
    shown = act(item, "unhide", by=mod, version=item.version)
    assert shown.state == ActionState.DONE and not is_hidden(item)
    item.refresh_from_db()
    hidden = act(item, "hide", by=mod, version=item.version)
    assert hidden.state == ActionState.DONE and is_hidden(item)
    assert sends_queued() == 0  # nothing to send: Harbour is the platform


def test_an_item_the_platform_had_hidden_arrives_hidden_and_unhiding_it_is_sent(org, moderator, mod):
    channel = active_channel(org, "test_moderated")
    channel.moderators.add(moderator)
    store_pushed(
        channel, Batch(items=[incoming("test_moderated", 4, "spam spam", hidden=True)], next_cursor=None)
    )
    item = Item.objects.get(channel=channel)
    assert item.hidden_on_arrival and is_hidden(item)
    action = act(item, "unhide", by=mod, version=item.version)
    assert action.state == ActionState.PENDING and sends_queued() == 1
    assert not is_hidden(item)
