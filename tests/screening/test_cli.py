"""`harbour screen`: plain text, JSON, and JSON lines streamed with per-line errors and per-author state."""

import io
import json
import subprocess
import sys

import pytest

from harbour.screening import cli, engine
from harbour.screening.detectors.base import ConversationDetector
from harbour.screening.verdict import Category, Finding


def run_main(capsys, argv, stdin=""):
    sys_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(
        io.BytesIO(stdin.encode("utf-8") if isinstance(stdin, str) else stdin), encoding="utf-8"
    )
    try:
        code = cli.main(argv)
    finally:
        sys.stdin = sys_stdin
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_text_prints_a_readable_verdict(capsys):
    code, out, _ = run_main(capsys, ["you absolute bellend, add me on snap"])
    assert code == 0
    assert out.startswith("HIDE: severity 3 of 4")
    assert '- insult, severity 3: "bellend"' in out
    assert "detector social_handle" in out


def test_clean_text_says_nothing_was_found(capsys):
    code, out, _ = run_main(capsys, ["Thanks for a great youth club session!"])
    assert (code, out) == (0, "ALLOW: severity 0 of 4\nNothing found.\n")


def test_json_output_and_outgoing_direction(capsys):
    code, out, _ = run_main(capsys, ["--json", "--direction", "outgoing", "bloody", "brilliant"])
    verdict = json.loads(out)
    assert code == 0
    assert verdict["action"] == "review"
    assert verdict["findings"][0]["text"] == "bloody"


def test_text_can_come_from_stdin(capsys):
    _, out, _ = run_main(capsys, ["--json"], stdin="i want to die\n")
    assert json.loads(out)["action"] == "escalate"


def test_no_second_stage_screens_with_the_fast_path_alone(capsys, monkeypatch):
    built = []
    real = engine.Engine

    def spy(*args, **kwargs):
        built.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "Engine", spy)
    text = "you absolute bellend, add me on snap"
    _, out, _ = run_main(capsys, ["--json", "--no-second-stage", text])
    assert built == [{"allow": [], "second_stage": False}]
    from harbour.screening import screen

    assert json.loads(out) == screen(text, second_stage=False).to_dict(include_text=False)


def test_allow_list_from_the_command_line(capsys):
    _, out, _ = run_main(capsys, ["--json", "--allow", "Bell End", "we walked to Bell End"])
    assert json.loads(out)["findings"] == []


GOOD_AND_BAD = "\n".join(
    [
        json.dumps({"id": 1, "text": "hello there", "author": "a", "thread": "t1", "channel": "bsky"}),
        "this is not json",
        json.dumps({"id": 3}),
        json.dumps({"id": 4, "text": 42}),
        json.dumps([1, 2]),
        "",
        json.dumps({"id": 7, "text": "kys", "direction": "sideways"}),
        json.dumps({"id": {"a": 1}, "text": "x"}),
        json.dumps({"id": 9, "text": "x", "author": 5}),
        json.dumps({"id": "last", "text": "We will utilise this", "direction": "outgoing"}),
    ]
)


def test_jsonl_keeps_every_line_and_explains_bad_ones(capsys):
    code, out, err = run_main(capsys, ["--jsonl"], stdin=GOOD_AND_BAD + "\n")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # a script notices; every line is still written
    assert 'harbour screen: 8 of 10 lines could not be screened; each has an "error"' in err
    assert [r["line"] for r in records] == list(range(1, 11))
    assert records[0] == {
        "line": 1,
        "id": 1,
        "direction": "incoming",
        "author": "a",
        "thread": "t1",
        "channel": "bsky",
        "severity": 0,
        "action": "allow",
        "findings": [],
    }
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert errors == {
        2: "not valid JSON: Expecting value",
        3: 'missing "text"',
        4: '"text" must be a string, not a number',
        5: 'expected a JSON object with "text"',
        6: 'empty line: expected a JSON object with "text"',
        7: '"direction" must be "incoming" or "outgoing", not "sideways"',
        8: '"id" must be a string or number, not an object',
        9: '"author" must be a string, not a number',
    }
    assert records[2]["id"] == 3 and records[6]["id"] == 7
    assert records[9]["direction"] == "outgoing" and records[9]["action"] == "review"


