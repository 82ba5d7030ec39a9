from django.urls import path

from . import pages

app_name = "inbox"
urlpatterns = [
    path("", pages.index, name="index"),
    path("<int:pk>/", pages.item, name="item"),
    path("<int:pk>/reviewed/", pages.mark_reviewed, name="mark_reviewed"),
]
