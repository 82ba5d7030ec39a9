"""A discussion board's public pages and "Report a problem" (board_views.py), included from public_urls.py
in its namespace (consultation_public:post, :report, :appeal, :problem, :problem_sent). /c/<code>/ itself is
public_views.consultation, which hands a board to board_views.board."""

from django.urls import path

from harbour.consultation import board_views

urlpatterns = [
    path("<str:code>/post/", board_views.post, name="post"),
    path("<str:code>/report/<int:post>/", board_views.report, name="report"),
    path("<str:code>/appeal/<int:post>/", board_views.appeal, name="appeal"),
    path("<str:code>/problem/", board_views.problem, name="problem"),
    path("<str:code>/problem/sent/", board_views.problem_sent, name="problem_sent"),
]
