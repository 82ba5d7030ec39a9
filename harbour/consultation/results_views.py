"""A consultation's results for staff (/consultations/<pk>/results/, its CSV and PDF, "you said, we did"),
and the young people's "you said, we did" page (/c/<code>/feedback/). Every figure comes suppressed from
results.py and themes.py; the CSV has the counts and the themes' names, never an answer's text."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.consultation import feedback, report_pdf
from harbour.consultation.forms import FeedbackForm
from harbour.consultation.models import Consultation, QuestionKind
from harbour.consultation.opinions import OTHERS, opinion_groups
from harbour.consultation.public_pages import public_page
from harbour.consultation.public_views import find
from harbour.consultation.results import note_export, results_of
from harbour.consultation.suppression import EXPLAINED, TOO_FEW
from harbour.consultation.themes import themes_of
from harbour.lib.spreadsheet import safe_cell


def _consultation(request, pk) -> Consultation:
    return get_object_for_org(Consultation.objects.select_related("organisation", "channel"), request, pk=pk)


def _themes(results) -> dict:
    if not results.enough:
        return {}
    return {
        q.question.pk: themes_of(q.question) for q in results.questions if q.kind == QuestionKind.FREE_TEXT
    }


@require_safe
@member_required(Capability.VIEW_CONSULTATIONS)
def results(request, pk):
    consultation = _consultation(request, pk)
    found = results_of(consultation)
    themes = _themes(found)
    for question in found.questions:
        question.themes = themes.get(question.question.pk)
    context = {
        "consultation": consultation,
        "results": found,
        "explained": EXPLAINED,
        "too_few": TOO_FEW,
        "can_publish": request.membership.can(Capability.MANAGE_CONSULTATIONS),
        "headlines": feedback.headlines(found),
        "opinions": opinion_groups(consultation) if found.enough else None,
    }
    return render(request, "consultation/results_page.html", context)


def csv_rows(results, themes: dict, opinions=None) -> list[list[str]]:
    """The CSV's rows: a header, then a row per figure; suppressed ones as "<5" or "hidden"; the opinion
    groups last (their sizes and votes per statement, suppressed; a group under 5 is in no row)."""
    rows = [["Question", "Question text", "Kind", "Answer or theme", "Age", "People"]]
    rows.append(["", "Responses", "", "", "All", f"{results.responses}"])
    if not results.enough:
        rows.append(["", TOO_FEW, "", "", "", ""])
        return rows
    for row in results.age_rows:
        rows.append(["", "Who answered, by age", "", "", row.label, row.cell.shown.replace(",", "")])
    for question in results.questions:
        number, text, kind = str(question.number), question.text, question.question.get_kind_display()

        def line(label, age, cell, *, number=number, text=text, kind=kind):
            rows.append([number, text, kind, label, age, cell.shown.replace(",", "")])

        line("All answers", "All", question.respondents)
        for row in question.rows:
            line(row.label, "All", row.cell)
        for row in question.average_places:
            line(f"Average place: {row.label}", "All", row.cell)
        if question.median is not None:
            rows.append([number, text, kind, "Median", "All", f"{question.median:g}"])
        if question.cross_tab is not None:
            cross = question.cross_tab
            for label, cells, _ in cross.rows:
                for age, cell in zip(cross.columns, cells, strict=True):
                    line(label, age, cell)
        found = themes.get(question.question.pk)
        if found is not None:
            for theme in found.themes:
                line(f"Theme: {theme.name}", "All", theme.cell)
            line("Not grouped: flagged by screening", "All", found.not_grouped)
    if opinions is not None:
        for group in opinions.groups:
            rows.append(["", "Opinion groups", "", group.name, "All", group.size.shown.replace(",", "")])
        if opinions.others is not None:
            rows.append(["", "Opinion groups", "", OTHERS, "All", opinions.others.shown.replace(",", "")])
        for group in opinions.groups:
            for statement in group.statements:
                for label, cell, _ in statement.rows:
                    rows.append(
                        [
                            str(statement.number),
                            statement.text,
                            "Opinion group",
                            f"{group.name}: {label}",
                            "All",
                            cell.shown.replace(",", ""),
                        ]
                    )
    return [[safe_cell(value) for value in row] for row in rows]


def _filename(consultation: Consultation, extension: str) -> str:
    return f"results-{consultation.code}-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@member_required(Capability.VIEW_CONSULTATIONS)
def export_csv(request, pk):
    consultation = _consultation(request, pk)
    found = results_of(consultation)
    rows = csv_rows(found, _themes(found), opinion_groups(consultation) if found.enough else None)
    note_export(consultation, by=request.membership, kind="csv", rows=len(rows) - 1)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "csv")}"'
    csv.writer(response).writerows(rows)
    return response


@require_safe
@member_required(Capability.VIEW_CONSULTATIONS)
def export_pdf(request, pk):
    consultation = _consultation(request, pk)
    found = results_of(consultation)
    body = report_pdf.render(found, _themes(found), opinion_groups(consultation) if found.enough else None)
    note_export(consultation, by=request.membership, kind="pdf", rows=len(found.questions))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "pdf")}"'
    return response


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_CONSULTATIONS)
def feedback_edit(request, pk):
    consultation = _consultation(request, pk)
    form = FeedbackForm(request.POST or None, initial={"text": consultation.you_said_we_did})
    if request.method == "POST" and form.is_valid():
        try:
            feedback.publish_feedback(consultation, form.cleaned_data["text"], by=request.membership)
        except NotAllowed as refusal:
            form.add_error("text", str(refusal))
        else:
            messages.success(request, "\u201cYou said, we did\u201d is published on the consultation's page.")
            return redirect("consultation:results", pk=consultation.pk)
    found = results_of(consultation)
    context = {"consultation": consultation, "form": form, "headlines": feedback.headlines(found)}
    return render(request, "consultation/feedback_edit.html", context, status=400 if form.errors else 200)


@require_GET
def public_feedback(request, code):
    """What the young people said and what is being done: once published (a 404 page before)."""
    found, refused = find(request, code)
    if refused is not None:
        return refused
    if not feedback.is_published(found):
        raise Http404("No feedback published yet")
    results = results_of(found)
    context = {"consultation": found, "headlines": feedback.headlines(results), "results": results}
    return public_page(request, "consultation/feedback_public.html", context)
