"""Posting on a discussion board (harbour/consultation/boards.py): a plain post is on the board at once and is
an inbox item of the board's channel under a pseudonym; a post screening flags, every post on a board that
holds them all, and a post with contact details are held; the poster (by their token) sees their held post
and a kind reason, with where to get help when screening suggests they may be at risk, and nobody else sees
it; empty, too long and closed-board posts are refused with nothing stored; visible_posts agrees with
moderation's is_hidden, and a moderator's Unhide puts a held post on the board."""

import pytest

from harbour.audit.models import AuditEvent
from harbour.consultation import boards, tokens
from harbour.consultation.models import BoardPolicy, BoardPost, Consultation, Kind, State
from harbour.inbox.models import Item
from harbour.moderation.services import act, is_hidden
from harbour.safeguarding.models import Concern
from tests.cast import active_channel, give_training

pytestmark = pytest.mark.django_db

PLAIN = "I think the youth club should open on Saturdays because there is nothing to do."


def make_board(org, by, *, policy=BoardPolicy.SHOW_UNFLAGGED, moderators=(), code="BRD234", **fields):
    """An open board on a new channel of the consultation platform, made directly (the builder's services
    are tested on their own)."""
    channel = active_channel(org, "consultation")
    for member in moderators:
        channel.moderators.add(member)
    values = {
        "title": f"What should {org.name} do next?",
        "introduction": "Tell us what you think. Be kind: no names, schools, addresses or photos.",
        **fields,
    }
    return Consultation.objects.create(
        organisation=org,
        channel=channel,
        kind=Kind.BOARD,
        code=code,
        board_policy=policy,
        state=State.OPEN,
        created_by=by,
        **values,
    )


@pytest.fixture
def board(org, manager, moderator):
    return make_board(org, manager, moderators=[moderator])


def test_a_plain_post_is_on_the_board_at_once_as_an_inbox_item_under_a_pseudonym(board):
    token = tokens.new_token()
    post = boards.post_to_board(board, token=token, text=f"  {PLAIN}  ")
    item = post.item
    assert item.channel == board.channel and item.kind == "reply" and item.text == PLAIN
    assert item.thread_id == f"board-{board.pk}" and not item.hidden_on_arrival
    assert post.poster_hash == tokens.token_hash(board, token) and token not in item.author.platform_author_id
    assert (
        item.author.handle
        == tokens.pseudonym(board, post.poster_hash).name
        == (f"Young person {post.poster_hash[:6].upper()}")
    )
    assert list(boards.visible_posts(board)) == [post] and boards.held_reason(post) is None
    event = AuditEvent.objects.get(action="consultation.board_post_received")
    assert event.detail == {"status": "on the board"} and PLAIN not in str(event.__dict__)


def test_the_same_person_keeps_one_pseudonym_on_a_board_and_another_on_another_board(org, manager, board):
    token = tokens.new_token()
    first = boards.post_to_board(board, token=token, text=PLAIN)
    second = boards.post_to_board(board, token=token, text="And a skate park.")
    other = make_board(org, manager, code="OTH234")
    elsewhere = boards.post_to_board(other, token=token, text="Hello")
    assert first.item.author_id == second.item.author_id
    assert elsewhere.item.author.platform_author_id[-32:] != first.item.author.platform_author_id[-32:]


def test_a_post_screening_flags_is_held_with_a_kind_reason_and_where_to_get_help(board):
    token = tokens.new_token()
    post = boards.post_to_board(board, token=token, text="I want to kill myself, nobody would care")
    assert post.item.hidden_on_arrival and is_hidden(post.item)
    assert list(boards.visible_posts(board)) == []
    reason = boards.held_reason(post)
    assert "moderator" in reason and "does not mean you did anything wrong" in reason
    assert "0800 1111" in reason and "999" in reason
    if post.item.action == "escalate":  # the lead hears of it as of any escalated message
        assert Concern.objects.filter(item=post.item).exists()


