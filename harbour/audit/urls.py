from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
    path("check/", views.check_chain, name="check"),
    path("checkpoint.json", views.checkpoint, name="checkpoint"),
]
