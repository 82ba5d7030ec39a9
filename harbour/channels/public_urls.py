"""Pages anyone can open without signing in. They all live under /p/ (the two-factor middleware
lets /p/ through), carry unguessable slugs and load nothing from elsewhere."""

from django.urls import path

from . import views

app_name = "channels_public"
urlpatterns = [
    path("disclaimer/<str:slug>/", views.public_disclaimer, name="disclaimer"),
]
