"""The page a consent request's link opens: no account, the public layout of the /p/ pages, plain words,
and no JavaScript needed. A parent or carer (or the young person) answers yes or no for each use and types
their name as a signature; the same link afterwards shows what was answered and lets them withdraw.

An unknown link is a 404 page, an expired or cancelled one a 410 page. Answers and withdrawals are rate
limited per address (HARBOUR_RATE_CONSENT_LINK_PER_IP) and need the CSRF token like every form.
"""

import math

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from harbour.accounts import services as accounts
from harbour.accounts.access import NotAllowed
from harbour.consent import requests
from harbour.consent.forms import AnswerForm, PublicWithdrawForm
from harbour.consent.models import Decision, RequestState, Use
from harbour.consent.rules import never_published
from harbour.lib import net, ratelimit
from harbour.lib.bidi import isolate

QUESTIONS = {  # (about someone else, about themselves): plain words for a reading age of 9 to 11
    Use.PHOTO: ("Can we share photos of {name}?", "Can we share photos of you?"),
    Use.VIDEO: ("Can we share videos of {name}?", "Can we share videos of you?"),
    Use.FIRST_NAME: ("Can we use {name}'s first name?", "Can we use your first name?"),
    Use.FULL_NAME: (
        "Can we use {name}'s full name (first name and last name)?",
        "Can we use your full name?",
    ),
    Use.QUOTE: (
        "Can we share things {name} has said or written?",
        "Can we share things you have said or written?",
    ),
}
SHORT = {  # what was answered, for the page after
    Use.PHOTO: "Photos",
    Use.VIDEO: "Videos",
    Use.FIRST_NAME: "First name",
    Use.FULL_NAME: "Full name",
    Use.QUOTE: "Things said or written",
}


def question(request, use: str) -> str:
    about_self = request.sent_to_id == request.person_id
    words = QUESTIONS[use][1 if about_self else 0]
    return words.format(name=isolate(request.person.first_name))


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    # The address is a capability link (docs/security.md L2): never sent to another site. Not "no-referrer",
    # with which Chromium posts the page's own form with `Origin: null`, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _limited(request):
    """None when allowed; otherwise the 429 page (audited once per window)."""
    refusal = ratelimit.hit("consent_link_ip", net.client_ip(request) or "unknown")
    if refusal is None:
        return None
    if refusal.first:
        accounts.rate_limited(request, refusal.limit)
    response = _page(
        request, "consent/public_limited.html", {"retry_at": timezone.localtime(refusal.retry_at)}, 429
    )
    response["Retry-After"] = str(max(1, math.ceil((refusal.retry_at - timezone.now()).total_seconds())))
    return response


def answer(request, token):
    consent_request = requests.find_request(token)
    if consent_request is None:
        return _page(request, "consent/public_gone.html", {"unknown": True}, 404)
    if consent_request.state == RequestState.ANSWERED:
        return _answered(request, consent_request)
    if not requests.is_open(consent_request) or never_published([consent_request.person_id]):
        # A person flagged do not publish since: the link stops, and says no more than a cancelled one.
        return _page(
            request,
            "consent/public_gone.html",
            {"consent_request": consent_request, "stopped": requests.is_open(consent_request)},
            410,
        )
    questions = [(use, question(consent_request, use)) for use in consent_request.uses]
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST":
        if limited := _limited(request):
            return limited
        if form.is_valid():
            try:
                requests.answer(
                    consent_request, decisions=form.decisions(), signed_name=form.cleaned_data["signed_name"]
                )
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Thank you. Your answer is sent.")
                return redirect("consent_public:answer", token=token)
    context = {
        "consent_request": consent_request,
        "form": form,
        "about_self": consent_request.sent_to_id == consent_request.person_id,
        "channels": requests.channel_names(consent_request),
    }
    return _page(request, "consent/public_answer.html", context, 400 if form.errors else 200)


def _answered(request, consent_request):
    """What was answered, and a way to withdraw each consent it gave that is still in force."""
    withdrawable = {consent.pk: consent for consent in requests.withdrawable(consent_request)}
    form = PublicWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if limited := _limited(request):
            return limited
        chosen = request.POST.get("consent", "")
        consent = withdrawable.get(int(chosen)) if chosen.isdigit() else None
        if consent is None:
            form.add_error(None, "That consent has already been withdrawn or has ended.")
        elif form.is_valid():
            try:
                requests.withdraw(consent_request, consent, note=form.cleaned_data["note"])
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"You have withdrawn consent for: {SHORT[consent.use].lower()}.")
                return redirect(request.path)
    today = timezone.localdate()
    answers = [
        {
            "consent": consent,
            "what": SHORT[consent.use],
            "answer": "Yes" if consent.decision == Decision.GIVEN else "No",
            "withdrawn": consent.withdrawn_at is not None,
            "ended": consent.expires is not None and consent.expires < today,
            "can_withdraw": consent.pk in withdrawable,
        }
        for consent in requests.given_through(consent_request)
    ]
    context = {
        "consent_request": consent_request,
        "answers": answers,
        "form": form,
        "about_self": consent_request.sent_to_id == consent_request.person_id,
        "any_withdrawable": bool(withdrawable),
    }
    return _page(request, "consent/public_answered.html", context, 400 if form.errors else 200)
