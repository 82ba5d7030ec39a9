"""Reports, problems and appeals (harbour/consultation/complaints.py): a report of a post on the board, a
problem with a page and an appeal about the poster's own held post are taken with no account and audited;
what is not theirs to appeal, a report of a post not on the board and unknown reasons are refused; a report
whose words escalate reaches the safeguarding lead through ingest (a concern, with a hidden inbox item that
is never on the board); the queue lists open ones oldest first; deciding one hides the post or shows it again
through moderation (the item's record has the action), sends the young person a note they read by their
token, closes other reports of the same post, needs HANDLE_COMPLAINTS and the right to moderate the channel,
and never reaches another organisation's complaints."""

import pytest

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consultation import boards, complaints, tokens
from harbour.consultation.models import BoardPolicy, BoardPost, Complaint, ComplaintState
from harbour.inbox.models import Item
from harbour.moderation.models import ModerationAction
from harbour.moderation.services import is_hidden
from harbour.safeguarding.models import Concern
from tests.cast import give_training
from tests.consultation.test_board_posting import PLAIN, make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(org, manager, moderator):
    give_training(moderator, "moderate")
    give_training(manager, "moderate")
    return make_board(org, manager, moderators=[moderator])


@pytest.fixture
def post(board):
    return boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)


def report(board, post, reason="unkind", text="", token=None):
    return complaints.file_complaint(
        board.organisation,
        kind="report",
        consultation=board,
        post=post,
        reason=reason,
        text=text,
        token=token or tokens.new_token(),
    )


def test_a_report_is_taken_without_an_account_and_audited_without_its_words(board, post):
    token = tokens.new_token()
    complaint = report(board, post, text="It is about my friend", token=token)
    assert complaint.state == ComplaintState.OPEN and complaint.reason == "unkind"
    assert complaint.reporter_hash == tokens.token_hash(board, token) and complaint.action == "allow"
    event = AuditEvent.objects.get(action="consultation.complaint_received")
    assert event.detail == {"kind": "report", "reason": "unkind"} and "friend" not in str(event.__dict__)
    assert complaints.open_complaints(board.organisation) == 1
    assert [c.pk for c in complaints.outcomes_for(board, token)] == [complaint.pk]
    assert complaints.outcomes_for(board, tokens.new_token()) == []


def test_reports_refused_for_unknown_reasons_and_posts_not_on_the_board(board, post):
    with pytest.raises(complaints.ComplaintRefused, match="reason"):
        report(board, post, reason="because")
    held = boards.post_to_board(board, token=tokens.new_token(), text="call me on 07700 900123")
    with pytest.raises(complaints.ComplaintRefused, match="not on the board"):
        report(board, held)
    with pytest.raises(complaints.ComplaintRefused, match="2,000"):
        report(board, post, text="x" * 2001)
    assert not Complaint.objects.exists()


def test_a_report_whose_words_escalate_reaches_the_safeguarding_lead(board, post):
    text = "He is an adult and he keeps asking me to send him nude pictures and not tell my mum"
    complaint = report(board, post, reason="unsafe", text=text)
    assert complaint.action == "escalate"
    item = Item.objects.get(channel=board.channel, kind="direct_message")
    assert item.text == text and is_hidden(item) and not BoardPost.objects.filter(item=item).exists()
    assert Concern.objects.filter(item=item).exists()
    assert complaint.pk and Complaint.objects.get(pk=complaint.pk).verdict == item.verdict


def test_a_problem_keeps_the_page_it_came_from_and_only_a_public_one(board):
    problem = complaints.file_complaint(
        board.organisation, kind="problem", consultation=board, reason="broken", page=f"/c/{board.code}/"
    )
    assert problem.page == f"/c/{board.code}/" and problem.post is None
    elsewhere = complaints.file_complaint(
        board.organisation, kind="problem", consultation=board, reason="hard", page="https://evil.example/"
    )
    assert elsewhere.page == f"/c/{board.code}/"


def test_only_the_poster_appeals_about_their_own_post_while_it_is_off_the_board(board, post):
    token = tokens.new_token()
    held = boards.post_to_board(board, token=token, text="message me at sam99@gmail.com please")
    for who, about in ((tokens.new_token(), held), (None, held), (token, post)):
        with pytest.raises(complaints.ComplaintRefused):
            complaints.file_complaint(
                board.organisation, kind="appeal", consultation=board, post=about, text="Please", token=who
            )
    with pytest.raises(complaints.ComplaintRefused, match="why"):
        complaints.file_complaint(
            board.organisation, kind="appeal", consultation=board, post=held, token=token
        )
    appeal = complaints.file_complaint(
        board.organisation,
        kind="appeal",
        consultation=board,
        post=held,
        text="It is my club's email",
        token=token,
    )
    assert appeal.kind == "appeal" and appeal.reason == ""


