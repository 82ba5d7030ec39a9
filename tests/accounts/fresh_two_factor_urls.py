"""A URLconf for the tests of @recent_two_factor (tests/accounts/test_recent_two_factor.py and
tests/e2e/test_confirm_two_factor.py): Harbour's own URLs, and one page that needs a fresh check."""

from django.http import HttpResponse
from django.urls import include, path

from harbour.accounts.access import member_required, recent_two_factor
from harbour.accounts.capabilities import Capability

PAGE = "/fresh-only/"


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def fresh_only(request):
    if request.method == "POST":
        return HttpResponse("Saved what you typed")
    return HttpResponse(
        '<!doctype html><html lang="en"><title>Fresh only</title><main><h1>A page that needs a fresh check</h1></main>'
    )


urlpatterns = [
    path("fresh-only/", fresh_only, name="fresh_only"),
    path("", include("harbour.urls")),
]
