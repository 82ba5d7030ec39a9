"""The pages young people use, under /c/: no account, no tracking (tokens.py). Boards' and results' public
pages are included below with one line each; /c/<code>/ itself is public_views.consultation for every kind
(it hands a board to board_views.board)."""

from django.urls import include, path

from harbour.consultation import public_views

app_name = "consultation_public"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("help/", public_views.help_page, name="help"),
    path("privacy/", public_views.privacy_general, name="privacy_general"),
    path("<str:code>/", public_views.consultation, name="consultation"),
    path("<str:code>/thanks/", public_views.thanks, name="thanks"),
    path("<str:code>/privacy/", public_views.privacy, name="privacy"),
    path("", include("harbour.consultation.board_urls")),  # boards: post, report, appeal, problem
    path("", include("harbour.consultation.feedback_urls")),  # "you said, we did" (results)
]
