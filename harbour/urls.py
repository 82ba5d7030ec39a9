from django.urls import include, path

urlpatterns = [
    path("", include("harbour.console.urls")),
    path("accounts/", include("harbour.accounts.urls")),
]
