"""The pages young people use to answer polls and surveys, under /c/: no account, plain words, no JavaScript
needed, and nothing kept but their answers (docs/consultations.md, Answering).

- /c/ asks for the code they were given; /c/<code>/ is the consultation (a board's page is "boards'":
  board_views.board), /c/<code>/thanks/ the thank-you page, /c/<code>/privacy/ its privacy notice;
  /c/help/ and /c/privacy/ are the help and privacy pages of the code page itself.
- A survey is on one page, each question a fieldset, then a check-your-answers page (what they chose
  travels in hidden fields, so nothing is kept on the server or in a session before they confirm).
- Every code looked up counts against HARBOUR_RATE_CONSULTATION_LOOKUPS_PER_IP, every answer sent against
  HARBOUR_RATE_CONSULTATION_ANSWERS_PER_IP; the first refusal in a window is audited.
- The only cookies: the participant token (tokens.py, set when the answer page is first shown) and
  Django's CSRF cookie. No session is started here.
"""

import math

from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from harbour.accounts import services as accounts
from harbour.consultation import answering, codes, tokens
from harbour.consultation.models import Consultation, Kind, LawfulBasis, QuestionKind, State
from harbour.consultation.public_forms import AnswerForm, CodeForm, field_name, rank_field_name
from harbour.consultation.public_pages import public_page
from harbour.lib import net, ratelimit

LOOKUP_LIMIT = "consultation_lookup_ip"
ANSWER_LIMIT = "consultation_answer_ip"
KIND_WORDS = {Kind.POLL: "poll", Kind.SURVEY: "survey", Kind.BOARD: "discussion board"}


def _limited(request, limit: str, consultation: Consultation | None = None, *, count: bool = True):
    """None when allowed; otherwise the "too many tries" page (429), audited once per window. `count`:
    count this attempt (hit); otherwise only check that the limit is not used up already (over)."""
    who = net.client_ip(request) or "unknown"
    if not count and ratelimit.over(limit, who) is None:
        return None
    refusal = ratelimit.hit(limit, who)  # a refused try counts too, so the first refusal is audited once
    if refusal is None:
        return None
    if refusal.first:
        accounts.rate_limited(request, refusal.limit)
    context = {
        "consultation": consultation,
        "retry_at": timezone.localtime(refusal.retry_at),
        "answering": limit == ANSWER_LIMIT,
    }
    response = public_page(request, "consultation/public_limited.html", context, 429)
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response


def find(request, code: str, *, limit: str = LOOKUP_LIMIT):
    """(consultation, None) for a published consultation's code, or (None, the page to answer with): too
    many tries, or "we could not find that code" (a draft's code too: it is not published). An answer
    counts against ANSWER_LIMIT alone (lower than the lookups'), so a POST to a guessed code is limited too.
    A lookup counts only when the code is wrong: guessing is what the limit stops, and a right code then
    costs a read, not a write, so a room of young people opening one poll do not queue for the database."""
    lookup = limit == LOOKUP_LIMIT
    if limited := _limited(request, limit, count=not lookup):
        return None, limited
    try:  # code is unique: get(), with no ordering to compile; the channel is read only where needed
        consultation = (
            Consultation.objects.select_related("organisation")
            .exclude(state=State.DRAFT)
            .get(code=codes.normalise(code))
        )
    except Consultation.DoesNotExist:
        if lookup and (limited := _limited(request, limit)):
            return None, limited
        return None, public_page(request, "consultation/public_unknown.html", {"code": code}, 404)
    return consultation, None


