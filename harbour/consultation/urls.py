"""Staff pages for consultations, under /consultations/ (the builder, boards, complaints and results)."""

from django.urls import include, path

app_name = "consultation"
urlpatterns = [
    path("", include("harbour.consultation.complaint_urls")),  # the complaints queue (boards)
    path("", include("harbour.consultation.results_urls")),  # results, CSV, PDF, you said we did (results)
]
