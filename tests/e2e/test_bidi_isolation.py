"""A right-to-left override in a name or a comment does not reorder the words Harbour puts around it
(issue 15 item 1), as Chromium lays the page out: each character of the words after the name is drawn
to the right of the one before it, and to the right of the name. tests/test_untrusted_text_isolated.py
checks every page's markup; this checks that the markup does what it should in a real browser."""

import pytest
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Organisation
from tests.cast import active_channel, give_training, make_item, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RLO, PDI = "\u202e", "\u2069"
ORG = f"Harbour {RLO}tsurT{PDI} Youth"  # a stray PDI too, which must not end the name's isolate
CHANNEL = f"Club {RLO}deef feed"
AUTHOR = f"Kid {RLO}eman"
TEXT = f"call me {RLO}321 009 00770 then"

# The x position of each character of `after`, the first time it appears after the text `name`
# (searching from the text node that holds the name), and the right edge of the name as drawn.
POSITIONS = """([name, after]) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.data.includes(name)) node = walker.nextNode();
  if (!node) return null;
  const nameRange = document.createRange();
  nameRange.setStart(node, node.data.indexOf(name));
  nameRange.setEnd(node, node.data.indexOf(name) + name.length);
  let from = node.data.indexOf(name) + name.length;
  while (node && node.data.indexOf(after, from) < 0) { node = walker.nextNode(); from = 0; }
  if (!node) return null;
  const start = node.data.indexOf(after, from);
  const xs = [];
  for (let i = start; i < start + after.length; i++) {
    if (node.data[i] === ' ') continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    xs.push(range.getBoundingClientRect().left);
  }
  return {xs, end: nameRange.getBoundingClientRect().right};
}"""


def assert_in_reading_order(page, name: str, after: str, *, same_line: bool = True) -> None:
    found = page.evaluate(POSITIONS, [name, after])
    assert found, f"no {after!r} after {name!r} on {page.url}"
    xs = found["xs"]
    assert xs == sorted(xs), f"{after!r} after {name!r} is drawn out of order on {page.url}: {xs}"
    if same_line:
        assert xs[0] >= found["end"] - 1, f"{after!r} is drawn before the end of {name!r} on {page.url}"


@pytest.fixture
def hostile(db):
    org = Organisation.objects.create(name=ORG, slug="hostile")
    manager = make_member(org, Role.MANAGER, "manager@hostile.example", "Maya Manager")
    give_training(manager, "moderate")
    channel = active_channel(org)
    channel.name = CHANNEL
    channel.save()
    item = make_item(
        channel,
        TEXT,
        kind="reply",
        author_display_name=AUTHOR,
        author_handle="@kid.example",
    )
    return manager, item


def test_a_right_to_left_override_in_a_name_reorders_nothing_around_it(
    page, live_server, hostile, sign_in_browser
):
    manager, item = hostile
    sign_in_browser(page, manager.user)

    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    # The header on every page: "<organisation> · Manager".
    assert_in_reading_order(page, ORG, "· Manager")
    # The inbox row: the author's name above their handle, "<channel> · Reply" below.
    assert_in_reading_order(page, CHANNEL, "· Reply")

    page.goto(f"{live_server.url}{reverse('inbox:item', args=[item.pk])}")
    assert_in_reading_order(page, ORG, "· Manager")
    assert_in_reading_order(page, AUTHOR, "@kid.example")
    # The item's own text is a paragraph of its own (dir="auto"): the override stays inside it.
    assert_in_reading_order(page, TEXT, "Mark done", same_line=False)

    page.goto(f"{live_server.url}{reverse('console:home')}")
    assert_in_reading_order(page, ORG, "You and your account", same_line=False)
    assert_in_reading_order(page, "Manager in ", "Training", same_line=False)


def test_a_name_in_a_message_reorders_nothing_around_it(page, live_server, hostile, sign_in_browser):
    """A success message is one sentence built in Python: the name in it is isolated (harbour/lib/bidi.py)."""
    manager, _ = hostile
    name = f"Ava {RLO}rohtuA"
    member = make_member(manager.organisation, Role.AUTHOR, "ava@hostile.example", name)
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}{reverse('accounts:member', args=[member.pk])}")
    page.get_by_role("button", name="Sign out everywhere").click()
    assert_in_reading_order(page, name, "has been signed out of")


def test_the_check_would_see_an_override_that_is_not_isolated(page, live_server):
    """The control: the same measurement on markup without <bdi> finds the words drawn backwards."""
    page.set_content(f"<p><span>{CHANNEL}</span> · Reply</p>")
    found = page.evaluate(POSITIONS, [CHANNEL, "· Reply"])
    assert found["xs"] != sorted(found["xs"])
