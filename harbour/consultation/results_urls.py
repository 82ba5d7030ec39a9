"""Results pages for staff, under /consultations/ (included from urls.py)."""

from django.urls import path

from harbour.consultation import results_views

urlpatterns = [
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results/results.csv", results_views.export_csv, name="results_csv"),
    path("<int:pk>/results/report.pdf", results_views.export_pdf, name="results_pdf"),
    path("<int:pk>/you-said-we-did/", results_views.feedback_edit, name="feedback"),
]