def test_jsonl_reports_invalid_utf8_by_line(capsys):
    data = b'{"text": "ok"}\n\xff\xfe bad\n{"text": "fine"}\n'
    code, out, _ = run_main(capsys, ["--jsonl"], stdin=data)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("error") for r in records] == [None, "not valid UTF-8 (byte 0)", None]


def test_jsonl_uses_the_direction_option_as_the_default(capsys):
    _, out, _ = run_main(capsys, ["--jsonl", "--direction", "outgoing"], stdin='{"text": "innit"}\n')
    assert json.loads(out)["action"] == "review"


class Counter(ConversationDetector):
    """Test detector: counts each author's messages and flags the third."""

    name = "counter"
    category = Category.GROOMING

    def detect_with_state(self, doc, context):
        seen = (context.author_state or {}).get("seen", 0) + 1
        found = (
            [Finding(self.category, 3, (0, len(doc.original)), "third message", self.name)]
            if seen == 3
            else []
        )
        return found, {"seen": seen}


def test_jsonl_carries_each_authors_state_across_lines(capsys, monkeypatch):
    monkeypatch.setattr(engine, "default_engine", lambda: engine.Engine([Counter]))
    lines = [{"text": "hi", "author": a} for a in ["a", "b", "a", "b", "a", "c"]]
    _, out, _ = run_main(capsys, ["--jsonl"], stdin="\n".join(map(json.dumps, lines)) + "\n")
    actions = [json.loads(line)["action"] for line in out.splitlines()]
    assert actions == ["allow", "allow", "allow", "allow", "escalate", "allow"]


def test_progress_is_shown_when_asked(capsys):
    _, _, err = run_main(capsys, ["--jsonl", "--progress"], stdin='{"text": "hi"}\n' * 3)
    assert "3 lines" in err and "lines/s" in err


def test_no_progress_when_stderr_is_not_a_terminal(capsys):
    _, _, err = run_main(capsys, ["--jsonl"], stdin='{"text": "hi"}\n')
    assert err == ""


def test_text_and_jsonl_together_is_a_usage_error(capsys):
    code, _, err = run_main(capsys, ["--jsonl", "hello"])
    assert code == 2 and "not both" in err


@pytest.mark.parametrize("command", [["-m", "harbour.screening"], ["-m", "harbour.cli", "screen"]])
def test_the_commands_run_as_programs(command, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x", "text": "send nudes"}\nnot json\n', encoding="utf-8")
    with source.open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, *command, "--jsonl"], stdin=stdin, capture_output=True, check=False
        )
    assert result.returncode == 1 and b"1 of 2 lines could not be screened" in result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records[0]["id"] == "x" and records[0]["action"] == "escalate"
    assert records[1] == {"line": 2, "error": "not valid JSON: Expecting value"}


# Lines that a JSON parser in Python takes, or nearly takes, but that once ended the whole run or were written
# back as invalid JSON. Each must give its own output line, every output line must be valid JSON in UTF-8, and
# the lines after it must still be screened.
HUGE = "9" * 5000  # over Python's 4,300-digit limit for int(str)
UNSCREENABLE = [
    (f'{{"id": {HUGE}, "text": "hi"}}', None, "a number of 5,000 digits is too long to read"),
    (f'{{"id": 1, "text": "hi", "extra": [{HUGE}]}}', None, "a number of 5,000 digits is too long to read"),
    (
        f'{{"id": 1, "text": "hi", "author": {{"n": -{HUGE}}}}}',
        None,
        "a number of 5,000 digits is too long to read",
    ),
    ('{"id": NaN, "text": "hi"}', None, "not valid JSON: NaN is not a JSON number"),
    ('{"id": Infinity, "text": "hi"}', None, "not valid JSON: Infinity is not a JSON number"),
    ('{"id": -Infinity, "text": "hi"}', None, "not valid JSON: -Infinity is not a JSON number"),
    ('{"id": 1e400, "text": "hi"}', None, "the number 1e400 is too large to read"),
    ('{"id": 1, "text": "hi", "score": NaN}', None, "not valid JSON: NaN is not a JSON number"),
    *[
        (
            json.dumps({"id": 1, "text": "hi", field: "a\ud800b"}),
            1,
            f'"{field}" is not text: it has a lone surrogate (\\ud800-\\udfff)',
        )
        for field in ("author", "thread", "channel")
    ],
    (
        json.dumps({"id": "x\udc00", "text": "hi"}),
        "x\udc00",
        '"id" is not text: it has a lone surrogate (\\ud800-\\udfff)',
    ),
    ("[" * 100_000 + "]" * 100_000, None, "not valid JSON: nested too deeply"),
    ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", None, "not valid JSON: nested too deeply"),
    ("[1, 2]", None, 'expected a JSON object with "text"'),
    ('"just a string"', None, 'expected a JSON object with "text"'),
    ("42", None, 'expected a JSON object with "text"'),
    ("null", None, 'expected a JSON object with "text"'),
]