@require_GET
def start(request):
    """/c/: type the code. A GET form, so a mistyped code is a plain page with the error, and a code in
    the address (/c/?code=K7M2QX, from a QR code) works the same."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        consultation, refused = find(request, form.cleaned_data["code"])
        if refused is not None and refused.status_code == 429:
            return refused
        if consultation is not None:
            return redirect("consultation_public:consultation", code=consultation.code)
        form.add_error(
            "code", "We could not find that code. Check it against the one you were given and try again"
        )
    return public_page(request, "consultation/public_start.html", {"form": form}, 400 if form.errors else 200)


@require_GET
def help_page(request):
    consultation = _optional(request)
    return public_page(request, "consultation/public_help.html", {"consultation": consultation})


@require_GET
def privacy_general(request):
    return public_page(request, "consultation/public_privacy_general.html")


def _optional(request) -> Consultation | None:
    """The consultation whose code a help link carries (?code=), when it is a real one; no lookup is
    counted for a code that is not even well formed."""
    code = codes.normalise(request.GET.get("code", ""))
    if not codes.is_code(code):
        return None
    consultation, _ = find(request, code)
    return consultation


@require_http_methods(["GET", "POST"])
def consultation(request, code):
    """A poll or survey to answer (or the page saying why not); a board's page is boards'."""
    if code != codes.normalise(code):
        return redirect("consultation_public:consultation", code=codes.normalise(code))
    limit = ANSWER_LIMIT if request.method == "POST" else LOOKUP_LIMIT
    found, refused = find(request, code, limit=limit)
    if refused is not None:
        return refused
    if found.kind == Kind.BOARD:
        return _board(request, found)
    token, new = tokens.participant_token(request)
    if not new and answering.answered(found, token):
        return public_page(request, "consultation/public_answered.html", _after(found))
    if not found.is_open:
        return _not_open(request, found)
    questions = answering.questions_of(found)
    if request.method == "GET":
        form = AnswerForm(consultation=found, questions=questions)
        return _answer_page(request, found, form, token, new)
    form = AnswerForm(request.POST, consultation=found, questions=questions)
    if "change" in request.POST:
        return _answer_page(request, found, form, token, new)
    valid = form.is_valid()
    try:  # even when the form found a problem, so that every problem is listed at once
        checked = answering.check_answers(
            found, form.answers(), age_band=form.age_band(), questions=questions
        )
    except answering.InvalidAnswers as invalid:
        form.show_errors(invalid.errors)
        return _answer_page(request, found, form, token, new)
    if not valid:
        return _answer_page(request, found, form, token, new)
    if found.kind == Kind.SURVEY and "confirm" not in request.POST:
        return _check_page(request, found, form, checked, token, new)
    try:
        answering.submit_response(
            found, token=token, age_band=form.age_band(), answers=form.answers(), questions=questions
        )
    except answering.AlreadyAnswered:
        response = public_page(request, "consultation/public_answered.html", _after(found))
    except answering.NotOpen:
        response = _not_open(request, found)
    except answering.InvalidAnswers as invalid:  # changed between the check page and now (a closed question)
        form.show_errors(invalid.errors)
        return _answer_page(request, found, form, token, new)
    else:
        response = redirect("consultation_public:thanks", code=found.code)
    if new:
        tokens.remember(response, token)
    return response


@require_GET
def thanks(request, code):
    found, refused = find(request, code)
    if refused is not None:
        return refused
    if found.kind == Kind.BOARD or not answering.answered(found, tokens.token_of(request)):
        return redirect("consultation_public:consultation", code=found.code)
    return public_page(request, "consultation/public_thanks.html", _after(found))


@require_GET
def privacy(request, code):
    found, refused = find(request, code)
    if refused is not None:
        return refused
    contact = [v for v in (found.channel.contact_email, found.channel.contact_phone) if v]
    context = {
        "consultation": found,
        "kind_words": KIND_WORDS[found.kind],
        "basis": BASIS_WORDS[found.lawful_basis],
        "contact": contact,
        "has_written": found.kind == Kind.BOARD
        or found.questions.filter(kind=QuestionKind.FREE_TEXT).exists(),
    }
    return public_page(request, "consultation/public_privacy.html", context)


# The lawful basis in words a 12-year-old can read (UK GDPR Article 6; consent is not the default).
BASIS_WORDS = {
    LawfulBasis.PUBLIC_TASK: "Listening to young people is part of the work we do for the public. The law calls "
    "this a public task.",
    LawfulBasis.LEGITIMATE_INTERESTS: "Hearing from young people helps us run our work well. We have checked "
    "that this is fair to you. The law calls this legitimate interests.",
    LawfulBasis.CONSENT: "You choose if you want to answer. The law calls this consent. You can change your "
    "mind and ask us to delete your answers.",
}


def _board(request, found):
    try:
        from harbour.consultation import board_views  # "boards'" page for a discussion board
    except ImportError:
        board_views = None
    if board_views is None or not hasattr(board_views, "board"):
        raise Http404("This board is not ready yet.")
    return board_views.board(request, found)


def feedback_url(found: Consultation) -> str:
    """Where "you said, we did" is shown, once published (results' page); "" before."""
    if not found.feedback_published_at:
        return ""
    try:
        return reverse("consultation_public:feedback", kwargs={"code": found.code})
    except NoReverseMatch:
        return ""


def _after(found: Consultation) -> dict:
    return {"consultation": found, "kind_words": KIND_WORDS[found.kind], "feedback_url": feedback_url(found)}


def _not_open(request, found):
    """Closed, or not open yet (published with an opening time still to come)."""
    now = timezone.now()
    waiting = found.state == State.OPEN and found.opens_at is not None and now < found.opens_at
    template = "consultation/public_not_open.html" if waiting else "consultation/public_closed.html"
    return public_page(request, template, _after(found))


def _blocks(form: AnswerForm) -> list[dict]:
    """The form's questions in order, each with its field (or its ranking selects) for the template."""
    blocks = []
    for number, question in enumerate(form.questions, start=1):
        block = {"question": question, "number": number, "anchor": f"question-{question.pk}"}
        if question.kind == QuestionKind.RANKING:
            block["ranking"] = form.ranking_fields(question)
        else:
            block["field"] = form[field_name(question)]
        blocks.append(block)
    return blocks


def _answer_page(request, found, form, token, new):
    context = {
        **_after(found),
        "form": form,
        "blocks": _blocks(form),
        "age_band": form["age_band"] if "age_band" in form.fields else None,
    }
    response = public_page(request, "consultation/public_answer.html", context, 400 if form.errors else 200)
    if new:
        tokens.remember(response, token)
    return response


def _check_page(request, found, form, checked, token, new):
    """Check your answers: each question with what they chose, and a Change button that takes the answers
    back to the form at that question; the answers travel as hidden fields."""
    answered = {question.pk: (rows, text) for question, rows, text in checked}
    summary = []
    for number, question in enumerate(form.questions, start=1):
        rows, text = answered.get(question.pk, ([], None))
        summary.append(
            {
                "question": question,
                "number": number,
                "words": _words(question, rows, text),
                "anchor": f"question-{question.pk}",
            }
        )
    names = (
        ["age_band"]
        + [field_name(q) for q in form.questions]
        + [
            rank_field_name(q, c)
            for q in form.questions
            if q.kind == QuestionKind.RANKING
            for c in q.choices.all()
        ]
    )
    carried = [(name, value) for name in names for value in request.POST.getlist(name)]
    age_band = dict(form.fields["age_band"].choices)[form.age_band()] if "age_band" in form.fields else None
    context = {**_after(found), "summary": summary, "carried": carried, "age_band_words": age_band}
    response = public_page(request, "consultation/public_check.html", context)
    if new:
        tokens.remember(response, token)
    return response


def _words(question, rows, text) -> list[str]:
    """What they answered, in words, for the check page ([] when they left it)."""
    if text is not None:
        return [text]
    choices = {choice.pk: choice.text for choice in question.choices.all()}
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [choices[choice] for choice, _ in rows]
    if question.kind == QuestionKind.RANKING:
        return [f"{place}. {choices[choice]}" for choice, place in rows]
    if question.kind == QuestionKind.SCALE:
        return [f"{value} out of {question.scale_points}" for _, value in rows]
    if question.kind == QuestionKind.STATEMENT:
        return [answering.STATEMENT_VALUES[value] for _, value in rows]
    return []
