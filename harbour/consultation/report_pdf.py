"""The readable PDF report of a consultation's results (fpdf2, DejaVu Sans as the subject access PDF uses):
the title, the dates, the number of responses, the suppression note, each question's figures as a table
(the charts' tables: a PDF reader reads a table, not a drawing), the cross-tabs, and the themes of written
answers with their examples. Only what results_of and themes_of give, so every figure is suppressed.

Headings are PDF outline entries (start_section: the reader's bookmarks and a document outline), the
document language is English and its title is set; fpdf2 does not tag tables for screen readers, which is
why the results page, not the PDF, is the accessible version (docs/consultations.md says so).
"""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from harbour.consultation.suppression import EXPLAINED, TOO_FEW
from harbour.privacy.pdf import FONT

SMALL_WORDS = {"<5": "fewer than 5", "hidden": "hidden"}


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d %B %Y") if value else "-"


def _figure(cell) -> str:
    return SMALL_WORDS.get(cell.shown, cell.shown) if cell is not None else "-"


def _with_percent(cell, percent) -> str:
    """A count with its percentage of the group, the percentage only beside a count that is shown."""
    return f"{_figure(cell)} ({percent}%)" if percent is not None else _figure(cell)


class _Report(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


def render(results, themes: dict, opinions=None) -> bytes:
    """The PDF's bytes. `themes`: question pk -> themes.Themes for the written-answer questions; `opinions`:
    opinions.OpinionGroups (or None), its groups' sizes and votes as tables, suppressed."""
    consultation = results.consultation
    pdf = _Report(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT))
    pdf.set_title(f"Results: {consultation.title}")
    pdf.set_lang("en-GB")
    pdf.set_creator("Harbour")
    pdf.set_author(consultation.organisation.name)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(words: str, size: int = 10, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, size * 0.5, words, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode="CHAR")
        pdf.ln(gap)

    def heading(words: str, level: int, size: int) -> None:
        pdf.start_section(words[:120], level=level)
        text(words, size=size, gap=2)

    def table(header: list[str], rows: list[list[str]]) -> None:
        pdf.set_font("DejaVu", size=9)
        with pdf.table(
            headings_style=FontFace(emphasis="", fill_color=(243, 242, 241)),
            text_align="LEFT",
            line_height=5,
            first_row_as_headings=True,
        ) as grid:
            for row in [header, *rows]:
                line = grid.row()
                for value in row:
                    line.cell(value)
        pdf.ln(3)

    heading(f"Results: {consultation.title}", 0, 16)
    text(
        f"{consultation.organisation.name}. {consultation.get_kind_display()}, code {consultation.code}. "
        f"Opened {_date(consultation.published_at or consultation.opens_at)}, "
        f"closed {_date(consultation.closed_at) if consultation.closed_at else 'not yet'}. "
        f"Report made {_date(timezone.now())}."
    )
    text(f"Responses: {results.responses:,}.")
    if not results.enough:
        text(TOO_FEW + ".")
        return bytes(pdf.output())
    text(EXPLAINED)
    if results.by_age is not None:
        heading("Who answered, by age", 1, 13)
        table(["Age", "People"], [[row.label, _figure(row.cell)] for row in results.age_rows])
    for question in results.questions:
        heading(f"Question {question.number}: {question.text}", 1, 13)
        text(f"{question.question.get_kind_display()}. Answered by {_figure(question.respondents)}.", size=9)
        if question.rows:
            table(["Answer", "People"], [[row.label, _figure(row.cell)] for row in question.rows])
        if question.median is not None:
            text(f"Median: {question.median:g}. {question.note}", size=9)
        if question.average_places:
            table(
                ["Option", "Average place"],
                [[row.label, _figure(row.cell)] for row in question.average_places],
            )
            text(question.note, size=9)
        cross = question.cross_tab
        if cross is not None:
            text("By age", size=11, gap=1)
            header = ["Answer", *cross.columns, "All"]
            rows = [
                [label, *(_figure(c) for c in cells), _figure(total)] for label, cells, total in cross.rows
            ]
            if any(c.state != "absent" for c in cross.column_totals):
                rows.append(
                    ["People who answered", *(_figure(c) for c in cross.column_totals), _figure(cross.total)]
                )
            table(header, rows)
        found = themes.get(question.question.pk)
        if found is not None:
            text(f"Written answers: {_figure(found.written)}. {found.method}", size=9)
            for theme in found.themes:
                heading(f"Theme: {theme.name} ({_figure(theme.cell)} answers)", 2, 11)
                for example in theme.examples:
                    text(f"\u201c{example}\u201d", size=9, gap=1)
            if found.not_grouped.count != 0:
                text(
                    f"Not grouped, flagged by screening for a moderator: {_figure(found.not_grouped)}.",
                    size=9,
                )
    if opinions is not None:
        heading("Opinion groups", 1, 13)
        text(f"{opinions.method} {opinions.rule}", size=9)
        sizes = [[group.name, _figure(group.size)] for group in opinions.groups]
        if opinions.others is not None:
            sizes.append(["Others", _figure(opinions.others)])
        table(["Group", "People"], sizes)
        if opinions.common:
            text(
                "Common ground: "
                + "; ".join(f"every group {c.verb}s: \u201c{c.text}\u201d" for c in opinions.common),
                size=9,
            )
        for group in opinions.groups:
            heading(f"{group.name} ({_figure(group.size)} people)", 2, 11)
            text(group.summary, size=9)
            table(
                ["Statement", "Agreed", "Disagreed", "Passed"],
                [
                    [f"{s.number}. {s.text}", *(_with_percent(cell, pct) for _, cell, pct in s.rows)]
                    for s in group.statements
                ],
            )
    return bytes(pdf.output())
