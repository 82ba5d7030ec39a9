from django.urls import path

from . import views

app_name = "hooks"
urlpatterns = [
    path("<uuid:channel_uuid>/", views.receive, name="receive"),
]
