"""A board's public pages (board_views.py) with no account: the board shows the posts on it, newest first, with
only a pseudonym and a relative time (no token, hash or id of the poster), escaped; posting puts a plain post
on the board and holds one with contact details, which only its poster sees, with its reason; a refused post
keeps what was typed; reporting, appealing and "report a problem" store a complaint and the person reads
the outcome on the board; posts and reports are rate limited per person (429 with Retry-After); and the
staff queue lists, shows and decides complaints for HANDLE_COMPLAINTS only."""

import re

import pytest
from django.test import Client

from harbour.consultation import boards, complaints, tokens
from harbour.consultation.models import BoardPost, Complaint, ComplaintState
from harbour.moderation.services import is_hidden
from tests.cast import give_training
from tests.consultation.test_board_posting import PLAIN, make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(org, manager, moderator):
    give_training(moderator, "moderate")
    return make_board(org, manager, moderators=[moderator])


def young_person() -> Client:
    return Client(enforce_csrf_checks=False)


def send(client, board, text):
    return client.post(f"/c/{board.code}/post/", {"text": text}, secure=True)


def body(response) -> str:
    return response.content.decode()


def test_the_board_shows_its_posts_with_only_a_pseudonym_and_sets_the_participant_cookie(board):
    someone = young_person()
    send(someone, board, "<script>alert('hi')</script> More trips please")
    post = BoardPost.objects.get()
    response = young_person().get(f"/c/{board.code}/", secure=True)
    page = body(response)
    assert response.status_code == 200 and tokens.COOKIE in response.cookies
    assert (
        "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; More trips please" in page
        and "<script>alert" not in page
    )
    assert tokens.pseudonym(board, post.poster_hash).name in page and "just now" in page
    assert (
        post.poster_hash not in page
        and post.poster_hash[:32] not in page
        and post.item.platform_id not in page
    )
    assert f"/c/{board.code}/report/{post.pk}/" in page
    assert response["Cache-Control"] == "no-store"


def test_a_plain_post_goes_on_the_board_and_a_post_with_contact_details_waits_for_its_poster_alone(board):
    poster = young_person()
    response = send(poster, board, PLAIN)
    assert response.status_code == 302 and "posted=" in response["Location"]
    assert "Your post is on the board." in body(poster.get(response["Location"], secure=True))
    response = send(poster, board, "add me on snap its sammy_2011")
    held = BoardPost.objects.get(item__text__contains="snap")
    assert is_hidden(held.item)
    page = body(poster.get(response["Location"], secure=True))
    assert "Your post is waiting for a moderator." in page and "Your posts not on the board" in page
    assert "sammy_2011" in page and "contact details" in page
    assert f"/c/{board.code}/appeal/{held.pk}/" in page
    stranger = body(young_person().get(f"/c/{board.code}/", secure=True))
    assert "sammy_2011" not in stranger and PLAIN in stranger
    # Another person cannot read it through the "posted" banner or the appeal page either.
    other = young_person()
    assert "sammy_2011" not in body(other.get(f"/c/{board.code}/?posted={held.pk}", secure=True))
    refused = other.get(f"/c/{board.code}/appeal/{held.pk}/", secure=True)
    assert refused.status_code == 403 and "sammy_2011" not in body(refused)


def test_an_empty_post_is_refused_with_the_error_summary(board):
    response = send(young_person(), board, "   ")
    assert response.status_code == 400 and "Write your post before you send it" in body(response)
    assert not BoardPost.objects.exists()


