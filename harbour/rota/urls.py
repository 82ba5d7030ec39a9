from django.urls import path

from . import views

app_name = "rota"
urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.today, name="today"),
    path("channels/<int:pk>/", views.channel, name="channel"),
    path("channels/<int:pk>/shifts/", views.add_shift, name="add_shift"),
    path("channels/<int:pk>/sign-off-time/", views.sign_off_time, name="sign_off_time"),
    path("channels/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("shifts/<int:pk>/remove/", views.remove_shift, name="remove_shift"),
]
