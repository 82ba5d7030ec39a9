"""A discussion board's public pages, under /c/<code>/, with no account (boards.py, complaints.py).

- /c/<code>/ (public_views.consultation hands a board to `board`): the introduction and house rules, the
  person's own posts that wait for a moderator (by their token) with why, what happened to their reports,
  the form to post, and the posts on the board, newest first, 20 a page: each with a pseudonym, a relative
  time and a Report button. Nothing identifying is shown, and nothing of anyone else's that is held.
- /c/<code>/post/ (POST): a post; /c/<code>/report/<post>/: report a post; /c/<code>/appeal/<post>/: ask for
  another look at their own held post; /c/<code>/problem/?page=...: "Report a problem" from any /c/ page of
  the consultation (any kind, not only boards).

Posts, reports, appeals and problems are rate limited per address and per person (settings
HARBOUR_RATE_LIMITS consultation_post_* and consultation_report_*): the "too many tries" page, 429.
"""

import math

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from harbour.accounts import services as accounts
from harbour.consultation import boards, codes, complaints, tokens
from harbour.consultation.models import (
    BoardPolicy,
    BoardPost,
    ComplaintKind,
    Consultation,
    Kind,
    State,
)
from harbour.consultation.public_forms import AppealForm, PostForm, ProblemForm, ReportForm
from harbour.consultation.public_pages import public_page
from harbour.lib import net

# Helpers


def _found(code: str) -> Consultation:
    """The published consultation with this code, or 404 (drafts are not public)."""
    consultation = (
        Consultation.objects.select_related("organisation", "channel")
        .filter(code=codes.normalise(code))
        .exclude(state=State.DRAFT)
        .first()
    )
    if consultation is None:
        raise Http404("We could not find that code.")
    return consultation


def _board(code: str) -> Consultation:
    consultation = _found(code)
    if consultation.kind != Kind.BOARD:
        raise Http404("This is not a discussion board.")
    return consultation


def _limited(request, consultation: Consultation, name: str, token: str):
    """None when allowed; otherwise the "too many tries" page (429), audited once per window."""
    refusal = boards.rate_refusal(
        name, address=net.client_ip(request), token_hash=tokens.token_hash(consultation, token)
    )
    if refusal is None:
        return None
    if refusal.first:
        accounts.rate_limited(request, refusal.limit)
    context = {
        "consultation": consultation,
        "retry_at": timezone.localtime(refusal.retry_at),
        "answering": False,
    }
    response = public_page(request, "consultation/board_limited.html", context, 429)
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response


