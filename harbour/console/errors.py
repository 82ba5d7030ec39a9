"""Error pages: plain GOV.UK pages that never show a traceback, setting or version."""

import re

from django.conf import settings
from django.template import loader
from django.template.context_processors import csp
from django.views.decorators.csrf import requires_csrf_token

# A refusal's own message is shown when it is a plain sentence written for people, like the one
# member_required raises; anything else (markup, internals) gets the general wording.
PLAIN_SENTENCE = re.compile(r"[A-Z][^<>{}\[\]\n]{3,300}[.!?]")


@requires_csrf_token
def bad_request(request, exception=None):
    return _render(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    message = str(exception or "")
    reason = message if PLAIN_SENTENCE.fullmatch(message) else ""
    return _render(request, "errors/403.html", 403, {"reason": reason})


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request):
    # No context processors: the failure may be the database they would query.
    context = {"site_name": settings.SITE_NAME, **csp(request)}
    body = loader.get_template("errors/500.html").render(context)
    return _response(body, 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's reason is for developers, so it goes nowhere near the page. A young
    person's form on the consultation pages (/c/) gets their own page, which sends them nowhere near staff's."""
    public = request.path.startswith("/c/")
    return _render(request, "consultation/public_csrf.html" if public else "errors/csrf.html", 403)


def _render(request, template: str, status: int, context: dict | None = None):
    try:
        body = loader.render_to_string(template, context or {}, request)
    except Exception:  # noqa: BLE001 -- a broken context processor must not turn a 404 into a traceback
        return server_error(request)
    return _response(body, status)


def _response(body: str, status: int):
    from django.http import HttpResponse

    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