def test_report_a_post_and_read_what_happened_on_the_board(board, moderator):
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    reporter = young_person()
    assert reporter.get(f"/c/{board.code}/report/{post.pk}/", secure=True).status_code == 200
    response = reporter.post(
        f"/c/{board.code}/report/{post.pk}/", {"reason": "unkind", "text": "It is mean"}, secure=True
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.kind == "report" and complaint.post == post and complaint.reporter_hash
    page = body(reporter.get(response["Location"], secure=True))
    assert "What happened to your messages" in page and "Waiting" in page
    complaints.decide_complaint(complaint, by=moderator, outcome="hidden")
    page = body(reporter.get(f"/c/{board.code}/", secure=True))
    assert "took it off the board" in page and PLAIN not in page


def test_reporting_needs_a_reason_and_a_post_on_the_board(board):
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    response = young_person().post(f"/c/{board.code}/report/{post.pk}/", {"text": "hmm"}, secure=True)
    assert response.status_code == 400 and "Choose what is wrong with this post" in body(response)
    held = boards.post_to_board(board, token=tokens.new_token(), text="my number is 07700 900123")
    assert young_person().get(f"/c/{board.code}/report/{held.pk}/", secure=True).status_code == 404


def test_the_poster_appeals_about_their_held_post(board):
    poster = young_person()
    send(poster, board, "find me on discord")
    held = BoardPost.objects.get()
    assert poster.get(f"/c/{board.code}/appeal/{held.pk}/", secure=True).status_code == 200
    response = poster.post(f"/c/{board.code}/appeal/{held.pk}/", {"text": "It was a joke"}, secure=True)
    assert response.status_code == 302
    assert Complaint.objects.get().kind == "appeal"
    page = body(poster.get(response["Location"], secure=True))
    assert "We will look at your post again." in page
    assert f"/c/{board.code}/appeal/{held.pk}/" not in page  # asked once is enough


def test_report_a_problem_from_any_page_of_a_consultation(board):
    visitor = young_person()
    page = body(visitor.get(f"/c/{board.code}/problem/?page=/c/{board.code}/privacy/", secure=True))
    assert f'value="/c/{board.code}/privacy/"' in page
    response = visitor.post(
        f"/c/{board.code}/problem/",
        {"reason": "broken", "text": "The button does nothing", "page": f"/c/{board.code}/privacy/"},
        secure=True,
    )
    assert response.status_code == 302 and response["Location"] == f"/c/{board.code}/problem/sent/"
    assert Complaint.objects.get().page == f"/c/{board.code}/privacy/"
    assert "Your message has been sent" in body(visitor.get(response["Location"], secure=True))


def test_posts_are_rate_limited_per_person(board, settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "consultation_post_token": (2, 15)}
    poster = young_person()
    assert [send(poster, board, f"Idea {n}").status_code for n in range(2)] == [302, 302]
    refused = send(poster, board, "Idea 3")
    assert (
        refused.status_code == 429 and int(refused["Retry-After"]) > 0 and "Too many tries" in body(refused)
    )
    assert BoardPost.objects.count() == 2
    assert send(young_person(), board, "Someone else's idea").status_code == 302  # per person, not per board


def test_reports_are_rate_limited_per_address(board, settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "consultation_report_ip": (1, 15)}
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    data = {"reason": "spam"}
    assert young_person().post(f"/c/{board.code}/report/{post.pk}/", data, secure=True).status_code == 302
    assert young_person().post(f"/c/{board.code}/report/{post.pk}/", data, secure=True).status_code == 429
    assert Complaint.objects.count() == 1


def test_the_staff_queue_lists_shows_and_decides(board, moderator, client_for, author):
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    complaint = complaints.file_complaint(
        board.organisation,
        kind="report",
        consultation=board,
        post=post,
        reason="unkind",
        token=tokens.new_token(),
    )
    staff = client_for(moderator)
    queue = body(staff.get("/consultations/complaints/", secure=True))
    assert "Waiting (1)" in queue and f"/consultations/complaints/{complaint.pk}/" in queue
    page = body(staff.get(f"/consultations/complaints/{complaint.pk}/", secure=True))
    assert PLAIN in page and "On the board" in page and "It is unkind" in page
    refused = staff.post(f"/consultations/complaints/{complaint.pk}/", {"note": "x"}, secure=True)
    assert refused.status_code == 400 and "Choose what you decide" in body(refused)
    done = staff.post(
        f"/consultations/complaints/{complaint.pk}/",
        {"outcome": "hidden", "note": "Thanks for telling us."},
        secure=True,
    )
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED and is_hidden(post.item)
    assert client_for(author).get("/consultations/complaints/", secure=True).status_code == 403


def test_nothing_on_the_public_pages_names_the_organisations_staff(board, moderator):
    boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    page = body(young_person().get(f"/c/{board.code}/", secure=True))
    for staff in ("Mo Moderator", "mo.moderator", "Maya Manager", "maya.manager"):
        assert staff not in page
    assert not re.search(r"/consultations/|/inbox/", page)


def test_the_inbox_item_page_says_a_board_post_is_held_or_on_the_board(board, moderator, client_for):
    from harbour.moderation.services import act

    held = boards.post_to_board(board, token=tokens.new_token(), text="text me on 07700 900123")
    staff = client_for(moderator)
    page = body(staff.get(f"/inbox/{held.item_id}/", secure=True))
    assert "Held: not on the board" in page and f"/c/{board.code}/" in page
    assert 'value="unhide"' in page and ">Show on the board</button>" in page and "Show again" not in page
    act(held.item, "unhide", by=moderator, version=held.item.version)
    page = body(staff.get(f"/inbox/{held.item_id}/", secure=True))
    assert "On the board" in page and "Held: not on the board" not in page
    assert ">Take off the board</button>" in page
    assert list(boards.visible_posts(board)) == [held]


def test_the_console_home_shows_complaints_waiting_to_those_who_handle_them(
    board, moderator, author, client_for
):
    from django.urls import reverse

    home = reverse("console:home")
    assert "Complaints waiting" not in body(client_for(moderator).get(home, secure=True))
    post = boards.post_to_board(board, token=tokens.new_token(), text=PLAIN)
    complaints.file_complaint(board.organisation, kind="report", consultation=board, post=post, reason="spam")
    page = body(client_for(moderator).get(home, secure=True))
    assert "Complaints waiting" in page and "1 report, problem or appeal" in page
    assert "Complaints waiting" not in body(client_for(author).get(home, secure=True))


def test_every_board_page_isolates_what_people_typed(db):
    """The URL walk opens a poll at /c/<code>/; a board's pages are checked here with an override (U+202E) in
    the organisation's name, the board's title and introduction, a post, a held post and a report's words."""
    from harbour.accounts.capabilities import Role
    from harbour.accounts.models import Organisation
    from tests.cast import make_member
    from tests.test_untrusted_text_isolated import HOSTILE, RLO, problems_in

    org = Organisation.objects.create(name=HOSTILE, slug="hostile-board")
    manager = make_member(org, Role.MANAGER, "manager@hostile.example", f"Maya {RLO}reganaM")
    give_training(manager, "moderate")
    board = make_board(org, manager, code="RLO234", title=f"Our {RLO}draob", introduction=f"Say {RLO}olleh")
    poster = young_person()
    send(poster, board, f"Skate park {RLO}won please")
    send(poster, board, f"call me 07700 900123 {RLO}")
    post = boards.visible_posts(board).get()
    held = BoardPost.objects.exclude(pk=post.pk).get()
    complaint = complaints.file_complaint(
        org, kind="report", consultation=board, post=post, reason="unkind", text=f"mean {RLO}naem"
    )
    staff = client_for_member(manager)
    pages = [
        (poster, f"/c/{board.code}/"),
        (poster, f"/c/{board.code}/report/{post.pk}/"),
        (poster, f"/c/{board.code}/appeal/{held.pk}/"),
        (poster, f"/c/{board.code}/problem/?page=/c/{board.code}/"),
        (poster, f"/c/{board.code}/problem/sent/"),
        (staff, "/consultations/complaints/"),
        (staff, f"/consultations/complaints/{complaint.pk}/"),
        (staff, f"/inbox/{post.item_id}/"),
    ]
    for client, path in pages:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        html = body(response)
        assert RLO in html, path
        assert not problems_in(html), (path, problems_in(html))


def client_for_member(member) -> Client:
    from tests.cast import sign_in

    return sign_in(Client(), member.user)


def test_the_board_pages_its_posts_twenty_at_a_time_newest_first(board):
    for n in range(boards.PAGE_SIZE + 1):
        boards.post_to_board(board, token=tokens.new_token(), text=f"Idea number {n:02d} for the club")
    first = body(young_person().get(f"/c/{board.code}/", secure=True))
    assert "21 posts on the board" in first and "Idea number 20" in first and "Idea number 00" not in first
    assert "Page 1 of 2" in first and "?page=2#posts" in first
    second = body(young_person().get(f"/c/{board.code}/?page=2", secure=True))
    assert "Idea number 00" in second and "Idea number 20" not in second
    assert young_person().get(f"/c/{board.code}/?page=99", secure=True).status_code == 200  # the last page