def test_the_queue_shows_open_ones_oldest_first_and_deciding_hides_the_post_through_moderation(
    board, post, moderator
):
    first, second = report(board, post), report(board, post, reason="upsetting")
    problem = complaints.file_complaint(
        board.organisation, kind="problem", consultation=board, reason="broken"
    )
    waiting, decided = complaints.queue(moderator)
    assert [c.pk for c in waiting] == [first.pk, second.pk, problem.pk] and decided == []
    complaints.decide_complaint(first, by=moderator, outcome="hidden", note="")
    assert is_hidden(post.item) and list(boards.visible_posts(board)) == []
    hide = ModerationAction.objects.get(item=post.item)
    assert hide.kind == "hide" and hide.by == moderator
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == ComplaintState.CLOSED and first.outcome == "hidden"
    assert complaints.told(first) == "Thank you. We read the post and took it off the board."
    assert AuditEvent.objects.filter(action="consultation.complaint_decided").count() == 2
    assert complaints.open_complaints(board.organisation) == 1
    with pytest.raises(ValueError, match="already been decided"):
        complaints.decide_complaint(second, by=moderator, outcome="kept")


def test_an_upheld_appeal_puts_the_post_back_with_a_note_for_the_poster(board, moderator):
    token = tokens.new_token()
    held = boards.post_to_board(board, token=token, text="my insta is @derbyyouthclub, the club's page")
    appeal = complaints.file_complaint(
        board.organisation, kind="appeal", consultation=board, post=held, text="It's the club's", token=token
    )
    complaints.decide_complaint(
        appeal, by=moderator, outcome="upheld", note="You're right, it's the club's page."
    )
    assert not is_hidden(held.item) and list(boards.visible_posts(board)) == [held]
    assert ModerationAction.objects.get(item=held.item).kind == "unhide"
    [mine] = complaints.outcomes_for(board, token)
    assert complaints.told(mine) == "You're right, it's the club's page."


def test_deciding_needs_handle_complaints_and_the_right_to_moderate_the_channel(
    org, manager, board, post, author, viewer, other_org, outsider
):
    complaint = report(board, post)
    for member in (author, viewer, outsider):
        with pytest.raises(NotAllowed):
            complaints.decide_complaint(complaint, by=member, outcome="kept")
    for member in (author, viewer):
        with pytest.raises(NotAllowed):
            complaints.queue(member)
    waiting, decided = complaints.queue(outsider)
    assert list(waiting) == decided == []  # their own organisation's queue: empty
    # A moderator who does not moderate the board's channel neither sees nor decides its complaints.
    from harbour.accounts.capabilities import Role
    from tests.cast import make_member

    stranger = make_member(org, Role.MODERATOR, "other.mod@example.org", "Other Moderator")
    give_training(stranger, "moderate")
    waiting, decided = complaints.queue(stranger)
    assert list(waiting) == decided == []
    with pytest.raises(NotAllowed):
        complaints.decide_complaint(complaint, by=stranger, outcome="hidden")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.OPEN and not is_hidden(post.item)


def test_another_organisations_complaints_are_not_in_the_queue(board, post, other_org, outsider, manager):
    report(board, post)
    other = make_board(other_org, outsider, code="ZZZ234")
    theirs = boards.post_to_board(other, token=tokens.new_token(), text=PLAIN)
    report(other, theirs)
    waiting, _ = complaints.queue(manager)
    assert len(waiting) == 1 and waiting[0].organisation_id == board.organisation_id
    with pytest.raises(complaints.ComplaintRefused):
        complaints.file_complaint(
            board.organisation, kind="report", consultation=other, post=theirs, reason="spam"
        )


def test_a_hide_all_board_post_reported_then_hidden_is_off_the_board(org, manager, moderator):
    give_training(moderator, "moderate")
    held_board = make_board(org, manager, policy=BoardPolicy.HOLD_ALL, moderators=[moderator], code="HLD234")
    post = boards.post_to_board(held_board, token=tokens.new_token(), text=PLAIN)
    with pytest.raises(complaints.ComplaintRefused):
        report(held_board, post)


def test_a_persons_post_and_their_escalated_report_share_one_author_in_the_inbox(board):
    """One pseudonym per person and consultation (tokens.pseudonym), so screening's running state reads a
    young person's posts and their complaints together."""
    token = tokens.new_token()
    mine = boards.post_to_board(board, token=token, text=PLAIN)
    someone_elses = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    report(
        board,
        someone_elses,
        reason="unsafe",
        text="He keeps asking me to send him nude pictures",
        token=token,
    )
    reported = Item.objects.get(channel=board.channel, kind="direct_message")
    assert reported.author_id == mine.item.author_id != someone_elses.item.author_id
    assert reported.author.handle == tokens.pseudonym(board, mine.poster_hash).name


def test_the_queue_pages_open_complaints_oldest_first(board, post, moderator, client_for):
    filed = [report(board, post) for _ in range(complaints.QUEUE_PAGE + 3)]
    first, _ = complaints.queue(moderator)
    last, _ = complaints.queue(moderator, page="2")
    assert [c.pk for c in first] == [c.pk for c in filed[: complaints.QUEUE_PAGE]]
    assert [c.pk for c in last] == [c.pk for c in filed[complaints.QUEUE_PAGE :]]
    assert complaints.queue(moderator, page="nonsense")[0].number == 1
    assert complaints.queue(moderator, page="99")[0].number == 2
    page = client_for(moderator).get("/consultations/complaints/?page=2", secure=True).content.decode()
    assert f"Waiting ({complaints.QUEUE_PAGE + 3})" in page and "Page 2 of 2" in page and 'rel="prev"' in page
