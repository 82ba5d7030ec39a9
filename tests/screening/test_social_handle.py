"""Social handles and invitations to move to a private app."""

import pytest

HANDLES = [
    ("add me on snap", "add me on snap"),
    ("add me on sc x", "add me on sc"),
    ("message me on whatsapp", "message me on whatsapp"),
    ("my snap is jess_2012", "my snap is jess_2012"),
    ("insta: @coolkid99", "insta: @coolkid99"),
    ("follow me on tiktok", "follow me on tiktok"),
    ("my discord is gamer.kid", "my discord is gamer.kid"),
    ("add me on kik", "add me on kik"),
]

NOT_HANDLES = [
    "@jess thanks for coming",
    "snap decision",
    "we post on Instagram every week",
    "my insta is private",
    "the kik scooter",
    "add salt and pepper",
    "follow us for updates",
    "I love tiktok dances",
]


@pytest.mark.parametrize(("text", "handle"), HANDLES)
def test_handles_and_invitations_are_found(found, text, handle):
    hits = found("social_handle", text)
    assert [covered for _, _, covered in hits] == [handle]
    assert all(severity >= 2 for _, severity, _ in hits)


@pytest.mark.parametrize("text", NOT_HANDLES)
def test_mentions_and_ordinary_words_pass(found, text):
    assert found("social_handle", text) == []
