"""A discussion board in Chromium (issue 23), the young people at a phone's 390 px with the keyboard, axe on every
page: a young person's post with contact details is held and they are told why, kindly, while nobody else sees
it; a moderator finds it in the inbox as a held board post and shows it ("Show on the board"); it is then on the
board for everyone. Another young person reports it with the Report button under it; the moderator decides
the report in the complaints queue and takes the post off the board; the reporter reads the outcome on the
board, and the post is gone from it. No public page is wider than the phone."""

import pytest
from playwright.sync_api import expect

from harbour.consultation.models import BoardPost, Complaint, ComplaintState
from harbour.inbox.screened import warm_up
from harbour.moderation.services import is_hidden
from tests.cast import give_training
from tests.consultation.test_board_posting import make_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
POST = "The club should open on Saturdays. Add me on snap if you want to help plan it"


def tab_to(page, target, *, limit: int = 150) -> None:
    """Press Tab until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def looked_at(page, axe_check, keep_screenshot, name: str, *, phone: bool = True) -> None:
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"
    axe_check(page, context=name)
    keep_screenshot(page, f"consultation-board-{name}")


def phone(browser):
    return browser.new_context(viewport={"width": WIDTH, "height": 844}).new_page()


def test_a_held_post_is_shown_by_a_moderator_then_reported_and_taken_off_the_board(
    browser, page, live_server, org, manager, moderator, axe_check, keep_screenshot, sign_in_browser
):
    warm_up()  # the screening models, once, before the live server screens the first post
    give_training(moderator, "moderate")
    board = make_board(org, manager, moderators=[moderator], code="BRD234")
    url = f"{live_server.url}/c/{board.code}/"

    # A young person posts, with the keyboard, and is told kindly why their post waits.
    poster = phone(browser)
    poster.goto(url)
    expect(poster.get_by_role("heading", level=1)).to_have_text(board.title)
    looked_at(poster, axe_check, keep_screenshot, "empty")
    tab_to(poster, poster.get_by_label("Your post"))
    poster.keyboard.type(POST)
    tab_to(poster, poster.get_by_role("button", name="Send my post"))
    poster.keyboard.press("Enter")
    expect(poster.get_by_text("Your post is waiting for a moderator.")).to_be_visible(timeout=30_000)
    expect(poster.get_by_text("Please do not share ways to contact you")).to_be_visible()
    looked_at(poster, axe_check, keep_screenshot, "held")
    post = BoardPost.objects.get()
    assert is_hidden(post.item)

    reader = phone(browser)
    reader.goto(url)
    expect(reader.get_by_text("There are no posts on the board yet.")).to_be_visible()
    expect(reader.get_by_text("Add me on snap")).to_have_count(0)

    # The moderator finds it in the inbox, held, and shows it on the board.
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/inbox/{post.item_id}/")
    expect(page.get_by_text("Held: not on the board")).to_be_visible()
    looked_at(page, axe_check, keep_screenshot, "inbox-held", phone=False)
    page.get_by_role("button", name="Show on the board").click()
    expect(page.get_by_text("On the board", exact=True)).to_be_visible()
    assert not is_hidden(post.item)

    poster.reload()
    expect(poster.get_by_role("heading", name="Your posts not on the board")).to_have_count(0)
    reader.reload()
    expect(reader.get_by_text("Add me on snap")).to_be_visible()
    looked_at(reader, axe_check, keep_screenshot, "on-the-board")

    # Another young person reports it, by keyboard.
    report = reader.get_by_role("button", name="Report the post by")
    tab_to(reader, report)
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", name="Report a post")).to_be_visible()
    looked_at(reader, axe_check, keep_screenshot, "report")
    tab_to(reader, reader.get_by_label("It is unkind, bullying or picking on someone"))
    reader.keyboard.press("ArrowDown")  # worried about someone's safety
    reader.keyboard.press("ArrowDown")  # shares someone's details
    expect(reader.get_by_label("It shares someone's name, school, address or photos")).to_be_checked()
    tab_to(reader, reader.get_by_role("button", name="Send my report"))
    reader.keyboard.press("Enter")
    expect(reader.get_by_text("Thank you for telling us.")).to_be_visible(timeout=30_000)
    looked_at(reader, axe_check, keep_screenshot, "reported")
    complaint = Complaint.objects.get()
    assert complaint.reason == "personal" and complaint.state == ComplaintState.OPEN

    # The moderator takes it off the board from the complaints queue.
    page.goto(f"{live_server.url}/consultations/complaints/")
    expect(page.get_by_role("heading", name="Waiting (1)")).to_be_visible()
    looked_at(page, axe_check, keep_screenshot, "queue", phone=False)
    page.get_by_role("link", name="Read and decide").click()
    expect(page.get_by_text(POST)).to_be_visible()
    looked_at(page, axe_check, keep_screenshot, "complaint", phone=False)
    page.get_by_label("Take the post off the board").check()
    page.get_by_label("A note for the young person (optional)").fill("Thank you. We have taken it down.")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_role("heading", name="Waiting (0)")).to_be_visible(timeout=30_000)
    assert is_hidden(post.item)

    # The reporter reads the outcome, and the post is off the board.
    reader.reload()
    expect(reader.get_by_text("Thank you. We have taken it down.")).to_be_visible()
    expect(reader.get_by_text("Add me on snap")).to_have_count(0)
    looked_at(reader, axe_check, keep_screenshot, "outcome")
    poster.reload()
    expect(poster.get_by_text("A moderator has taken this post off the board.")).to_be_visible()
    looked_at(poster, axe_check, keep_screenshot, "taken-off")
