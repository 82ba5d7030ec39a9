"""The young people's "you said, we did" page, under /c/ (included from public_urls.py)."""

from django.urls import path

from harbour.consultation import results_views

urlpatterns = [
    path("<str:code>/feedback/", results_views.public_feedback, name="feedback"),
]
