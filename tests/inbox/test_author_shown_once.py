"""Who wrote an item is said once, for every kind of author (issue 17, ui17): a file import gives the
one "author" column as both handle and display name (harbour/connectors/file_import/parse.py), and the
item's page once showed it twice ("Jordan Lee Jordan Lee"). A handle is shown beside the name only
when it says something the name does not, with an @ as the platforms write it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.inbox import services
from harbour.inbox.models import Item
from tests.cast import active_channel, give_training, make_item, sign_in

CSV = b"id,created_at,author,text\nc1,2026-11-20T10:00:00Z,Jordan Lee,Is the club open on Saturday?\n"


@pytest.fixture
def client(moderator):
    give_training(moderator, "moderate")
    return sign_in(Client(), moderator.user)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def heading(client, item) -> str:
    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    return text_of(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1))


def from_cell(client, item) -> str:
    """The list's "From" cell for the item, less its channel, kind and time lines."""
    html = client.get(reverse("inbox:index")).content.decode()
    row = html.split(f'data-item="{item.pk}"', 1)[1].split("</tr>", 1)[0]
    cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)[2]
    return text_of(cell.split("<bdi>" + item.channel.name)[0].rsplit("<span", 1)[0])


def imported(org, moderator, csv=CSV) -> Item:
    channel = active_channel(org, "file_import")
    channel.moderators.add(moderator)
    services.import_file(channel, csv, "export.csv", by=moderator)
    return Item.objects.get(channel=channel)


def test_an_imported_author_is_named_once_on_the_item_page_and_in_the_list(org, moderator, client):
    item = imported(org, moderator)
    # As the import stores it: the one column is both.
    assert (item.author.handle, item.author.display_name) == ("Jordan Lee", "Jordan Lee")

    assert heading(client, item) == "Jordan Lee"
    assert from_cell(client, item) == "Jordan Lee"


def test_an_imported_author_written_as_a_handle_is_named_once(org, moderator, client):
    item = imported(org, moderator, CSV.replace(b"Jordan Lee", b"@jordan_l"))

    assert heading(client, item) == "@jordan_l"
    assert from_cell(client, item) == "@jordan_l"


@pytest.mark.parametrize(
    ("platform", "handle", "display_name", "shown"),
    [
        ("bluesky", "alice.bsky.social", "Alice Example", "Alice Example @alice.bsky.social"),
        ("bluesky", "bob.bsky.social", "", "@bob.bsky.social"),
        ("mastodon", "sam@mastodon.social", "Sam", "Sam @sam@mastodon.social"),
        ("mastodon", "@kit@example.social", "Kit", "Kit @kit@example.social"),
        ("file_import", "", "Jordan Lee", "Jordan Lee"),
        ("file_import", "", "", "Unknown author"),
    ],
)
def test_every_kind_of_author_is_named_once(org, moderator, client, platform, handle, display_name, shown):
    channel = active_channel(org, platform)
    channel.moderators.add(moderator)
    item = make_item(channel, "hello", author_handle=handle, author_display_name=display_name)

    assert heading(client, item) == shown
    assert from_cell(client, item) == shown.replace("Unknown author", "Unknown")
