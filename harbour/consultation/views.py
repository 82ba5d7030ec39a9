"""The builder's pages under /consultations/: the list, a consultation's page (its details, questions,
warnings, share link and code), and the forms that build it. The question form's warnings update as the
author types (htmx posts the form to `check`, which returns the warnings partial); without JavaScript its
"Check wording" button gives the same page back with them."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.consultation import services, wording
from harbour.consultation.forms import ConfirmForm, DetailsForm, NewConsultationForm, QuestionForm
from harbour.consultation.models import Consultation, Kind, Question, State
from harbour.lib.bidi import isolate


def _consultation(request, pk) -> Consultation:
    return get_object_for_org(
        Consultation.objects.select_related("channel", "created_by__user"), request, pk=pk
    )


def _question(request, consultation, question_pk) -> Question:
    return get_object_for_org(
        Question.objects.filter(consultation=consultation).prefetch_related("choices"),
        request,
        pk=question_pk,
    )


def optional_url(name: str, *args) -> str | None:
    """The address of another part's page (boards, complaints, results) if that part is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def share_url(request, consultation) -> str:
    try:
        path = reverse("consultation_public:consultation", args=[consultation.code])
    except NoReverseMatch:
        path = f"/c/{consultation.code}/"
    return request.build_absolute_uri(path)


@member_required(Capability.VIEW_CONSULTATIONS)
def index(request):
    consultations = list(
        Consultation.objects.for_org(request.organisation)
        .select_related("channel")
        .annotate(
            response_count=Count("responses", distinct=True),
            post_count=Count("posts", distinct=True),
            question_count=Count("questions", distinct=True),
        )
    )
    groups = [
        (State.OPEN, "Open", [c for c in consultations if c.state == State.OPEN]),
        (State.DRAFT, "Drafts", [c for c in consultations if c.state == State.DRAFT]),
        (State.CLOSED, "Closed", [c for c in consultations if c.state == State.CLOSED]),
    ]
    return render(
        request,
        "consultation/index.html",
        {
            "groups": groups,
            "any": bool(consultations),
            "can_manage": request.membership.can(Capability.MANAGE_CONSULTATIONS),
            "has_channel": services.consultation_channels(request.organisation).exists(),
        },
    )


@member_required(Capability.MANAGE_CONSULTATIONS)
def new(request):
    channels = services.consultation_channels(request.organisation).order_by("name")
    form = NewConsultationForm(request.POST or None, channels=channels, initial={"kind": Kind.SURVEY})
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(
                request.organisation,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                channel=form.cleaned_data["channel"],
                by=request.membership,
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{isolate(consultation.title)} is saved as a draft. Fill in its details next."
            )
            return redirect("consultation:details", pk=consultation.pk)
    return render(
        request,
        "consultation/edit_new.html",
        {"form": form, "channels": channels},
        status=400 if form.errors else 200,
    )


def _page(request, consultation, *, blocking=None, status=200):
    questions = list(consultation.questions.prefetch_related("choices"))
    found = wording.consultation_warnings(consultation)
    by_question: dict[int, list] = {}
    for warning in found:
        if warning.question is not None:
            by_question.setdefault(warning.question.pk, []).append(warning)
    counts = {
        "responses": consultation.responses.count(),
        "posts": consultation.posts.count(),
    }
    return render(
        request,
        "consultation/consultation.html",
        {
            "consultation": consultation,
            "questions": [(q, by_question.get(q.pk, [])) for q in questions],
            "overall": [w for w in found if w.question is None],
            "blocking_count": sum(w.blocking for w in found),
            "advice_count": sum(not w.blocking for w in found),
            "blocking": blocking,
            "counts": counts,
            "share_url": share_url(request, consultation),
            "start_url": request.build_absolute_uri(optional_url("consultation_public:start") or "/c/"),
            "now": timezone.now(),
            "target_age": wording.target_age(consultation),
            "can_manage": request.membership.can(Capability.MANAGE_CONSULTATIONS),
            "results_url": optional_url("consultation:results", consultation.pk),
            "board_url": optional_url("consultation:board", consultation.pk),
            "complaints_url": optional_url("consultation:complaints"),
            # Board posts and held written answers are items of the consultation's channel in the inbox.
            "inbox_url": f"{reverse('inbox:index')}?channel={consultation.channel_id}"
            if request.membership.can(Capability.VIEW_INBOX)
            else None,
        },
        status=status,
    )


@member_required(Capability.VIEW_CONSULTATIONS)
def consultation(request, pk):
    return _page(request, _consultation(request, pk))


