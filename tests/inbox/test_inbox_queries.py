"""The inbox list runs a fixed number of queries however many items are on the page (no N+1)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import active_channel, finding, give_training, make_item, sign_in


def test_fifty_items_take_no_more_queries_than_one(org, manager, django_assert_max_num_queries):
    give_training(manager, "moderate")
    client = sign_in(Client(), manager.user)
    channels = [active_channel(org), active_channel(org, platform="file_import")]
    make_item(channels[0], "first", findings=[finding("spam", 1)], action="review")
    client.get(reverse("inbox:index"))  # the first request of a session writes to it; don't count that
    with CaptureQueriesContext(connection) as with_one_item:
        assert client.get(reverse("inbox:index")).status_code == 200
    for n in range(60):
        make_item(channels[n % 2], f"item {n}", findings=[finding("bullying", n % 5)], action="review")

    with django_assert_max_num_queries(min(len(with_one_item.captured_queries), 20)):
        response = client.get(reverse("inbox:index"))

    assert response.content.decode().count('<tr class="govuk-table__row"') == 51  # header + 50
