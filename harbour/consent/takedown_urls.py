"""The takedowns' pages (part C of issue 21), under /consent/takedowns/."""

from django.urls import path

from harbour.consent import takedown_views

urlpatterns = [
    path("", takedown_views.takedown_list, name="takedowns"),
    path("<int:pk>/", takedown_views.takedown, name="takedown"),
    path("<int:pk>/confirm/", takedown_views.confirm, name="takedown_confirm"),
    path("<int:pk>/try-again/", takedown_views.try_again, name="takedown_try_again"),
]
