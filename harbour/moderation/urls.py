from django.urls import path

from harbour.moderation import views

app_name = "moderation"

urlpatterns = [
    path("items/<int:pk>/act/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("actions/<int:pk>/undo/", views.undo, name="undo"),
]
