from django.urls import path

from harbour.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.posts, name="posts"),
]