def test_an_unkind_post_is_held_without_the_helpline(board):
    post = boards.post_to_board(
        board, token=tokens.new_token(), text="you are all losers and idiots, shut up"
    )
    assert is_hidden(post.item)
    assert boards.held_reason(post) == boards.HELD_FLAGGED


@pytest.mark.parametrize(
    "text",
    [
        "message me at sam.smith99@gmail.com",
        "add me on snap",
        "text me 07700 900123",
        "see www.example.com for more",
        "my insta is @sk8rboi",
        "look at https://bit.ly/abc",
    ],
)
def test_a_post_with_contact_details_is_held_whatever_screening_says(board, text):
    post = boards.post_to_board(board, token=tokens.new_token(), text=text)
    assert is_hidden(post.item) and boards.held_reason(post) == boards.HELD_CONTACT


def test_contact_details_are_not_seen_in_ordinary_words(board):
    for text in (PLAIN, "Open at 7.30pm on 12 May please", "I rate it 10/10", "2024 was better than 2023"):
        assert boards.contact_details(text) == [], text


def test_a_board_that_holds_every_post_holds_a_plain_one_until_a_moderator_shows_it(org, manager, moderator):
    give_training(moderator, "moderate")
    held = make_board(org, manager, policy=BoardPolicy.HOLD_ALL, moderators=[moderator])
    token = tokens.new_token()
    post = boards.post_to_board(held, token=token, text=PLAIN)
    assert is_hidden(post.item) and boards.held_reason(post) == boards.HELD_FOR_ALL
    assert AuditEvent.objects.get(action="consultation.board_post_received").detail == {"status": "held"}
    assert [p.pk for p in boards.held_posts_of(held, token)] == [post.pk]
    assert boards.held_posts_of(held, tokens.new_token()) == [] and boards.held_posts_of(held, None) == []
    item = post.item
    act(item, "unhide", by=moderator, version=item.version)
    assert list(boards.visible_posts(held)) == [post] and boards.held_reason(post) is None
    assert boards.held_posts_of(held, token) == []
    item.refresh_from_db()
    act(item, "hide", by=moderator, version=item.version)
    assert list(boards.visible_posts(held)) == [] and boards.held_reason(post) == boards.TAKEN_OFF


def test_visible_posts_agrees_with_is_hidden_and_is_newest_first(board):
    posts = [
        boards.post_to_board(board, token=tokens.new_token(), text=text)
        for text in (PLAIN, "call me 07700 900123", "More trips please", "you are a loser and an idiot")
    ]
    shown = list(boards.visible_posts(board))
    assert shown == [p for p in reversed(posts) if not is_hidden(p.item)]
    assert len(shown) == 2


@pytest.mark.parametrize(
    ("text", "says"),
    [("", "Write your post"), ("   \n ", "Write your post"), ("x" * 1001, "1,000 characters")],
)
def test_empty_and_too_long_posts_are_refused_and_nothing_is_stored(board, text, says):
    with pytest.raises(boards.PostRefused, match=says):
        boards.post_to_board(board, token=tokens.new_token(), text=text)
    assert not Item.objects.exists() and not BoardPost.objects.exists()


def test_a_closed_board_a_draft_and_a_survey_take_no_posts(board):
    for state, kind in ((State.CLOSED, Kind.BOARD), (State.DRAFT, Kind.BOARD), (State.OPEN, Kind.SURVEY)):
        Consultation.objects.filter(pk=board.pk).update(state=state, kind=kind)
        board.refresh_from_db()
        with pytest.raises(boards.PostRefused):
            boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    assert not BoardPost.objects.exists()


def test_an_age_band_only_where_the_board_asks_for_one(board):
    with pytest.raises(boards.PostRefused, match="age group"):
        boards.post_to_board(board, token=tokens.new_token(), text=PLAIN, age_band="13_to_15")
    Consultation.objects.filter(pk=board.pk).update(asks_age_band=True)
    board.refresh_from_db()
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN, age_band="13_to_15")
    assert post.age_band == "13_to_15"
    with pytest.raises(boards.PostRefused, match="age group"):
        boards.post_to_board(board, token=tokens.new_token(), text=PLAIN, age_band="born 2011")
