"""In Chromium, with axe: on a Bluesky channel the reply page's character count counts as Bluesky does
(each emoji one, however many code points), and the report page offers Bluesky's reasons, preselected from
what screening found, the one chosen shown in the item's history."""

import pytest
from playwright.sync_api import expect

from harbour.moderation.models import ModerationAction
from harbour.replies import services as replies
from harbour.replies.models import ReplyKind, SavedReply
from tests.cast import active_channel, finding, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points, 11 UTF-16 units


@pytest.fixture
def bluesky_item(org, manager, moderator):
    give_training(moderator, "moderate")
    channel = active_channel(org, "bluesky")
    channel.handle = "@youthclub.example"
    channel.save(update_fields=["handle"])
    channel.moderators.add(moderator)
    replies.save_reply(
        SavedReply(organisation=org, title="Thanks", text="Thanks for telling us.", kind=ReplyKind.GENERAL),
        by=manager,
    )
    return make_item(channel, "you are all losers", findings=[finding("bullying", 3)], thread_id="root-1")


def test_the_reply_count_counts_emoji_as_bluesky_does(
    page, live_server, moderator, bluesky_item, sign_in_browser, axe_check
):
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/replies/items/{bluesky_item.pk}/saved-reply/")
    box = page.get_by_label("Your reply")
    status = page.locator(".govuk-character-count__status")
    expect(page.get_by_text("Bluesky allows 300 characters, counting each emoji as one.")).to_be_visible()
    box.fill(FAMILY * 300)  # 2,100 code points: one over would be "1,800 too many" counting them
    expect(status).to_have_text("You have 0 characters remaining")
    box.fill(FAMILY * 301)
    expect(status).to_have_text("You have 1 character too many")
    axe_check(page, context="the reply page over Bluesky's length")


def test_the_report_page_offers_bluesky_reasons_and_the_history_shows_the_choice(
    page, live_server, moderator, bluesky_item, sign_in_browser, axe_check
):
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/moderation/items/{bluesky_item.pk}/act/?kind=report")
    reasons = page.get_by_role("group", name="What is wrong with it?")
    assert [label.strip() for label in reasons.locator("label").all_inner_texts()] == [
        "Spam: adverts, scams or the same message again and again",
        "Sexual content: unwanted sexual content, nudity or sexual messages",
        "Abuse or harassment: rude, bullying, hateful or threatening behaviour",
        "Misleading: pretending to be someone else, or misleading content",
        "Breaks the platform's rules: against the platform's rules or the law",
        "Something else: your words below say what is wrong",
    ]
    expect(page.get_by_label("Abuse or harassment", exact=False)).to_be_checked()  # from the bullying finding
    axe_check(page, context="the report page")

    page.get_by_label("Spam", exact=False).check()
    page.get_by_label("Why you are reporting this").fill("Posting the same insult under every post")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Your report is being sent to the platform.")).to_be_visible()
    expect(page.get_by_text("Reported as: Spam")).to_be_visible()
    assert ModerationAction.objects.get(kind="report").params == {
        "reason": "Posting the same insult under every post",
        "reason_kind": "spam",
    }
