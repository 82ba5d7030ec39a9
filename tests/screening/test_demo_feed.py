"""Harbour's own demo feed, screened in order as ingest screens it (each author's state carried, the thread
as the demo connector gives it): the kinds of message issue 15 found allowed at severity 0 are flagged."""

import json
from pathlib import Path

import pytest

from harbour.screening.engine import default_engine
from harbour.screening.verdict import Context

FEED = json.loads(
    (Path(__file__).resolve().parents[2] / "harbour/connectors/demo/feed.json").read_text("utf-8")
)


def _screened() -> dict:
    engine = default_engine()
    states, out = {}, {}
    for message in FEED["messages"]:
        author = "demo:" + FEED["authors"][message["author"]]["id"]
        context = Context(
            channel="demo",
            author=author,
            thread=message["thread"] or message["id"],
            author_state=states.get(author),
        )
        out[message["id"]] = verdict = engine.screen(message["text"], context)
        states[author] = verdict.author_state
    return out


VERDICTS = _screened()


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("demo-027", "self_harm"),  # "i dont see the point of anything anymore. been cutting again ..."
        ("demo-030", "grooming"),  # "Do your mum and dad check your phone much?"
        ("demo-015", "bullying"),  # "nobody wants tia there lol"
        ("demo-017", "bullying"),  # "😂😂 facts", from the same author in the same thread
    ],
)
def test_the_demo_messages_issue_15_found_allowed_are_flagged(message, category):
    verdict = VERDICTS[message]
    assert verdict.severity > 0 and verdict.action != "allow"
    assert category in [str(f.category) for f in verdict.findings]


def test_a_child_sharing_her_own_number_is_not_a_grooming_sign():
    # demo-009, Amy: "my number is 07700 900123 can someone text me the times pls"
    assert "personal_info" in [str(f.category) for f in VERDICTS["demo-009"].findings]
    assert "private_channel" not in VERDICTS["demo-009"].author_state["grooming"]["stages"]
