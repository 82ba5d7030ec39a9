"""Issue 17's journey in Chromium, keyboard only, with axe on every page: a moderator works a queue on the
local Bluesky network (@atproto/dev-env): hides a screened reply there, answers a question with a saved
reply, marks three items done at once and signs off the day; then a channel nobody signed off alerts its
manager on the console home, and the overdue view lists the item past its deadline."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from harbour.inbox.ingest import poll
from harbour.inbox.models import Item, ItemStatus
from harbour.moderation import sending
from harbour.moderation.models import ModerationAction
from harbour.replies import services as replies
from harbour.replies.models import ReplyKind, SavedReply
from harbour.rota import services as rota
from harbour.rota import tasks as rota_tasks
from harbour.rota.models import SignOff
from tests.cast import active_channel, bluesky_channel, give_training, make_item
from tests.moderation.test_bluesky_actions import hidden_replies

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bluesky_on_loopback"),
]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ANSWER = "It starts at 6pm in the library. See you there!"
EVERY_DAY = {"days": list(range(7)), "starts": datetime.time(0), "ends": datetime.time(23, 59)}


def tab_to(page, target, *, back: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def press_on(page, target, key: str = "Enter", *, back: bool = False) -> None:
    tab_to(page, target, back=back)
    page.keyboard.press(key)


def send_pending(kind: str) -> ModerationAction:
    """What the worker does: send the pending platform action."""
    action = ModerationAction.objects.get(kind=kind, state="pending")
    assert sending.send_action(action.pk).outcome == "sent"
    action.refresh_from_db()
    return action


def test_a_moderators_day_on_bluesky_with_the_keyboard_only(
    page, live_server, org, manager, moderator, bluesky_account, atproto_network, sign_in_browser, axe_check
):
    give_training(moderator, "moderate")
    give_training(manager, "moderate")  # to open the overdue view
    account, young = bluesky_account("jhub"), bluesky_account("jyp")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    post = account.post("Youth council on Thursday. What should we talk about?")
    atproto_network.sync()
    poll(channel.pk)  # sets the cursor
    nasty = young.post("you are all losers and nobody will come", reply_to=post)
    question = young.post("what time does it start?", reply_to=post)
    atproto_network.sync()
    poll(channel.pk)
    bad = Item.objects.get(channel=channel, platform_id=nasty.uri)
    asked = Item.objects.get(channel=channel, platform_id=question.uri)
    assert bad.severity > asked.severity and asked.needs_reply  # screened at ingest
    thanks = [make_item(channel, f"JOURNEY-thanks {n}", minutes_ago=60 + n) for n in range(3)]
    for title, text in (("Opening times", "We are open from 4pm to 9pm."), ("Start time", ANSWER)):
        replies.save_reply(
            SavedReply(organisation=org, title=title, text=text, kind=ReplyKind.GENERAL), by=manager
        )
    rota.add_shifts(channel, member=moderator, by=manager, **EVERY_DAY)
    # Another channel on the moderator's rota, due to be signed off already, with a question past its deadline.
    forum = active_channel(org)
    forum.name = "Youth forum"
    forum.save(update_fields=["name"])
    forum.moderators.add(moderator)
    rota.add_shifts(forum, member=moderator, by=manager, **EVERY_DAY)
    rota.set_sign_off_by(forum, datetime.time(0, 0), by=manager)
    late = make_item(
        forum,
        "JOURNEY-late is anyone there? I need help with my application",
        minutes_ago=60 * 30,
        needs_reply=True,
        due_at=timezone.now() - datetime.timedelta(hours=6),
    )

    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/inbox/")
    rows = page.locator("[data-inbox-list] tbody tr")
    expect(rows).to_have_count(6)
    axe_check(page, context="the inbox")

    # Hide the screened reply on Bluesky: j to the riskiest, Enter to open it, h to hide.
    page.keyboard.press("j")
    current = page.locator(".harbour-current-row")
    expect(current).to_have_attribute("data-item", str(bad.pk))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/inbox/{bad.pk}/")
    axe_check(page, context="the screened reply")
    page.keyboard.press("h")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Hiding this reply")
    assert send_pending("hide").answer == "Hidden on Bluesky"
    atproto_network.sync()
    assert hidden_replies(account, post.uri) == [nasty.uri]
    page.reload()
    expect(page.locator(".harbour-history__entry").first).to_contain_text("Done on the platform")
    axe_check(page, context="the reply, hidden")

    # Answer the question with a saved reply: r opens the reply page, whose picker fills the box.
    press_on(page, page.get_by_role("link", name="Back to the inbox"))
    expect(page.locator("h1")).to_contain_text("Inbox")
    for _ in range(6):
        page.keyboard.press("j")
        if current.get_attribute("data-item") == str(asked.pk):
            break
    expect(current).to_contain_text("what time does it start?")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/inbox/{asked.pk}/")
    page.keyboard.press("r")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply")
    axe_check(page, context="the reply page with its saved replies")
    chooser = page.get_by_label("Choose a saved reply")
    tab_to(page, chooser)
    wanted = str(SavedReply.objects.get(title="Start time").pk)
    for _ in range(3):
        if chooser.input_value() == wanted:
            break
        page.keyboard.press("ArrowDown")
    expect(chooser).to_have_value(wanted)
    press_on(page, page.get_by_role("button", name="Use this reply"))
    box = page.get_by_label("Your reply")
    expect(box).to_have_value(ANSWER)
    assert not ModerationAction.objects.filter(kind="reply").exists()  # choosing sends nothing
    axe_check(page, context="the reply box, filled")
    press_on(page, page.get_by_role("button", name="Send reply"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reply is being sent.")
    reply = send_pending("reply")
    atproto_network.sync()
    thread = account.client.get_post_thread(question.uri).thread
    assert [r.post.record.text for r in thread.replies] == [ANSWER]
    assert Item.objects.get(pk=asked.pk).responded_at == reply.finished_at

    # Three items done at once: Space ticks each, the bar's "Mark done" asks how many, Enter confirms.
    press_on(page, page.get_by_role("link", name="Back to the inbox"))
    for item in thanks:
        press_on(page, page.locator(f"#select-{item.pk}"), "Space")
        expect(page.locator(f"#select-{item.pk}")).to_be_checked()
    press_on(page, page.locator('#inbox-bulk button[value="done"]'), back=True)
    expect(page.get_by_role("heading", name="Mark 3 items done?")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, mark 3 items done")).to_be_focused()
    axe_check(page, context="the bulk confirmation")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 items marked done.")
    assert Item.objects.filter(pk__in=[i.pk for i in thanks], status=ItemStatus.DONE).count() == 3
    axe_check(page, context="the inbox after the bulk action")

    # Sign off the Bluesky channel's day; the forum is left unsigned.
    page.goto(f"{live_server.url}/")
    left = Item.objects.filter(channel=channel, status=ItemStatus.NEEDS_ACTION).count()
    assert left == 0  # hiding the reply and answering the question each dealt with one
    expect(page.get_by_text(f"{channel.name}: {left} needing action")).to_be_visible()
    axe_check(page, context="the console home with today's sign-off")
    press_on(page, page.get_by_role("link", name="Sign off today's queues"))
    expect(page).to_have_url(f"{live_server.url}/rota/today/")
    axe_check(page, context="the sign-off page")
    press_on(page, page.get_by_role("button", name=f"Sign off {channel.name}"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is signed off for today")
    expect(page.get_by_role("row").filter(has_text=channel.name)).to_contain_text("Signed off")
    axe_check(page, context="the sign-off page, signed off")
    assert list(SignOff.objects.values_list("channel", flat=True)) == [channel.pk]

    # The scheduler's due work: the forum was not signed off and has an item past its deadline.
    with override_settings(TASKS=IMMEDIATE):
        assert rota_tasks.enqueue_due_alerts(timezone.now()) == 2
    assert all(manager.user.email in message.to for message in mail.outbox) and len(mail.outbox) == 2

    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/")
    alerts = page.get_by_role("region", name="Moderation alerts")
    expect(alerts).to_contain_text("not signed off by its time")
    expect(alerts).to_contain_text("1 item past the response deadline")
    expect(alerts).not_to_contain_text(channel.name)
    axe_check(page, context="the console home with the alerts")

    # The overdue view lists the late question, and only it.
    page.goto(f"{live_server.url}/inbox/")
    press_on(page, page.get_by_role("link", name="Overdue"))
    expect(page.get_by_role("link", name="Overdue 1")).to_have_attribute("aria-current", "page")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("is anyone there?")
    axe_check(page, context="the overdue view")
    assert Item.objects.get(pk=late.pk).status == ItemStatus.NEEDS_ACTION
