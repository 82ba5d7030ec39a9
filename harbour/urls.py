from django.urls import include, path

urlpatterns = [
    path("", include("harbour.console.urls")),
    path("accounts/", include("harbour.accounts.urls")),
    path("audit/", include("harbour.audit.urls")),
    path("channels/", include("harbour.channels.urls")),
    path("p/", include("harbour.channels.public_urls")),
    path("p/consent/", include("harbour.consent.public_urls")),
    path("p/media/", include("harbour.publishing.public_urls")),
    path("inbox/", include("harbour.inbox.urls")),
    path("responses/", include("harbour.responses.urls")),
    path("moderation/", include("harbour.moderation.urls")),
    path("hooks/", include("harbour.inbox.hook_urls")),
    path("rota/", include("harbour.rota.urls")),
    path("replies/", include("harbour.replies.urls")),
    path("safeguarding/", include("harbour.safeguarding.urls")),
    path("publishing/", include("harbour.publishing.urls")),
    path("consent/", include("harbour.consent.urls")),
    path("consultations/", include("harbour.consultation.urls")),
    path("c/", include("harbour.consultation.public_urls")),
    path("privacy/", include("harbour.privacy.urls")),
    path("dashboard/", include("harbour.dashboard.urls")),
    path("planning/", include("harbour.planning.urls")),
]

handler400 = "harbour.console.errors.bad_request"
handler403 = "harbour.console.errors.permission_denied"
handler404 = "harbour.console.errors.page_not_found"
handler500 = "harbour.console.errors.server_error"
