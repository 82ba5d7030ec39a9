from django.urls import include, path

urlpatterns = [
    path("", include("harbour.console.urls")),
    path("accounts/", include("harbour.accounts.urls")),
    path("channels/", include("harbour.channels.urls")),
    path("p/", include("harbour.channels.public_urls")),
    path("hooks/", include("harbour.inbox.hook_urls")),
]
