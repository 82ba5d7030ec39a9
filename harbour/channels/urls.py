from django.urls import path

from . import oauth_views, readiness_views, views

app_name = "channels"
urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/activate/", views.activate, name="activate"),
    path("<int:pk>/retire/", views.retire, name="retire"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/credentials/", views.credentials, name="credentials"),
    path("<int:pk>/credentials/<str:kind>/", views.set_credential, name="set_credential"),
    path("<int:pk>/privacy/", views.privacy_reviews, name="privacy_reviews"),
    path("<int:pk>/privacy/<int:review_pk>/", views.privacy_review, name="privacy_review"),
    path("<int:pk>/disclaimer/", views.edit_disclaimer, name="disclaimer"),
    path("<int:pk>/readiness/", readiness_views.checklist, name="readiness"),
    path("<int:pk>/readiness/<slug:key>/", readiness_views.confirm, name="readiness_confirm"),
    path("<int:pk>/readiness/<slug:key>/withdraw/", readiness_views.withdraw, name="readiness_withdraw"),
    path("<int:pk>/connect/", oauth_views.meta_connect, name="meta_connect"),
    path("<int:pk>/connect/start/", oauth_views.meta_start, name="meta_start"),
    path("<int:pk>/connect/pick/", oauth_views.meta_pick, name="meta_pick"),
    path("meta/callback/", oauth_views.meta_callback, name="meta_callback"),
]