def ago(when, now=None) -> str:
    """A relative time in plain words: "just now", "5 minutes ago", "3 days ago", then the date."""
    seconds = max(0, int(((now or timezone.now()) - when).total_seconds()))
    for size, unit in ((86_400 * 7, None), (86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            if unit is None:
                return f"on {timezone.localtime(when):%-d %B %Y}"
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def _shown(post: BoardPost, now) -> BoardPost:
    post.name = tokens.pseudonym(post.consultation, post.poster_hash).name
    post.ago = ago(post.created_at, now)
    return post


def _board_context(request, consultation: Consultation, token: str | None, form: PostForm) -> dict:
    now = timezone.now()
    paginator = Paginator(boards.visible_posts(consultation).select_related("consultation"), boards.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    held = [_shown(post, now) for post in boards.held_posts_of(consultation, token)]
    theirs = complaints.outcomes_for(consultation, token)
    appealed = {c.post_id for c in theirs if c.kind == ComplaintKind.APPEAL}
    for post in held:
        post.can_appeal = post.pk not in appealed
    told = [
        {"complaint": c, "about": complaints.reason_label(c.kind, c.reason), "told": complaints.told(c)}
        for c in theirs
    ]
    posted = None
    if (number := request.GET.get("posted", "")).isdigit():
        posted = boards.own_post(consultation, token, int(number))
        if posted is not None:
            posted.on_board = boards.is_on_board(posted)
    return {
        "consultation": consultation,
        "form": form,
        "posts": [_shown(post, now) for post in page.object_list],
        "page": page,
        "held": held,
        "told": told,
        "posted": posted,
        "reported": request.GET.get("sent") in ("report", "appeal"),
        "sent": request.GET.get("sent", ""),
        "holds_all": consultation.board_policy == BoardPolicy.HOLD_ALL,
        "help": boards.HELP,
    }


# Pages


def board(request, consultation: Consultation):
    """/c/<code>/ for a board (called by public_views.consultation with the consultation it found)."""
    if request.method == "POST":  # the post form sends to /c/<code>/post/
        return redirect("consultation_public:consultation", code=consultation.code)
    token, new = tokens.participant_token(request)
    form = PostForm(consultation=consultation)
    context = _board_context(request, consultation, token, form)
    return public_page(request, "consultation/board_page.html", context, new_token=token if new else None)


@require_POST
def post(request, code):
    consultation = _board(code)
    token, new = tokens.participant_token(request)
    form = PostForm(request.POST, consultation=consultation)
    if limited := _limited(request, consultation, "post", token):
        return limited
    if form.is_valid():
        try:
            made = boards.post_to_board(
                consultation,
                token=token,
                text=form.cleaned_data["text"],
                age_band=form.cleaned_data.get("age_band", ""),
            )
        except boards.PostRefused as refused:
            form.add_error("text" if "post" in str(refused).lower() else None, str(refused))
        else:
            response = redirect(f"/c/{consultation.code}/?posted={made.pk}#your-post")
            if new:
                tokens.remember(response, token)
            return response
    context = _board_context(request, consultation, token, form)
    return public_page(
        request, "consultation/board_page.html", context, 400, new_token=token if new else None
    )


def _visible_post(consultation: Consultation, pk: int) -> BoardPost:
    found = boards.visible_posts(consultation).select_related("consultation").filter(pk=pk).first()
    if found is None:
        raise Http404("That post is not on the board.")
    return found


def _file(request, consultation, form, token, new, done: str, *, kind, post=None):
    """The POST of a report, an appeal or a problem: counted against the limits, then filed with the form's
    reason, words and page. The response to send (refused, or on to `done`), or None to show the form again
    with its errors."""
    if limited := _limited(request, consultation, "report", token):
        return limited
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        complaints.file_complaint(
            consultation.organisation,
            kind=kind,
            consultation=consultation,
            post=post,
            reason=data.get("reason", ""),
            text=data["text"],
            page=data.get("page", ""),
            token=token,
        )
    except complaints.ComplaintRefused as refused:
        form.add_error(None, str(refused))
        return None
    response = redirect(done)
    if new:
        tokens.remember(response, token)
    return response


@require_http_methods(["GET", "POST"])
def report(request, code, post):
    consultation = _board(code)
    reported = _shown(_visible_post(consultation, post), timezone.now())
    token, new = tokens.participant_token(request)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = f"/c/{consultation.code}/?sent=report#sent"
        if filed := _file(
            request, consultation, form, token, new, done, kind=ComplaintKind.REPORT, post=reported
        ):
            return filed
    context = {"consultation": consultation, "post": reported, "form": form, "help": boards.HELP}
    status = 400 if form.errors else 200
    return public_page(
        request, "consultation/board_report.html", context, status, new_token=token if new else None
    )


@require_http_methods(["GET", "POST"])
def appeal(request, code, post):
    consultation = _board(code)
    token = tokens.token_of(request)
    own = boards.own_post(consultation, token, post)
    if own is None or boards.is_on_board(own):
        # Not theirs (or their cookie is gone), or already on the board: said plainly, without saying which.
        return public_page(request, "consultation/board_not_yours.html", {"consultation": consultation}, 403)
    own = _shown(own, timezone.now())
    own.held_reason = boards.held_reason(own)
    form = AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = f"/c/{consultation.code}/?sent=appeal#sent"
        if filed := _file(
            request, consultation, form, token, False, done, kind=ComplaintKind.APPEAL, post=own
        ):
            return filed
    context = {"consultation": consultation, "post": own, "form": form}
    return public_page(request, "consultation/board_appeal.html", context, 400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def problem(request, code):
    """ "Report a problem" from any /c/ page of a consultation: `page` (?page=) says which one."""
    consultation = _found(code)
    token, new = tokens.participant_token(request)
    if request.method == "POST":
        form = ProblemForm(request.POST)
    else:
        form = ProblemForm(initial={"page": request.GET.get("page", "")[: complaints.PAGE_LENGTH]})
    if request.method == "POST":
        done = reverse("consultation_public:problem_sent", args=[consultation.code])
        if filed := _file(request, consultation, form, token, new, done, kind=ComplaintKind.PROBLEM):
            return filed
    page = str(form["page"].value() or "")
    context = {
        "consultation": consultation,
        "form": form,
        "back": page if page.startswith("/c/") else f"/c/{consultation.code}/",
        "help": boards.HELP,
    }
    status = 400 if form.errors else 200
    return public_page(
        request, "consultation/board_problem.html", context, status, new_token=token if new else None
    )


@require_http_methods(["GET"])
def problem_sent(request, code):
    consultation = _found(code)
    return public_page(
        request, "consultation/board_problem_sent.html", {"consultation": consultation, "help": boards.HELP}
    )
