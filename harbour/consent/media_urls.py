"""The media library's pages, under /consent/media/ in the consent namespace (part B of issue 21)."""

from django.urls import path

from harbour.consent import media_views

urlpatterns = [
    path("", media_views.library, name="media"),
    path("add/", media_views.add, name="media_add"),
    path("<int:pk>/", media_views.asset_page, name="media_asset"),
    path("<int:pk>/change/", media_views.change, name="media_change"),
    path("<int:pk>/tag/", media_views.tag, name="media_tag"),
    path("<int:pk>/untag/", media_views.untag, name="media_untag"),
    path("<int:pk>/archive/", media_views.archive, name="media_archive"),
    path("<int:pk>/file/", media_views.file, name="media_file"),
    path("<int:pk>/permission/", media_views.permission_file, name="media_permission"),
]
