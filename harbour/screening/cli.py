"""`harbour screen`: screen one text, or a stream of JSON lines, without Django.

    harbour screen "text"                       a readable verdict
    harbour screen --json "text"                the verdict as JSON
    harbour screen --direction outgoing "text"  screen a draft
    harbour screen --jsonl < in.jsonl > out.jsonl
    harbour screen --no-second-stage ...        the fast path alone, for comparison

In --jsonl mode each input line is a JSON object with "text" and optionally "direction", "author",
"thread", "channel" and "id". Each output line repeats the input's id and context, then the verdict.
The grooming tracker's state is kept per author in memory, so an exported conversation is screened as
one stream. A line that cannot be screened (bad JSON, no text, wrong types) gives an output line with
"error" and the line number: no line is dropped and the run carries on. That includes lines a JSON
parser takes but a screen cannot: NaN or Infinity (not JSON), a number over 4,300 digits (Python's limit
for turning digits into an int), a lone surrogate in "id", "author", "thread" or "channel" (not text),
nesting too deep to read, and a detector that fails on one text. Every output line is valid JSON in
UTF-8. The exit status is 1 when any line could not be screened (stderr says how many, so a script
notices) or reading or writing fails, and 2 for wrong arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import time
from typing import BinaryIO, TextIO

from harbour.screening.verdict import Context, Direction, Verdict

_CONTEXT_FIELDS = ("author", "thread", "channel")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from harbour.screening.engine import Engine, default_engine
    from harbour.screening.registry import RegistryError

    try:
        if args.allow or args.no_second_stage:
            engine = Engine(allow=args.allow, second_stage=not args.no_second_stage)
        else:
            engine = default_engine()
    except RegistryError as exc:
        print(f"harbour screen: cannot build the screening engine: {exc}", file=sys.stderr)
        return 2
    try:
        if args.jsonl:
            if args.text:
                print("harbour screen: give text or --jsonl, not both", file=sys.stderr)
                return 2
            return _stream(engine, args, sys.stdin.buffer, sys.stdout, sys.stderr)
        text = " ".join(args.text) if args.text else sys.stdin.read()
        context = Context(
            direction=Direction(args.direction), author=args.author, thread=args.thread, channel=args.channel
        )
        verdict = engine.screen(text, context)
        if args.json:
            out = verdict.to_dict(include_text=args.include_text)
            if verdict.author_state is not None:
                out["author_state"] = verdict.author_state
            print(_dumps(out))
        else:
            # a lone surrogate (from undecodable bytes in an argument) is shown escaped, not a traceback
            print(describe(verdict).encode("utf-8", "backslashreplace").decode("utf-8"))
        return 0
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 1
    except OSError as exc:
        print(f"harbour screen: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harbour screen",
        description="Screen text for harm, personal information and draft problems. Reads stdin if no text is given.",
    )
    parser.add_argument("text", nargs="*", help="the text to screen (words are joined with spaces)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.add_argument(
        "--jsonl", action="store_true", help="read JSON lines on stdin, write one verdict per line"
    )
    parser.add_argument(
        "--direction",
        choices=[d.value for d in Direction],
        default=Direction.INCOMING.value,
        help="incoming (comments, messages) or outgoing (the organisation's drafts); in --jsonl mode, the default "
        "for lines that do not say",
    )
    parser.add_argument("--author", help="who wrote it (an opaque id)")
    parser.add_argument("--thread", help="the thread it belongs to")
    parser.add_argument("--channel", help="the channel it came from")
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="TERM",
        help="a term to allow, such as a local place name (repeat for more)",
    )
    parser.add_argument("--include-text", action="store_true", help="repeat the text in JSON output")
    parser.add_argument(
        "--no-second-stage",
        action="store_true",
        help="the fast path alone: no detector asks the sentence encoder (for comparison; the default screen "
        "uses it where the fast path is unsure)",
    )
    parser.add_argument(
        "--progress", action="store_true", help="show progress on stderr even when it is not a terminal"
    )
    return parser


def describe(verdict: Verdict) -> str:
    """A verdict in plain words for a terminal."""
    lines = [f"{verdict.action.value.upper()}: severity {verdict.severity} of 4"]
    if not verdict.findings:
        lines.append("Nothing found.")
    for f in verdict.findings:
        quoted = verdict.text[f.span[0] : f.span[1]].replace("\n", " ")
        lines.append(
            f'- {f.category.value}, severity {f.severity}: "{quoted}" (characters {f.span[0]}-{f.span[1]})'
        )
        lines.append(f"    {f.reason}")
        how = [f"detector {f.detector}"]
        if f.score is not None:
            how.append(f"score {f.score:.2f}")
        for key, value in f.evidence.items():
            if key != "matched":
                how.append(f"{key} {json.dumps(value, ensure_ascii=False)}")
        lines.append(f"    ({'; '.join(how)})")
    return "\n".join(lines)


class _Progress:
    """Lines screened and lines per second on stderr, redrawn at most five times a second."""

    def __init__(self, err: TextIO, total_bytes: int | None, enabled: bool):
        self.err, self.total, self.enabled = err, total_bytes, enabled
        self.start = self.last = time.monotonic()

    def update(self, lines: int, done_bytes: int, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = lines / max(now - self.start, 1e-9)
        if self.total:
            share = min(1.0, done_bytes / self.total)
            bar = "#" * int(share * 30)
            text = f"\r[{bar:<30}] {share:6.1%}  {lines:,} lines  {rate:,.0f} lines/s"
        else:
            text = f"\r{lines:,} lines  {rate:,.0f} lines/s"
        self.err.write(text + ("\n" if final else ""))
        self.err.flush()


def _stream(engine, args, source: BinaryIO, out: TextIO, err: TextIO) -> int:
    try:
        info = os.fstat(source.fileno())
        total = info.st_size if stat.S_ISREG(info.st_mode) and info.st_size else None
    except (OSError, ValueError, AttributeError):
        total = None
    progress = _Progress(err, total, args.progress or err.isatty())
    states: dict[str, dict | None] = {}
    default = Direction(args.direction)
    interactive = out.isatty()
    count = done = failed = 0
    for number, raw in enumerate(source, 1):
        done += len(raw)
        try:
            record = _screen_line(engine, raw, number, default, states, args.include_text)
        except Exception as exc:  # noqa: BLE001 -- a detector's bug on one text: that line's error, not the end of the run
            record = {"line": number, "error": f"could not be screened: {type(exc).__name__}"}
        failed += "error" in record
        out.write(_dumps(record) + "\n")
        if interactive:
            out.flush()
        count = number
        progress.update(count, done)
    out.flush()
    progress.update(count, done, final=True)
    if failed:
        err.write(
            f'harbour screen: {failed:,} of {count:,} lines could not be screened; each has an "error"\n'
        )
        return 1
    return 0


def _screen_line(
    engine, raw: bytes, number: int, default: Direction, states: dict, include_text: bool
) -> dict:
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        return {"line": number, "error": f"not valid UTF-8 (byte {exc.start})"}
    if not line:
        return {"line": number, "error": 'empty line: expected a JSON object with "text"'}
    try:
        if line.startswith("\ufeff"):  # as json.loads says it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", line, 0)
        item = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        return {"line": number, "error": f"not valid JSON: {exc.msg}"}
    except RecursionError:
        return {"line": number, "error": "not valid JSON: nested too deeply"}
    except _NotScreenable as exc:
        return {"line": number, "error": str(exc)}
    if not isinstance(item, dict):
        return {"line": number, "error": 'expected a JSON object with "text"'}
    record: dict = {"line": number}
    if "id" in item:
        record["id"] = item["id"]
    problem = _check(item)
    if problem:
        record["error"] = problem
        return record
    direction = Direction(item.get("direction") or default)
    author = item.get("author")
    context = Context(
        direction=direction,
        author=author,
        thread=item.get("thread"),
        channel=item.get("channel"),
        author_state=states.get(author) if author is not None else None,
    )
    try:
        verdict = engine.screen(item["text"], context)
    except RecursionError:
        record["error"] = "text too deeply nested to screen"
        return record
    if author is not None:
        states[author] = verdict.author_state
    record["direction"] = direction.value
    for name in _CONTEXT_FIELDS:
        if item.get(name) is not None:
            record[name] = item[name]
    record.update(verdict.to_dict(include_text=include_text))
    return record


def _check(item: dict) -> str | None:
    if "text" not in item:
        return 'missing "text"'
    if not isinstance(item["text"], str):
        return f'"text" must be a string, not {_json_type(item["text"])}'
    direction = item.get("direction")
    if direction is not None and (not isinstance(direction, str) or direction not in _DIRECTIONS):
        return f'"direction" must be "incoming" or "outgoing", not {json.dumps(direction)[:40]}'
    for name in _CONTEXT_FIELDS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            return f'"{name}" must be a string, not {_json_type(value)}'
        if value is not None and not _is_text(value):
            return f'"{name}" is not text: it has a lone surrogate (\\ud800-\\udfff)'
    if "id" in item and isinstance(item["id"], (dict, list)):
        return f'"id" must be a string or number, not {_json_type(item["id"])}'
    if isinstance(item.get("id"), str) and not _is_text(item["id"]):
        return '"id" is not text: it has a lone surrogate (\\ud800-\\udfff)'
    return None


class _NotScreenable(ValueError):
    """A line that parses as JSON in Python but cannot be screened or written back as JSON."""


def _refuse_constant(name: str):
    raise _NotScreenable(f"not valid JSON: {name} is not a JSON number")


def _int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:  # over sys.get_int_max_str_digits(): 4,300 by default
        raise _NotScreenable(f"a number of {len(digits.lstrip('-')):,} digits is too long to read") from None


def _float(digits: str) -> float:
    value = float(digits)
    if value in (float("inf"), float("-inf")):  # 1e400: JSON allows it, but it cannot be written back
        raise _NotScreenable(f"the number {digits[:20]} is too large to read")
    return value


def _is_text(value: str) -> bool:
    if value.isascii():  # in C, and most text is
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _dumps(record: dict) -> str:
    """One line of valid JSON. Lone surrogates (a text may hold them, and a finding quotes the text) are
    written as \\u escapes, which any JSON reader takes, rather than as bytes UTF-8 cannot hold."""
    line = _ENCODER.encode(record)
    return line if _is_text(line) else _ASCII_ENCODER.encode(record)


# Made once: json.loads and json.dumps with options build a new decoder or encoder on every call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_int=_int, parse_float=_float)
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False)
_DIRECTIONS = frozenset(d.value for d in Direction)


def _json_type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _quiet_broken_pipe() -> None:
    """The reader went away (`| head`): stop without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
