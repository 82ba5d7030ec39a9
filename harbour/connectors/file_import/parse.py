"""CSV and JSON exports of comments and messages, read into a Batch (format: docs/connectors.md).

Any bytes give a Batch: good rows become items, each bad row a Problem that names the row and what
is wrong with it, and a file that cannot be read at all one Problem for the whole file (ref
WHOLE_FILE). Nothing else is raised: a value that cannot be read (a number too long to convert, NaN,
a list where text belongs, a string too long for its column) is a problem on its own row. Values are
kept exactly as written (they may be evidence); nothing in them is evaluated.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from harbour.connectors.base import Batch, IncomingItem, Kind, Problem, safe_text
from harbour.connectors.file_import.platform import FILE_IMPORT

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_TEXT = 10_000  # characters in one message
MAX_FIELD = 2_000  # characters in a url
MAX_KEY = 500  # characters in an id, author, thread or parent: what the inbox's columns hold
LIMITS = {"text": MAX_TEXT, "url": MAX_FIELD}
MAX_DIGITS = MAX_KEY  # a JSON number longer than an id can be is a problem on its row, not converted
WHOLE_FILE = "file"  # a Problem's ref when the file as a whole cannot be read
COLUMNS = ("id", "created_at", "author", "text", "thread", "parent", "url", "kind")
REQUIRED = ("id", "created_at", "author", "text")
FORMATS = ("csv", "json")


class FileRejected(Exception):
    """The whole file cannot be read; the message says why."""


class Unreadable:
    """A JSON value kept as a marker instead of being converted (a number of thousands of digits, NaN,
    Infinity): the row it is in becomes a problem if it is one of the columns Harbour reads."""

    def __init__(self, why: str):
        self.why = why


def _json_int(text: str):
    if len(text.lstrip("-")) > MAX_DIGITS:
        return Unreadable(f"is a number of {len(text.lstrip('-')):,} digits")
    return int(text)


def _json_float(text: str):
    value = float(text)
    if len(text) > MAX_DIGITS or not math.isfinite(value):
        return Unreadable(f"is a number that cannot be read ({text[:20]}{'...' if len(text) > 20 else ''})")
    return value


def _json_constant(name: str):
    return Unreadable(f"is {name}, which is not a value")


# Binary formats people pick by mistake, by their first bytes.
SIGNATURES = (
    (b"PK\x03\x04", 'This is a zip file, perhaps an Excel workbook: save it from Excel as "CSV UTF-8"'),
    (b"\xd0\xcf\x11\xe0", 'This is an old Excel or Word file: save it from Excel as "CSV UTF-8"'),
    (b"%PDF", "This is a PDF: Harbour needs a CSV or JSON export"),
    (b"\x89PNG", "This is a picture (PNG), not an export: choose the CSV or JSON file"),
    (b"\xff\xd8\xff", "This is a picture (JPEG), not an export: choose the CSV or JSON file"),
    (b"GIF8", "This is a picture (GIF), not an export: choose the CSV or JSON file"),
)


def _binary(data: bytes) -> str:
    """Why data is not a text file, or "" if it looks like text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ""  # UTF-16 with a byte order mark: decode() names it
    for signature, message in SIGNATURES:
        if data.startswith(signature):
            return message
    sample = data[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 4 and min(even, odd) == 0:
            return 'The file is UTF-16 without a byte order mark: save it as UTF-8 ("CSV UTF-8" in Excel)'
        return "The file is not text (it looks like a program, picture or other binary file): choose a CSV or JSON export"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > len(sample) // 20:
        return "The file is not text (it looks like a binary file): choose a CSV or JSON export"
    return ""


def parse_export(
    data: bytes, filename: str = "", *, format: str | None = None, platform: str = FILE_IMPORT.key
) -> Batch:
    """Read a CSV or JSON export. format is "csv" or "json"; without it the file name's ending decides.
    platform is the registry key of the channel the items are for (file_import, or webhook for pushed payloads)."""
    format = format or filename.rpartition(".")[2].lower()
    try:
        if format not in FORMATS:
            raise FileRejected("Choose a .csv or .json file")
        if len(data) > MAX_BYTES:
            raise FileRejected(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files"
            )
        if why := _binary(data):
            raise FileRejected(why)
        text, warnings = decode(data)
        if not text.strip():
            raise FileRejected("The file is empty")
        rows = _csv_rows(text) if format == "csv" else _json_rows(text)
    except FileRejected as error:
        return Batch([], None, problems=[Problem(WHOLE_FILE, str(error))])
    return _batch(rows, warnings, platform)


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without a byte order mark), else Windows-1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected('The file is UTF-16: save it as UTF-8 ("CSV UTF-8" in Excel) and try again')
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [
            "The file is not UTF-8, so it was read as Windows-1252: check accented letters"
        ]
    except UnicodeDecodeError:
        raise FileRejected(
            "The file's text encoding is not UTF-8 or Windows-1252: save it as UTF-8"
        ) from None


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    csv.field_size_limit(MAX_TEXT * 4 + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise FileRejected("The file is empty")
        names = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise FileRejected(
                f"The first row must name the columns id, created_at, author and text; missing: {', '.join(missing)}"
            )
        duplicated = sorted({n for n in names if n and names.count(n) > 1})
        if duplicated:
            raise FileRejected(f"These columns appear more than once: {', '.join(duplicated)}")
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            row_number = reader.line_num
            if len(rows) >= MAX_ROWS:
                raise FileRejected(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
            if len(values) > len(names):
                rows.append(
                    (
                        row_number,
                        {
                            "__error__": f"has {len(values)} values but the first row names {len(names)} columns"
                        },
                    )
                )
                continue
            rows.append((row_number, dict(zip(names, values))))
        return rows
    except csv.Error as error:
        raise FileRejected(f"Row {reader.line_num} cannot be read as CSV ({error})") from None


def _json_rows(text: str) -> list[tuple[int, Any]]:
    try:
        document = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except json.JSONDecodeError as error:
        raise FileRejected(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise FileRejected("The file's JSON is nested too deeply to read") from None
    except ValueError:  # anything else the decoder refuses
        raise FileRejected("The file is not valid JSON") from None
    if isinstance(document, dict) and "items" in document:
        document = document["items"]
    if not isinstance(document, list):
        raise FileRejected('The JSON must be a list of messages, or {"items": [...]}')
    if len(document) > MAX_ROWS:
        raise FileRejected(f"The file has more than {MAX_ROWS:,} messages: split it into smaller files")
    return [(number, row) for number, row in enumerate(document, start=1)]


def _batch(rows: list[tuple[int, Any]], warnings: list[str], platform: str) -> Batch:
    items, problems, seen = [], [], set()
    naive_times = False
    for number, row in rows:
        try:
            item, naive = _item(row, seen, platform)
        except (ValueError, TypeError, OverflowError) as error:
            problems.append(Problem(f"row {number}", str(error)))
            continue
        seen.add(item.platform_id)
        naive_times |= naive
        items.append(item)
    if naive_times:
        warnings.append("Some times had no timezone, so they were read as UTC")
    items.sort(key=lambda item: item.created_at)
    return Batch(items, None, problems=problems, warnings=warnings)


def _field(row: dict, name: str, limit: int = MAX_KEY) -> str:
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, Unreadable):
        raise ValueError(f"{name} {value.why}")  # noqa: TRY004 -- a row's problem, reported with its line
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{name} must be text, not {_kind_of(value)}")  # noqa: TRY004 -- as above
    value = safe_text(str(value)).strip()
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit:,} characters")
    return value


def _item(row: Any, seen: set[str], platform: str) -> tuple[IncomingItem, bool]:
    if not isinstance(row, dict):
        raise ValueError("is not an object with named fields")  # noqa: TRY004 -- a row's problem, as above
    if "__error__" in row:
        raise ValueError(row["__error__"])
    values = {name: _field(row, name, LIMITS.get(name, MAX_KEY)) for name in COLUMNS}
    empty = [name for name in REQUIRED if not values[name]]
    if empty:
        raise ValueError(f"{', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty")
    if values["id"] in seen:
        raise ValueError(f"id {values['id']!r} appears more than once in the file")
    created_at, naive = parse_time(values["created_at"])
    kind = values["kind"].lower() or Kind.COMMENT
    if kind not in set(Kind):
        raise ValueError(f"kind must be one of {', '.join(Kind)}, not {values['kind']!r}")
    url = values["url"]
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("url must start with https:// or http://")
    item = IncomingItem(
        platform=platform,
        platform_id=values["id"],
        kind=kind,
        text=values["text"],
        author_id=values["author"],
        author_handle=values["author"],
        author_display_name=values["author"],
        created_at=created_at,
        url=url,
        thread_id=values["thread"] or values["id"],
        parent_id=values["parent"],
    )
    return item, naive


def _kind_of(value) -> str:
    return {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), type(value).__name__)


def unreadable_file(batch: Batch) -> str:
    """Why nothing in a parsed file can be stored, for the person who uploaded it; "" if something can."""
    for problem in batch.problems:
        if problem.ref == WHOLE_FILE:
            return problem.message
    if batch.items:
        return ""
    if batch.problems:
        count = len(batch.problems)
        return (
            f"None of the {count:,} rows could be read: the list below says what is wrong with each"
            if count > 1
            else "The only row could not be read: the list below says what is wrong with it"
        )
    return "The file has no comments in it: it needs a row for each comment below the column names"


def parse_time(value: str) -> tuple[datetime, bool]:
    """ISO 8601 ("2026-03-01T14:05:00Z", "2026-03-01 14:05"); returns (aware UTC time, had no timezone)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC), True
        return parsed.astimezone(UTC), False
    except (ValueError, OverflowError):
        raise ValueError(f"created_at {value!r} is not a date and time like 2026-03-01T14:05:00Z") from None
