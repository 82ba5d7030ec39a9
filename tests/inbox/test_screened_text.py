"""One screening entry point for stored text (issue 16): harbour.inbox.screened.screen_stored screens a
text with its context and ScreenedText keeps the result; ingest uses it, and nothing else in the
product calls the engine."""

import ast
from pathlib import Path

import harbour
from harbour.inbox import screened
from harbour.inbox.models import Item
from harbour.inbox.screened import ScreenedText, ScreeningAction, screen_stored
from harbour.screening.verdict import Direction
from tests.cast import active_channel

STATE = {
    "grooming": {
        "v": 1,
        "n": 4,
        "stages": {"secrecy": 1.0},
        "counts": {},
        "refs": [],
        "alerts": 0,
        "alerted": [],
    }
}


def test_a_text_is_screened_in_its_context_and_the_author_state_carried_on(org):
    channel = active_channel(org)
    result = screen_stored(
        "don't tell your mum about us, it's our secret",
        direction=Direction.INCOMING,
        channel=channel,
        author="kid",
        thread="t1",
        author_state=STATE,
    )
    assert result.severity > 0 and result.action != ScreeningAction.ALLOW
    assert result.categories == list(dict.fromkeys(f["category"] for f in result.verdict["findings"]))
    assert result.author_state["grooming"]["n"] == 5  # the tracker counted this message from the state given
    assert result.verdict["findings"]


def test_without_an_author_there_is_no_running_state():
    result = screen_stored("Is the youth club open on Saturday?", direction=Direction.INCOMING)
    assert result.author_state is None and result.action == ScreeningAction.ALLOW


def test_a_screening_failure_keeps_the_text_for_review_and_the_state_as_it_was(monkeypatch, caplog):
    def broken(text, context):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(screened, "screen", broken)
    result = screen_stored(
        "call me 07700 900123", direction=Direction.INCOMING, author="kid", author_state=STATE, about="item 7"
    )
    assert result.verdict == {"error": "Screening failed: RuntimeError"}
    assert (result.severity, result.action, result.author_state) == (0, ScreeningAction.REVIEW, STATE)
    assert "item 7" in caplog.text and "07700" not in caplog.text  # the log names the text, never its content


def test_an_item_keeps_the_result_as_screened_text():
    result = screen_stored("you are a stupid ugly idiot", direction=Direction.INCOMING)
    item = Item(verdict={})
    item.store(result)
    assert isinstance(item, ScreenedText)
    assert (item.verdict, item.severity, item.action) == (result.verdict, result.severity, result.action)
    assert item.findings == result.verdict["findings"] and item.screening_error == ""


def test_only_the_entry_point_calls_the_engine():
    """Outside harbour/screening (and the `harbour screen` command, which runs without Django), only
    harbour/inbox/screened.py imports the engine's screen(): there is no second path to store a verdict."""
    root = Path(harbour.__file__).parent
    allowed = {root / "inbox" / "screened.py", root / "cli.py"}
    offenders = []
    for path in root.rglob("*.py"):
        if root / "screening" in path.parents or path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("harbour.screening"):
                names = {alias.name for alias in node.names}
                if names & {"screen", "Engine", "default_engine"} or node.module.startswith(
                    "harbour.screening.engine"
                ):
                    offenders.append(f"{path.relative_to(root)}: {node.module}")
    assert offenders == []


def test_the_second_stage_can_be_turned_off_for_the_whole_service(org, settings):
    """HARBOUR_SCREENING_SECOND_STAGE: a hopeless message only the sentence encoder reads is escalated with it
    and passes without it (the fast path alone)."""
    channel = active_channel(org)
    text = "nobody would even notice if i wasnt here"
    on = screen_stored(text, direction=Direction.INCOMING, channel=channel, author="bsky:did:plc:a")
    assert on.action == ScreeningAction.ESCALATE
    settings.HARBOUR_SCREENING_SECOND_STAGE = False
    off = screen_stored(text, direction=Direction.INCOMING, channel=channel, author="bsky:did:plc:a")
    assert off.action == ScreeningAction.ALLOW
