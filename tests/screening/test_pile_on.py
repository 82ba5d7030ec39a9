"""Pile-ons (issue 19): a reply that laughs at or agrees with an item that itself bullies or leaves someone
out, whoever wrote that item. The reply is screened with the text it replies to (Context.parent_text), so a
bystander's "😂😂 facts" under someone else's "nobody wants tia there" is seen, and each author who joins in
is flagged on their own reply.

Written before the change; this is the development half (test_bullying_kept.py holds the other).
"""

import pytest

from harbour.screening import screen
from harbour.screening.verdict import Category, Context

BULLYING_PARENTS = [
    "nobody wants tia there lol",
    "everyone hates kai",
    "jess is so ugly and fat",
    "kys nobody likes you",
]

JOINING = ["😂😂 facts", "ikr", "literally", "true lol", "so true 😂", "hahaha yes", "fr nobody does", "100%"]

NOT_JOINING = ["thats not nice", "leave her alone", "not funny", "why would you say that", "no lol stop"]

ORDINARY_PARENTS = ["pizza is the best food", "the bus is late again", "tia scored a great goal"]


def bullying(text: str, parent: str | None, *, author: str = "bystander") -> list:
    verdict = screen(text, Context(author=author, thread="t1", parent_text=parent))
    return [f for f in verdict.findings if f.category == Category.BULLYING]


@pytest.mark.parametrize("parent", BULLYING_PARENTS)
@pytest.mark.parametrize("reply", JOINING)
def test_a_bystander_joining_in_under_bullying_is_flagged(parent, reply):
    found = bullying(reply, parent)
    assert found and max(f.severity for f in found) >= 2, (parent, reply)
    assert any(f.evidence.get("joins_in") for f in found)


@pytest.mark.parametrize("reply", NOT_JOINING)
def test_standing_up_for_someone_is_not_joining_in(reply):
    assert not [f for f in bullying(reply, "nobody wants tia there lol") if f.evidence.get("joins_in")]


@pytest.mark.parametrize("parent", ORDINARY_PARENTS)
@pytest.mark.parametrize("reply", JOINING)
def test_the_same_reply_under_an_ordinary_item_passes(parent, reply):
    assert bullying(reply, parent) == []


@pytest.mark.parametrize("reply", JOINING)
def test_the_same_reply_with_nothing_to_reply_to_passes(reply):
    assert bullying(reply, None) == []


def test_several_authors_joining_in_are_each_flagged():
    parent = "nobody wants tia there lol"
    flagged = [a for a in ("amy", "ben", "cal") if bullying("😂😂 facts", parent, author=a)]
    assert flagged == ["amy", "ben", "cal"]
