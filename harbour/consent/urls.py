from django.urls import path

from harbour.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.index, name="index"),
]
