"""The concern pages in Chromium, keyboard only, with axe on every page: a safeguarding lead whose last
two-factor check is 16 minutes old opens an escalated concern, confirms it is them, reads it (999 first),
records a decision (refused without its reason, with the error summary focused), closes it with an outcome;
the list and the concern fit a phone's 390 px; a member who raises a concern by hand sees only its receipt."""

import importlib
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from harbour.accounts.sessions import TWO_FACTOR_AT_KEY
from harbour.safeguarding import services
from harbour.safeguarding.models import Concern, Source, Status
from tests.cast import active_channel, add_authenticator, finding, give_training, make_item, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_otp_throttle"),
]

WIDTH = 390
SUMMARY = "Says a man she met online wants to pick her up from school on Friday"


def tab_to(page, target, *, limit: int = 120) -> None:
    """Press Tab until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def press_on(page, target, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def choose(page, first, target, *, limit: int = 12) -> None:
    """Choose a radio as a keyboard user does: Tab into the group (its first option), then the arrow keys."""
    tab_to(page, first)
    page.keyboard.press(" ")
    for _ in range(limit):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{target} cannot be chosen with the keyboard")


def check_was_sixteen_minutes_ago(page) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME)
    store = importlib.import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[TWO_FACTOR_AT_KEY] = (timezone.now() - timedelta(minutes=16)).timestamp()
    store.save()


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def escalated(org, moderator):
    channel = active_channel(org)
    root = make_item(channel, "Who's coming to the disco on Friday?", kind="post", thread_id="t1")
    item = make_item(
        channel,
        SUMMARY,
        thread_id="t1",
        parent_id=root.platform_id,
        url="https://bsky.app/profile/someone/post/1",
        findings=[finding("grooming", 4, reason="An adult arranging to meet a young person")],
        media=[{"url": "https://cdn.example/photo.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )
    return services.raise_concern(
        org, by=moderator, item=item, summary=SUMMARY, category="grooming", severity=4,
        source=Source.ESCALATED, immediate_danger=True,
    )  # fmt: skip


def test_a_lead_takes_a_concern_from_opening_to_an_outcome_with_the_keyboard(
    page, live_server, dsl, escalated, sign_in_browser, axe_check
):
    give_training(dsl, "handle_concerns")
    device = add_authenticator(dsl.user)
    sign_in_browser(page, dsl.user)
    check_was_sixteen_minutes_ago(page)

    # The list asks for a fresh check first, and comes back to the list after it.
    page.goto(f"{live_server.url}{reverse('safeguarding:index')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    code = page.get_by_label("Code")
    tab_to(page, code)
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding concerns")
    axe_check(page, context="the concerns list")
    fits_a_phone(page)

    press_on(page, page.get_by_role("link", name=f"Concern #{escalated.pk}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grooming")
    main = page.locator("main").inner_text()
    assert main.index("call 999 now") < main.index(SUMMARY)
    expect(page.get_by_text("Media withheld (1)")).to_be_visible()
    assert "cdn.example" not in page.content()
    axe_check(page, context="the concern")
    fits_a_phone(page)

    # A decision without its reason is refused, and the error summary takes the focus.
    press_on(page, page.get_by_role("link", name="Add to the record"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add to the record")
    axe_check(page, context="adding to the record")
    choose(page, page.get_by_label("Action taken"), page.get_by_label("Decision"))
    tab_to(page, page.get_by_label("What happened"))
    page.keyboard.type("Referred to the police through 101 and told the school")
    press_on(page, page.get_by_role("button", name="Add to the record"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the reason for the decision")
    expect(page).to_have_title(re.compile(r"^Error: Add to the record"))
    expect(page.get_by_label("What happened")).to_have_value(
        "Referred to the police through 101 and told the school"
    )
    axe_check(page, context="adding to the record, with an error")

    press_on(page, summary.get_by_role("link"))
    expect(page.get_by_label("The reason")).to_be_focused()
    page.keyboard.type("An adult is arranging to meet her: a risk of sexual harm")
    press_on(page, page.get_by_role("button", name="Add to the record"))
    expect(page.get_by_text("Added to the record.")).to_be_visible()
    expect(page.locator(".moj-timeline__title").first).to_have_text("Decision")

    # Closing needs the outcome and its reason.
    press_on(page, page.get_by_role("link", name="Close with an outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Close with an outcome")
    axe_check(page, context="closing")
    tab_to(page, page.get_by_label("The outcome", exact=True))
    page.keyboard.type("Police visited the family; the school's DSL is supporting her")
    tab_to(page, page.get_by_label("Why this is the outcome"))
    page.keyboard.type("The police have taken the investigation on")
    press_on(page, page.get_by_role("button", name="Close the concern"))
    expect(page.get_by_text(f"Concern #{escalated.pk} is closed.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Outcome")).to_be_visible()
    axe_check(page, context="the closed concern")
    concern = Concern.objects.get(pk=escalated.pk)
    assert concern.status == Status.CLOSED and concern.first_opened_by == dsl
    assert [entry.kind for entry in concern.entries.all()] == ["decision", "outcome"]


def test_a_member_raises_a_concern_and_sees_only_its_receipt(
    page, live_server, viewer, dsl, sign_in_browser, axe_check
):
    give_training(viewer, "raise_concerns")
    sign_in_browser(page, viewer.user)
    page.goto(f"{live_server.url}{reverse('console:home')}")
    press_on(page, page.get_by_role("link", name="Safeguarding"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding")
    axe_check(page, context="the receipts page")
    press_on(page, page.get_by_role("link", name="Raise a concern"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    axe_check(page, context="raising a concern")
    fits_a_phone(page)
    choose(
        page,
        page.get_by_label("Grooming"),
        page.get_by_label("Disclosure of harm (abuse, neglect, domestic abuse)"),
    )
    choose(page, page.get_by_label("Low", exact=True), page.get_by_label("Medium", exact=True))
    tab_to(page, page.get_by_label("What happened, in a few sentences"))
    page.keyboard.type("A young person told me at the club that her brother hurts her")
    press_on(page, page.get_by_role("button", name="Raise the concern"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Concern #\d+ received$"))
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.category, concern.severity) == (viewer, "disclosure", 2)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Concern #{concern.pk} received")
    expect(page.get_by_text("Not opened by a safeguarding lead yet")).to_be_visible()
    assert "her brother hurts her" not in page.content()
    axe_check(page, context="the receipt")
