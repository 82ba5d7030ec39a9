from django.urls import path

from . import pages

app_name = "inbox"
urlpatterns = [
    path("", pages.index, name="index"),
    path("<int:pk>/", pages.item, name="item"),
    path("<int:pk>/reviewed/", pages.mark_reviewed, name="mark_reviewed"),
    path("import/<int:pk>/", pages.import_items, name="import_items"),  # pk: the file import channel
]