@member_required(Capability.MANAGE_CONSULTATIONS)
def details(request, pk):
    consultation = _consultation(request, pk)
    if consultation.state == State.CLOSED:
        messages.error(request, "A closed consultation cannot be changed.")
        return redirect("consultation:consultation", pk=consultation.pk)
    form = DetailsForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_details(consultation, form.values(), by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The details are saved.")
            return redirect("consultation:consultation", pk=consultation.pk)
    return render(
        request,
        "consultation/edit_details.html",
        {"form": form, "consultation": consultation},
        status=400 if form.errors else 200,
    )


def _question_page(request, consultation, question, form, *, checked=None, status=200):
    if checked is None:
        checked = (
            _typed_warnings(consultation, form) if form.is_bound else _saved_warnings(consultation, question)
        )
    return render(
        request,
        "consultation/question.html",
        {
            "form": form,
            "consultation": consultation,
            "question": question,
            "warnings": checked,
            "target_age": wording.target_age(consultation),
        },
        status=status,
    )


def _typed_warnings(consultation, form) -> list:
    typed = form.typed()
    if not typed["text"].strip():
        return []
    return wording.question_warnings(
        typed["text"],
        kind=typed["kind"],
        choices=typed["choices"],
        hint=typed["hint"],
        scale_low=typed["scale_low"],
        scale_high=typed["scale_high"],
        target=wording.target_age(consultation),
    )


def _saved_warnings(consultation, question) -> list:
    if question is None:
        return []
    return wording.question_warnings(
        question.text,
        kind=question.kind,
        choices=[c.text for c in question.choices.all()],
        hint=question.hint,
        scale_low=question.scale_low,
        scale_high=question.scale_high,
        target=wording.target_age(consultation),
    )


def _draft_or_back(request, consultation):
    if consultation.state != State.DRAFT:
        messages.error(
            request,
            "The questions cannot change once the consultation is published: young people are answering them.",
        )
        return redirect("consultation:consultation", pk=consultation.pk)
    return None


@member_required(Capability.MANAGE_CONSULTATIONS)
def question_form(request, pk, question_pk=None):
    """Add a question (question_pk None) or change one. "Check wording" (name=check) shows the warnings for
    what was typed without saving."""
    consultation = _consultation(request, pk)
    question = _question(request, consultation, question_pk) if question_pk else None
    if back := _draft_or_back(request, consultation):
        return back
    if consultation.kind == Kind.BOARD:
        messages.error(
            request, "A discussion board has no questions: its introduction says what to post about."
        )
        return redirect("consultation:consultation", pk=consultation.pk)
    form = QuestionForm(request.POST or None, consultation=consultation, question=question)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        values, choices = form.values()
        try:
            if question is None:
                saved = services.add_question(consultation, values, choices, by=request.membership)
            else:
                saved = services.edit_question(question, values, choices, by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            found = _saved_warnings(consultation, saved)
            must = sum(w.blocking for w in found)
            note = (
                f" It has {must} thing{'s' if must != 1 else ''} to put right before publishing."
                if must
                else ""
            )
            messages.success(request, f"Question {saved.position} is saved.{note}")
            return redirect(
                f"{reverse('consultation:consultation', args=[consultation.pk])}#question-{saved.pk}"
            )
    if request.method == "POST" and "check" in request.POST:
        form.is_valid()
        form.errors.clear()  # checking the wording never complains about what is not written yet
        return _question_page(request, consultation, question, form)
    return _question_page(request, consultation, question, form, status=400 if form.errors else 200)


@require_POST
@member_required(Capability.MANAGE_CONSULTATIONS)
def check(request, pk):
    """The warnings for the question form as typed, never saved: htmx swaps them in. Without htmx, the
    whole question page comes back, as "Check wording" gives it."""
    consultation = _consultation(request, pk)
    question = None
    if question_pk := request.POST.get("question", ""):
        if not question_pk.isdigit():
            raise Http404("No such question")
        question = _question(request, consultation, int(question_pk))
    form = QuestionForm(request.POST, consultation=consultation, question=question)
    checked = _typed_warnings(consultation, form)
    if not request.headers.get("HX-Request"):
        form.is_valid()
        form.errors.clear()
        return _question_page(request, consultation, question, form, checked=checked)
    response = render(
        request,
        "consultation/question_warnings.html",
        {"warnings": checked, "partial": True, "typed": bool(form.typed()["text"].strip())},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@member_required(Capability.MANAGE_CONSULTATIONS)
def move_question(request, pk, question_pk):
    consultation = _consultation(request, pk)
    question = _question(request, consultation, question_pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        moved = services.move_question(question, step, by=request.membership)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("consultation:consultation", pk=consultation.pk)
    messages.success(request, f"{isolate(moved.text)} is now question {moved.position}.")
    return redirect(f"{reverse('consultation:consultation', args=[consultation.pk])}#question-{moved.pk}")


@member_required(Capability.MANAGE_CONSULTATIONS)
def remove_question(request, pk, question_pk):
    consultation = _consultation(request, pk)
    question = _question(request, consultation, question_pk)
    if back := _draft_or_back(request, consultation):
        return back
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        try:
            services.remove_question(question, by=request.membership)
        except NotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Question {question.position} is removed.")
        return redirect("consultation:consultation", pk=consultation.pk)
    return render(
        request,
        "consultation/question_remove.html",
        {"form": form, "consultation": consultation, "question": question},
    )


@require_POST
@member_required(Capability.MANAGE_CONSULTATIONS)
def publish(request, pk):
    consultation = _consultation(request, pk)
    try:
        consultation = services.publish(consultation, by=request.membership)
    except services.Blocked as exc:
        return _page(request, consultation, blocking=exc.warnings, status=400)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("consultation:consultation", pk=consultation.pk)
    messages.success(
        request,
        f"{isolate(consultation.title)} is published. Share the link or the code {consultation.code} with young people.",
    )
    return redirect("consultation:consultation", pk=consultation.pk)


@member_required(Capability.MANAGE_CONSULTATIONS)
def close(request, pk):
    consultation = _consultation(request, pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        try:
            services.close(consultation, by=request.membership)
        except NotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"{isolate(consultation.title)} is closed. It takes no more answers or posts."
            )
        return redirect("consultation:consultation", pk=consultation.pk)
    if consultation.state != State.OPEN:
        return redirect("consultation:consultation", pk=consultation.pk)
    return render(request, "consultation/edit_close.html", {"form": form, "consultation": consultation})


@member_required(Capability.VIEW_CONSULTATIONS)
def qr_code(request, pk):
    """The share link as a QR code (SVG), for posters and slides."""
    import qrcode
    import qrcode.image.svg

    consultation = _consultation(request, pk)
    image = qrcode.make(
        share_url(request, consultation), image_factory=qrcode.image.svg.SvgPathImage, box_size=10
    )
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="consultation-{consultation.code}.svg"'
    return response
