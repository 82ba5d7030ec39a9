"""A post's media at a signed public address while it is being posted, under /p/media/ (the two-factor
middleware lets /p/ through): for the platforms that fetch media from an address (public_media.py)."""

from django.urls import path

from harbour.publishing import public_views

app_name = "publishing_public"
urlpatterns = [
    path("<str:token>/", public_views.media, name="media"),
]
