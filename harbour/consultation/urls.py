"""Staff pages for consultations, under /consultations/ (the builder, boards, complaints and results).
Boards', complaints' and results' staff pages are included below with one line each."""

from django.urls import include, path

from harbour.consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.consultation, name="consultation"),
    path("<int:pk>/details/", views.details, name="details"),
    path("<int:pk>/questions/new/", views.question_form, name="add_question"),
    path("<int:pk>/questions/check/", views.check, name="check"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_form, name="question"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.move_question, name="move_question"),
    path("<int:pk>/questions/<int:question_pk>/remove/", views.remove_question, name="remove_question"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("", include("harbour.consultation.complaint_urls")),  # the complaints queue (boards)
    path("", include("harbour.consultation.results_urls")),  # results, CSV, PDF, you said we did (results)
]
