from django.urls import include, path

from harbour.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.index, name="index"),
    path("media/", include("harbour.consent.media_urls")),
    path("takedowns/", include("harbour.consent.takedown_urls")),
]
