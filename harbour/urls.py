from django.urls import include, path

urlpatterns = [
    path("", include("harbour.console.urls")),
]
