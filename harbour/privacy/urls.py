from django.urls import path

from harbour.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("retention/", views.rules, name="rules"),
    path("retention/change/", views.rule, name="rule"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/", views.review_item, name="review_item"),
    path("access/new/", views.access_new, name="access_new"),
    path("access/<int:pk>/", views.access, name="access"),
    path("access/<int:pk>/download/<slug:kind>/", views.access_download, name="access_download"),
    path("safeguarding-reviews/", views.lead_reviews, name="lead_reviews"),
    path("safeguarding-reviews/<int:pk>/", views.lead_review, name="lead_review"),
    path("erasure/new/", views.erasure_new, name="erasure_new"),
    path("erasure/<int:pk>/", views.erasure, name="erasure"),
]
