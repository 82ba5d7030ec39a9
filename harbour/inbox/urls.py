from django.urls import path

from . import pages

app_name = "inbox"
urlpatterns = [
    path("", pages.index, name="index"),
    path("<int:pk>/", pages.item, name="item"),
    path("import/<int:pk>/", pages.import_items, name="import_items"),  # pk: the file import channel
]