@pytest.mark.parametrize(("line", "echoed_id", "error"), UNSCREENABLE, ids=lambda v: repr(v)[:40])
def test_jsonl_gives_an_error_line_and_carries_on(capsys, line, echoed_id, error):
    stdin = (
        b'{"id": "before", "text": "hi"}\n'
        + line.encode("utf-8", "surrogatepass")
        + b'\n{"id": "after", "text": "kys"}\n'
    )
    code, out, err = run_main(capsys, ["--jsonl"], stdin=stdin)
    out.encode("utf-8")  # writable as UTF-8: no lone surrogate reached the output
    records = [
        json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} written"))
        for line in out.splitlines()
    ]
    assert code == 1 and "1 of 3 lines could not be screened" in err
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[1]["error"] == error
    assert records[1].get("id") == echoed_id
    assert records[0]["action"] == "allow" and records[2]["id"] == "after" and records[2]["action"] != "allow"


@pytest.mark.parametrize(
    "data", [b"\xff\xfe bad", b'{"text": "caf\xe9"}', b'{"text": "\xed\xa0\x80"}', b"\xc3"]
)
def test_jsonl_invalid_utf8_is_one_error_line(capsys, data):
    code, out, _ = run_main(capsys, ["--jsonl"], stdin=b'{"text": "ok"}\n' + data + b'\n{"text": "fine"}\n')
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[1]["error"].startswith("not valid UTF-8") and "error" not in records[2]


def test_jsonl_screens_a_text_with_a_lone_surrogate_and_writes_valid_json(capsys):
    line = json.dumps({"id": 1, "text": "you \ud800 bellend \udfff", "author": "a"})
    code, out, _ = run_main(capsys, ["--jsonl", "--include-text"], stdin=line + "\n")
    record = json.loads(out)
    assert code == 0 and out.isascii()  # the surrogates are written as \u escapes
    assert record["text"] == "you \ud800 bellend \udfff" and record["action"] == "hide"


def test_jsonl_numbers_that_fit_are_echoed_exactly(capsys):
    big = int("9" * 4300)
    _, out, _ = run_main(capsys, ["--jsonl"], stdin=json.dumps({"id": big, "text": "hi"}) + "\n")
    assert json.loads(out)["id"] == big


def test_jsonl_a_detector_that_fails_costs_one_line(capsys, monkeypatch):
    class Broken(Counter):
        name = "broken"

        def detect_with_state(self, doc, context):
            if "boom" in doc.original:
                raise ZeroDivisionError
            return [], None

    monkeypatch.setattr(engine, "default_engine", lambda: engine.Engine([Broken]))
    code, out, _ = run_main(capsys, ["--jsonl"], stdin='{"text": "boom"}\n{"text": "fine"}\n')
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert records[0] == {"line": 1, "error": "could not be screened: ZeroDivisionError"}
    assert records[1]["action"] == "allow"


def test_json_and_plain_output_survive_a_lone_surrogate_argument(capsys):
    code, out, _ = run_main(capsys, ["--json", "bellend \udcff"])
    assert code == 0 and json.loads(out)["action"] == "hide"
    code, out, _ = run_main(capsys, ["bellend \udcff"])
    assert code == 0 and out.startswith("HIDE")
