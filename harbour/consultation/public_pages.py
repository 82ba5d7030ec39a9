"""How every page young people see under /c/ is drawn (answering, boards, "you said, we did"): one function, in
a module that imports no views, so each view module can use it without importing another."""

from django.shortcuts import render

from harbour.consultation import tokens


def public_page(request, template: str, context: dict | None = None, status: int = 200, *, new_token=None):
    """Render a /c/ page: never cached, the address not sent to other sites, and none of the staff banners
    (messages, password reminder) of a youth worker signed in on the same browser. `new_token`: a participant
    token just made for this visitor, set in their cookie (tokens.remember)."""
    context = {"messages": (), "password_reminder": False, **(context or {})}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # Not "no-referrer": with it Chromium posts the page's own form with `Origin: null` (consent's note).
    response["Referrer-Policy"] = "same-origin"
    if new_token:
        tokens.remember(response, new_token)
    return response
