"""The complaints queue (complaint_views.py), included from urls.py in the "consultation" namespace."""

from django.urls import path

from harbour.consultation import complaint_views

urlpatterns = [
    path("complaints/", complaint_views.queue, name="complaints"),
    path("complaints/<int:pk>/", complaint_views.complaint, name="complaint"),
]
