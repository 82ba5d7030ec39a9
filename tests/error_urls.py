"""Harbour's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from harbour.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("SELECT secret FROM settings WHERE SECRET_KEY")


def refuse(request, kind):
    messages = {
        "sentence": "You need up-to-date safeguarding training to do this.",
        "markup": "<script>alert(1)</script>",
        "internal": "has_perm(channels.change_channel) failed for user 7",
    }
    raise PermissionDenied(messages[kind])


def suspicious(request):
    raise SuspiciousOperation("Invalid HTTP_HOST header from 10.0.0.1")


urlpatterns = [
    *urlpatterns,
    path("test-errors/boom/", boom),
    path("test-errors/refuse/<str:kind>/", refuse),
    path("test-errors/suspicious/", suspicious),
]
