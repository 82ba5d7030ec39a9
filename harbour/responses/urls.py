from django.urls import path

from . import views

app_name = "responses"
urlpatterns = [
    path("", views.index, name="index"),
]
