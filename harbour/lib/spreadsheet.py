"""Text for CSV cells that people open in a spreadsheet (CSV injection, OWASP).

A cell that a spreadsheet could read as a formula gets a leading apostrophe. Spreadsheets skip, or show
as nothing, more than plain spaces before they look at the first character, and some read a full-width
'＝' as '=': so the rule looks past every invisible, format, control, space and combining character,
and compares the NFKC form of the first character that shows. No Django import here.
"""

import unicodedata

# A formula starts with one of these; '|' and '%' start DDE and macro forms in some spreadsheets.
TRIGGERS = frozenset("=+-@|%")
# A tab, carriage return or line feed before the text also lets a spreadsheet start a formula.
LINE_BREAKS = frozenset("\t\r\n")
# Letters that draw nothing (Hangul fillers, the blank Braille pattern): invisible, but not category Z or C.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _hidden(char: str) -> bool:
    return unicodedata.category(char)[0] in "CZM" or char in BLANK_LETTERS


def needs_prefix(text: str) -> bool:
    for char in text:
        if char in LINE_BREAKS:
            return True
        if not _hidden(char):
            return unicodedata.normalize("NFKC", char)[:1] in TRIGGERS
    return False


def safe_cell(text: str) -> str:
    """text, or text with a leading apostrophe when a spreadsheet could run it as a formula."""
    return "'" + text if needs_prefix(text) else text
