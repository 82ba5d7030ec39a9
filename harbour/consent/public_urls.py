"""The consent request link's page, under /p/consent/ (the two-factor middleware lets /p/ through). The
token in the link is the only key; the database keeps its SHA-256 (harbour/consent/requests.py)."""

from django.urls import path

from harbour.consent import public_views

app_name = "consent_public"
urlpatterns = [
    path("<str:token>/", public_views.answer, name="answer"),
]
