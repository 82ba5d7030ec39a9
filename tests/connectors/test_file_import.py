"""CSV and JSON imports: good rows become items, each bad row a clear problem, any bytes a Batch."""

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.connectors.base import Batch, Kind
from harbour.connectors.file_import import parse
from harbour.connectors.file_import.parse import parse_export
from harbour.lib.spreadsheet import safe_cell

HEADER = "id,created_at,author,text,thread,parent,url,kind\r\n"


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\r\n" for r in rows)).encode(encoding)


def test_good_rows_become_items_oldest_first():
    batch = parse_export(
        csv_file(
            '2,2026-03-01T14:10:00Z,amy_k,"Is it on, then? 😀",1,1,https://example.org/p/2,reply',
            "1,2026-03-01T14:05:00+01:00,youth_org,Trip on Saturday!,,,,",
        ),
        "export.csv",
    )
    assert batch.problems == [] and batch.warnings == []
    first, second = batch.items
    assert (first.platform_id, first.kind, first.thread_id) == ("1", Kind.COMMENT, "1")
    assert first.created_at == datetime(2026, 3, 1, 13, 5, tzinfo=UTC)
    assert (second.text, second.kind, second.parent_id, second.url) == (
        "Is it on, then? 😀",
        Kind.REPLY,
        "1",
        "https://example.org/p/2",
    )


def test_each_bad_row_is_named_and_the_rest_kept():
    batch = parse_export(
        csv_file(
            "1,2026-03-01T14:05:00Z,amy,fine,,,,",
            "2,yesterday,amy,bad time,,,,",
            "3,2026-03-01T14:05:00Z,,no author,,,,",
            "1,2026-03-01T14:06:00Z,amy,same id again,,,,",
            "4,2026-03-01T14:05:00Z,amy,bad kind,,,,retweet",
            "5,2026-03-01T14:05:00Z,amy,bad url,,,javascript:alert(1),",
            "6,2026-03-01T14:05:00Z,amy,too,many,values,,,,extra",
            "7,2026-03-01T14:07:00Z,amy,also fine,,,,",
        ),
        "export.csv",
    )
    assert [i.platform_id for i in batch.items] == ["1", "7"]
    assert [(p.ref, p.message) for p in batch.problems] == [
        ("row 3", "created_at 'yesterday' is not a date and time like 2026-03-01T14:05:00Z"),
        ("row 4", "author is empty"),
        ("row 5", "id '1' appears more than once in the file"),
        ("row 6", "kind must be one of reply, mention, direct_message, comment, not 'retweet'"),
        ("row 7", "url must start with https:// or http://"),
        ("row 8", "has 10 values but the first row names 8 columns"),
    ]


def test_utf8_with_bom_is_read_without_a_warning():
    batch = parse_export(b"\xef\xbb\xbf" + csv_file("1,2026-03-01T14:05:00Z,zoë,café,,,,"), "x.csv")
    assert batch.items[0].author_handle == "zoë" and batch.warnings == []


def test_windows_1252_is_read_with_a_warning():
    batch = parse_export(
        csv_file("1,2026-03-01T14:05:00Z,zoë,“quoted” café £5,,,,", encoding="cp1252"), "x.csv"
    )
    assert batch.items[0].text == "“quoted” café £5"
    assert batch.warnings == ["The file is not UTF-8, so it was read as Windows-1252: check accented letters"]


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "x.csv", "The file is empty"),
        (b"name,comment\r\nx,y\r\n", "x.csv", "missing: id, created_at, author, text"),
        (b"id,id,created_at,author,text\r\n", "x.csv", "more than once: id"),
        (b"\xff\xfeh\x00i\x00", "x.csv", "UTF-16"),
        (b"\x81\x8d\x8f", "x.csv", "not UTF-8 or Windows-1252"),
        (b"{not json", "x.json", "not valid JSON (line 1, column 2)"),
        (b'{"messages": []}', "x.json", "must be a list"),
        (b"1,2", "x.xlsx", "Choose a .csv or .json file"),
    ],
)
def test_unreadable_files_say_why(data, filename, message):
    batch = parse_export(data, filename)
    assert batch.items == []
    [problem] = batch.problems
    assert problem.ref == "file" and message in problem.message


def test_size_and_row_caps(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 2)
    rows = [f"{n},2026-03-01T14:05:00Z,amy,hi,,,," for n in range(3)]
    [problem] = parse_export(csv_file(*rows), "x.csv").problems
    assert "more than 2 rows" in problem.message
    monkeypatch.setattr(parse, "MAX_BYTES", 10)
    [problem] = parse_export(csv_file(rows[0]), "x.csv").problems
    assert "larger than" in problem.message


def test_json_list_or_items_object():
    rows = [
        {"id": 1, "created_at": "2026-03-01 14:05", "author": "amy", "text": "hi", "kind": "mention"},
        {"id": "2", "created_at": "2026-03-01T14:06:00Z", "author": ["not", "text"], "text": "x"},
        "junk",
    ]
    for document in (rows, {"items": rows}):
        batch = parse_export(json.dumps(document).encode(), "x.json")
        assert [(i.platform_id, i.kind) for i in batch.items] == [("1", Kind.MENTION)]
        assert [(p.ref, p.message) for p in batch.problems] == [
            ("row 2", "author must be text, not a list"),
            ("row 3", "is not an object with named fields"),
        ]
        assert batch.warnings == ["Some times had no timezone, so they were read as UTC"]


def test_formulas_are_kept_as_text_and_neutralised_for_spreadsheets():
    batch = parse_export(
        csv_file('1,2026-03-01T14:05:00Z,=cmd|calc,"=HYPERLINK(""http://x"",""y"")",,,,'), "x.csv"
    )
    item = batch.items[0]
    assert item.text == '=HYPERLINK("http://x","y")' and item.author_handle == "=cmd|calc"
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "plain",
    ]


@settings(max_examples=300)
@given(data=st.binary(max_size=400), fmt=st.sampled_from(["csv", "json"]))
def test_any_bytes_give_a_batch(data, fmt):
    batch = parse_export(data, f"upload.{fmt}")
    assert isinstance(batch, Batch)
    assert all(p.message for p in batch.problems)


csv_cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)


@settings(max_examples=200)
@given(
    rows=st.lists(
        st.lists(csv_cell | st.sampled_from(["2026-03-01T14:05:00Z", "reply", ""]), min_size=0, max_size=10),
        max_size=8,
    )
)
def test_any_csv_shaped_text_gives_a_batch(rows):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([list(parse.COLUMNS)] + rows)
    batch = parse_export(out.getvalue().encode(), "x.csv")
    assert len(batch.items) + len(batch.problems) <= len(rows) + 1
