from django.urls import path

from . import meta_hooks, views

app_name = "hooks"
urlpatterns = [
    path("<uuid:channel_uuid>/", views.receive, name="receive"),
    # One address per Meta app (Instagram and Pages; Threads), set in its dashboard: signed by Meta.
    path("meta/", meta_hooks.meta, name="meta"),
    path("threads/", meta_hooks.threads, name="threads"),
]
